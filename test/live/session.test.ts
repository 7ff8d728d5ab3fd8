// The live page's model without the page: its data are the library's (numpy's points), a step is
// applyGmm's step, it stops where applyGmm stops, a collapse is kept as the library's error, and
// every wrong value is rejected with the library's message naming it.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { GmmParams } from "../../src/em/params";
import { eStepResponsibilities } from "../../src/em/responsibilities";
import { applyGmm, GmmInputError, generateData, logGauss, makeBlobs } from "../../src/index";
import { liveDataPoints } from "../../src/live/live-data";
import { LiveSession, POOR_START } from "../../src/live/session";

const rowsOf = (r: Float64Array, k: number) =>
  Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k)));

test("the data kinds: the original's points (numpy), the unequal clusters, the notebook's k = 3 blobs, make_blobs; seedrandom and a given split", () => {
  const base = {
    seed: 42,
    rng: "numpy",
    nSamples: 400,
    nSamples1: null,
    variance1: 3,
    variance2: 1,
    centers: 3,
  } as const;
  const original = liveDataPoints({ ...base, kind: "original" });
  assert.deepEqual(
    original.to2DArray(),
    generateData({ variance1: 3, variance2: 1, rng: "numpy" }).to2DArray(),
    "the notebook's very points",
  );
  const unequal = liveDataPoints({ ...base, kind: "unequal", seed: 7, nSamples: 240 });
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
  const blobs = liveDataPoints({ ...base, kind: "blobs", seed: 3, nSamples: 300, centers: 4 });
  assert.deepEqual(
    blobs.to2DArray(),
    makeBlobs({ nSamples: 300, centers: 4, randomState: 3, rng: "numpy" }).X.to2DArray(),
  );
  // The notebook's k = 3 section: its makeBlobs call, with the notebook's seed and rng.
  const lesson = liveDataPoints({ ...base, kind: "lessonBlobs", nSamples: 300 });
  const notebookBlobs = makeBlobs({
    nSamples: 300,
    centers: [
      [-5, -3],
      [5, -3],
      [0, 5],
    ],
    clusterStd: 1,
    randomState: 42,
    rng: "numpy",
  }).X.to2DArray();
  assert.deepEqual(lesson.to2DArray(), notebookBlobs);
  // Three clusters around the notebook's centres: every point within 5σ of one of them.
  for (const [x, y] of notebookBlobs)
    assert.ok(Math.min(Math.hypot(x + 5, y + 3), Math.hypot(x - 5, y + 3), Math.hypot(x, y - 5)) < 5);
  const split = liveDataPoints({ ...base, kind: "original", rng: "seedrandom", seed: 7, nSamples1: 300, variance1: 2 });
  assert.deepEqual(
    split.to2DArray(),
    generateData({
      nSamples1: 300,
      nSamples2: 100,
      variance1: 2,
      variance2: 1,
      randomState: 7,
      rng: "seedrandom",
    }).to2DArray(),
  );
  assert.notDeepEqual(split.to2DArray().slice(0, 5), original.to2DArray().slice(0, 5));
  // A new size or kind splits as the kind does; a new seed keeps the given split.
  const session = new LiveSession({ data: { nSamples1: 300 } });
  session.setData({ seed: 8 });
  assert.equal(session.data.nSamples1, 300);
  session.setData({ nSamples: 200 });
  assert.equal(session.data.nSamples1, null);
  assert.deepEqual(
    session.X.to2DArray(),
    generateData({
      nSamples1: 100,
      nSamples2: 100,
      variance1: 3,
      variance2: 1,
      randomState: 8,
      rng: "numpy",
    }).to2DArray(),
  );
  session.close();
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
  // The responsibilities drawn with coef[i] after a full step are the E-step that estimated it: rvals[i].
  assert.deepEqual(rowsOf(session.responsibilities!, 2), expected.rvals[expected.nIter]!.to2DArray());
  assert.equal(session.step(), false, "a converged run does not step");
  assert.equal(session.eStep(), false, "nor takes a half-step");

  session.setRunOptions({ tol: null, maxIter: 7 });
  assert.equal(session.iteration, 0, "new options start again");
  while (session.step());
  assert.equal(session.status, "max-iter");
  assert.equal(session.iteration, 7);
});

/** The correct M-step from responsibilities, written out: N_j = Σ_i r_ij, pi_j = N_j / n, mu_j, Sigma_j weighted by r_ij / N_j. */
function mStepOf(X: number[][], r: number[][]): GmmParams {
  const k = r[0].length;
  const N = Array.from({ length: k }, (_, j) => r.reduce((s, row) => s + row[j], 0));
  const mu = N.map((Nj, j) => [0, 1].map((a) => X.reduce((s, x, i) => s + r[i][j] * x[a], 0) / Nj));
  const Sigma = N.map((Nj, j) =>
    [0, 1].map((a) =>
      [0, 1].map((b) => X.reduce((s, x, i) => s + r[i][j] * (x[a] - mu[j][a]) * (x[b] - mu[j][b]), 0) / Nj),
    ),
  );
  return { pi: N.map((Nj) => Nj / X.length), mu, Sigma };
}

/** The bound L(q, θ) = Σ_i Σ_j q_ij (log π_j + log N(x_i | μ_j, Σ_j) − log q_ij), a q_ij of 0 adding nothing. */
function lowerBound(X: number[][], q: number[][], p: GmmParams): number {
  const logs = p.pi.map((_, j) => logGauss(X, p.mu[j], p.Sigma[j]));
  return q.reduce(
    (sum, row, i) =>
      sum + row.reduce((s, r, j) => (r > 0 ? s + r * (Math.log(p.pi[j]) + logs[j][i] - Math.log(r)) : s), 0),
    0,
  );
}

/** |a − b| / max(1, |b|) over nested arrays of numbers. */
function maxRel(a: unknown, b: unknown): number {
  const x = [a].flat(4) as number[],
    y = [b].flat(4) as number[];
  assert.equal(x.length, y.length);
  return Math.max(0, ...x.map((v, i) => Math.abs(v - y[i]) / Math.max(1, Math.abs(y[i]))));
}

test("half-steps: E, M, E, M … is applyGmm's run; E gives the E-step's responsibilities and keeps θ and ℓ (L = ℓ), M the M-step's parameters and keeps q; ℓ never falls", () => {
  const maxIter = 40;
  const session = new LiveSession({ run: { tol: null, maxIter } });
  const X = session.X.to2DArray();
  const expected = applyGmm(session.X, POOR_START.pi, POOR_START.mu, POOR_START.Sigma, { maxIter });
  assert.equal(session.nextHalf, "e");
  assert.equal(session.responsibilities, null, "no E-step yet");
  assert.equal(session.mStep(), false, "the M-step waits for an E-step");
  for (let t = 0; t < maxIter; t++) {
    const theta = session.params;
    assert.deepEqual(theta, expected.coef[t]);
    const ll = session.logLikelihood[t];
    assert.equal(ll, expected.logLikelihood[t]);

    assert.equal(session.eStep(), true);
    assert.equal(session.eStep(), false, "one E-step, then the M-step");
    assert.equal(session.nextHalf, "m");
    assert.equal(session.iteration, t, "an iteration counts when its M-step is done");
    assert.deepEqual(session.params, theta, "the E-step leaves the parameters");
    assert.deepEqual(session.logLikelihood.length, t + 1, "and ℓ, theirs");
    const q = rowsOf(session.responsibilities!, 2);
    assert.ok(maxRel(q, eStepResponsibilities(session.X, theta).to2DArray()) <= 1e-12, `E-step ${t + 1}`);
    assert.deepEqual(q, expected.rvals[t + 1]!.to2DArray());
    const bound = lowerBound(X, q, theta);
    assert.ok(Math.abs(bound - ll) <= 1e-12 * Math.abs(ll), `after E-step ${t + 1}, L = ${bound}, ℓ = ${ll}`);

    assert.equal(session.mStep(), true);
    assert.equal(session.nextHalf, "e");
    assert.equal(session.iteration, t + 1);
    assert.deepEqual(rowsOf(session.responsibilities!, 2), q, "the M-step leaves the responsibilities");
    const next = session.params;
    const written = mStepOf(X, q);
    assert.ok(
      maxRel([next.pi, next.mu, next.Sigma], [written.pi, written.mu, written.Sigma]) <= 1e-12,
      `M-step ${t + 1}`,
    );
    assert.deepEqual(next, expected.coef[t + 1]);
    const nextLl = session.logLikelihood[t + 1];
    assert.equal(nextLl, expected.logLikelihood[t + 1]);
    // The M-step raises L(q, ·) from ℓ(θ), and ℓ(θ_new) lies above L(q, θ_new): EM never lowers ℓ.
    const rounding = X.length * Number.EPSILON * Math.abs(ll);
    const raised = lowerBound(X, q, next);
    assert.ok(raised >= ll - rounding, `M-step ${t + 1}: L(q, θ_new) = ${raised} ≥ ℓ(θ_old) = ${ll}`);
    assert.ok(nextLl >= raised - rounding, `M-step ${t + 1}: ℓ(θ_new) = ${nextLl} ≥ L(q, θ_new) = ${raised}`);
  }
  assert.equal(session.status, "max-iter");
  assert.equal(session.eStep(), false);
  session.close();
});

test("a full step from half-way ends the iteration (the M-step); from an iteration's end it is E then M, as the half-steps", () => {
  const halves = new LiveSession({ run: { tol: null, maxIter: 10 } });
  const steps = new LiveSession({ run: { tol: null, maxIter: 10 } });
  assert.equal(steps.eStep(), true);
  assert.equal(steps.step(), true);
  assert.equal(steps.iteration, 1);
  assert.equal(steps.nextHalf, "e");
  halves.eStep();
  halves.mStep();
  for (let i = 0; i < 4; i++) {
    steps.step();
    halves.eStep();
    halves.mStep();
  }
  assert.equal(steps.iteration, 5);
  assert.deepEqual(steps.params, halves.params);
  assert.deepEqual(steps.responsibilities, halves.responsibilities);
  assert.deepEqual(steps.logLikelihood, halves.logLikelihood);
  // A new start goes back to the E-step, with no responsibilities.
  steps.eStep();
  steps.poorStart();
  assert.equal(steps.nextHalf, "e");
  assert.equal(steps.responsibilities, null);
  assert.equal(steps.iteration, 0);
  steps.close();
  halves.close();
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
