"""Fixtures for the data layer (test/data/), from numpy 1.24 and scikit-learn 1.2.

Writes test/fixtures/data/:
  numpy-random.json   numpy's legacy RandomState: seeding, raw words, random_sample, the cached
                      polar normals across calls, uniform, normal, shuffle, multivariate_normal
                      (isotropic), the singular values LAPACK's SVD returns for variance·I, and
                      draws of the kinds the estimator makes (uniform, randint, permutation) from
                      one generator.
  generate-data.json  the original's generate_data for several seeds, sizes and variances.
  make-blobs.json     sklearn.datasets.make_blobs under integer random_state.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-sklearn), through run-all.sh.
"""
import decimal
import json
import math
import os
import runpy

import numpy as np
from sklearn.datasets import make_blobs

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "data")


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        # allow_nan=False: a NaN in a fixture is a bug here, not a value to compare with.
        json.dump(obj, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path))


def floats(a):
    """A numpy array as nested lists of Python floats (json writes repr: round-trips exactly)."""
    return np.asarray(a, dtype=float).tolist()


# The original notebook's cells, copied literally from the seed notebook.
generate_data = runpy.run_path(os.path.join(HERE, "original-notebook.py"))["generate_data"]


# ---------------------------------------------------------------------------------------------


SEEDS = [0, 1, 7, 42, 2**31 - 1, 2**31, 2**32 - 1, 123456789]


def numpy_random():
    init_genrand = []
    for seed in SEEDS:
        rs = np.random.RandomState(seed)
        key = rs.get_state()[1]
        # Legacy seeding of an int is Matsumoto–Nishimura's init_genrand(seed).
        init_genrand.append({
            "seed": seed,
            "keyHead": [int(v) for v in key[:4]],
            "keyLast": int(key[623]),
            "uint32": [int(v) for v in rs.randint(0, 2**32, size=1250, dtype=np.uint32)[[0, 1, 2, 623, 624, 1247, 1248, 1249]]],
        })
    samples = []
    for seed in SEEDS:
        rs = np.random.RandomState(seed)
        first = rs.random_sample(5)
        rs.random_sample(1000)  # crosses a twist of the state
        samples.append({"seed": seed, "first": floats(first), "after1005": floats(rs.random_sample(3))})
    normals = []
    for seed in SEEDS:
        rs = np.random.RandomState(seed)
        # Odd sizes: the second normal of a polar pair is cached across calls.
        calls = [rs.standard_normal(size) for size in (3, 4, 1, 0, 5)]
        normals.append({"seed": seed, "sizes": [3, 4, 1, 0, 5], "values": [floats(c) for c in calls],
                        "stateAfter": {"hasGauss": int(rs.get_state()[3]), "gauss": float(rs.get_state()[4])}})
    uniform_normal = []
    for seed in SEEDS[:4]:
        rs = np.random.RandomState(seed)
        u = rs.uniform(-10, 10, size=(3, 2))
        g = rs.normal(loc=[1.0, 2.0, 3.0], scale=0.5, size=(3, 3))
        g2 = rs.normal(loc=-1.0, scale=2.0, size=2)
        uniform_normal.append({"seed": seed, "uniform": floats(u), "normal": floats(g), "normalScalar": floats(g2)})
    shuffles = []
    for seed in SEEDS[:5]:
        for n in (0, 1, 2, 10, 1000):
            rs = np.random.RandomState(seed)
            idx = np.arange(n)
            rs.shuffle(idx)
            shuffles.append({"seed": seed, "n": n, "permutation": [int(v) for v in idx],
                             "next": float(rs.random_sample())})
    mvn = []
    for seed, (var1, var2) in [(3, (2.0, 0.5)), (2**32 - 1, (1.0, 0.0)), (0, (1e-300, 1e300))]:
        rs = np.random.RandomState(seed)
        # d = 3 and odd sizes: the cached normal carries from the first call into the second.
        a = rs.multivariate_normal([1.0, -2.0, 0.5], np.identity(3) * var1, size=3)
        b = rs.multivariate_normal([0.0, 4.0, -1.0], np.identity(3) * var2, size=5)
        mvn.append({"seed": seed, "calls": [
            {"mean": [1.0, -2.0, 0.5], "variance": var1, "size": 3, "X": floats(a)},
            {"mean": [0.0, 4.0, -1.0], "variance": var2, "size": 5, "X": floats(b)},
        ]})
    # Singular values numpy's svd (LAPACK dgesdd) returns for variance·I: exact, except where
    # dgesdd scales the matrix into [2^-459, 2^459] and back, which can move the last bit.
    rng = np.random.RandomState(2024)
    variances = [0.0, 5e-324, 1e-310, 1e-300, 3e-200, 2.0**-460, 2.0**-459, 2.0**-458, 1e-140, 1e-20,
                 0.1, 1.0, 3.0, 7.3, 1e20, 1e138, 2.0**458, 2.0**459, 2.0**460, 1e139, 1e200, 1e300,
                 1.7976931348623157e308]
    variances += [float(v) for v in 10.0 ** rng.uniform(-320, 308, size=200)]
    svd = []
    for d in (2, 3):
        for var in variances:
            u, s, v = np.linalg.svd(np.identity(d) * var)
            assert np.array_equal(u, np.identity(d)) and np.array_equal(v, np.identity(d)), (d, var)
            assert np.all(s == s[0]), (d, var)
            svd.append({"d": d, "variance": var, "singularValue": float(s[0])})
    write("numpy-random.json", {
        "numpy": np.__version__, "initGenrand": init_genrand, "randomSample": samples,
        "standardNormal": normals, "uniformNormal": uniform_normal, "shuffle": shuffles,
        "multivariateNormal": mvn, "svdOfScaledIdentity": svd, "log": correctly_rounded_logs(),
        "draws": interleaved_draws(),
    })


def interleaved_draws():
    """Draws of the kinds GaussianMixture's initialisations make (uniform, randint, permutation,
    standard_normal), one after another from one generator, and after its state regenerates."""
    out = []
    for seed in [0, 42, 4294967295]:
        r = np.random.RandomState(seed)
        out.append({
            "seed": seed,
            "uniform": r.uniform(size=5).tolist(),
            "randint": [int(r.randint(n)) for n in (1, 2, 7, 1000, 2**31)],
            "permutation": r.permutation(20).tolist(),
            "standardNormal": r.standard_normal(size=5).tolist(),
            # after 700 more draws the twister has regenerated its state at least once
            "afterRegeneration": (r.uniform(size=700), r.uniform(size=3))[1].tolist(),
        })
    return out


def correctly_rounded_logs():
    """ln x rounded to the nearest double, from 60-digit decimal arithmetic, with C's log(x)
    (glibc's, what numpy's legacy gauss calls) beside it: glibc is correctly rounded in all but
    about 1 case in 1 100."""
    decimal.getcontext().prec = 60
    rng = np.random.RandomState(11)
    xs = [float(v) for v in rng.random_sample(1500)]
    xs += [float(1 - v) for v in rng.random_sample(300) * 1e-6]
    xs += [float(v) for v in 10.0 ** rng.uniform(-323, 308, size=200)]
    xs += [5e-324, 1e-320, 2.2250738585072014e-308, 2.0**-106, 0.5, 0.7071067811865475, 0.7071067811865476,
           1.4142135623730951, 1.414213562373095, 0.9999999999999999, 1.0, 1.0000000000000002, 3.0, 1e300,
           1.7976931348623157e308,
           0.9526656333094028]  # r2 of seed 42's 39th polar pair, where glibc's log is off by one bit
    return [{"x": x, "ln": float(decimal.Decimal(x).ln()), "libm": math.log(x)} for x in xs]


def generate_data_cases():
    cases = []
    options = [
        dict(),
        dict(n_samples1=200, n_samples2=200, variance1=3, variance2=1, random_state=42),
        dict(n_samples1=7, n_samples2=3, variance1=0.1, variance2=7.3, random_state=0),
        dict(n_samples1=0, n_samples2=5, variance1=2, variance2=0, random_state=7),
        dict(n_samples1=1, n_samples2=0, variance1=1, variance2=1, random_state=2**31),
        dict(n_samples1=13, n_samples2=11, variance1=0, variance2=0.5, random_state=2**32 - 1),
        dict(n_samples1=50, n_samples2=31, variance1=1e-300, variance2=1e300, random_state=123456789),
        dict(n_samples1=0, n_samples2=0, variance1=1, variance2=1, random_state=1),
        dict(n_samples1=301, n_samples2=299, variance1=2.5, variance2=0.25, random_state=2**31 - 1),
    ]
    for o in options:
        X = generate_data(**o)
        cases.append({"options": o, "X": floats(X)})
    write("generate-data.json", {"numpy": np.__version__, "cases": cases})


def make_blobs_cases():
    cases = []
    options = [
        dict(n_samples=100, centers=3, random_state=0),
        dict(n_samples=101, centers=4, cluster_std=0.7, random_state=42),
        dict(n_samples=7, centers=[[0, 0], [5, 5], [-5, 5]], cluster_std=[0.5, 1.0, 2.0], random_state=2**32 - 1),
        dict(n_samples=[3, 0, 4], centers=None, n_features=3, random_state=7),
        dict(n_samples=[2, 5], centers=[[1, 1, 1], [-1, 2, 0]], cluster_std=0.0, random_state=2**31),
        dict(n_samples=11, centers=2, n_features=3, center_box=(-1, 1), random_state=5),
        dict(n_samples=9, centers=3, shuffle=False, random_state=1),
        dict(n_samples=[60, 50, 40], centers=[[-4, 0], [0, 4], [4, 0]], cluster_std=[1.0, 0.6, 1.4], random_state=42),
    ]
    for o in options:
        X, y, centers = make_blobs(return_centers=True, **o)
        jo = {k: (list(v) if isinstance(v, tuple) else v) for k, v in o.items()}
        cases.append({"options": jo, "X": floats(X), "y": [int(v) for v in y], "centers": floats(centers)})
    import sklearn
    write("make-blobs.json", {"numpy": np.__version__, "sklearn": sklearn.__version__, "cases": cases})


if __name__ == "__main__":
    numpy_random()
    generate_data_cases()
    make_blobs_cases()
