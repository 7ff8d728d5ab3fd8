// computeGauss and logGauss: one Gaussian component's density at the rows of X.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { GmmInputError, computeGauss, logGauss } from "../../src/index";
import { assertClose, fixture } from "../helpers/fixtures";

describe("computeGauss and logGauss against scipy", () => {
  const cases = fixture<{ X: number[][]; mu: number[]; Sigma: number[][]; logpdf: number[]; pdf: number[] }[]>("density/gauss.json");
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
  const I = [[1, 0], [0, 1]];
  const X = [[0, 0], [1, 1], [2, 0]];
  const cases: [string, () => unknown, RegExp][] = [
    ["NaN mean", () => computeGauss(X, [0, NaN], I), /^mu\[1\]: is not a finite number/],
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
