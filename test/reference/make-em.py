"""Fixtures for the EM layer (test/em/), from numpy 1.24, scipy and scikit-learn 1.2.

Writes test/fixtures/em/:
  correct-em/*.json         a correct EM in numpy, per iteration, and scikit-learn's converged
                            GaussianMixture from the same start: the original's data and start, k = 3
                            and 4, d = 3, outliers far from every start.
  far-from-origin.json      EM on data 1e6 away from the origin, in numpy's extended precision
                            (np.longdouble, 64-bit mantissa on x86): the same maths as the library,
                            11 more bits than float64, so that the reference's own rounding is far
                            below the 1e-8 the test asks of the library; scikit-learn's float64 fit
                            from the same start beside it.
  original-apply-gmm.json   the original notebook's apply_gmm, run literally, per iteration, and
                            the error numpy gives when k != d.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy, python3-sklearn), through run-all.sh.
"""
import json
import os
import runpy

import numpy as np
from scipy.special import logsumexp
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "em")

# The original notebook's cells, copied literally from the seed notebook.
_original = runpy.run_path(os.path.join(HERE, "original-notebook.py"))
generate_data, compute_gauss, apply_gmm = _original["generate_data"], _original["compute_gauss"], _original["apply_gmm"]
LD = np.longdouble
OFFSET = 1e6


def floats(a):
    """A numpy array as nested lists of Python floats (json writes repr: round-trips exactly)."""
    return np.asarray(a, dtype=np.float64).tolist()


# ---------------------------------------------------------------------------------------------
# A correct EM in numpy, and scikit-learn's fit from the same start.

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


def correct_case(name, X, pi, mu, Sigma, max_iter, keep=(), with_sklearn=True, note=""):
    coef, ll, rvals = correct_em(X, pi, mu, Sigma, max_iter, keep)
    out = {
        "note": note, "X": X.tolist(), "start": {"pi": list(map(float, pi)), "mu": np.array(mu, float).tolist(),
                                                 "Sigma": np.array(Sigma, float).tolist()},
        "maxIter": max_iter, "coef": as_json(coef), "logLikelihood": ll,
        "rvals": {str(i): r.tolist() for i, r in rvals.items()},
    }
    if with_sklearn:
        out["sklearn"] = sklearn_fit(X, pi, mu, Sigma)
    os.makedirs(os.path.join(OUT, "correct-em"), exist_ok=True)
    with open(os.path.join(OUT, "correct-em", f"{name}.json"), "w") as f:
        json.dump(out, f)
    print(name, X.shape, "k =", len(pi), "final ll", ll[-1], "sklearn n_iter", out.get("sklearn", {}).get("nIter"))


def correct_em_cases():
    # The original notebook's run: its data (np.random.seed(42), variances 3 and 1) and its poor start.
    X0 = generate_data(n_samples1=200, n_samples2=200, variance1=3, variance2=1)
    start0 = dict(pi=[0.1, 0.9], mu=[[0.1, 0], [0, 0]], Sigma=[np.identity(2) * 0.1, np.identity(2) * 0.1])
    correct_case("original", X0, **start0, max_iter=100, keep=(1, 5, 10, 25, 40, 100),
                 note="the original notebook's data and start")

    rng = np.random.RandomState(2024)

    # k = 3 in 2-D: three clusters, a poor start.
    X3 = np.vstack([rng.multivariate_normal(m, c, size=s) for m, c, s in [
        ([0, 0], [[1, 0.5], [0.5, 1]], 120), ([5, 1], [[0.5, 0], [0, 2]], 90), ([1, 6], [[1.5, -0.7], [-0.7, 1]], 60)]])
    correct_case("k3", X3, pi=[0.2, 0.3, 0.5], mu=[[1, 1], [2, 2], [3, 3]],
                 Sigma=[np.identity(2) * 2, np.identity(2), np.identity(2) * 0.5], max_iter=60, keep=(1, 60))

    # k = 4 in 2-D.
    X4 = np.vstack([rng.multivariate_normal(m, np.identity(2) * s, size=80) for m, s in [
        ([-4, -4], 1.0), ([4, -4], 0.6), ([-4, 4], 1.4), ([4, 4], 0.8)]])
    correct_case("k4", X4, pi=[0.25, 0.25, 0.25, 0.25], mu=[[-1, -1], [1, -1], [-1, 1], [1, 1]],
                 Sigma=[np.identity(2)] * 4, max_iter=50, keep=(1, 50))

    # d = 3, k = 2, correlated covariances.
    A = rng.normal(size=(3, 3))
    X3d = np.vstack([rng.multivariate_normal([0, 0, 0], A @ A.T + np.identity(3), size=150),
                     rng.multivariate_normal([4, -3, 2], np.diag([0.5, 1.0, 2.0]), size=100)])
    correct_case("d3", X3d, pi=[0.5, 0.5], mu=[[1, 0, 0], [0, 1, 0]],
                 Sigma=[np.identity(3) * 3, np.identity(3) * 3], max_iter=50, keep=(1, 50))

    # Outliers far from every start: their densities underflow to 0 in linear space (the original's
    # r /= r.sum() gives 0/0 there), but their responsibilities are well defined.
    Xo = np.vstack([generate_data(100, 100, 1, 1, 3), [[60.0, 60.0], [-80.0, 45.0], [70.0, -90.0]]])
    correct_case("outliers", Xo, pi=[0.5, 0.5], mu=[[-1, 1], [1, -1]], Sigma=[np.identity(2) * 0.1] * 2,
                 max_iter=40, keep=(1, 2, 40), note="three points far from every start")


# ---------------------------------------------------------------------------------------------
# Far from the origin: the reference EM in long double.

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


def far_case(name, X, pi, mu, Sigma, iterations):
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


def far_from_origin():
    rng = np.random.default_rng(20261126)
    cases = []
    # d = 2 (the specialised loop), three clusters 1e6 away from the origin.
    centres = np.array([[-2.0, 2.0], [2.0, -2.0], [0.5, 3.0]])
    covs = [np.array([[1.0, 0.3], [0.3, 0.8]]), np.array([[0.6, -0.2], [-0.2, 1.4]]), np.eye(2) * 0.5]
    X = np.vstack([rng.multivariate_normal(c, S, size=1000) for c, S in zip(centres, covs)]) + OFFSET
    cases.append(far_case("d2-near", X, [1 / 3] * 3, X[[0, 1000, 2000]] + 0.5, [np.eye(2)] * 3, 30))
    # A start a thousand away with broad covariances: the first step moves the means so far that
    # the one-pass sums about the old means would cancel, and the centred pass takes over. The
    # path from there is long and sensitive (a 1e-9 nudge of the start grows to 1e-7 on the way),
    # so the comparison is at convergence, where EM damps rounding instead of amplifying it.
    far = OFFSET + np.array([[-1000.0, 0.0], [1000.0, 0.0], [0.0, 1000.0]])
    cases.append(far_case("d2-far", X, [0.2, 0.3, 0.5], far, [np.eye(2) * 1e6] * 3, 200))
    # d = 3 (the general loop), two clusters.
    X3 = np.vstack([
        rng.multivariate_normal([0, 0, 0], np.diag([1.0, 2.0, 0.5]), size=800),
        rng.multivariate_normal([3, -1, 2], [[1.0, 0.4, 0.1], [0.4, 1.0, 0.2], [0.1, 0.2, 1.0]], size=1200),
    ]) + OFFSET
    cases.append(far_case("d3-near", X3, [0.5, 0.5], X3[[5, 1500]] + 0.3, [np.eye(3)] * 2, 20))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "far-from-origin.json"), "w") as f:
        json.dump({"offset": OFFSET, "cases": cases}, f)


# ---------------------------------------------------------------------------------------------
# The original notebook's apply_gmm, as it is.

def log_likelihood(X, params):
    """The true mixture log-likelihood of X under params: Σ_i log Σ_j pi_j N(x_i | mu_j, Sigma_j)."""
    dens = sum(params["pi"][j] * compute_gauss(X, params["mu"][j], params["Sigma"][j]) for j in range(len(params["pi"])))
    return float(np.sum(np.log(dens)))


def three_clusters_3d(seed):
    np.random.seed(seed)
    parts = [np.random.multivariate_normal(m, np.identity(3) * v, size=n)
             for m, v, n in [([-3, 0, 2], 1.0, 60), ([3, 1, -1], 2.0, 45), ([0, -3, 0], 0.5, 35)]]
    return np.vstack(parts)


def original_apply_gmm():
    cases = []
    specs = [
        # The original notebook's own run (In [6]).
        dict(name="original", X=generate_data(n_samples1=200, n_samples2=200, variance1=3, variance2=1),
             pi=[0.1, 0.9], mu=[[0.1, 0], [0, 0]], Sigma=[np.identity(2) * 0.1, np.identity(2) * 0.1],
             max_iter=100, keep="all"),
        dict(name="seed7", X=generate_data(150, 250, 1, 2, 7),
             pi=[0.5, 0.5], mu=[[1, 1], [-1, 0.5]], Sigma=[np.identity(2), np.identity(2) * 2],
             max_iter=60, keep=[0, 1, 2, 3, 10, 30, 60]),
        dict(name="seedMax", X=generate_data(90, 110, 0.5, 1.5, 2**32 - 1),
             pi=[0.3, 0.7], mu=[[0, 0.5], [0.5, 0]], Sigma=[np.identity(2) * 0.5, [[1, 0.3], [0.3, 1]]],
             max_iter=40, keep=[0, 1, 5, 40]),
        dict(name="threeD", X=three_clusters_3d(3),
             pi=[0.2, 0.3, 0.5], mu=[[-1, 0, 1], [1, 0, 0], [0, -1, 0]],
             Sigma=[np.identity(3) * 2, np.identity(3), [[1.5, 0.2, 0], [0.2, 1, 0.1], [0, 0.1, 0.8]]],
             max_iter=50, keep=[0, 1, 2, 10, 50]),
    ]
    for s in specs:
        X = s["X"]
        pi = s["pi"]
        mu = [np.array(m, dtype=float) for m in s["mu"]]
        Sigma = [np.array(S, dtype=float) for S in s["Sigma"]]
        res = apply_gmm(X, pi, mu, Sigma, max_iter=s["max_iter"])
        coef = [{"pi": floats(c["pi"]), "mu": floats(c["mu"]), "Sigma": floats(c["Sigma"])} for c in res["coef"]]
        ll = [log_likelihood(X, c) for c in res["coef"]]
        keep = list(range(s["max_iter"] + 1)) if s["keep"] == "all" else s["keep"]
        assert all(np.all(np.isfinite(r)) for r in res["rvals"]), s["name"]
        cases.append({
            "name": s["name"], "X": floats(X), "pi": pi, "mu": s["mu"], "Sigma": floats(Sigma),
            "maxIter": s["max_iter"], "coef": coef, "logLikelihood": ll,
            "rvals": [{"iteration": i, "r": floats(res["rvals"][i])} for i in keep],
        })
    # k != d: numpy's broadcasting fails, which is the error the library must give instead.
    X = generate_data(20, 20)
    try:
        apply_gmm(X, [0.2, 0.3, 0.5], [np.zeros(2), np.ones(2), -np.ones(2)], [np.identity(2)] * 3, max_iter=1)
        k_ne_d = "ran"
    except ValueError as e:
        k_ne_d = str(e)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "original-apply-gmm.json"), "w") as f:
        # allow_nan=False: a NaN in a fixture is a bug here, not a value to compare with.
        json.dump({"numpy": np.__version__, "cases": cases, "kNotDError": k_ne_d}, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    correct_em_cases()
    far_from_origin()
    original_apply_gmm()
