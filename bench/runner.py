"""One benchmark measurement in Python, printed as JSON on the last line of stdout.

usage: runner.py IMPL N K ITERS REPS [REPEAT] [--memory]
IMPL: sklearn (scikit-learn's GaussianMixture, full covariance: its own E- and M-steps from the
shared start, timed per iteration as its fit loop runs them) or numpy-em (the original
notebook's apply_gmm, with its two slips fixed so that it runs for k = 5 and fits the same model).
Times: ms per iteration, one per run (after untimed warm-up runs: at least one, and at least WARMUP_S); a run is REPEAT fits of
ITERS iterations (default 1), so that small N still gives runs long enough to time. --memory: one run,
peak RSS over the RSS with the data loaded (VmHWM after resetting it through /proc/self/clear_refs).
"""
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# Untimed warm-up before the timed runs (seconds), the same as runner.js's.
WARMUP_S = 0.5


def load(n, k):
    X = np.fromfile(os.path.join(HERE, "data", "points.f64"), dtype="<f8", count=2 * n).reshape(n, 2)
    with open(os.path.join(HERE, "data", "start.json")) as f:
        start = json.load(f)[str(k)]
    return X, np.array(start["pi"]), np.array(start["mu"]), np.array(start["Sigma"])


def sklearn_fit(X, pi, mu, Sigma, iters):
    from sklearn.mixture import GaussianMixture
    from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

    gm = GaussianMixture(n_components=len(pi), covariance_type="full", reg_covar=0.0)
    gm.weights_, gm.means_, gm.covariances_ = pi.copy(), mu.copy(), Sigma.copy()
    gm.precisions_cholesky_ = _compute_precision_cholesky(gm.covariances_, "full")
    # The body of GaussianMixture.fit's loop (BaseMixture.fit_predict), without the k-means
    # initialisation and convergence bookkeeping around it.
    for _ in range(iters):
        log_prob_norm, log_resp = gm._e_step(X)
        gm._m_step(X, log_resp)
    return gm.means_


def compute_gauss(X, mu, Sigma):
    n, d = X.shape
    diff = X - mu
    return 1 / np.sqrt(np.linalg.det(Sigma) * (2 * np.pi) ** d) * np.exp(-0.5 * np.sum(diff @ np.linalg.inv(Sigma) * diff, axis=1))


def numpy_em(X, pi, mu, Sigma, iters):
    """apply_gmm as the notebook writes it; marked lines fix its slips, r is not kept."""
    n, d = X.shape
    k = len(pi)
    r = np.zeros((n, k))
    for i in range(iters):
        for j in range(k):
            r[:, j] = pi[j] * compute_gauss(X, mu[j], Sigma[j])  # fixed: weighted by pi[j]
        r /= np.sum(r, axis=1, keepdims=True)
        pi = np.mean(r, axis=0)
        mu = np.dot(r.T, X) / np.sum(r, axis=0)[:, None]  # fixed: each row by its own N_j
        Sigma = np.zeros((k, d, d))
        for j in range(k):
            diff = X - mu[j]
            Sigma[j] = np.dot(r[:, j] * diff.T, diff) / np.sum(r[:, j])
    return mu


IMPLS = {"sklearn": sklearn_fit, "numpy-em": numpy_em}


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def main():
    argv = [a for a in sys.argv[1:] if not a.startswith("--")]
    impl, n, k, iters, reps = argv[0], int(float(argv[1])), int(argv[2]), int(argv[3]), int(argv[4])
    repeat = int(argv[5]) if len(argv) > 5 else 1
    fit = IMPLS[impl]
    X, pi, mu, Sigma = load(n, k)
    if "--memory" in sys.argv:
        fit(X[:1000], pi, mu, Sigma, 1)  # imports and first-call set-up, outside the measure
        baseline = status_kb("VmRSS")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        fit(X, pi, mu, Sigma, iters)
        print(json.dumps({"peakOverBaselineMB": (status_kb("VmHWM") - baseline) / 1024}))
        return
    # Warm-up, as for the Node runs: whole runs until WARMUP_S has passed (at least one).
    w0 = time.perf_counter()
    while True:
        for _ in range(repeat):
            fit(X, pi, mu, Sigma, iters)
        if time.perf_counter() - w0 >= WARMUP_S:
            break
    times = []
    means = None
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(repeat):
            means = fit(X, pi, mu, Sigma, iters)
        times.append((time.perf_counter() - t0) * 1000 / (iters * repeat))
    print(json.dumps({"msPerIteration": times, "means": means.tolist()}))


if __name__ == "__main__":
    main()
