// comparisonFigure: runs side by side — the paths of the means and the log-likelihood curves.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { ComparedRun } from "../../src/index";
import { applyGmm, comparisonFigure, GmmInputError, generateData } from "../../src/index";
import { mahalanobis2 } from "../helpers/geometry";

// The original's data and start, both EMs from it.
const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
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
const original = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", maxIter: 40, keep: "none" });
const correct = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 40, keep: "none" });
const runs: ComparedRun[] = [
  { label: "original", coef: original.coef, logLikelihood: original.logLikelihood },
  { label: "correct EM", coef: correct.coef, logLikelihood: correct.logLikelihood },
];

test("comparisonFigure: per run, one path per mean, the final means, and the log-likelihood curve", () => {
  const fig = comparisonFigure(runs, { X, title: "original vs correct" });
  // data + 2 runs × (2 paths + legend entry + final means + curve)
  assert.equal(fig.data.length, 1 + 2 * 5);
  const [points, ...rest] = fig.data;
  assert.equal(points.x.length, 400);
  assert.deepEqual([points.x[0], points.y[0]], [X.get(0, 0), X.get(0, 1)]);
  runs.forEach((run, r) => {
    const traces = rest.slice(5 * r, 5 * r + 5);
    for (let j = 0; j < 2; j++) {
      const path = traces[j];
      assert.equal(path.xaxis, "x");
      assert.equal(path.x.length, 41);
      assert.deepEqual(
        path.x,
        run.coef.map((c) => c.mu[j][0]),
      );
      assert.deepEqual(
        path.y,
        run.coef.map((c) => c.mu[j][1]),
      );
      // Both runs start from the same means.
      assert.deepEqual([path.x[0], path.y[0]], start.mu[j]);
    }
    assert.notEqual(traces[0].line!.color, traces[1].line!.color, "components have their own colours");
    const legend = traces[2];
    assert.equal(legend.showlegend, true);
    assert.equal(legend.name, run.label);
    assert.deepEqual([legend.x, legend.y], [[null], [null]]);
    assert.equal(legend.line!.dash, traces[0].line!.dash);
    const finals = traces[3];
    assert.equal(finals.showlegend, false);
    assert.deepEqual(
      finals.x,
      run.coef[40].mu.map((m) => m[0]),
    );
    assert.deepEqual(
      finals.y,
      run.coef[40].mu.map((m) => m[1]),
    );
    const curve = traces[4];
    assert.equal(curve.xaxis, "x2");
    assert.equal(curve.yaxis, "y2");
    assert.deepEqual(
      curve.x,
      Array.from({ length: 41 }, (_, i) => i),
    );
    assert.deepEqual(curve.y, run.logLikelihood);
  });
  // The two runs are told apart by line style.
  assert.notEqual(rest[0].line!.dash, rest[5].line!.dash);
  assert.equal((fig.layout.title as { text: string }).text, "original vs correct");
  assert.equal((fig.layout.yaxis as { scaleanchor: string }).scaleanchor, "x");
  // The curve's axis is scaled to iterations ≥ 1: iteration 0 (−23 307) is below it, the rest inside.
  const [low, high] = (fig.layout.yaxis2 as { range: [number, number] }).range;
  const all = [...original.logLikelihood.slice(1), ...correct.logLikelihood.slice(1)];
  assert.ok(low <= Math.min(...all) && high >= Math.max(...all));
  assert.ok(original.logLikelihood[0] < low);
  assert.ok(high - low < 200, `range ${low} … ${high}`);
  // Plain JSON: survives a round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
});

test("comparisonFigure: logLikelihoodFrom 0 covers the start; one run and no data are fine", () => {
  const fig = comparisonFigure([runs[1]], { logLikelihoodFrom: 0 });
  assert.equal(fig.data.length, 5);
  const [low] = (fig.layout.yaxis2 as { range: [number, number] }).range;
  assert.ok(low <= correct.logLikelihood[0]);
});

test("comparisonFigure: bad runs are typed errors naming the argument", () => {
  const expectError = (fn: () => unknown, argument: string, pattern: RegExp) =>
    assert.throws(
      fn,
      (e: unknown) => e instanceof GmmInputError && e.argument === argument && pattern.test(e.message),
      argument,
    );
  expectError(() => comparisonFigure([]), "runs", /1 to 4 runs/);
  expectError(
    () => comparisonFigure([{ ...runs[0], logLikelihood: runs[0].logLikelihood.slice(1) }]),
    "runs[0].logLikelihood",
    /one value per entry of coef \(41\), has 40/,
  );
  expectError(() => comparisonFigure([runs[0], { ...runs[1], label: "" }]), "runs[1].label", /non-empty/);
  const threeD = { label: "3-D", coef: [{ pi: [1], mu: [[0, 0, 0]], Sigma: [] }], logLikelihood: [-1] };
  expectError(() => comparisonFigure([threeD]), "runs[0].coef[0].mu[0]", /2-D point/);
  expectError(
    () =>
      comparisonFigure([
        { ...runs[0], logLikelihood: runs[0].logLikelihood.map((v, i) => (i === 3 ? Number.NaN : v)) },
      ]),
    "runs[0].logLikelihood[3]",
    /finite/,
  );
  expectError(() => comparisonFigure(runs, { X: [[1, 2, 3]] }), "options.X", /2 columns/);
  expectError(() => comparisonFigure(runs, { logLikelihoodFrom: -1 }), "options.logLikelihoodFrom", /integer ≥ 0/);
});

test("comparisonFigure({ finalEllipses: true }): each run's final 2σ ellipses, in its line style, after the other traces", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const runs = (["original", "correct"] as const).map((variant) => {
    const r = applyGmm(X, start.pi, start.mu, start.Sigma, { variant, maxIter: 40, keep: "none" });
    return { label: variant, coef: r.coef, logLikelihood: r.logLikelihood };
  });
  const plain = comparisonFigure(runs, { X, logLikelihoodFrom: 10 });
  const fig = comparisonFigure(runs, { X, logLikelihoodFrom: 10, finalEllipses: true });
  assert.deepEqual(fig.data.slice(0, plain.data.length), plain.data, "the other traces unchanged, in place");
  const ellipses = fig.data.slice(plain.data.length);
  assert.equal(ellipses.length, 2 * 2);
  runs.forEach((run, r) => {
    const last = run.coef[40];
    const curveDash = plain.data.find((t) => t.name === `${run.label}: log-likelihood`)!.line!.dash;
    for (let j = 0; j < 2; j++) {
      const e = ellipses[2 * r + j];
      assert.equal(e.name, `${run.label}: final 2σ ellipse ${j + 1}`);
      assert.equal(e.line!.dash, curveDash, "the run's line style");
      assert.equal(
        e.line!.color,
        plain.data.find((t) => t.name === `${run.label}: μ${j + 1}`)!.line!.color,
        "the component's colour",
      );
      for (let p = 0; p < e.x.length; p++) {
        const m = mahalanobis2(e.x[p]!, e.y[p]!, last.mu[j], last.Sigma[j]);
        assert.ok(Math.abs(m - 4) < 1e-9, `run ${r}, ellipse ${j}, point ${p}: Mahalanobis² ${m}`);
      }
    }
  });
  assert.equal((fig.layout.annotations as { text: string }[])[0].text, "paths of the means, final 2σ ellipses");
  const noSigma = runs.map((run) => ({
    ...run,
    coef: run.coef.map((c) => ({ pi: c.pi, mu: c.mu })),
  })) as unknown as typeof runs;
  assert.throws(
    () => comparisonFigure(noSigma, { finalEllipses: true }),
    (e: unknown) => e instanceof GmmInputError && /runs\[0\]\.coef\[40\]\.Sigma\[0\]/.test(e.message),
  );
});
