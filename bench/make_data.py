"""Writes the benchmark's data and starts (bench/data/, not committed; `npm run bench` runs this).

points.f64: 1e6 × 2 float64, little-endian, row-major: a shuffled sample of five Gaussian
clusters, so that its first N rows are a sample of the same mixture for every N.
start.json: the start (pi, mu, Sigma) for k = 2 and k = 5, shared by every implementation.
"""
import json
import os

import numpy as np

N_MAX = 1_000_000
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data")


def main():
    rng = np.random.default_rng(4)
    weights = np.array([0.3, 0.25, 0.2, 0.15, 0.1])
    centres = np.array([[-4.0, 3.0], [0.0, 0.0], [4.0, 4.0], [5.0, -3.0], [-3.0, -4.0]])
    covs = np.array([
        [[1.0, 0.4], [0.4, 0.8]],
        [[0.7, 0.0], [0.0, 1.5]],
        [[1.2, -0.5], [-0.5, 0.9]],
        [[0.5, 0.1], [0.1, 0.5]],
        [[1.5, 0.6], [0.6, 1.0]],
    ])
    labels = rng.choice(5, size=N_MAX, p=weights)
    X = np.empty((N_MAX, 2))
    for j in range(5):
        rows = labels == j
        X[rows] = rng.multivariate_normal(centres[j], covs[j], size=int(rows.sum()))
    os.makedirs(OUT, exist_ok=True)
    X.astype("<f8").tofile(os.path.join(OUT, "points.f64"))
    # A deliberately imperfect start: means off the centres, unit covariances, equal weights.
    starts = {
        "2": {"pi": [0.5, 0.5], "mu": [[-2.0, 1.0], [2.0, -1.0]], "Sigma": [np.eye(2).tolist()] * 2},
        "5": {"pi": [0.2] * 5, "mu": (centres + np.array([0.8, -0.6])).tolist(), "Sigma": [np.eye(2).tolist()] * 5},
    }
    with open(os.path.join(OUT, "start.json"), "w") as f:
        json.dump(starts, f)


if __name__ == "__main__":
    main()
