"""The original notebook's cells (高斯混合模型实践), copied literally from the seed notebook:
the make-*.py scripts load them from here (with runpy.run_path: a kebab-case name is no module name)."""
import numpy as np


def generate_data(n_samples1=200, n_samples2=200, variance1=1, variance2=1, random_state=42):
    np.random.seed(random_state)
    cov1 = np.identity(2) * variance1
    cov2 = np.identity(2) * variance2
    cluster1 = np.random.multivariate_normal(mean=[-2, 2], cov=cov1, size=n_samples1)
    cluster2 = np.random.multivariate_normal(mean=[2, -2], cov=cov2, size=n_samples2)
    X = np.vstack((cluster1, cluster2))
    return X


def compute_gauss(X, mu, Sigma):
    n, d = X.shape
    diff = X - mu
    return 1 / np.sqrt(np.linalg.det(Sigma) * (2 * np.pi) ** d) * np.exp(-0.5 * np.sum(diff @ np.linalg.inv(Sigma) * diff, axis=1))


def apply_gmm(X, pi, mu, Sigma, max_iter=100):
    n, d = X.shape
    k = len(pi)
    r = np.zeros((n, k))
    coef, rvals = [], []
    # store the initial values
    coef.append({'pi': pi.copy(),'mu': mu.copy(), 'Sigma': Sigma.copy()})
    rvals.append(np.ones((n, k)) / k)

    for i in range(max_iter):
        # E-step: compute responsibilities
        for j in range(k):
            r[:, j] = compute_gauss(X, mu[j], Sigma[j])
        r /= np.sum(r, axis=1, keepdims=True)
        # M-step: update parameters
        pi = np.mean(r, axis=0)
        mu = np.dot(r.T, X) / np.sum(r, axis=0, keepdims=True)
        Sigma = np.zeros((k, d, d))
        for j in range(k):
            diff = X - mu[j]
            Sigma[j] = np.dot(r[:, j] * diff.T, diff) / np.sum(r[:, j])
        # store the current values
        coef.append({'pi': pi.copy(),'mu': mu.copy(), 'Sigma': Sigma.copy()})
        rvals.append(r.copy())
    return {'coef': coef, 'rvals': rvals}
