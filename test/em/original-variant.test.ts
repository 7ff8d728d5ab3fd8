// variant "original": the original notebook's apply_gmm with its slips, against the Python run
// (test/fixtures/em/original-apply-gmm.json), and what the slips do.

import assert from "node:assert/strict";
import { test } from "node:test";
import { applyGmm, GmmInputError, generateData } from "../../src/index";
import { fixture } from "../helpers/fixtures";

const original = fixture("em/original-apply-gmm.json");

interface Case {
  name: string;
  X: number[][];
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
  maxIter: number;
  coef: { pi: number[]; mu: number[][]; Sigma: number[][][] }[];
  logLikelihood: number[];
  rvals: { iteration: number; r: number[][] }[];
}

/** Largest |a − b| / max(1, |b|) over two equally shaped nested arrays. */
function maxError(actual: unknown, expected: unknown): number {
  const a = [actual].flat(3) as number[],
    b = [expected].flat(3) as number[];
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

for (const c of original.cases as Case[]) {
  test(`variant "original" reproduces the Python apply_gmm at every iteration: ${c.name}`, () => {
    const res = applyGmm(c.X, c.pi, c.mu, c.Sigma, { maxIter: c.maxIter, variant: "original" });
    assert.equal(res.nIter, c.maxIter);
    assert.equal(res.coef.length, c.coef.length);
    for (let i = 0; i < c.coef.length; i++) {
      // The original keeps pi as the list it was given at coef[0] and numpy arrays later: values only.
      for (const key of ["pi", "mu", "Sigma"] as const) {
        const err = maxError(res.coef[i][key], c.coef[i][key]);
        assert.ok(err <= 1e-9, `${c.name}: coef[${i}].${key} differs by ${err}`);
      }
      // The true mixture log-likelihood under coef[i] (pi included), though the E-step ignored pi.
      const ll = res.logLikelihood[i],
        want = c.logLikelihood[i];
      assert.ok(Math.abs(ll - want) <= 1e-9 * Math.abs(want), `${c.name}: logLikelihood[${i}] ${ll} vs ${want}`);
    }
    for (const { iteration, r } of c.rvals) {
      const err = maxError(res.rvals[iteration]!.to2DArray(), r);
      assert.ok(err <= 1e-9, `${c.name}: rvals[${iteration}] differs by ${err}`);
    }
  });
}

test("the slips matter on the original's own data: lower final likelihood, and it even goes down", () => {
  const c = (original.cases as Case[]).find((k) => k.name === "original")!;
  const correct = applyGmm(c.X, c.pi, c.mu, c.Sigma, { maxIter: c.maxIter });
  const n = c.maxIter;
  assert.ok(
    correct.logLikelihood[n] > c.logLikelihood[n] + 0.1,
    `${correct.logLikelihood[n]} vs original ${c.logLikelihood[n]}`,
  );
  assert.ok(maxError(correct.coef[n].mu, c.coef[n].mu) > 1e-2);
  // EM never lowers the log-likelihood; the original's EM (numpy's numbers) does, at some iterations.
  const drops = (ll: number[]) => ll.filter((v, i) => i > 0 && v < ll[i - 1] - 1e-9 * Math.abs(v)).length;
  assert.equal(drops(correct.logLikelihood), 0);
  assert.ok(drops(c.logLikelihood) >= 5, `the original's log-likelihood drops ${drops(c.logLikelihood)} times`);
});

test("the original's data and start from the library alone (generateData rng numpy) match the Python run", () => {
  const c = (original.cases as Case[]).find((k) => k.name === "original")!;
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const res = applyGmm(
    X,
    [0.1, 0.9],
    [
      [0.1, 0],
      [0, 0],
    ],
    [
      [
        [0.1, 0],
        [0, 0.1],
      ],
      [
        [0.1, 0],
        [0, 0.1],
      ],
    ],
    { variant: "original" },
  );
  for (const i of [0, 1, 5, 10, 25, 40, 100]) {
    const err = maxError(res.coef[i].mu, c.coef[i].mu);
    assert.ok(err <= 1e-9, `coef[${i}].mu differs by ${err}`);
  }
});

test('variant "original" with k ≠ d is a typed error saying why (numpy cannot broadcast it either)', () => {
  assert.match(original.kNotDError, /could not be broadcast/);
  const X = generateData({ nSamples1: 20, nSamples2: 20 });
  assert.throws(
    () =>
      applyGmm(
        X,
        [0.2, 0.3, 0.5],
        [
          [0, 0],
          [1, 1],
          [-1, -1],
        ],
        [0, 1, 2].map(() => [
          [1, 0],
          [0, 1],
        ]),
        { variant: "original" },
      ),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "options.variant" &&
      /k equals d/.test(e.message) &&
      /k = 3 and d = 2/.test(e.message),
  );
  // The correct EM has no such restriction.
  const ok = applyGmm(
    X,
    [0.2, 0.3, 0.5],
    [
      [0, 0],
      [1, 1],
      [-1, -1],
    ],
    [0, 1, 2].map(() => [
      [1, 0],
      [0, 1],
    ]),
    { maxIter: 3 },
  );
  assert.equal(ok.coef.length, 4);
  // k = 1 broadcasts in numpy too, and then both variants are the same EM.
  const one = applyGmm(
    X,
    [1],
    [[0.5, 0]],
    [
      [
        [1, 0],
        [0, 1],
      ],
    ],
    { maxIter: 2, variant: "original" },
  );
  const oneCorrect = applyGmm(
    X,
    [1],
    [[0.5, 0]],
    [
      [
        [1, 0],
        [0, 1],
      ],
    ],
    { maxIter: 2 },
  );
  assert.ok(maxError(one.coef[2].mu, oneCorrect.coef[2].mu) < 1e-12);
});

test('variant "original" with d = 1 and k = 2 is the same typed error (numpy fails there too)', () => {
  assert.throws(
    () => applyGmm([[0], [1], [2], [3]], [0.5, 0.5], [[0], [3]], [[[1]], [[1]]], { variant: "original" }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.variant" && /k = 2 and d = 1/.test(e.message),
  );
});

const start = {
  pi: [0.1, 0.9],
  mu: [
    [0.1, 0],
    [0, 0],
  ],
  Sigma: [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
};

test("pitfalls: on the original's data the original's log-likelihood goes down and ends below the correct EM's", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const original = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const correct = applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" });
  // Drops beyond rounding (at convergence the sums wobble by ~1e-12).
  const drops = (ll: number[]) =>
    ll
      .slice(1)
      .map((v, i) => v - ll[i])
      .filter((d, i) => d < -1e-9 * Math.abs(ll[i]));
  assert.deepEqual(drops(correct.logLikelihood), [], "correct EM never lowers it");
  const down = drops(original.logLikelihood);
  assert.ok(down.length >= 5, `the original's goes down at ${down.length} iterations`);
  assert.ok(Math.min(...down) < -1e-3, `by up to ${Math.min(...down)}`);
  const gap = correct.logLikelihood[100] - original.logLikelihood[100];
  assert.ok(gap > 0.1 && gap < 1, `correct EM ends ${gap} higher`);
});
