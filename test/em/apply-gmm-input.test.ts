// applyGmm's checks on what it is given: a typed error naming the argument and the problem.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Matrix, applyGmm, GmmInputError } from "../../src/index";

describe("bad input gets a typed error naming the argument and the problem", () => {
  const I = [[1, 0], [0, 1]];
  const X = [[0, 0], [1, 1], [2, 0]];
  const ok: [number[], number[][], number[][][]] = [[0.5, 0.5], [[0, 0], [1, 1]], [I, I]];
  const cases: [string, () => unknown, RegExp][] = [
    ["empty X", () => applyGmm([], ...ok), /^X: is empty/],
    ["empty Matrix", () => applyGmm(new Matrix(0, 2), ...ok), /^X: is empty/],
    ["ragged X", () => applyGmm([[0, 0], [1]], ...ok), /^X\[1\]: has 1 values, but row 0 has 2/],
    ["NaN in X", () => applyGmm([[0, 0], [NaN, 1]], ...ok), /^X\[1\]\[0\]: is not a finite number/],
    ["Infinity in flat X", () => applyGmm({ data: Float64Array.of(0, 1, Infinity, 2), columns: 2 }, ...ok), /^X\[1\]\[0\]: is not a finite number/],
    ["flat X of the wrong length", () => applyGmm({ data: new Float64Array(5), columns: 2 }, ...ok), /^X\.data: has length 5, not a multiple of columns = 2/],
    ["k disagrees (mu)", () => applyGmm(X, [0.5, 0.5], [[0, 0]], [I, I]), /^mu: has 1 means, but pi has 2 weights/],
    ["k disagrees (Sigma)", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I]), /^Sigma: has 1 covariances, but pi has 2 weights/],
    ["mean of the wrong dimension", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1, 1]], [I, I]), /^mu\[1\]: has dimension 3, but the data has 2/],
    ["covariance of the wrong dimension", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I, [[1]]]), /^Sigma\[1\]: has 1 rows, but the data has dimension 2/],
    ["negative weight", () => applyGmm(X, [1.5, -0.5], ...ok.slice(1) as [number[][], number[][][]]), /^pi\[1\]: is negative/],
    ["weights not summing to 1", () => applyGmm(X, [0.5, 0.6], ...ok.slice(1) as [number[][], number[][][]]), /^pi: sums to 1\.1, not 1/],
    ["asymmetric covariance", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I, [[1, 0.5], [0.4, 1]]]), /^Sigma\[1\]\[1\]\[0\]: is 0\.4 but Sigma\[1\]\[0\]\[1\] is 0\.5: a covariance must be symmetric/],
    ["covariance not positive definite", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [[[1, 2], [2, 1]], I]), /^Sigma\[0\]: is not positive definite/],
    ["non-integer maxIter", () => applyGmm(X, ...ok, { maxIter: 2.5 }), /^options\.maxIter: must be an integer ≥ 0, got 2\.5/],
    ["negative maxIter", () => applyGmm(X, ...ok, { maxIter: -1 }), /^options\.maxIter: must be an integer ≥ 0, got -1/],
    ["negative regCovar", () => applyGmm(X, ...ok, { regCovar: -1e-6 }), /^options\.regCovar: must be a finite number ≥ 0/],
    ["keep out of range", () => applyGmm(X, ...ok, { maxIter: 5, keep: [0, 7] }), /^options\.keep\[1\]: must be an iteration number from 0 to maxIter = 5, got 7/],
    ["unknown option", () => applyGmm(X, ...ok, { maxIters: 5 } as never), /^options\.maxIters: is not a known option/],
  ];
  for (const [what, run, message] of cases) {
    test(what, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof GmmInputError, `${what}: ${String(e)}`);
        assert.match((e as Error).message, message);
        return true;
      });
    });
  }
});
