// densityFigure: filled contours of log p(x) over the data, the components' ellipses, the points.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeBlobs } from "../../src/data/make-blobs";
import type { GmmParams } from "../../src/em/params";
import { componentColor } from "../../src/figures/colors";
import { densityFigure } from "../../src/figures/density-figure";
import type { PlotlyContourTrace, PlotlyTrace } from "../../src/figures/types";
import { testInputErrors } from "../helpers/errors";

const made = makeBlobs({
  nSamples: 200,
  centers: [
    [-3, 0],
    [3, 1],
  ],
  clusterStd: 1,
  randomState: 3,
  rng: "numpy",
});
const blobs = { X: made.X.to2DArray() };
const params: GmmParams = {
  pi: [0.3, 0.7],
  mu: [
    [-3, 0],
    [3, 1],
  ],
  Sigma: [
    [
      [1, 0.4],
      [0.4, 0.8],
    ],
    [
      [1.5, -0.3],
      [-0.3, 0.6],
    ],
  ],
};

/** p(x) written out: Σⱼ πⱼ exp(−½ (x − μⱼ)ᵀ Σⱼ⁻¹ (x − μⱼ)) / (2π √det Σⱼ), with the 2 × 2 inverse by hand. */
function density(x: number, y: number, p: GmmParams): number {
  return p.pi.reduce((sum, pi, j) => {
    const [[a, b], [, d]] = p.Sigma[j];
    const det = a * d - b * b;
    const dx = x - p.mu[j][0],
      dy = y - p.mu[j][1];
    const q = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
    return sum + (pi * Math.exp(-0.5 * q)) / (2 * Math.PI * Math.sqrt(det));
  }, 0);
}

describe("densityFigure", () => {
  const fig = densityFigure(blobs.X, params, { resolution: 60 });
  const contour = fig.data[0] as PlotlyContourTrace;

  test("the contour's z is log p(x) at its grid points, computed independently", () => {
    assert.equal(contour.type, "contour");
    assert.equal(contour.x.length, 61);
    assert.equal(contour.y.length, 61);
    assert.equal(contour.z.length, 61);
    for (const [r, c] of [
      [0, 0],
      [30, 30],
      [12, 47],
      [60, 5],
      [44, 19],
    ]) {
      const expected = Math.log(density(contour.x[c], contour.y[r], params));
      assert.ok(
        // z holds five significant digits.
        Math.abs(contour.z[r][c] - expected) <= 5e-5 * Math.max(1, Math.abs(expected)),
        `z[${r}][${c}] = ${contour.z[r][c]}, log p = ${expected}`,
      );
    }
  });

  test("by default a 61 × 61 grid, its JSON small enough for a notebook output", () => {
    const fig = densityFigure(blobs.X, params);
    assert.equal((fig.data[0] as PlotlyContourTrace).z.length, 61);
    assert.ok(JSON.stringify(fig).length < 60_000, `${JSON.stringify(fig).length} characters`);
  });

  test("the grid covers the data; the levels run from the peak down `depth`, `levels` apart", () => {
    const xs = blobs.X.map((p) => p[0]),
      ys = blobs.X.map((p) => p[1]);
    assert.ok(contour.x[0] < Math.min(...xs) && contour.x[60] > Math.max(...xs));
    assert.ok(contour.y[0] < Math.min(...ys) && contour.y[60] > Math.max(...ys));
    const peak = Math.max(...contour.z.flat());
    const c = contour.contours as { start: number; end: number; size: number };
    assert.equal(c.end, peak);
    assert.ok(Math.abs(c.start - (peak - 12)) < 1e-12);
    assert.ok(Math.abs(c.size - 1) < 1e-12);
    // The peak is near the heavier component's mean: p there is about π₂ N(μ₂ | μ₂, Σ₂).
    assert.ok(Math.abs(peak - Math.log(density(3, 1, params))) < 0.05);
  });

  test("the points, and each component's mean and 1σ/2σ ellipses in its colour", () => {
    const scatter = fig.data.slice(1) as PlotlyTrace[];
    const points = scatter.find((t) => t.name === "data")!;
    assert.deepEqual(
      points.x,
      blobs.X.map((p) => p[0]),
    );
    for (const j of [0, 1]) {
      const ellipses = scatter.filter(
        (t) => t.name === `component ${j + 1}: 1σ` || t.name === `component ${j + 1}: 2σ`,
      );
      assert.equal(ellipses.length, 2);
      for (const e of ellipses) assert.equal(e.line!.color, componentColor(j));
    }
    assert.equal(fig.layout.yaxis && (fig.layout.yaxis as { scaleanchor: string }).scaleanchor, "x", "equal aspect");
  });

  test("Chinese labels", () => {
    const zh = densityFigure(blobs.X, params, { labels: "zh", resolution: 10 });
    assert.equal((zh.layout.title as { text: string }).text, "拟合的混合密度 p(x)");
  });
});

describe("densityFigure refuses", () => {
  const X3 = blobs.X.map((p) => [...p, 0]);
  testInputErrors([
    ["3-D data", () => densityFigure(X3, params), /^X: must have 2 columns/],
    ["an unknown option", () => densityFigure(blobs.X, params, { levelz: 3 } as never), /options/],
    ["a resolution of 1", () => densityFigure(blobs.X, params, { resolution: 1 }), /^options\.resolution/],
    ["levels 0.5", () => densityFigure(blobs.X, params, { levels: 0.5 }), /^options\.levels/],
    ["a negative depth", () => densityFigure(blobs.X, params, { depth: -1 }), /^options\.depth/],
    [
      "3-D means",
      () =>
        densityFigure(blobs.X, {
          ...params,
          mu: [
            [0, 0, 0],
            [1, 1, 1],
          ],
        }),
      /^params\.mu\[0\]/,
    ],
    [
      "a covariance that is not positive definite",
      () =>
        densityFigure(blobs.X, {
          ...params,
          Sigma: [
            params.Sigma[0],
            [
              [1, 2],
              [2, 1],
            ],
          ],
        }),
      /Sigma\[1\]/,
    ],
  ]);
});
