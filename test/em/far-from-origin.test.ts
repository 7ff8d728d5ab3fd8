/**
 * The hot path's accuracy: data 1e6 away from the origin against an extended-precision numpy
 * reference (test/reference/make-em.py).
 */

import * as assert from "node:assert/strict";
import { test } from "node:test";
import { applyGmm } from "../../src/index";
import { fixture } from "../helpers/fixtures";

interface Params {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}
interface Case {
  name: string;
  X: number[][];
  start: Params;
  iterations: number;
  reference: Params & { logLikelihood: number[] };
  referenceIteration1: Params;
  sklearn: Params;
}
const far = fixture<{ offset: number; cases: Case[] }>("em/far-from-origin.json");

function maxAbsDiff(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, "same shape");
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, maxAbsDiff(a[i], b[i]));
  return m;
}

for (const c of far.cases) {
  test(`offset 1e6, ${c.name}: the fit agrees with the long-double numpy EM to 1e-8`, () => {
    assert.ok(c.X[0][0] > 0.9 * far.offset, "the data really is far from the origin");
    const r = applyGmm(c.X, c.start.pi, c.start.mu, c.start.Sigma, { maxIter: c.iterations, keep: "none" });
    const last = r.coef[c.iterations];
    assert.ok(maxAbsDiff(last.mu, c.reference.mu) <= 1e-8, `means: ${maxAbsDiff(last.mu, c.reference.mu)}`);
    assert.ok(
      maxAbsDiff(last.Sigma, c.reference.Sigma) <= 1e-8,
      `covariances: ${maxAbsDiff(last.Sigma, c.reference.Sigma)}`,
    );
    assert.ok(maxAbsDiff(last.pi, c.reference.pi) <= 1e-8, `weights: ${maxAbsDiff(last.pi, c.reference.pi)}`);
    const ll = r.logLikelihood[c.iterations],
      refLl = c.reference.logLikelihood[c.iterations];
    assert.ok(Math.abs(ll - refLl) <= 1e-10 * Math.abs(refLl), `log-likelihood ${ll} vs ${refLl}`);
    if (c.name.endsWith("near")) {
      // From a near start the whole path is well conditioned: every iteration agrees.
      r.logLikelihood.forEach((v, i) => {
        const ref = c.reference.logLikelihood[i];
        assert.ok(Math.abs(v - ref) <= 1e-10 * Math.abs(ref), `log-likelihood at ${i}: ${v} vs ${ref}`);
      });
    }
  });

  test(`offset 1e6, ${c.name}: iteration 1's covariances are exact to rounding`, () => {
    // In the far case the means move by ~1000 in this step: the one-pass sums about the old means
    // alone would be off by ~5e-9 here; the centred pass in mStep makes the step exact to 1e-12.
    const r = applyGmm(c.X, c.start.pi, c.start.mu, c.start.Sigma, { maxIter: 1, keep: "none" });
    const d = maxAbsDiff(r.coef[1].Sigma, c.referenceIteration1.Sigma);
    assert.ok(d <= 1e-12, `covariances after iteration 1: ${d}`);
    assert.ok(maxAbsDiff(r.coef[1].mu, c.referenceIteration1.mu) <= 1e-9);
  });
}

test("offset 1e6: scikit-learn, stored beside the reference, agrees with it too (the fixture is sane)", () => {
  for (const c of far.cases) assert.ok(maxAbsDiff(c.sklearn.mu, c.reference.mu) <= 1e-7, c.name);
});
