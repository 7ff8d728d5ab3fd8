// What X may be (DataInput): a Matrix, rows, or a flat buffer { data, columns } — the same data.

import assert from "node:assert/strict";
import { test } from "node:test";
import { toFlatData } from "../../src/data/input";
import { applyGmm, generateData, Matrix } from "../../src/index";
import { fixture } from "../helpers/fixtures";

const flatCase = fixture<{ cases: { X: number[][]; start: { pi: number[]; mu: number[][]; Sigma: number[][][] } }[] }>(
  "em/far-from-origin.json",
).cases[0];

test("X as a Matrix, as rows and as a flat buffer give the same fit", () => {
  const X = generateData({ nSamples1: 50, nSamples2: 70, randomState: 3 });
  const rows = X.to2DArray();
  const flat = { data: Float64Array.from(rows.flat()), columns: 2 };
  const args: [number[], number[][], number[][][]] = [
    [0.3, 0.7],
    [
      [0, 1],
      [1, 0],
    ],
    [
      [
        [2, 0.5],
        [0.5, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
  ];
  const a = applyGmm(X, ...args, { maxIter: 10 });
  const b = applyGmm(rows, ...args, { maxIter: 10 });
  const c = applyGmm(flat, ...args, { maxIter: 10 });
  assert.deepEqual(a.coef, b.coef);
  assert.deepEqual(a.coef, c.coef);
  assert.deepEqual(a.logLikelihood, c.logLikelihood);
});

test("flat input: { data, columns } is read in place, and fits as rows and a Matrix do, bit for bit", () => {
  const data = Float64Array.from(flatCase.X.flat());
  const flat = { data, columns: 2 };
  assert.equal(toFlatData(flat).data, data, "no copy of a flat buffer");
  const before = data.slice();
  const { pi, mu, Sigma } = flatCase.start;
  const fromFlat = applyGmm(flat, pi, mu, Sigma, { maxIter: 5, keep: "none" });
  const fromRows = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 5, keep: "none" });
  const fromMatrix = applyGmm(new Matrix(flatCase.X), pi, mu, Sigma, { maxIter: 5, keep: "none" });
  assert.deepEqual(fromFlat.coef, fromRows.coef);
  assert.deepEqual(fromFlat.coef, fromMatrix.coef);
  assert.deepEqual(fromFlat.logLikelihood, fromRows.logLikelihood);
  assert.deepEqual(data, before, "the caller's buffer is not written to");
});
