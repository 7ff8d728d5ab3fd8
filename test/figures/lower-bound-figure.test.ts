// lowerBoundFigure: ℓ and the lower bound L(q_old, θ) along a path through one EM step's θ_old and θ_new.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeBlobs } from "../../src/data/make-blobs";
import { applyGmm } from "../../src/em/apply-gmm";
import type { GmmParams } from "../../src/em/params";
import { GmmInputError } from "../../src/errors";
import { lowerBoundCurves, lowerBoundFigure, parameterPath } from "../../src/figures/lower-bound-figure";
import { generateData } from "../../src/index";

const I = [
  [0.1, 0],
  [0, 0.1],
];
const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const run = applyGmm(
  X,
  [0.1, 0.9],
  [
    [0.1, 0],
    [0, 0],
  ],
  [I, I],
  { maxIter: 3 },
);
const blobs = makeBlobs({
  nSamples: 300,
  centers: [
    [-5, -3],
    [5, -3],
    [0, 5],
  ],
  clusterStd: 1,
  randomState: 42,
  rng: "numpy",
});
const unit = [
  [1, 0],
  [0, 1],
];
const blobRun = applyGmm(
  blobs.X,
  [1 / 3, 1 / 3, 1 / 3],
  [
    [-5.5, -2.5],
    [-4.5, -3.5],
    [2.5, 1],
  ],
  [unit, unit, unit],
  { maxIter: 6 },
);

/** log N(x | μ, Σ) for d = 2, written out: −log 2π − ½ log det Σ − ½ (x − μ)ᵀ Σ⁻¹ (x − μ). */
function logNormal2(x: number[], mu: number[], S: number[][]): number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const a = x[0] - mu[0],
    b = x[1] - mu[1];
  const quad = (S[1][1] * a * a - (S[0][1] + S[1][0]) * a * b + S[0][0] * b * b) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad;
}
/** ℓ(θ) and L(q, θ) with q the posterior under `old`, directly from the definitions. */
function direct(points: number[][], old: GmmParams, theta: GmmParams): { ll: number; L: number } {
  const joint = (p: GmmParams, x: number[]) => p.pi.map((w, j) => w * Math.exp(logNormal2(x, p.mu[j], p.Sigma[j])));
  let ll = 0,
    L = 0;
  for (const x of points) {
    const before = joint(old, x);
    const q = before.map((v) => v / before.reduce((s, u) => s + u, 0));
    const now = joint(theta, x);
    ll += Math.log(now.reduce((s, u) => s + u, 0));
    q.forEach((qj, j) => {
      if (qj > 0) L += qj * Math.log(now[j] / qj);
    });
  }
  return { ll, L };
}
const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} against ${b}`);

describe("lowerBoundFigure", () => {
  const cases = [
    { name: "the lesson's data, iteration 2", points: X.to2DArray(), before: run.coef[1], after: run.coef[2] },
    { name: "the lesson's data, iteration 1", points: X.to2DArray(), before: run.coef[0], after: run.coef[1] },
    { name: "k = 3 blobs, iteration 6", points: blobs.X.to2DArray(), before: blobRun.coef[5], after: blobRun.coef[6] },
  ];
  for (const c of cases) {
    const curves = lowerBoundCurves(c.points, c.before, c.after);
    const at = (t: number) => curves.t.indexOf(t);
    test(`${c.name}: ℓ and L against a direct computation; t = 0 and 1 are θ_old and θ_new`, () => {
      assert.equal(curves.t.length, 201);
      assert.deepEqual([curves.t[0], curves.t[200]], [-0.5, 1.5]);
      for (const [t, theta] of [
        [0, c.before],
        [1, c.after],
      ] as const) {
        const want = direct(c.points, c.before, theta);
        close(curves.logLikelihood[at(t)], want.ll, 1e-10, `ℓ at t = ${t}`);
        close(curves.lowerBound[at(t)], want.L, 1e-10, `L at t = ${t}`);
      }
      const path = parameterPath(c.before, c.after);
      for (const t of [-0.5, -0.2, 0.3, 0.5, 1.2, 1.5]) {
        const want = direct(c.points, c.before, path(t));
        close(curves.logLikelihood[at(t)], want.ll, 1e-10, `ℓ at t = ${t}`);
        close(curves.lowerBound[at(t)], want.L, 1e-10, `L at t = ${t}`);
      }
    });
    test(`${c.name}: L touches ℓ at t = 0 (to 1e-9), is nowhere above it, and is largest at t = 1`, () => {
      assert.ok(Math.abs(curves.logLikelihood[at(0)] - curves.lowerBound[at(0)]) <= 1e-9);
      const n = c.points.length;
      curves.t.forEach((t, m) => {
        const rounding = n * Number.EPSILON * Math.abs(curves.logLikelihood[m]);
        assert.ok(curves.lowerBound[m] <= curves.logLikelihood[m] + rounding, `L ≤ ℓ at t = ${t}`);
      });
      const best = curves.t[curves.lowerBound.indexOf(Math.max(...curves.lowerBound))];
      assert.ok(Math.abs(best - 1) <= 0.01, `L's maximum at t = ${best}`);
      assert.ok(curves.logLikelihood[at(1)] >= curves.lowerBound[at(1)], "ℓ(θ_new) ≥ L(q, θ_new)");
    });
  }
  test("the path: π a probability vector and Σ positive definite for every t; θ_old at 0, θ_new at 1", () => {
    const path = parameterPath(run.coef[0], run.coef[1]);
    for (const t of [-0.5, -0.25, 0, 0.5, 1, 1.5]) {
      const p = path(t);
      assert.ok(
        p.pi.every((w) => w > 0),
        `π > 0 at t = ${t}`,
      );
      close(
        p.pi.reduce((s, w) => s + w, 0),
        1,
        1e-15,
        `Σ π at t = ${t}`,
      );
      for (const S of p.Sigma) assert.ok(S[0][0] > 0 && S[0][0] * S[1][1] - S[0][1] * S[1][0] > 0, `Σ > 0 at t = ${t}`);
    }
    for (const [t, want] of [
      [0, run.coef[0]],
      [1, run.coef[1]],
    ] as const) {
      const got = path(t);
      const flat = (p: GmmParams) => [p.pi, p.mu, p.Sigma].flat(3);
      flat(got).forEach((v, e) => close(v, flat(want)[e], 1e-12, `θ(${t})`));
    }
  });
  test("the figure: the two curves over t, the touching point, L's maximum and ℓ(θ_new), in both languages", () => {
    const fig = lowerBoundFigure(X, run.coef[1], run.coef[2], { labels: "zh-en" });
    const curves = lowerBoundCurves(X, run.coef[1], run.coef[2]);
    assert.equal(fig.data.length, 5);
    assert.deepEqual(fig.data[0].x, curves.t);
    assert.deepEqual(fig.data[0].y, curves.logLikelihood);
    assert.deepEqual(fig.data[1].y, curves.lowerBound);
    assert.deepEqual([fig.data[2].x, fig.data[2].y], [[0], [curves.logLikelihood[50]]]);
    assert.deepEqual([fig.data[3].x, fig.data[3].y], [[1], [curves.lowerBound[150]]]);
    assert.deepEqual([fig.data[4].x, fig.data[4].y], [[1], [curves.logLikelihood[150]]]);
    assert.notEqual(fig.data[0].line!.dash, fig.data[1].line!.dash, "told apart without colour");
    for (const t of fig.data) assert.match(String(t.name), /[\u4e00-\u9fff].* · .*[A-Za-z]{3}/);
    assert.match(String(fig.layout.title!.text), /下界 .* · .*bound/);
    const range = (fig.layout.yaxis as { range: [number, number] }).range;
    assert.ok(range[0] < curves.lowerBound[50] && range[1] > curves.logLikelihood[150], "the touch and the step shown");
    assert.doesNotThrow(() => JSON.stringify(fig));
  });
  test("bad input is a GmmInputError naming it", () => {
    const bad = (f: () => unknown, pattern: RegExp) =>
      assert.throws(f, (e: unknown) => e instanceof GmmInputError && pattern.test(e.message));
    bad(() => lowerBoundFigure(X, run.coef[1], { ...run.coef[2], pi: [1, 0] }), /^after\.pi\[1\]: must be > 0/);
    bad(() => lowerBoundFigure(X, { ...run.coef[1], pi: [0.5] }, run.coef[2]), /^before\.mu: has 2 means/);
    bad(() => lowerBoundFigure(X, run.coef[1], blobRun.coef[1]), /^after: has 3 components, before has 2/);
    bad(() => lowerBoundFigure(X, run.coef[1], run.coef[2], { samplesPerUnit: 1 }), /^options\.samplesPerUnit: /);
    bad(() => lowerBoundFigure(X, run.coef[1], run.coef[2], { titel: "x" } as never), /^options\.titel: /);
  });
});
