"""Fixtures for test/scale*.test.ts: EM on data offset by 1e6 from the origin.

The reference EM runs in numpy's extended precision (np.longdouble, 64-bit mantissa on x86):
the same maths as the library (correct EM, log-sum-exp E-step, means and centred covariances
from the responsibilities), 11 more bits than float64, so that the reference's own rounding is
far below the 1e-8 the test asks of the library. scikit-learn's float64 fit from the same start
is stored beside it for comparison. Writes test/fixtures/scale/offset.json.
"""
import json
import os

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

LD = np.longdouble
OFFSET = 1e6
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "scale")


def cholesky_ld(S):
    """Lower Cholesky factor of a small symmetric positive definite matrix, in long double."""
    d = S.shape[0]
    L = np.zeros((d, d), dtype=LD)
    for r in range(d):
        for c in range(r + 1):
            s = S[r, c] - np.sum(L[r, :c] * L[c, :c])
            L[r, c] = np.sqrt(s) if r == c else s / L[c, c]
    return L


def log_gauss_ld(X, mu, S):
    """log N(x | mu, S) per row, through y = L^-1 (x - mu) by forward substitution."""
    n, d = X.shape
    L = cholesky_ld(S)
    diff = X - mu
    y = np.zeros((n, d), dtype=LD)
    for r in range(d):
        y[:, r] = (diff[:, r] - y[:, :r] @ L[r, :r]) / L[r, r]
    return -0.5 * d * np.log(2 * np.pi * LD(1)) - np.sum(np.log(np.diag(L))) - 0.5 * np.sum(y * y, axis=1)


def em_ld(X64, pi, mu, Sigma, iterations):
    """Correct EM in long double; returns the final parameters and the log-likelihood of each."""
    X = X64.astype(LD)
    pi = np.array(pi, dtype=LD)
    mu = np.array(mu, dtype=LD)
    Sigma = np.array(Sigma, dtype=LD)
    k = len(pi)
    log_likelihood = []
    first = None
    for _ in range(iterations + 1):
        logp = np.stack([np.log(pi[j]) + log_gauss_ld(X, mu[j], Sigma[j]) for j in range(k)], axis=1)
        m = logp.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.sum(np.exp(logp - m), axis=1))
        log_likelihood.append(np.sum(lse))
        if len(log_likelihood) == iterations + 1:
            break
        r = np.exp(logp - lse[:, None])
        nk = r.sum(axis=0)
        # Means about the old ones, covariances centred on the new ones: no cancellation.
        new_mu = np.stack([mu[j] + (r[:, j] @ (X - mu[j])) / nk[j] for j in range(k)])
        new_Sigma = np.stack([((r[:, j, None] * (X - new_mu[j])).T @ (X - new_mu[j])) / nk[j] for j in range(k)])
        pi, mu, Sigma = nk / len(X), new_mu, new_Sigma
        if first is None:
            first = {"pi": floats(pi), "mu": floats(mu), "Sigma": floats(Sigma)}
    return pi, mu, Sigma, log_likelihood, first


def sklearn_em(X, pi, mu, Sigma, iterations):
    """scikit-learn's own E- and M-steps (full covariance, no regularisation) from the same start."""
    gm = GaussianMixture(n_components=len(pi), covariance_type="full", reg_covar=0.0)
    gm.weights_ = np.array(pi, dtype=float)
    gm.means_ = np.array(mu, dtype=float)
    gm.covariances_ = np.array(Sigma, dtype=float)
    gm.precisions_cholesky_ = _compute_precision_cholesky(gm.covariances_, "full")
    for _ in range(iterations):
        _, log_resp = gm._e_step(X)
        gm._m_step(X, log_resp)
    return gm


def floats(a):
    return np.asarray(a, dtype=np.float64).tolist()


def case(name, X, pi, mu, Sigma, iterations):
    ref_pi, ref_mu, ref_Sigma, ll, first = em_ld(X, pi, mu, Sigma, iterations)
    gm = sklearn_em(X, pi, mu, Sigma, iterations)
    print(f"{name}: n = {len(X)}, d = {X.shape[1]}, k = {len(pi)}; max |Δμ| sklearn vs long double "
          f"{np.max(np.abs(gm.means_ - ref_mu.astype(float))):.3g}, max |ΔΣ| "
          f"{np.max(np.abs(gm.covariances_ - ref_Sigma.astype(float))):.3g}")
    return {
        "name": name,
        "X": floats(X),
        "start": {"pi": floats(pi), "mu": floats(mu), "Sigma": floats(Sigma)},
        "iterations": iterations,
        "reference": {"pi": floats(ref_pi), "mu": floats(ref_mu), "Sigma": floats(ref_Sigma),
                      "logLikelihood": floats(ll)},
        # The parameters after iteration 1: where the far start's centred pass acts.
        "referenceIteration1": first,
        "sklearn": {"pi": floats(gm.weights_), "mu": floats(gm.means_), "Sigma": floats(gm.covariances_)},
    }


def main():
    rng = np.random.default_rng(20261126)
    cases = []
    # d = 2 (the specialised loop), three clusters 1e6 away from the origin.
    centres = np.array([[-2.0, 2.0], [2.0, -2.0], [0.5, 3.0]])
    covs = [np.array([[1.0, 0.3], [0.3, 0.8]]), np.array([[0.6, -0.2], [-0.2, 1.4]]), np.eye(2) * 0.5]
    X = np.vstack([rng.multivariate_normal(c, S, size=1000) for c, S in zip(centres, covs)]) + OFFSET
    cases.append(case("d2-near", X, [1 / 3] * 3, X[[0, 1000, 2000]] + 0.5, [np.eye(2)] * 3, 30))
    # A start a thousand away with broad covariances: the first step moves the means so far that
    # the one-pass sums about the old means would cancel, and the centred pass takes over. The
    # path from there is long and sensitive (a 1e-9 nudge of the start grows to 1e-7 on the way),
    # so the comparison is at convergence, where EM damps rounding instead of amplifying it.
    far = OFFSET + np.array([[-1000.0, 0.0], [1000.0, 0.0], [0.0, 1000.0]])
    cases.append(case("d2-far", X, [0.2, 0.3, 0.5], far, [np.eye(2) * 1e6] * 3, 200))
    # d = 3 (the general loop), two clusters.
    X3 = np.vstack([
        rng.multivariate_normal([0, 0, 0], np.diag([1.0, 2.0, 0.5]), size=800),
        rng.multivariate_normal([3, -1, 2], [[1.0, 0.4, 0.1], [0.4, 1.0, 0.2], [0.1, 0.2, 1.0]], size=1200),
    ]) + OFFSET
    cases.append(case("d3-near", X3, [0.5, 0.5], X3[[5, 1500]] + 0.3, [np.eye(3)] * 2, 20))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "offset.json"), "w") as f:
        json.dump({"offset": OFFSET, "cases": cases}, f)


if __name__ == "__main__":
    main()
