// GaussianMixture's fit: properties of the fitted model, the fitting loop (warm start, nInit, warnings), threads.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Matrix } from "ml-matrix";
import { NumpyRandomState } from "../../src/data/numpy-random";
import { GmmInputError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { convergenceWarnings, quietly, TYPES, threeClusters, X } from "../helpers/estimator";

describe("properties", () => {
  for (const covarianceType of TYPES) {
    test(`predictProba rows sum to 1, score is the mean of scoreSamples, predict its argmax (${covarianceType})`, () => {
      for (let seed = 0; seed < 4; seed++) {
        const gm = new GaussianMixture({
          nComponents: 2 + seed,
          covarianceType,
          randomState: seed,
          initParams: "random_from_data",
        }).fit(X);
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
    const counts = Object.fromEntries(
      TYPES.map((t) => [
        t,
        new GaussianMixture({ nComponents: 2, covarianceType: t, randomState: 0 }).fit(X3).nParameters(),
      ]),
    );
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
      quietly(() =>
        new GaussianMixture({
          nComponents: 4,
          covarianceType,
          initParams: "random",
          randomState: 3,
          tol: 1e-8,
          onIteration: (_i, lb) => trace.push(lb),
        }).fit(X),
      );
      assert.ok(trace.length > 5);
      for (let i = 1; i < trace.length; i++)
        assert.ok(trace[i] >= trace[i - 1] - 1e-12, `${covarianceType}: iteration ${i + 1}`);
    }
  });
  test("tied: one covariance for all components; diag and spherical: diagonal", () => {
    const tied = new GaussianMixture({ nComponents: 3, covarianceType: "tied", randomState: 0 }).fit(X);
    assert.equal((tied.covariances as number[][]).length, 2);
    const sph = new GaussianMixture({ nComponents: 3, covarianceType: "spherical", randomState: 0 }).fit(X);
    assert.equal((sph.covariances as number[]).length, 3);
    assert.ok(
      (sph.precisionsCholesky as number[]).every(
        (p, j) => Math.abs(p - 1 / Math.sqrt((sph.covariances as number[])[j])) < 1e-12,
      ),
    );
  });
});

describe("the fitting loop", () => {
  test("warmStart continues where the last fit stopped: 3 + 3 iterations equal 6", () => {
    const start = {
      nComponents: 3,
      randomState: 0,
      weightsInit: [0.2, 0.3, 0.5],
      meansInit: [
        [0, 1],
        [5, 0],
        [1, 6],
      ],
      tol: 0,
    };
    const once: number[] = [];
    const six = new GaussianMixture({ ...start, maxIter: 6, onIteration: (_i, lb) => once.push(lb) });
    const twice: number[] = [];
    const warm = new GaussianMixture({
      ...start,
      maxIter: 3,
      warmStart: true,
      onIteration: (_i, lb) => twice.push(lb),
    });
    quietly(() => six.fit(X));
    quietly(() => warm.fit(X).fit(X));
    assert.deepEqual(twice, once);
    assert.deepEqual(warm.means, six.means);
    assert.deepEqual(warm.covariances, six.covariances);
    assert.equal(warm.nIter, 3);
  });
  test("starting parameters may be a Matrix or a Float64Array, copied", () => {
    const means = [
      [0, 1],
      [5, 0],
      [1, 6],
    ];
    const plain = new GaussianMixture({
      nComponents: 3,
      randomState: 0,
      weightsInit: [0.2, 0.3, 0.5],
      meansInit: means,
    }).fit(X);
    const meansMatrix = new Matrix(means);
    const typed = new GaussianMixture({
      nComponents: 3,
      randomState: 0,
      weightsInit: Float64Array.from([0.2, 0.3, 0.5]),
      meansInit: meansMatrix,
    });
    meansMatrix.set(0, 0, 100); // after construction: not seen by the model
    typed.fit(X);
    assert.deepEqual(typed.means, plain.means);
    assert.deepEqual(typed.options.meansInit, means);
  });
  test("nInit keeps the initialisation with the highest final lower bound", () => {
    const finals: number[] = [];
    let last = -Infinity;
    const gm = new GaussianMixture({
      nComponents: 4,
      nInit: 5,
      initParams: "random_from_data",
      randomState: 11,
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
      gm = new GaussianMixture({
        nComponents: 2,
        maxIter: 0,
        weightsInit: [0.5, 0.5],
        meansInit: [
          [0, 0],
          [6, 1],
        ],
        precisionsInit: [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [2, 0],
            [0, 2],
          ],
        ],
      }).fit(X);
    });
    assert.deepEqual(warnings, []);
    assert.equal(gm.nIter, 0);
    assert.deepEqual(gm.means, [
      [0, 0],
      [6, 1],
    ]);
    // The covariances are the inverses of precisionsInit.
    const expected = [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0.5, 0],
        [0, 0.5],
      ],
    ];
    (gm.covariances as number[][][]).forEach((S, j) =>
      S.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - expected[j][r][c]) < 1e-15))),
    );
  });
  test("a fit that does not converge warns once, whatever nInit", () => {
    let gm!: GaussianMixture;
    const warnings = convergenceWarnings(() => {
      gm = new GaussianMixture({
        nComponents: 3,
        maxIter: 2,
        nInit: 4,
        initParams: "random_from_data",
        randomState: 0,
      }).fit(X);
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

describe("threads", () => {
  test("the fit is the same, bit for bit, on 1, 2 and 3 threads", () => {
    const rng = new NumpyRandomState(12);
    const n = 20_000;
    const data = new Float64Array(n * 2).map(
      (_, i) => rng.standardNormal() * (1 + (i % 2)) + (Math.floor(i / 2) % 3) * 3,
    );
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
  });

  test("a thread count that is not a positive integer is a GmmInputError naming options.threads, with the value", () => {
    for (const [threads, shown] of [
      [0, "0"],
      [-2, "-2"],
      [1.5, "1.5"],
      [Number.NaN, "NaN"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      ["2", '"2"'],
    ] as const) {
      assert.throws(
        () => new GaussianMixture({ threads: threads as number }),
        (e: unknown) => {
          assert.ok(e instanceof GmmInputError, `threads ${shown}: ${String(e)}`);
          assert.equal(e.argument, "options.threads");
          assert.equal(e.message, `options.threads: must be a positive integer (a thread count), got ${shown}`);
          return true;
        },
      );
    }
  });
});
