"""Reference fits of scikit-learn's GaussianMixture for the estimator's tests.

Writes test/fixtures/estimator/{deterministic,seeded,kmeans,select-model}.json:
- deterministic: weights_init, means_init and precisions_init for every covariance type, d = 1..5,
  k = 1..3, some stopped by max_iter (not converged);
- seeded: init_params "random", "random_from_data", "k-means++" (and weights/means only) with a
  random_state: the same numpy draws on both sides;
- kmeans: well-separated clusters with the default k-means init;
- select-model: a BIC grid, k = 1..5 and every covariance type, as scikit-learn's model-selection example.
Each case has the fitted weights, means, covariances, precisions, precisions_cholesky, the lower
bound of every iteration, lower_bound_, n_iter_, converged_, predict / predict_proba /
score_samples on test points, score, bic and aic on the training data.
Run with Debian's /usr/bin/python3 (python3-sklearn 1.2), through run-all.sh.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "estimator")
TYPES = ["full", "tied", "diag", "spherical"]


class Traced(GaussianMixture):
    """GaussianMixture recording the lower bound of each iteration."""

    def _compute_lower_bound(self, log_resp, log_prob_norm):
        self.trace_.append(float(log_prob_norm))
        return log_prob_norm


def mixture_data(rng, n, d, k, spread):
    """n points from k axis-aligned Gaussian clusters (centres ~ N(0, spread²)), then sheared so
    that full and tied covariances differ from diagonal ones."""
    centres = rng.normal(scale=spread, size=(k, d))
    scales = rng.uniform(0.5, 1.5, size=(k, d))
    labels = rng.randint(k, size=n)
    X = centres[labels] + rng.normal(size=(n, d)) * scales[labels]
    shear = np.eye(d) + 0.4 * np.tril(rng.normal(size=(d, d)), -1)
    return X @ shear.T


def deterministic_start(rng, X, k, cov_type):
    n, d = X.shape
    weights = rng.dirichlet(np.ones(k) * 3)
    means = X[rng.choice(n, size=k, replace=False)] + rng.normal(scale=0.1, size=(k, d))
    C = np.cov(X.T).reshape(d, d) + 0.1 * np.eye(d)
    if cov_type == "full":
        prec = np.array([np.linalg.inv(C * s) for s in rng.uniform(0.5, 1.5, size=k)])
    elif cov_type == "tied":
        prec = np.linalg.inv(C)
    elif cov_type == "diag":
        prec = 1.0 / (np.diag(C)[None, :] * rng.uniform(0.5, 1.5, size=(k, 1)))
    else:
        prec = 1.0 / (np.mean(np.diag(C)) * rng.uniform(0.5, 1.5, size=k))
    return weights, means, prec


def fit_case(name, X, X_test, params):
    gm = Traced(**params)
    gm.trace_ = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X)
    trace = gm.trace_
    tol = params.get("tol", 1e-3)
    # A case whose stopping test is within 1e-7 of tol would hang on rounding: report its margin.
    changes = np.abs(np.diff([-np.inf] + trace))
    margin = float(np.min(np.abs(changes - tol) / tol))
    camel = {
        "n_components": "nComponents", "covariance_type": "covarianceType", "tol": "tol",
        "reg_covar": "regCovar", "max_iter": "maxIter", "n_init": "nInit", "init_params": "initParams",
        "weights_init": "weightsInit", "means_init": "meansInit", "precisions_init": "precisionsInit",
        "random_state": "randomState",
    }
    options = {}
    for key, value in params.items():
        options[camel[key]] = value.tolist() if isinstance(value, np.ndarray) else value
    return {
        "name": name,
        "X": X.tolist(),
        "XTest": X_test.tolist(),
        "options": options,
        "stoppingMargin": margin,
        "trace": trace,
        "weights": gm.weights_.tolist(),
        "means": gm.means_.tolist(),
        "covariances": gm.covariances_.tolist(),
        "precisions": gm.precisions_.tolist(),
        "precisionsCholesky": gm.precisions_cholesky_.tolist(),
        "lowerBound": float(gm.lower_bound_),
        "nIter": int(gm.n_iter_),
        "converged": bool(gm.converged_),
        "predictTest": gm.predict(X_test).tolist(),
        "predictProbaTest": gm.predict_proba(X_test).tolist(),
        "scoreSamplesTest": gm.score_samples(X_test).tolist(),
        "score": float(gm.score(X)),
        "bic": float(gm.bic(X)),
        "aic": float(gm.aic(X)),
    }


def deterministic_cases():
    cases = []
    rng = np.random.RandomState(20240601)
    for cov_type in TYPES:
        for d in range(1, 6):
            for k in (1, 2, 3):
                for attempt in range(20):
                    n = int(rng.randint(60, 140))
                    X = mixture_data(rng, n, d, max(k, 2), spread=3.0)
                    X_test = mixture_data(rng, 7, d, 2, spread=3.0)
                    w, m, p = deterministic_start(rng, X, k, cov_type)
                    params = dict(n_components=k, covariance_type=cov_type, weights_init=w,
                                  means_init=m, precisions_init=p, tol=1e-4, max_iter=300)
                    if (d + k) % 4 == 0:
                        params["max_iter"] = 4  # stopped before converging
                    if d == 3 and k == 2:
                        params["reg_covar"] = 1e-3
                    case = fit_case(f"{cov_type}-d{d}-k{k}", X, X_test, params)
                    if case["stoppingMargin"] > 1e-5:
                        cases.append(case)
                        break
                else:
                    raise RuntimeError(f"no case with a clear stopping margin for {cov_type} d={d} k={k}")
    return cases


def seeded_cases():
    cases = []
    rng = np.random.RandomState(7)
    for i, cov_type in enumerate(TYPES):
        for j, init in enumerate(["random", "random_from_data", "k-means++"]):
            d = 1 + (i + j) % 4
            k = 2 + (i + j) % 3
            X = mixture_data(rng, 120, d, k, spread=4.0)
            X_test = mixture_data(rng, 5, d, k, spread=4.0)
            params = dict(n_components=k, covariance_type=cov_type, init_params=init,
                          random_state=int(rng.randint(1000)), tol=1e-4, max_iter=300)
            if j == 0:
                params["n_init"] = 3
            cases.append(fit_case(f"{cov_type}-{init}-d{d}-k{k}", X, X_test, params))
        # weights and means given, covariances from the random responsibilities.
        d, k = 2, 2
        X = mixture_data(rng, 90, d, k, spread=4.0)
        X_test = mixture_data(rng, 5, d, k, spread=4.0)
        w, m, _ = deterministic_start(rng, X, k, cov_type)
        params = dict(n_components=k, covariance_type=cov_type, init_params="random", random_state=3,
                      weights_init=w, means_init=m, tol=1e-4, max_iter=300)
        cases.append(fit_case(f"{cov_type}-weights-means-random", X, X_test, params))
    return cases


def kmeans_cases():
    cases = []
    rng = np.random.RandomState(11)
    for i, cov_type in enumerate(TYPES):
        for d, k in [(2, 3), (3, 2), (4, 4)]:
            # Centres 12, 24, 36, … apart along different axes: clusters k-means cannot confuse.
            centres = 12.0 * (1 + np.arange(k))[:, None] * np.eye(max(k, d))[:k, :d]
            n = 150
            labels = rng.randint(k, size=n)
            X = centres[labels] + rng.normal(size=(n, d)) * rng.uniform(0.5, 1.5, size=(k, d))[labels]
            X_test = centres[rng.randint(k, size=6)] + rng.normal(size=(6, d))
            params = dict(n_components=k, covariance_type=cov_type, random_state=i * 10 + d, tol=1e-6, max_iter=300)
            cases.append(fit_case(f"{cov_type}-kmeans-d{d}-k{k}", X, X_test, params))
    return cases


def select_model_case():
    """A BIC and AIC grid as scikit-learn's model-selection example: k = 1..5, every covariance type."""
    rng = np.random.RandomState(5)
    X = np.vstack([
        rng.normal(size=(120, 2)) @ np.array([[1.0, 0.0], [0.6, 0.5]]) + [0, 0],
        rng.normal(size=(90, 2)) * [0.5, 1.2] + [5, 4],
        rng.normal(size=(60, 2)) * 0.7 + [-4, 5],
    ])
    ks = [1, 2, 3, 4, 5]
    bic, aic = [], []
    for cov_type in TYPES:
        bic_row, aic_row = [], []
        for k in ks:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                gm = GaussianMixture(n_components=k, covariance_type=cov_type, random_state=0).fit(X)
            bic_row.append(float(gm.bic(X)))
            aic_row.append(float(gm.aic(X)))
        bic.append(bic_row)
        aic.append(aic_row)
    return {"X": X.tolist(), "nComponents": ks, "covarianceTypes": TYPES, "randomState": 0, "bic": bic, "aic": aic}


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    for name, make in [("deterministic", deterministic_cases), ("seeded", seeded_cases), ("kmeans", kmeans_cases)]:
        cases = make()
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump({"meta": meta, "cases": cases}, f)
        print(f"{name}: {len(cases)} cases")
    with open(os.path.join(OUT, "select-model.json"), "w") as f:
        json.dump({"meta": meta, **select_model_case()}, f)


if __name__ == "__main__":
    main()
