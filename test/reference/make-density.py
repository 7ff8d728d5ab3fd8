"""Fixtures for the density layer (test/density/): Gaussian densities from scipy, d = 1, 2, 3.

Writes test/fixtures/density/gauss.json: per dimension, 25 points, a mean, a random symmetric
positive definite covariance, and scipy's logpdf and pdf at the points.
Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy), through run-all.sh.
"""
import json
import os

import numpy as np
from scipy.stats import multivariate_normal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "density")


def main():
    rng = np.random.RandomState(2024)
    cases = []
    for d in (1, 2, 3):
        B = rng.normal(size=(d, d))
        S = B @ B.T + 0.5 * np.identity(d)
        m = rng.normal(size=d)
        X = rng.normal(size=(25, d)) * 2
        cases.append({"X": X.tolist(), "mu": m.tolist(), "Sigma": S.tolist(),
                      "logpdf": multivariate_normal(m, S).logpdf(X).reshape(-1).tolist(),
                      "pdf": multivariate_normal(m, S).pdf(X).reshape(-1).tolist()})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "gauss.json"), "w") as f:
        json.dump(cases, f)
    print("densities", [len(c["X"][0]) for c in cases])


if __name__ == "__main__":
    main()
