// oneDimensionFigure: a density histogram of 1-D points, each πⱼ N(x | μⱼ, σⱼ²) and their sum, before and after a step.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { oneDimensionStep } from "../../src/em/one-step";
import { componentColor } from "../../src/figures/colors";
import { oneDimensionFigure } from "../../src/figures/one-dimension-figure";
import type { PlotlyHistogramTrace, PlotlyTrace } from "../../src/figures/types";
import { testInputErrors } from "../helpers/errors";

const x = [0.2, 0.9, 1.4, 2.1, 2.6, 3.0, 6.8, 7.5, 8.1, 8.4, 9.0, 9.9];
const before = { pi: [0.5, 0.5], mu: [[1], [4]], Sigma: [[[1]], [[2]]] };
const after = oneDimensionStep(x, before).params;

const N = (t: number, m: number, s2: number) => Math.exp(-((t - m) ** 2) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2);

describe("oneDimensionFigure", () => {
  const fig = oneDimensionFigure(x, before, after, { bins: 6 });
  const panel = (axis: string) => fig.data.filter((t) => (t.xaxis ?? "x") === axis);

  test("each panel: the points' histogram, normalised as a density, over their range in 6 bins", () => {
    for (const axis of ["x", "x2"]) {
      const h = panel(axis)[0] as PlotlyHistogramTrace;
      assert.equal(h.type, "histogram");
      assert.deepEqual(h.x, x);
      assert.equal(h.histnorm, "probability density");
      const bins = h.xbins as { start: number; end: number; size: number };
      assert.equal(bins.start, 0.2);
      assert.ok(Math.abs(bins.size - (9.9 - 0.2) / 6) < 1e-12);
      assert.ok(bins.end > 9.9);
    }
  });

  test("the weighted components and their sum are π N(x | μ, σ²) of the panel's parameters", () => {
    const check = (axis: string, params: typeof before) => {
      const [, c1, c2, sum] = panel(axis) as PlotlyTrace[];
      for (const i of [0, 57, 150, 300]) {
        const t = c1.x[i] as number;
        const parts = params.pi.map((p, j) => p * N(t, params.mu[j][0], params.Sigma[j][0][0]));
        assert.ok(Math.abs((c1.y[i] as number) - parts[0]) < 1e-14, `${axis} component 1 at ${t}`);
        assert.ok(Math.abs((c2.y[i] as number) - parts[1]) < 1e-14, `${axis} component 2 at ${t}`);
        assert.ok(Math.abs((sum.y[i] as number) - parts[0] - parts[1]) < 1e-14, `${axis} sum at ${t}`);
      }
      assert.equal(c1.line!.color, componentColor(0));
      assert.equal(sum.line!.color, "black");
    };
    check("x", before);
    check("x2", after);
  });

  test("the curves reach 3σ past every mean, and integrate to 1", () => {
    const sum = panel("x")[3] as PlotlyTrace;
    const t = sum.x as number[];
    assert.ok(t[0] <= Math.min(0.2, 1 - 3, 4 - 3 * Math.sqrt(2)) + 1e-12);
    assert.ok(t[t.length - 1] >= 9.9);
    const y = sum.y as number[];
    let area = 0;
    for (let i = 1; i < t.length; i++) area += ((y[i] + y[i - 1]) / 2) * (t[i] - t[i - 1]);
    assert.ok(Math.abs(area - 1) < 0.01, `area ${area}`);
  });

  test("both panels' y range reaches the tallest bar and curve of either (bars counted here as plotly.js bins them)", () => {
    const size = (9.9 - 0.2) / 6;
    const counts = new Array(6).fill(0);
    for (const v of x) counts[Math.min(5, Math.floor((v - 0.2) / size))]++;
    const bars = counts.map((c) => c / (x.length * size));
    const curves = [panel("x")[3], panel("x2")[3]].flatMap((t) => t.y as number[]);
    const top = Math.max(...bars, ...curves);
    assert.deepEqual((fig.layout.yaxis as { range: number[] }).range, [0, 1.08 * top]);
    assert.deepEqual((fig.layout.yaxis2 as { range: number[] }).range, [0, 1.08 * top]);
  });

  test("two panels on the same axes, titled before and after; the legend once", () => {
    assert.equal((fig.layout.xaxis2 as { matches: string }).matches, "x");
    assert.equal((fig.layout.yaxis2 as { matches: string }).matches, "y");
    assert.deepEqual(
      (fig.layout.annotations ?? []).map((a) => a.text),
      ["before", "after"],
    );
    assert.ok(panel("x2").every((t) => t.showlegend === false));
  });
});

describe("oneDimensionFigure refuses", () => {
  testInputErrors([
    ["no points", () => oneDimensionFigure([], before, after), /^x: must be a non-empty array/],
    ["a point that is not finite", () => oneDimensionFigure([1, Infinity], before, after), /^x\[1\]/],
    [
      "2-D means",
      () =>
        oneDimensionFigure(
          x,
          {
            ...before,
            mu: [
              [1, 0],
              [4, 0],
            ],
          },
          after,
        ),
      /^before\.mu\[0\]/,
    ],
    ["a zero variance", () => oneDimensionFigure(x, before, { ...after, Sigma: [[[1]], [[0]]] }), /^after\.Sigma\[1\]/],
    ["weights that do not sum to 1", () => oneDimensionFigure(x, { ...before, pi: [0.5, 0.6] }, after), /^before\.pi/],
    ["bins 0", () => oneDimensionFigure(x, before, after, { bins: 0 }), /^options\.bins/],
  ]);
});

test("means as far out as the doubles go (±1e308): the curves' x values stay finite, from the lower end to the upper", () => {
  const far = { pi: [0.5, 0.5], mu: [[-1e308], [1e308]], Sigma: [[[0.5]], [[0.8]]] };
  const fig = oneDimensionFigure([0.5, 1, 4, 4.5], { pi: [0.5, 0.5], mu: [[0], [3]], Sigma: [[[1]], [[1]]] }, far, {
    curvePoints: 20,
  });
  for (const trace of fig.data.filter((t): t is PlotlyTrace => t.type !== "histogram")) {
    const xs = trace.x as number[];
    assert.ok(xs.every(Number.isFinite), `${trace.name}: ${xs.slice(0, 3)}…`);
    assert.ok(xs[0] <= -1e308 && xs[xs.length - 1] >= 1e308, `${trace.name} spans both means`);
  }
});
