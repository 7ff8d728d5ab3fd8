// GaussianMixture against scikit-learn 1.2's fits (test/reference/make-estimator.py).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { fixture } from "../helpers/fixtures";

const TOL = 1e-6;
const fixtures = (name: string) => fixture<{ cases: Case[] }>(`estimator/${name}.json`).cases;

interface Case {
  name: string;
  X: number[][];
  XTest: number[][];
  options: Record<string, unknown>;
  trace: number[];
  weights: number[];
  means: number[][];
  covariances: unknown;
  precisions: unknown;
  precisionsCholesky: unknown;
  lowerBound: number;
  nIter: number;
  converged: boolean;
  predictTest: number[];
  predictProbaTest: number[][];
  scoreSamplesTest: number[];
  score: number;
  bic: number;
  aic: number;
}

/** Asserts two nested arrays of numbers have the same shape and agree to `tol`. */
function assertClose(actual: unknown, expected: unknown, what: string, tol = TOL): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${what}: not a number`);
    assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: ${actual} vs scikit-learn ${expected}`);
    return;
  }
  assert.ok(Array.isArray(expected));
  const a = ArrayBuffer.isView(actual) ? Array.from(actual as Float64Array) : actual;
  assert.ok(Array.isArray(a), `${what}: not an array`);
  assert.equal(a.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => assertClose(a[i], e, `${what}[${i}]`, tol));
}

function checkCase(c: Case): void {
  const trace: number[] = [];
  const gm = new GaussianMixture({ ...c.options, onIteration: (_i, lb) => trace.push(lb) });
  gm.fit(c.X);
  assert.equal(gm.nIter, c.nIter, "nIter");
  assert.equal(gm.converged, c.converged, "converged");
  // The first E-step after a point initialisation ("random_from_data", "k-means++") runs with
  // variances of regCovar = 1e-6, where scikit-learn's diag/spherical formula
  // (E[x²] − 2 μ E[x] + μ², cancelling) leaves noise of eps·x² ≈ 1e-13: lower bounds near −1e6
  // then agree to 1e-7 relative, not absolute. Compare those relatively; the rest absolutely.
  c.trace.forEach((expected, i) =>
    assertClose(
      trace[i],
      expected,
      `lower bound of iteration ${i + 1} (onIteration)`,
      TOL * Math.max(1, Math.abs(expected)),
    ),
  );
  assert.equal(trace.length, c.trace.length, "iterations reported by onIteration");
  assertClose(gm.lowerBound, c.lowerBound, "lowerBound");
  assertClose(gm.weights, c.weights, "weights");
  assertClose(gm.means, c.means, "means");
  assertClose(gm.covariances, c.covariances, "covariances");
  assertClose(gm.precisions, c.precisions, "precisions", TOL * 10);
  assertClose(gm.precisionsCholesky, c.precisionsCholesky, "precisionsCholesky");
  assert.deepEqual(Array.from(gm.predict(c.XTest)), c.predictTest, "predict");
  assertClose(gm.predictProba(c.XTest), c.predictProbaTest, "predictProba");
  assertClose(gm.scoreSamples(c.XTest), c.scoreSamplesTest, "scoreSamples");
  assertClose(gm.score(c.X), c.score, "score");
  assertClose(gm.bic(c.X), c.bic, "bic");
  assertClose(gm.aic(c.X), c.aic, "aic");
}

// Non-converged fits warn (tested in fitting.test.ts); keep this file's output quiet.
process.removeAllListeners("warning");
process.on("warning", (w) => {
  if ((w as { code?: string }).code !== "GMM_NOT_CONVERGED") console.warn(w);
});

describe("deterministic starts (weightsInit, meansInit, precisionsInit): scikit-learn step for step", () => {
  const cases = fixtures("deterministic");
  test("the fixtures cover every covariance type, d = 1..5 and converged and stopped fits", () => {
    const types = new Set(cases.map((c) => c.options.covarianceType));
    const dims = new Set(cases.map((c) => c.X[0].length));
    assert.deepEqual([...types].sort(), ["diag", "full", "spherical", "tied"]);
    assert.deepEqual([...dims].sort(), [1, 2, 3, 4, 5]);
    assert.ok(cases.some((c) => !c.converged) && cases.some((c) => c.converged && c.nIter > 5));
  });
  for (const c of cases) test(c.name, () => checkCase(c));
});

describe("seeded initialisations (random, random_from_data, k-means++; nInit 3): same numpy draws", () => {
  for (const c of fixtures("seeded")) test(c.name, () => checkCase(c));
});

describe("k-means initialisation on well-separated clusters", () => {
  for (const c of fixtures("kmeans")) {
    test(c.name, () => {
      const gm = new GaussianMixture(c.options).fit(c.X);
      // The fitted log-likelihood, whatever the path (these Lloyd's iterations are not scikit-learn's in every detail).
      assertClose(gm.lowerBound, c.lowerBound, "lowerBound");
      assertClose(gm.score(c.X), c.score, "score");
      assertClose(gm.bic(c.X), c.bic, "bic");
      // Labels may be permuted: compare the means as a set.
      const key = (m: number[]) => m.map((v) => v.toFixed(4)).join(",");
      assert.deepEqual(gm.means.map(key).sort(), c.means.map(key).sort());
    });
  }
});
