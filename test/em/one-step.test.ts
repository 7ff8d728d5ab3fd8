// One EM step in halves, and EM on 1-D data (a FlatMatrix of one column): the numbers a lesson prints, checked by hand.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyGmm } from "../../src/em/apply-gmm";
import { emHalfSteps, oneDimensionStep } from "../../src/em/one-step";
import { eStepResponsibilities } from "../../src/em/responsibilities";
import { testInputErrors } from "../helpers/errors";

const x = [1, 2, 3, 8, 9, 10.5];
const start = { pi: [0.5, 0.5], mu: [[0], [5]], Sigma: [[[1]], [[4]]] };

/** The same step with nothing but the formulas. */
function byHand(points: number[], pi: number[], mu: number[], v: number[]) {
  const N = (t: number, m: number, s2: number) => Math.exp(-((t - m) ** 2) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2);
  const r = points.map((t) => {
    const w = pi.map((p, j) => p * N(t, mu[j], v[j]));
    const total = w[0] + w[1];
    return w.map((a) => a / total);
  });
  const Nk = [0, 1].map((j) => r.reduce((s, row) => s + row[j], 0));
  const newPi = Nk.map((nk) => nk / points.length);
  const newMu = [0, 1].map((j) => r.reduce((s, row, i) => s + row[j] * points[i], 0) / Nk[j]);
  const newVar = [0, 1].map((j) => r.reduce((s, row, i) => s + row[j] * (points[i] - newMu[j]) ** 2, 0) / Nk[j]);
  return { r, Nk, pi: newPi, mu: newMu, variance: newVar };
}

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe("oneDimensionStep", () => {
  const step = oneDimensionStep(x, start);
  const hand = byHand(x, [0.5, 0.5], [0, 5], [1, 4]);

  test("r, N_k, and the new π, μ, σ² are the formulas' (to 1e-12)", () => {
    hand.r.forEach((row, i) => row.forEach((v, j) => close(step.r[i][j], v, `r[${i}][${j}]`)));
    for (const key of ["Nk", "pi", "mu", "variance"] as const)
      hand[key].forEach((v, j) => close(step[key][j], v, `${key}[${j}]`));
    // The point at 3 is nearer μ₁ = 0 by distance, yet component 2 (wider) takes most of it.
    assert.ok(step.r[2][1] > 0.5);
    assert.deepEqual(
      step.params.mu,
      step.mu.map((m) => [m]),
    );
    assert.deepEqual(
      step.params.Sigma,
      step.variance.map((v) => [[v]]),
    );
  });

  test("is applyGmm's first iteration on the same 1-D data", () => {
    const run = applyGmm({ data: Float64Array.from(x), columns: 1 }, start.pi, start.mu, start.Sigma, { maxIter: 1 });
    run.coef[1].pi.forEach((p, j) => close(p, step.pi[j], `pi[${j}]`));
    run.coef[1].mu.forEach((m, j) => close(m[0], step.mu[j], `mu[${j}]`));
    run.coef[1].Sigma.forEach((S, j) => close(S[0][0], step.variance[j], `Sigma[${j}]`));
  });
});

describe("EM on 1-D data", () => {
  test("applyGmm, the E-step and the M-step take a FlatMatrix of one column, and number[][] of one column alike", () => {
    const flat = applyGmm({ data: Float64Array.from(x), columns: 1 }, start.pi, start.mu, start.Sigma, { maxIter: 20 });
    const rows = applyGmm(
      x.map((v) => [v]),
      start.pi,
      start.mu,
      start.Sigma,
      { maxIter: 20 },
    );
    assert.deepEqual(flat.coef, rows.coef);
    // EM on 1-D data climbs: ℓ never falls, and ends at the two clusters {1, 2, 3} and {8, 9, 10.5}.
    for (let i = 1; i < flat.logLikelihood.length; i++)
      assert.ok(flat.logLikelihood[i] >= flat.logLikelihood[i - 1] - 1e-9);
    const last = flat.coef[20];
    assert.ok(Math.abs(last.mu[0][0] - 2) < 1e-6, `μ₁ ${last.mu[0][0]}`);
    assert.ok(Math.abs(last.mu[1][0] - 27.5 / 3) < 1e-6, `μ₂ ${last.mu[1][0]}`);
    const r = eStepResponsibilities({ data: Float64Array.from(x), columns: 1 }, last);
    assert.equal(r.columns, 2);
  });

  test("emHalfSteps gives N_k and ℓ under the parameters before", () => {
    const step = emHalfSteps({ data: Float64Array.from(x), columns: 1 }, start);
    const hand = byHand(x, [0.5, 0.5], [0, 5], [1, 4]);
    hand.Nk.forEach((v, j) => close(step.Nk[j], v, `Nk[${j}]`));
    const N = (t: number, m: number, s2: number) => Math.exp(-((t - m) ** 2) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2);
    const ll = x.reduce((s, t) => s + Math.log(0.5 * N(t, 0, 1) + 0.5 * N(t, 5, 4)), 0);
    close(step.logLikelihood, ll, "ℓ");
  });
});

describe("oneDimensionStep refuses", () => {
  testInputErrors([
    ["no points", () => oneDimensionStep([], start), /^x: must be a non-empty array/],
    [
      "a point that is not a number",
      () => oneDimensionStep([1, Number.NaN], start),
      /^x\[1\]: must be a finite number, got NaN/,
    ],
    [
      "2-D means",
      () =>
        oneDimensionStep(x, {
          ...start,
          mu: [
            [0, 0],
            [1, 1],
          ],
        }),
      /^mu/,
    ],
    ["a negative variance", () => oneDimensionStep(x, { ...start, Sigma: [[[1]], [[-1]]] }), /^Sigma\[1\]/],
  ]);
});
