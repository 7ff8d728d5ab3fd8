// computeGauss and logGauss: one Gaussian component's density at the rows of X.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeGauss, GmmInputError, logGauss } from "../../src/index";
import { type InputErrorCase, testInputErrors } from "../helpers/errors";
import { assertClose, fixture } from "../helpers/fixtures";

describe("computeGauss and logGauss against scipy", () => {
  const cases =
    fixture<{ X: number[][]; mu: number[]; Sigma: number[][]; logpdf: number[]; pdf: number[] }[]>(
      "density/gauss.json",
    );
  for (const c of cases) {
    const d = c.mu.length;
    test(`d = ${d}`, () => {
      assertClose(Array.from(logGauss(c.X, c.mu, c.Sigma)), c.logpdf, 1e-12, `logGauss d=${d}`);
      const dens = computeGauss(c.X, c.mu, c.Sigma);
      assert.ok(dens instanceof Float64Array);
      c.pdf.forEach((p, i) => assert.ok(Math.abs(dens[i] - p) <= 1e-12 * p, `pdf[${i}] ${dens[i]} vs ${p}`));
    });
  }
});

describe("bad input gets a typed error naming the argument and the problem", () => {
  const I = [
    [1, 0],
    [0, 1],
  ];
  const X = [
    [0, 0],
    [1, 1],
    [2, 0],
  ];
  const cases: InputErrorCase[] = [
    ["NaN mean", () => computeGauss(X, [0, NaN], I), /^mu\[1\]: is not a finite number/],
  ];
  testInputErrors(cases);
});

describe("far points: never NaN; a log-density beyond the doubles is a typed error, its density 0", () => {
  const I = [
    [1, 0],
    [0, 1],
  ];
  test("x − mu overflows (1e308 − (−1e308)): logGauss names X[0], computeGauss gives 0", () => {
    assert.deepEqual(
      Array.from(
        computeGauss(
          [
            [1e308, 1e308],
            [0, 0],
          ],
          [-1e308, -1e308],
          I,
        ),
      ),
      [0, 0],
    );
    assert.throws(
      () => logGauss([[1e308, 1e308]], [-1e308, -1e308], I),
      (e: unknown) => e instanceof GmmInputError && e.argument === "X[0]" && /below −1\.8e308/.test(e.message),
    );
  });
  test("(x − mu)² overflows but x − mu does not: the same; a point 1e150 away still has its log-density", () => {
    assert.deepEqual(Array.from(computeGauss([[1e200, 0]], [0, 0], I)), [0]);
    assert.throws(
      () =>
        logGauss(
          [
            [0, 0],
            [1e200, 0],
          ],
          [0, 0],
          I,
        ),
      (e: unknown) => e instanceof GmmInputError && e.argument === "X[1]",
    );
    const [l] = logGauss([[1e150, 0]], [0, 0], I);
    assert.ok(Math.abs(l - (-Math.log(2 * Math.PI) - 0.5e300)) <= 1e-15 * 0.5e300, String(l));
  });
  test("Sigma = 1e308 I is read (no overflow in symmetrising it) and gives finite log-densities", () => {
    const big = [
      [1e308, 0],
      [0, 1e308],
    ];
    const [l] = logGauss([[1e154, 0]], [0, 0], big);
    // −log 2π − ½ log det Σ − ½ (1e154)² / 1e308
    const expected = -Math.log(2 * Math.PI) - Math.log(1e308) - 0.5 * 1e154 * (1e154 / 1e308);
    assert.ok(Math.abs(l - expected) < 1e-12 * Math.abs(expected), `${l} vs ${expected}`);
    assert.deepEqual(Array.from(computeGauss([[1e308, 1e308]], [-1e308, -1e308], big)), [0]);
  });
});

test("a density above the largest double (Sigma = 1e-320 I peaks at 1.6e319) is a typed error naming the row; its log-density is returned", () => {
  const tiny = [
    [1e-320, 0],
    [0, 1e-320],
  ];
  assert.throws(
    () => computeGauss([[0, 0]], [0, 0], tiny),
    (e: unknown) => e instanceof GmmInputError && e.argument === "X[0]" && /above the largest double/.test(e.message),
  );
  const [l] = logGauss([[0, 0]], [0, 0], tiny);
  assert.ok(Math.abs(l - (-Math.log(2 * Math.PI) - Math.log(1e-320))) < 1e-9, String(l));
});
