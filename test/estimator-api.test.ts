// GaussianMixture's behaviour beyond the scikit-learn fixtures: save/load, sampling, properties,
// bad input, warnings, warm start, nInit.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { GaussianMixture } from "../src/estimator/gaussian-mixture";
import { GmmInputError, GmmNotFittedError, GmmSingularCovarianceError } from "../src/errors";
import { NumpyRandomState } from "../src/data/numpy-random";
import { Matrix } from "ml-matrix";
import type { CovarianceType } from "../src/em/covariance-type";

const TYPES: CovarianceType[] = ["full", "tied", "diag", "spherical"];

/** Three clusters in 2-D: n points, seeded. */
function threeClusters(n: number, seed: number): number[][] {
  const rng = new NumpyRandomState(seed);
  const centres = [[0, 0], [6, 1], [2, 7]];
  const scales = [[1, 0.5], [0.7, 1.2], [0.9, 0.9]];
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const j = i % 3;
    const z0 = rng.standardNormal(), z1 = rng.standardNormal();
    X.push([centres[j][0] + scales[j][0] * z0, centres[j][1] + scales[j][1] * (0.5 * z0 + z1)]);
  }
  return X;
}

const X = threeClusters(300, 1);

/**
 * The ConvergenceWarnings `run` emits, counted by standing in for process.emitWarning while it
 * runs (process 'warning' events arrive a tick later, possibly during another test).
 */
function convergenceWarnings(run: () => void): string[] {
  const original = process.emitWarning;
  const seen: string[] = [];
  process.emitWarning = ((warning: string | Error, options?: { code?: string }) => {
    if (options?.code === "GMM_NOT_CONVERGED") seen.push(String(warning));
  }) as typeof process.emitWarning;
  try {
    run();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

/** Runs `run` with the convergence warnings it emits kept out of the test output. */
function quietly<T>(run: () => T): T {
  let out!: T;
  convergenceWarnings(() => (out = run()));
  return out;
}

describe("save and load", () => {
  for (const covarianceType of TYPES) {
    test(`toJSON / fromJSON round trip (${covarianceType})`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 4 }).fit(X);
      const text = JSON.stringify(gm);
      const back = GaussianMixture.fromJSON(text);
      assert.deepEqual(back.weights, gm.weights);
      assert.deepEqual(back.means, gm.means);
      assert.deepEqual(back.covariances, gm.covariances);
      assert.deepEqual(back.precisionsCholesky, gm.precisionsCholesky);
      assert.equal(back.nIter, gm.nIter);
      assert.equal(back.converged, gm.converged);
      assert.equal(back.lowerBound, gm.lowerBound);
      assert.deepEqual(back.options, { ...gm.options, onIteration: undefined });
      const probe = threeClusters(20, 9);
      assert.deepEqual(back.predictProba(probe), gm.predictProba(probe));
      assert.deepEqual(back.scoreSamples(probe), gm.scoreSamples(probe));
      assert.equal(back.bic(X), gm.bic(X));
      assert.deepEqual(back.sample(50), gm.sample(50));
      // The saved shapes are scikit-learn's.
      const saved = JSON.parse(text);
      const depth = (v: unknown): number => (Array.isArray(v) ? 1 + depth(v[0]) : 0);
      assert.equal(depth(saved.fitted.covariances), { full: 3, tied: 2, diag: 2, spherical: 1 }[covarianceType]);
    });
  }
  test("an unfitted model round-trips and stays unfitted", () => {
    const back = GaussianMixture.fromJSON(new GaussianMixture({ nComponents: 2, tol: 1e-5 }).toJSON());
    assert.equal(back.options.tol, 1e-5);
    assert.throws(() => back.predict(X), GmmNotFittedError);
  });
  test("fromJSON rejects what is not a saved model", () => {
    assert.throws(() => GaussianMixture.fromJSON({ format: "other" } as never), GmmInputError);
  });
});

describe("sample", () => {
  for (const covarianceType of TYPES) {
    test(`seeded, reproducible and with the fitted moments (${covarianceType})`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 7 }).fit(X);
      const n = 30000;
      const a = gm.sample(n), b = gm.sample(n);
      assert.deepEqual(a, b, "same model, same seed: same points");
      const other = new GaussianMixture({ ...gm.options, randomState: 8 }).fit(X).sample(n);
      assert.notDeepEqual(other.X.slice(0, 5), a.X.slice(0, 5));
      assert.equal(a.X.length, n);
      // y is grouped by component, as scikit-learn's.
      assert.deepEqual(a.y, [...a.y].sort((p, q) => p - q));
      const d = 2;
      const full = (j: number): number[][] => {
        const c = gm.covariances;
        if (covarianceType === "full") return (c as number[][][])[j];
        if (covarianceType === "tied") return c as number[][];
        if (covarianceType === "diag") return [[(c as number[][])[j][0], 0], [0, (c as number[][])[j][1]]];
        const v = (c as number[])[j];
        return [[v, 0], [0, v]];
      };
      for (let j = 0; j < 3; j++) {
        const rows = a.X.filter((_, i) => a.y[i] === j);
        const m = rows.length;
        const w = gm.weights[j];
        // Proportion within 5 binomial standard deviations.
        assert.ok(Math.abs(m / n - w) < 5 * Math.sqrt((w * (1 - w)) / n), `proportion of component ${j}`);
        const S = full(j);
        const mean = [0, 1].map((c) => rows.reduce((s, r) => s + r[c], 0) / m);
        for (let c = 0; c < d; c++) {
          assert.ok(Math.abs(mean[c] - gm.means[j][c]) < 5 * Math.sqrt(S[c][c] / m), `mean of component ${j}, coordinate ${c}`);
        }
        for (let p = 0; p < d; p++) {
          for (let q = 0; q < d; q++) {
            const cov = rows.reduce((s, r) => s + (r[p] - mean[p]) * (r[q] - mean[q]), 0) / (m - 1);
            // sd of a sample covariance: √((S_pp S_qq + S_pq²) / m).
            const sd = Math.sqrt((S[p][p] * S[q][q] + S[p][q] ** 2) / m);
            assert.ok(Math.abs(cov - S[p][q]) < 5 * sd, `covariance (${p}, ${q}) of component ${j}: ${cov} vs ${S[p][q]}`);
          }
        }
      }
    });
  }
  test("n must be a positive integer", () => {
    const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    assert.throws(() => gm.sample(0), (e: unknown) => e instanceof GmmInputError && e.argument === "n");
    assert.throws(() => gm.sample(1.5), GmmInputError);
  });
});

describe("properties", () => {
  for (const covarianceType of TYPES) {
    test(`predictProba rows sum to 1, score is the mean of scoreSamples, predict its argmax (${covarianceType})`, () => {
      for (let seed = 0; seed < 4; seed++) {
        const gm = new GaussianMixture({ nComponents: 2 + seed, covarianceType, randomState: seed, initParams: "random_from_data" }).fit(X);
        const probe = threeClusters(60, 100 + seed).map((r) => [r[0] * 1.5 - 1, r[1] * 1.5 - 1]);
        const proba = gm.predictProba(probe);
        const labels = gm.predict(probe);
        proba.forEach((row, i) => {
          assert.equal(row.length, 2 + seed);
          assert.ok(row.every((p) => p >= 0 && p <= 1));
          assert.ok(Math.abs(row.reduce((s, p) => s + p, 0) - 1) < 1e-12, `row ${i} sums to 1`);
          assert.equal(labels[i], row.indexOf(Math.max(...row)));
        });
        const s = gm.scoreSamples(probe);
        const mean = s.reduce((a, b) => a + b, 0) / s.length;
        assert.ok(Math.abs(gm.score(probe) - mean) < 1e-12);
        // BIC and AIC from the score and the parameter count.
        const p = gm.nParameters();
        assert.ok(Math.abs(gm.bic(X) - (-2 * gm.score(X) * X.length + p * Math.log(X.length))) < 1e-9);
        assert.ok(Math.abs(gm.aic(X) - (-2 * gm.score(X) * X.length + 2 * p)) < 1e-9);
      }
    });
  }
  test("free parameters per covariance type (k = 2, d = 3), as scikit-learn's _n_parameters", () => {
    const X3 = X.map((r, i) => [r[0], r[1], (i % 7) * 0.3 + r[0] * 0.1]);
    const counts = Object.fromEntries(TYPES.map((t) => [t, new GaussianMixture({ nComponents: 2, covarianceType: t, randomState: 0 }).fit(X3).nParameters()]));
    assert.deepEqual(counts, { full: 19, tied: 13, diag: 13, spherical: 9 });
  });
  test("fitPredict(X) equals fit(X).predict(X)", () => {
    const a = new GaussianMixture({ nComponents: 3, randomState: 2, maxIter: 3 });
    const labels = quietly(() => a.fitPredict(X));
    assert.deepEqual(labels, a.predict(X));
  });
  test("EM never lowers the lower bound (every covariance type)", () => {
    for (const covarianceType of TYPES) {
      const trace: number[] = [];
      quietly(() => new GaussianMixture({ nComponents: 4, covarianceType, initParams: "random", randomState: 3, tol: 1e-8, onIteration: (_i, lb) => trace.push(lb) }).fit(X));
      assert.ok(trace.length > 5);
      for (let i = 1; i < trace.length; i++) assert.ok(trace[i] >= trace[i - 1] - 1e-12, `${covarianceType}: iteration ${i + 1}`);
    }
  });
  test("tied: one covariance for all components; diag and spherical: diagonal", () => {
    const tied = new GaussianMixture({ nComponents: 3, covarianceType: "tied", randomState: 0 }).fit(X);
    assert.equal((tied.covariances as number[][]).length, 2);
    const sph = new GaussianMixture({ nComponents: 3, covarianceType: "spherical", randomState: 0 }).fit(X);
    assert.equal((sph.covariances as number[]).length, 3);
    assert.ok((sph.precisionsCholesky as number[]).every((p, j) => Math.abs(p - 1 / Math.sqrt((sph.covariances as number[])[j])) < 1e-12));
  });
});

describe("the fitting loop", () => {
  test("warmStart continues where the last fit stopped: 3 + 3 iterations equal 6", () => {
    const start = { nComponents: 3, randomState: 0, weightsInit: [0.2, 0.3, 0.5], meansInit: [[0, 1], [5, 0], [1, 6]], tol: 0 };
    const once: number[] = [];
    const six = new GaussianMixture({ ...start, maxIter: 6, onIteration: (_i, lb) => once.push(lb) });
    const twice: number[] = [];
    const warm = new GaussianMixture({ ...start, maxIter: 3, warmStart: true, onIteration: (_i, lb) => twice.push(lb) });
    quietly(() => six.fit(X));
    quietly(() => warm.fit(X).fit(X));
    assert.deepEqual(twice, once);
    assert.deepEqual(warm.means, six.means);
    assert.deepEqual(warm.covariances, six.covariances);
    assert.equal(warm.nIter, 3);
  });
  test("starting parameters may be a Matrix or a Float64Array, copied", () => {
    const means = [[0, 1], [5, 0], [1, 6]];
    const plain = new GaussianMixture({ nComponents: 3, randomState: 0, weightsInit: [0.2, 0.3, 0.5], meansInit: means }).fit(X);
    const meansMatrix = new Matrix(means);
    const typed = new GaussianMixture({ nComponents: 3, randomState: 0, weightsInit: Float64Array.from([0.2, 0.3, 0.5]), meansInit: meansMatrix });
    meansMatrix.set(0, 0, 100); // after construction: not seen by the model
    typed.fit(X);
    assert.deepEqual(typed.means, plain.means);
    assert.deepEqual(typed.options.meansInit, means);
  });
  test("nInit keeps the initialisation with the highest final lower bound", () => {
    const finals: number[] = [];
    let last = -Infinity;
    const gm = new GaussianMixture({
      nComponents: 4, nInit: 5, initParams: "random_from_data", randomState: 11,
      onIteration: (i, lb) => {
        if (i === 1 && last !== -Infinity) finals.push(last);
        last = lb;
      },
    }).fit(X);
    finals.push(last);
    assert.equal(finals.length, 5);
    assert.equal(gm.lowerBound, Math.max(...finals));
    assert.ok(new Set(finals.map((v) => v.toFixed(6))).size > 1, "the initialisations differ");
  });
  test("maxIter 0 keeps the initial parameters and does not warn", () => {
    let gm!: GaussianMixture;
    const warnings = convergenceWarnings(() => {
      gm = new GaussianMixture({ nComponents: 2, maxIter: 0, weightsInit: [0.5, 0.5], meansInit: [[0, 0], [6, 1]], precisionsInit: [[[1, 0], [0, 1]], [[2, 0], [0, 2]]] }).fit(X);
    });
    assert.deepEqual(warnings, []);
    assert.equal(gm.nIter, 0);
    assert.deepEqual(gm.means, [[0, 0], [6, 1]]);
    // The covariances are the inverses of precisionsInit.
    const expected = [[[1, 0], [0, 1]], [[0.5, 0], [0, 0.5]]];
    (gm.covariances as number[][][]).forEach((S, j) => S.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - expected[j][r][c]) < 1e-15))));
  });
  test("a fit that does not converge warns once, whatever nInit", () => {
    let gm!: GaussianMixture;
    const warnings = convergenceWarnings(() => {
      gm = new GaussianMixture({ nComponents: 3, maxIter: 2, nInit: 4, initParams: "random_from_data", randomState: 0 }).fit(X);
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /did not converge in maxIter = 2/);
    assert.equal(gm.converged, false);
    assert.equal(gm.nIter, 2);
    const none = convergenceWarnings(() => {
      gm = new GaussianMixture({ nComponents: 3, randomState: 0 }).fit(X);
    });
    assert.ok(gm.converged);
    assert.deepEqual(none, []);
  });
  test("the same randomState gives the same fit; k-means, k-means++, random and random_from_data all find the three clusters", () => {
    for (const initParams of ["kmeans", "k-means++", "random", "random_from_data"] as const) {
      const a = new GaussianMixture({ nComponents: 3, initParams, randomState: 5, nInit: 3 }).fit(X);
      const b = new GaussianMixture({ nComponents: 3, initParams, randomState: 5, nInit: 3 }).fit(X);
      assert.deepEqual(a.means, b.means);
      const found = a.means.map((m) => m.map((v) => Math.round(v)).join(",")).sort();
      assert.deepEqual(found, ["0,0", "2,7", "6,1"], initParams);
    }
  });
});

describe("bad input: a typed error naming the problem", () => {
  const fitted = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
  const isInput = (argument: string, pattern?: RegExp) => (e: unknown) =>
    e instanceof GmmInputError && e.argument === argument && (pattern === undefined || pattern.test(e.message));
  test("predict, predictProba, scoreSamples, score, bic, aic, sample before fit", () => {
    const gm = new GaussianMixture();
    for (const call of [() => gm.predict(X), () => gm.predictProba(X), () => gm.scoreSamples(X), () => gm.score(X), () => gm.bic(X), () => gm.aic(X), () => gm.sample(3)]) {
      assert.throws(call, (e: unknown) => e instanceof GmmNotFittedError && /not fitted/.test((e as Error).message));
    }
  });
  test("wrong number of features at predict", () => {
    assert.throws(() => fitted.predict([[1, 2, 3]]), isInput("X", /3 features.*fitted on 2/));
    assert.throws(() => fitted.score([[1]]), isInput("X", /1 features/));
  });
  test("nComponents greater than the number of samples", () => {
    assert.throws(() => new GaussianMixture({ nComponents: 5 }).fit(X.slice(0, 4)), isInput("options.nComponents", /more than the 4 samples/));
    assert.throws(() => new GaussianMixture().fit([[1, 2]]), isInput("X", /at least 2/));
  });
  test("unknown option names (a typo is an error)", () => {
    assert.throws(() => new GaussianMixture({ nComponent: 2 } as never), isInput("options.nComponent", /not a known option/));
    assert.throws(() => new GaussianMixture({ covariance_type: "full" } as never), isInput("options.covariance_type"));
  });
  test("option values", () => {
    assert.throws(() => new GaussianMixture({ nComponents: 0 }), isInput("options.nComponents"));
    assert.throws(() => new GaussianMixture({ nComponents: 1.5 }), isInput("options.nComponents"));
    assert.throws(() => new GaussianMixture({ covarianceType: "ful" as never }), isInput("options.covarianceType", /"full"/));
    assert.throws(() => new GaussianMixture({ initParams: "kmeans++" as never }), isInput("options.initParams"));
    assert.throws(() => new GaussianMixture({ tol: -1 }), isInput("options.tol"));
    assert.throws(() => new GaussianMixture({ regCovar: NaN }), isInput("options.regCovar"));
    assert.throws(() => new GaussianMixture({ maxIter: -1 }), isInput("options.maxIter"));
    assert.throws(() => new GaussianMixture({ nInit: 0 }), isInput("options.nInit"));
    assert.throws(() => new GaussianMixture({ randomState: -1 }), isInput("options.randomState"));
    assert.throws(() => new GaussianMixture({ randomState: 2 ** 32 }), isInput("options.randomState"));
    assert.throws(() => new GaussianMixture({ warmStart: 1 as never }), isInput("options.warmStart"));
    assert.throws(() => new GaussianMixture({ onIteration: "log" as never }), isInput("options.onIteration"));
  });
  test("starting parameters of the wrong shape or value", () => {
    const fit = (o: object) => () => new GaussianMixture({ nComponents: 2, ...o }).fit(X);
    assert.throws(fit({ weightsInit: [1] }), isInput("options.weightsInit", /shape \(2,\)/));
    assert.throws(fit({ weightsInit: [0.7, 0.7] }), isInput("options.weightsInit", /sums to 1.4/));
    assert.throws(fit({ weightsInit: [1.5, -0.5] }), isInput("options.weightsInit[0]", /outside \[0, 1\]/));
    assert.throws(fit({ meansInit: [[0, 0]] }), isInput("options.meansInit", /shape \(2, 2\)/));
    assert.throws(fit({ meansInit: [[0, 0], [0]] }), isInput("options.meansInit[1]", /2 values/));
    assert.throws(fit({ meansInit: [[0, 0], [0, NaN]] }), isInput("options.meansInit[1][1]", /finite/));
    assert.throws(fit({ precisionsInit: [[[1, 0], [0, 1]]] }), isInput("options.precisionsInit", /\(2, 2, 2\)/));
    assert.throws(fit({ precisionsInit: [[[1, 0], [0, 1]], [[1, 2], [2, 1]]] }), isInput("options.precisionsInit[1]", /positive definite/));
    assert.throws(fit({ precisionsInit: [[[1, 0], [0, 1]], [[1, 0.5], [0, 1]]] }), isInput("options.precisionsInit[1][1][0]", /symmetric/));
    assert.throws(fit({ covarianceType: "diag", precisionsInit: [[1, 1], [1, 0]] }), isInput("options.precisionsInit[1][1]", /positive/));
    assert.throws(fit({ covarianceType: "spherical", precisionsInit: [1, 1, 1] }), isInput("options.precisionsInit", /\(2,\)/));
    assert.throws(fit({ covarianceType: "tied", precisionsInit: [[1, 0], [0, -1]] }), isInput("options.precisionsInit", /positive definite/));
  });
  test("the core's checks on X: empty, ragged, not finite", () => {
    const gm = new GaussianMixture();
    assert.throws(() => gm.fit([]), isInput("X", /empty/));
    assert.throws(() => gm.fit([[1, 2], [3]]), isInput("X[1]", /ragged/));
    assert.throws(() => gm.fit([[1, 2], [3, Infinity]]), isInput("X[1][1]", /finite/));
    assert.throws(() => fitted.predict([[1, NaN]]), isInput("X[0][1]", /finite/));
  });
  test("a collapsed component without regularisation is a GmmSingularCovarianceError", () => {
    const dup = [[0, 0], [0, 0], [0, 0], [5, 5], [5, 6], [6, 5]];
    assert.throws(
      () => new GaussianMixture({ nComponents: 2, regCovar: 0, meansInit: [[0, 0], [5, 5]], weightsInit: [0.5, 0.5] }).fit(dup),
      (e: unknown) => e instanceof GmmSingularCovarianceError && (e.component === 0 || e.component === 1) && /regCovar/.test((e as Error).message),
    );
  });
});

describe("threads", () => {
  test("the fit is the same, bit for bit, on 1, 2 and 3 threads; a bad thread count is a typed error", () => {
    const rng = new NumpyRandomState(12);
    const n = 20_000;
    const data = new Float64Array(n * 2).map((_, i) => rng.standardNormal() * (1 + (i % 2)) + (Math.floor(i / 2) % 3) * 3);
    const X = { data, columns: 2 };
    const fit = (threads: number) => new GaussianMixture({ nComponents: 3, randomState: 4, threads, tol: 1e-8 }).fit(X);
    const one = fit(1);
    for (const threads of [2, 3]) {
      const many = fit(threads);
      assert.deepEqual(many.means, one.means);
      assert.deepEqual(many.covariances, one.covariances);
      assert.equal(many.lowerBound, one.lowerBound);
      assert.equal(many.nIter, one.nIter);
    }
    assert.ok(one.nIter > 2);
    assert.throws(() => new GaussianMixture({ threads: 0 }), /^GmmInputError|options\.threads: must be a positive integer/);
  });
});
