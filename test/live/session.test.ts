// The live page's model without the page: its data are the library's (numpy's points), a step is
// applyGmm's step, it stops where applyGmm stops, a collapse is kept as the library's error, and
// every wrong value is rejected with the library's message naming it.

import assert from "node:assert/strict";
import { test } from "node:test";
import { applyGmm, GmmInputError, generateData, makeBlobs } from "../../src/index";
import { LiveSession, liveDataPoints, POOR_START } from "../../src/live/session";

const rowsOf = (r: Float64Array, k: number) =>
  Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k)));

test("the data kinds: the original's points (numpy), the unequal clusters, make_blobs", () => {
  const original = liveDataPoints({
    kind: "original",
    seed: 42,
    nSamples: 400,
    variance1: 3,
    variance2: 1,
    centers: 3,
  });
  assert.deepEqual(
    original.to2DArray(),
    generateData({ variance1: 3, variance2: 1, rng: "numpy" }).to2DArray(),
    "the notebook's very points",
  );
  const unequal = liveDataPoints({ kind: "unequal", seed: 7, nSamples: 240, variance1: 3, variance2: 1, centers: 3 });
  assert.deepEqual(
    unequal.to2DArray(),
    generateData({
      nSamples1: 40,
      nSamples2: 200,
      variance1: 3,
      variance2: 1,
      randomState: 7,
      rng: "numpy",
    }).to2DArray(),
  );
  const blobs = liveDataPoints({ kind: "blobs", seed: 3, nSamples: 300, variance1: 3, variance2: 1, centers: 4 });
  assert.deepEqual(
    blobs.to2DArray(),
    makeBlobs({ nSamples: 300, centers: 4, randomState: 3, rng: "numpy" }).X.to2DArray(),
  );
});

test("stepping gives applyGmm's parameters, ℓ and responsibilities, bit for bit, and stops where applyGmm stops", () => {
  const session = new LiveSession({ run: { tol: 1e-4 } });
  while (session.step());
  const expected = applyGmm(session.X, POOR_START.pi, POOR_START.mu, POOR_START.Sigma, { tol: 1e-4, maxIter: 100 });
  assert.equal(session.status, "converged");
  assert.equal(expected.converged, true);
  assert.equal(session.iteration, expected.nIter);
  assert.deepEqual(session.params, expected.coef[expected.nIter]);
  assert.deepEqual(session.logLikelihood, expected.logLikelihood);
  assert.deepEqual(
    session.meanPaths,
    expected.coef.map((c) => c.mu),
  );
  // The responsibilities drawn with coef[i] are the E-step under it: the next iteration's rvals.
  const next = applyGmm(session.X, POOR_START.pi, POOR_START.mu, POOR_START.Sigma, {
    maxIter: expected.nIter + 1,
    keep: [expected.nIter + 1],
  });
  assert.deepEqual(rowsOf(session.responsibilities!, 2), next.rvals[expected.nIter + 1]!.to2DArray());
  assert.equal(session.step(), false, "a converged run does not step");

  session.setRunOptions({ tol: null, maxIter: 7 });
  assert.equal(session.iteration, 0, "new options start again");
  while (session.step());
  assert.equal(session.status, "max-iter");
  assert.equal(session.iteration, 7);
});

test("the original's slips (variant original) step as applyGmm's variant, and need k = d", () => {
  const session = new LiveSession({ run: { variant: "original", tol: null, maxIter: 30 } });
  while (session.step());
  const expected = applyGmm(session.X, POOR_START.pi, POOR_START.mu, POOR_START.Sigma, {
    variant: "original",
    maxIter: 30,
  });
  assert.deepEqual(session.logLikelihood, expected.logLikelihood);
  assert.deepEqual(session.params, expected.coef[30]);
  session.setK(3);
  assert.equal(session.status, "invalid");
  assert.equal(session.problem?.argument, "options.variant");
  assert.match(session.problem!.message, /k = 3 and d = 2/);
  assert.equal(session.step(), false);
});

test("a collapse is kept as the library's error: the component, the iteration, and the regCovar cure", () => {
  const session = new LiveSession();
  const rows = session.X.to2DArray();
  const centre = [0, 1].map((c) => rows.reduce((s, x) => s + x[c], 0) / rows.length);
  const outer = rows.reduce((best, x) =>
    Math.hypot(x[0] - centre[0], x[1] - centre[1]) > Math.hypot(best[0] - centre[0], best[1] - centre[1]) ? x : best,
  );
  const start = {
    pi: [0.5, 0.5],
    mu: [centre, outer],
    Sigma: [
      [
        [3, 0],
        [0, 3],
      ],
      [
        [0.01, 0],
        [0, 0.01],
      ],
    ],
  };
  session.setStart(start);
  while (session.step());
  assert.equal(session.status, "collapsed");
  assert.equal(session.problem?.component, 1);
  assert.ok(
    session.problem!.iteration! >= 1 && session.problem!.iteration! <= 2,
    `iteration ${session.problem!.iteration}`,
  );
  assert.match(session.problem!.message, /^component 1 at iteration \d+: .*regCovar/);
  const before = session.iteration;
  assert.equal(session.step(), false, "a collapsed run does not step");
  assert.equal(session.iteration, before);
  session.setRunOptions({ regCovar: 1e-6 });
  while (session.step());
  assert.equal(session.status, "converged");
  assert.equal(session.problem, null);
});

test("wrong values are rejected with the library's messages, naming them; the data stay as they were", () => {
  const session = new LiveSession();
  const X = session.X.to2DArray();
  const dataCases: [Parameters<LiveSession["setData"]>[0], RegExp][] = [
    [{ seed: -1 }, /^options\.randomState: must be an integer from 0 to 2\^32 − 1/],
    [{ seed: 2 ** 32 }, /^options\.randomState: must be an integer from 0 to 2\^32 − 1/],
    [{ nSamples: 1.5 }, /^nSamples: must be an integer ≥ 2/],
    [{ nSamples: 6000 }, /^nSamples: is 6000; the page draws at most 5000 points/],
    [{ variance1: Number.NaN }, /^options\.variance1: must be a finite number ≥ 0/],
    [{ kind: "blobs", centers: 0 }, /^options\.centers: must be an integer ≥ 1/],
  ];
  const rejects = (change: () => void, message: RegExp) =>
    assert.throws(change, (e: unknown) => e instanceof GmmInputError && message.test(e.message), message.source);
  for (const [patch, message] of dataCases) {
    rejects(() => session.setData(patch), message);
    assert.deepEqual(session.X.to2DArray(), X);
  }
  rejects(() => session.setRunOptions({ tol: -1 }), /^options\.tol: must be a finite number ≥ 0/);
  rejects(() => session.setRunOptions({ maxIter: 2.5 }), /^options\.maxIter: must be an integer ≥ 0/);
  rejects(() => session.setK(7), /^k: is 7; the page shows at most 6 components/);

  const startCases: [Parameters<LiveSession["setStart"]>[0], string, RegExp][] = [
    [{ ...POOR_START, pi: [0.5, 0.6] }, "pi", /^pi: sums to 1\.1/],
    [{ ...POOR_START, pi: [0.1, 1.1] }, "pi", /^pi: sums to 1\.2, not 1/],
    [{ ...POOR_START, pi: [Number.NaN, 0.9] }, "pi[0]", /^pi\[0\]: is not a finite number/],
    [
      {
        ...POOR_START,
        mu: [
          [0, 0],
          [Number.NaN, 0],
        ],
      },
      "mu[1][0]",
      /^mu\[1\]\[0\]: is not a finite number/,
    ],
    [
      {
        ...POOR_START,
        Sigma: [
          POOR_START.Sigma[0],
          [
            [1, 2],
            [2, 1],
          ],
        ],
      },
      "Sigma[1]",
      /^Sigma\[1\]: .*positive definite/,
    ],
  ];
  for (const [start, argument, message] of startCases) {
    session.setStart(start);
    assert.equal(session.status, "invalid");
    assert.equal(session.problem?.argument, argument);
    assert.match(session.problem!.message, message);
    assert.equal(session.step(), false);
  }
  session.setRunOptions({ regCovar: -1 });
  assert.equal(session.problem?.argument, "options.regCovar");
});

test("k: kept means, new ones on the farthest points, equal weights; the poor start and the k-means++ start", () => {
  const session = new LiveSession();
  session.setK(4);
  const { pi, mu, Sigma } = session.start;
  assert.deepEqual(pi, [0.25, 0.25, 0.25, 0.25]);
  assert.deepEqual(mu.slice(0, 2), POOR_START.mu);
  const rows = session.X.to2DArray();
  assert.equal(session.readableStep, 0.01);
  const onAPoint = (m: number[]) => rows.some((x) => Math.abs(x[0] - m[0]) <= 0.005 && Math.abs(x[1] - m[1]) <= 0.005);
  for (const m of mu.slice(2)) {
    assert.ok(onAPoint(m), "a new mean sits on a data point (to the hundredth)");
    assert.deepEqual(
      m,
      m.map((v) => Number(v.toFixed(2))),
    );
  }
  assert.deepEqual(Sigma[3], POOR_START.Sigma[1]);
  session.setK(1);
  assert.deepEqual(session.start, { pi: [1], mu: [POOR_START.mu[0]], Sigma: [POOR_START.Sigma[0]] });
  session.poorStart();
  assert.deepEqual(session.start, POOR_START);

  session.setK(3);
  session.kmeansPlusPlusStart();
  // The estimator's k-means++ seeds: rows of X, as scikit-learn's kmeans_plusplus picks them for this seed.
  assert.equal(session.start.mu.length, 3);
  for (const m of session.start.mu) assert.ok(onAPoint(m), "a k-means++ seed is a data point (to the hundredth)");
  assert.equal(new Set(session.start.mu.map((m) => m.join())).size, 3);
  const again = new LiveSession();
  again.setK(3);
  again.kmeansPlusPlusStart();
  assert.deepEqual(again.start.mu, session.start.mu, "the same seed, the same start");
  assert.equal(session.status, "ready");
});
