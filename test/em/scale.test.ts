/**
 * What the data's scale lets EM do (src/em/scale.ts): the checks on X's spread, the centring of
 * data far from the origin (the correct EM is translation-equivariant: the same fit, moved), and
 * the regCovar an error suggests.
 */

import * as assert from "node:assert/strict";
import { test } from "node:test";
import { toFlatData } from "../../src/data/input";
import { checkDataScale } from "../../src/em/scale";
import { applyGmm, GaussianMixture, GmmInputError, generateData } from "../../src/index";
import { quietly } from "../helpers/estimator";

/** The notebook's data on a grid of 2⁻¹⁰, so that 1e8 + x is exact: the same points, moved. */
const grid = generateData({ rng: "numpy", variance1: 3 })
  .to2DArray()
  .map((x) => x.map((v) => Math.round(v * 1024) / 1024));
const OFFSET = 1e8;
const moved = grid.map((x) => [x[0] + OFFSET, x[1] - OFFSET]);
// The original's poor start, with 0.125 for 0.1: exact at 1e8 too.
const start = {
  pi: [0.1, 0.9],
  mu: [
    [0.125, 0],
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
const movedStart = { ...start, mu: start.mu.map((m) => [m[0] + OFFSET, m[1] - OFFSET]) };

test("checkDataScale: data near the origin is fitted as it is; data far from it, centred; the regCovar hint follows the variance", () => {
  const near = checkDataScale(toFlatData(grid));
  assert.equal(near.centre, null);
  assert.equal(near.regCovarHint, 1e-6, "variance ≈ 5: a millionth, rounded down to a power of ten");
  const far = checkDataScale(toFlatData(moved));
  assert.ok(far.centre !== null && Math.abs(far.centre[0] - OFFSET) < 10 && Math.abs(far.centre[1] + OFFSET) < 10);
  assert.equal(far.regCovarHint, near.regCovarHint, "a move does not change the variance");
  assert.equal(checkDataScale(toFlatData(grid.map((x) => x.map((v) => v * 1e3)))).regCovarHint, 1);
  assert.deepEqual(Array.from(far.min), [Math.min(...moved.map((x) => x[0])), Math.min(...moved.map((x) => x[1]))]);
});

test("applyGmm 1e8 from the origin: the fit at the origin, moved (centred inside), where it used to lose 8 digits of the means", () => {
  const at0 = applyGmm(grid, start.pi, start.mu, start.Sigma, { keep: "none" });
  const far = applyGmm(moved, movedStart.pi, movedStart.mu, movedStart.Sigma, { keep: "none" });
  for (const i of [1, 10, 100]) {
    const [a, b] = [at0.coef[i], far.coef[i]];
    a.pi.forEach((p, j) => assert.ok(Math.abs(b.pi[j] - p) < 1e-12, `pi at ${i}`));
    // The means to the spacing of doubles at 1e8 (1.5e-8), the covariances to 1e-10 of themselves.
    a.mu.forEach((m, j) =>
      assert.ok(
        Math.abs(b.mu[j][0] - OFFSET - m[0]) < 3e-8 && Math.abs(b.mu[j][1] + OFFSET - m[1]) < 3e-8,
        `mu at ${i}`,
      ),
    );
    a.Sigma.flat(2).forEach((v, t) =>
      assert.ok(Math.abs(b.Sigma.flat(2)[t] - v) <= 1e-10 * Math.abs(v) + 1e-14, `Sigma at ${i}`),
    );
    assert.ok(
      Math.abs(far.logLikelihood[i] - at0.logLikelihood[i]) <= 1e-10 * Math.abs(at0.logLikelihood[i]),
      `log-likelihood at ${i}`,
    );
  }
  // Centred in shared memory for the threads: the same bits as one thread.
  const two = applyGmm(moved, movedStart.pi, movedStart.mu, movedStart.Sigma, { maxIter: 5, keep: [5], threads: 2 });
  const one = applyGmm(moved, movedStart.pi, movedStart.mu, movedStart.Sigma, { maxIter: 5, keep: [5], threads: 1 });
  assert.deepEqual(two.coef, one.coef);
  assert.deepEqual(two.rvals[5]!.to2DArray(), one.rvals[5]!.to2DArray());
});

test("GaussianMixture 1e8 from the origin: the fit at the origin, moved; its predictions and scores on the moved data the same", () => {
  const fit = (X: number[][]) =>
    quietly(() => new GaussianMixture({ nComponents: 2, randomState: 0, tol: 1e-10, maxIter: 300 }).fit(X));
  const at0 = fit(grid),
    far = fit(moved);
  at0.means.forEach((m, j) =>
    assert.ok(Math.abs(far.means[j][0] - OFFSET - m[0]) < 3e-8 && Math.abs(far.means[j][1] + OFFSET - m[1]) < 3e-8),
  );
  assert.ok(Math.abs(far.lowerBound - at0.lowerBound) < 1e-10 * Math.abs(at0.lowerBound));
  assert.deepEqual(Array.from(far.predict(moved)), Array.from(at0.predict(grid)));
  assert.ok(Math.abs(far.score(moved) - at0.score(grid)) < 1e-8 * Math.abs(at0.score(grid)));
  // A warm start from the far model stays where it is (not 1e8 off: its means are moved in and out).
  const warm = new GaussianMixture({ nComponents: 2, warmStart: true, tol: 1e-10, maxIter: 300 });
  quietly(() => warm.fit(moved));
  quietly(() => warm.fit(moved));
  warm.means.forEach((m, j) =>
    assert.ok(Math.abs(m[0] - far.means[j][0]) < 1e-3 || Math.abs(m[0] - far.means[1 - j][0]) < 1e-3, String(m)),
  );
});

test("X is read once before EM: the scale pass finds a value that is not finite and names the first, row by row, as toFlatData does", () => {
  // Column 1 of row 0 comes before column 0 of row 1 (a column-by-column scan meets the other first).
  const data = new Float64Array([0, 1, 2, Number.NaN, Number.POSITIVE_INFINITY, 3, 4, 5]);
  const start = [
    [0.5, 0.5],
    [
      [0, 0],
      [4, 4],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
  ] as const;
  const expected = (e: unknown) =>
    e instanceof GmmInputError && e.argument === "X[1][1]" && /is not a finite number \(NaN\)/.test(e.message);
  assert.throws(
    () => applyGmm({ data, columns: 2 }, ...(start as unknown as [number[], number[][], number[][][]])),
    expected,
  );
  assert.throws(() => new GaussianMixture({ nComponents: 2 }).fit({ data, columns: 2 }), expected);
  assert.throws(() => toFlatData({ data, columns: 2 }), expected);
});
