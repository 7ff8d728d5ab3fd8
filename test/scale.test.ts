/**
 * The hot path's accuracy and inputs: data 1e6 away from the origin against an extended-precision
 * numpy reference (scripts/reference/make_scale.py), flat input used in place, and `keep`.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Matrix, applyGmm, logGauss } from "../src/index";
import { toFlatData } from "../src/data/input";
import { expNonPositive } from "../src/density/exp";

interface Params { pi: number[]; mu: number[][]; Sigma: number[][][] }
interface Case {
  name: string;
  X: number[][];
  start: Params;
  iterations: number;
  reference: Params & { logLikelihood: number[] };
  referenceIteration1: Params;
  sklearn: Params;
}
const fixture = JSON.parse(
  readFileSync(path.join(__dirname, "fixtures", "em", "far-from-origin.json"), "utf8"),
) as { offset: number; cases: Case[] };

function maxAbsDiff(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, "same shape");
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, maxAbsDiff(a[i], b[i]));
  return m;
}

for (const c of fixture.cases) {
  test(`offset 1e6, ${c.name}: the fit agrees with the long-double numpy EM to 1e-8`, () => {
    assert.ok(c.X[0][0] > 0.9 * fixture.offset, "the data really is far from the origin");
    const r = applyGmm(c.X, c.start.pi, c.start.mu, c.start.Sigma, { maxIter: c.iterations, keep: "none" });
    const last = r.coef[c.iterations];
    assert.ok(maxAbsDiff(last.mu, c.reference.mu) <= 1e-8, `means: ${maxAbsDiff(last.mu, c.reference.mu)}`);
    assert.ok(maxAbsDiff(last.Sigma, c.reference.Sigma) <= 1e-8, `covariances: ${maxAbsDiff(last.Sigma, c.reference.Sigma)}`);
    assert.ok(maxAbsDiff(last.pi, c.reference.pi) <= 1e-8, `weights: ${maxAbsDiff(last.pi, c.reference.pi)}`);
    const ll = r.logLikelihood[c.iterations], refLl = c.reference.logLikelihood[c.iterations];
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
  for (const c of fixture.cases) assert.ok(maxAbsDiff(c.sklearn.mu, c.reference.mu) <= 1e-7, c.name);
});

const flatCase = fixture.cases[0];

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

test("keep: responsibilities only for the iterations asked for, and they are the posterior of the previous parameters", () => {
  const { pi, mu, Sigma } = flatCase.start;
  const r = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: [0, 3] });
  assert.equal(r.rvals.length, 5);
  assert.deepEqual(r.rvals.map((m) => m !== undefined), [true, false, false, true, false]);
  assert.equal(r.rvals[0]!.get(17, 1), 1 / 3);
  // rvals[3] from coef[2], recomputed here independently with logGauss.
  const prev = r.coef[2];
  const logs = prev.pi.map((p, j) => logGauss(flatCase.X, prev.mu[j], prev.Sigma[j]).map((v) => v + Math.log(p)));
  const R = r.rvals[3]!;
  let worst = 0;
  for (const i of [0, 1, 999, 1000, 2500, 2999]) {
    const m = Math.max(...logs.map((l) => l[i]));
    const s = logs.reduce((acc, l) => acc + Math.exp(l[i] - m), 0);
    logs.forEach((l, j) => { worst = Math.max(worst, Math.abs(R.get(i, j) - Math.exp(l[i] - m) / s)); });
  }
  assert.ok(worst <= 1e-12, `responsibilities off by ${worst}`);
  const none = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: "none" });
  assert.ok(none.rvals.every((m) => m === undefined));
  assert.deepEqual(none.coef, r.coef, "keeping changes nothing else");
});

test("the likelihood-only last pass gives the same log-likelihood as a full E-step", () => {
  const { pi, mu, Sigma } = flatCase.start;
  // logLikelihood[3] comes from the likelihood-only pass when maxIter = 3, from a full one when maxIter = 4.
  const short = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 3, keep: "none" });
  const long = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: "none" });
  assert.equal(short.logLikelihood[3], long.logLikelihood[3]);
  assert.ok(short.logLikelihood[3] > short.logLikelihood[0]);
});

test("expNonPositive: within 2 ulp of Math.exp on [−708, 0], the same limits, exact at 0", () => {
  let worst = 0;
  const seeded = (i: number) => ((i * 2654435761) % 4294967296) / 4294967296; // a fixed spread of points
  for (let i = 0; i < 200_000; i++) {
    for (const x of [-708 * seeded(i), -3 * seeded(i + 7), -i * 1e-6]) {
      const want = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - want) / want);
    }
  }
  assert.ok(worst <= 2 * Number.EPSILON, `max relative error ${worst}`);
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-Infinity), 0);
  assert.equal(expNonPositive(-746), 0);
  for (const x of [-709.5, -720, -740, -745]) {
    assert.ok(Math.abs(expNonPositive(x) - Math.exp(x)) <= 4 * Number.MIN_VALUE, `subnormal at ${x}`);
  }
});
