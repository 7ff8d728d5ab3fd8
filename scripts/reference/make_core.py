"""Fixtures for the EM core (issue 2): the original's data, a correct numpy EM from the original's
start, scikit-learn's converged GaussianMixture from the same start, densities from scipy, and
more cases (k = 3 and 4, d = 3, outliers far from every start).

Run with Debian's /usr/bin/python3 (python3-numpy, python3-sklearn). Writes test/fixtures/core/*.json.
"""
import json
import os

import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.mixture import GaussianMixture

from original_notebook import generate_data

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "core")
os.makedirs(OUT, exist_ok=True)


def log_gauss(X, mu, Sigma):
    """log N(x | mu, Sigma) through the Cholesky factor."""
    d = X.shape[1]
    L = np.linalg.cholesky(Sigma)
    y = np.linalg.solve(L, (X - mu).T)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + np.sum(y * y, axis=0))


def log_joint(X, pi, mu, Sigma):
    return np.column_stack([np.log(pi[j]) + log_gauss(X, mu[j], Sigma[j]) for j in range(len(pi))])


def correct_em(X, pi, mu, Sigma, max_iter, keep=()):
    """EM done right, in log space: weights in the E-step, each mean over its own N_j."""
    n, d = X.shape
    pi, mu, Sigma = np.array(pi, float), np.array(mu, float), np.array(Sigma, float)
    coef = [dict(pi=pi.copy(), mu=mu.copy(), Sigma=Sigma.copy())]
    ll, rvals = [], {}
    for i in range(1, max_iter + 1):
        lj = log_joint(X, pi, mu, Sigma)
        lse = logsumexp(lj, axis=1)
        ll.append(float(np.sum(lse)))
        r = np.exp(lj - lse[:, None])
        if i in keep:
            rvals[i] = r.copy()
        nk = r.sum(axis=0)
        pi = nk / n
        mu = (r.T @ X) / nk[:, None]
        Sigma = np.array([((r[:, j] * (X - mu[j]).T) @ (X - mu[j])) / nk[j] for j in range(len(pi))])
        coef.append(dict(pi=pi.copy(), mu=mu.copy(), Sigma=Sigma.copy()))
    ll.append(float(np.sum(logsumexp(log_joint(X, pi, mu, Sigma), axis=1))))
    return coef, ll, rvals


def as_json(coef):
    return [{"pi": c["pi"].tolist(), "mu": c["mu"].tolist(), "Sigma": c["Sigma"].tolist()} for c in coef]


def sklearn_fit(X, pi, mu, Sigma):
    gm = GaussianMixture(
        n_components=len(pi), covariance_type="full", tol=1e-12, reg_covar=0, max_iter=20000,
        weights_init=np.array(pi, float), means_init=np.array(mu, float),
        precisions_init=np.array([np.linalg.inv(S) for S in Sigma]),
    ).fit(X)
    return {
        "weights": gm.weights_.tolist(), "means": gm.means_.tolist(), "covariances": gm.covariances_.tolist(),
        "nIter": int(gm.n_iter_), "converged": bool(gm.converged_),
        "logLikelihood": float(gm.score(X) * X.shape[0]),
    }


def case(name, X, pi, mu, Sigma, max_iter, keep=(), with_sklearn=True, note=""):
    coef, ll, rvals = correct_em(X, pi, mu, Sigma, max_iter, keep)
    out = {
        "note": note, "X": X.tolist(), "start": {"pi": list(map(float, pi)), "mu": np.array(mu, float).tolist(),
                                                 "Sigma": np.array(Sigma, float).tolist()},
        "maxIter": max_iter, "coef": as_json(coef), "logLikelihood": ll,
        "rvals": {str(i): r.tolist() for i, r in rvals.items()},
    }
    if with_sklearn:
        out["sklearn"] = sklearn_fit(X, pi, mu, Sigma)
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(out, f)
    print(name, X.shape, "k =", len(pi), "final ll", ll[-1], "sklearn n_iter", out.get("sklearn", {}).get("nIter"))


# The original notebook's run: its data (np.random.seed(42), variances 3 and 1) and its poor start.
X0 = generate_data(n_samples1=200, n_samples2=200, variance1=3, variance2=1)
start0 = dict(pi=[0.1, 0.9], mu=[[0.1, 0], [0, 0]], Sigma=[np.identity(2) * 0.1, np.identity(2) * 0.1])
case("original", X0, **start0, max_iter=100, keep=(1, 5, 10, 25, 40, 100),
     note="the original notebook's data and start")

rng = np.random.RandomState(2024)

# k = 3 in 2-D: three clusters, a poor start.
X3 = np.vstack([rng.multivariate_normal(m, c, size=s) for m, c, s in [
    ([0, 0], [[1, 0.5], [0.5, 1]], 120), ([5, 1], [[0.5, 0], [0, 2]], 90), ([1, 6], [[1.5, -0.7], [-0.7, 1]], 60)]])
case("k3", X3, pi=[0.2, 0.3, 0.5], mu=[[1, 1], [2, 2], [3, 3]],
     Sigma=[np.identity(2) * 2, np.identity(2), np.identity(2) * 0.5], max_iter=60, keep=(1, 60))

# k = 4 in 2-D.
X4 = np.vstack([rng.multivariate_normal(m, np.identity(2) * s, size=80) for m, s in [
    ([-4, -4], 1.0), ([4, -4], 0.6), ([-4, 4], 1.4), ([4, 4], 0.8)]])
case("k4", X4, pi=[0.25, 0.25, 0.25, 0.25], mu=[[-1, -1], [1, -1], [-1, 1], [1, 1]],
     Sigma=[np.identity(2)] * 4, max_iter=50, keep=(1, 50))

# d = 3, k = 2, correlated covariances.
A = rng.normal(size=(3, 3))
X3d = np.vstack([rng.multivariate_normal([0, 0, 0], A @ A.T + np.identity(3), size=150),
                 rng.multivariate_normal([4, -3, 2], np.diag([0.5, 1.0, 2.0]), size=100)])
case("d3", X3d, pi=[0.5, 0.5], mu=[[1, 0, 0], [0, 1, 0]],
     Sigma=[np.identity(3) * 3, np.identity(3) * 3], max_iter=50, keep=(1, 50))

# Outliers far from every start: their densities underflow to 0 in linear space (the original's
# r /= r.sum() gives 0/0 there), but their responsibilities are well defined.
Xo = np.vstack([generate_data(100, 100, 1, 1, 3), [[60.0, 60.0], [-80.0, 45.0], [70.0, -90.0]]])
case("outliers", Xo, pi=[0.5, 0.5], mu=[[-1, 1], [1, -1]], Sigma=[np.identity(2) * 0.1] * 2,
     max_iter=40, keep=(1, 2, 40), note="three points far from every start")

# Densities from scipy, d = 1, 2, 3.
dens = []
for d in (1, 2, 3):
    B = rng.normal(size=(d, d))
    S = B @ B.T + 0.5 * np.identity(d)
    m = rng.normal(size=d)
    Xd = rng.normal(size=(25, d)) * 2
    dens.append({"X": Xd.tolist(), "mu": m.tolist(), "Sigma": S.tolist(),
                 "logpdf": multivariate_normal(m, S).logpdf(Xd).reshape(-1).tolist(),
                 "pdf": multivariate_normal(m, S).pdf(Xd).reshape(-1).tolist()})
with open(os.path.join(OUT, "densities.json"), "w") as f:
    json.dump(dens, f)
print("densities", [len(c["X"][0]) for c in dens])
