// uncertaintyFigure, samplesFigure and halfStepsFigure: the fitted model's uncertainty, its samples, and one EM iteration in halves.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Matrix } from "ml-matrix";
import { makeBlobs } from "../../src/data/make-blobs";
import { applyGmm } from "../../src/em/apply-gmm";
import type { GmmParams } from "../../src/em/params";
import { eStepResponsibilities } from "../../src/em/responsibilities";
import { componentColor, responsibilityColors } from "../../src/figures/colors";
import { halfStepsFigure } from "../../src/figures/half-steps-figure";
import { legendRows } from "../../src/figures/plane-panels";
import { drawSamples, samplesFigure } from "../../src/figures/samples-figure";
import { uncertaintyFigure } from "../../src/figures/uncertainty-figure";
import { testInputErrors } from "../helpers/errors";

const X = makeBlobs({
  nSamples: 240,
  centers: [
    [-2, 0],
    [2, 0.5],
  ],
  clusterStd: 1.1,
  randomState: 7,
  rng: "numpy",
}).X.to2DArray();
const params: GmmParams = {
  pi: [0.45, 0.55],
  mu: [
    [-2, 0],
    [2, 0.5],
  ],
  Sigma: [
    [
      [1.2, 0.3],
      [0.3, 1],
    ],
    [
      [1, -0.2],
      [-0.2, 1.3],
    ],
  ],
};

describe("uncertaintyFigure", () => {
  const fig = uncertaintyFigure(X, params);
  const points = fig.data[0];
  const marker = points.marker as unknown as { color: number[]; size: number[]; cmax: number; showscale: boolean };

  test("each point's value is 1 − maxⱼ rᵢⱼ of the E-step's responsibilities", () => {
    const r = eStepResponsibilities(X, params).to2DArray();
    assert.equal(marker.color.length, X.length);
    r.forEach((row, i) => assert.equal(marker.color[i], 1 - Math.max(...row), `point ${i}`));
    // Points between the clusters are uncertain; points far out on either side are not.
    const middle = X.findIndex((p) => Math.abs(p[0]) < 0.2);
    const far = X.findIndex((p) => p[0] < -4);
    assert.ok(marker.color[middle] > 0.2 && marker.color[far] < 0.01, `${marker.color[middle]}, ${marker.color[far]}`);
  });

  test("the size grows with the uncertainty; a colour bar up to 1 − 1/k", () => {
    assert.equal(marker.cmax, 0.5);
    assert.equal(marker.showscale, true);
    const order = marker.color.map((u, i) => [u, marker.size[i]]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < order.length; i++) assert.ok(order[i][1] >= order[i - 1][1]);
    marker.color.forEach((u, i) => assert.ok(Math.abs(marker.size[i] - (4 + 24 * u)) < 1e-12, `point ${i}`));
  });

  test("the components' ellipses in their colours", () => {
    const ellipses = fig.data.filter((t) => /^component \d: [12]σ$/.test(t.name ?? ""));
    assert.equal(ellipses.length, 4);
    assert.equal(ellipses[0].line!.color, componentColor(0));
  });
});

describe("samplesFigure", () => {
  test("the samples' mean and covariance are the mixture's, within sampling error (fixed seed)", () => {
    const n = 40000;
    const { X: S, y } = drawSamples(params, n, 11);
    assert.equal(S.length, n);
    // The mixture's moments: m = Σ πⱼ μⱼ, C = Σ πⱼ (Σⱼ + μⱼ μⱼᵀ) − m mᵀ.
    const m = [0, 1].map((a) => params.pi.reduce((s, pi, j) => s + pi * params.mu[j][a], 0));
    const C = [0, 1].map((a) =>
      [0, 1].map(
        (b) =>
          params.pi.reduce((s, pi, j) => s + pi * (params.Sigma[j][a][b] + params.mu[j][a] * params.mu[j][b]), 0) -
          m[a] * m[b],
      ),
    );
    const mean = [0, 1].map((a) => S.reduce((s, p) => s + p[a], 0) / n);
    const cov = [0, 1].map((a) =>
      [0, 1].map((b) => S.reduce((s, p) => s + (p[a] - mean[a]) * (p[b] - mean[b]), 0) / n),
    );
    // Standard errors: √(C_aa / n) ≈ 0.01 for the means; the covariances' about 0.02 — allow 4 of each.
    for (const a of [0, 1])
      assert.ok(Math.abs(mean[a] - m[a]) < 4 * Math.sqrt(C[a][a] / n), `mean ${a}: ${mean[a]} vs ${m[a]}`);
    for (const a of [0, 1])
      for (const b of [0, 1])
        assert.ok(Math.abs(cov[a][b] - C[a][b]) < 0.06, `cov[${a}][${b}]: ${cov[a][b]} vs ${C[a][b]}`);
    // Component 0 drew about π₀ of the points.
    const share = y.filter((j) => j === 0).length / n;
    assert.ok(Math.abs(share - 0.45) < 4 * Math.sqrt((0.45 * 0.55) / n), `share ${share}`);
  });

  test("two panels on shared axes: the data left, the samples right coloured by component; the same seed, the same figure", () => {
    const fig = samplesFigure(X, params, { nSamples: 300, randomState: 4 });
    assert.deepEqual(fig, samplesFigure(X, params, { nSamples: 300, randomState: 4 }));
    const [data, samples] = fig.data;
    assert.deepEqual(
      data.x,
      X.map((p) => p[0]),
    );
    assert.equal(samples.x.length, 300);
    assert.equal(samples.xaxis, "x2");
    const drawn = drawSamples(params, 300, 4);
    assert.deepEqual(
      samples.y,
      drawn.X.map((p) => p[1]),
    );
    assert.deepEqual(
      samples.marker!.color,
      drawn.y.map((j) => componentColor(j)),
    );
    assert.equal((fig.layout.xaxis2 as { matches: string }).matches, "x");
    assert.equal((fig.layout.yaxis2 as { matches: string }).matches, "y");
    assert.equal(samplesFigure(X, params).data[1].x.length, X.length, "as many samples as points by default");
  });
});

describe("halfStepsFigure", () => {
  // A start two iterations into EM, so that the E-step still changes the colours and the M-step moves the ellipses.
  const run = applyGmm(
    X,
    [0.5, 0.5],
    [
      [-0.5, 0],
      [0.5, 0],
    ],
    [params.Sigma[0], params.Sigma[0]],
    { maxIter: 2 },
  );
  const old = run.rvals[1]!;
  const fig = halfStepsFigure(X, run.coef[1], { responsibilities: old });
  const panel = (p: number) => fig.data.filter((t) => (t.xaxis ?? "x") === (p === 0 ? "x" : `x${p + 1}`));
  const pointColours = (p: number) => panel(p).find((t) => t.name === "points")!.marker!.color as string[];
  const ellipse = (p: number) => panel(p).find((t) => t.name === "component 1: 1σ")!;

  test("before: the old r's colours; after the E-step: the new r's, ellipses unchanged; after the M-step: EM's next parameters, colours unchanged", () => {
    assert.deepEqual(pointColours(0), responsibilityColors(old));
    const r = eStepResponsibilities(X, run.coef[1]);
    assert.deepEqual(pointColours(1), responsibilityColors(r));
    assert.notDeepEqual(pointColours(1), pointColours(0), "the E-step changes the colours");
    assert.deepEqual(ellipse(1), { ...ellipse(0), xaxis: "x2", yaxis: "y2" });
    assert.deepEqual(pointColours(2), pointColours(1));
    // The M-step's parameters are applyGmm's next iteration: its mean's ellipse is where coef[2] puts it.
    const moved = halfStepsFigure(X, run.coef[2]);
    assert.deepEqual(ellipse(2).x, moved.data.find((t) => t.name === "component 1: 1σ")!.x);
    assert.notDeepEqual(ellipse(2).x, ellipse(1).x, "the M-step moves the ellipses");
  });

  test("without old responsibilities the first panel is grey, as before any E-step", () => {
    const grey = halfStepsFigure(X, params).data[0].marker!.color;
    assert.equal(grey, "rgb(175, 175, 175)");
  });
});

test("the room for the legend: plotly.js's grid of columns as wide as the widest entry", () => {
  const english = ["data", "component 1", "component 2", "component 3", "1σ (thick) and 2σ (thin) ellipses"];
  // The widest is 40 + 33 × 7.5 = 287.5 px: two to a row in 720 − 80 px, one in 400 − 80.
  assert.equal(legendRows(english, 720), 3);
  assert.equal(legendRows(english, 400), 5);
  assert.equal(
    legendRows(["分量 1 · component 1", "1σ（粗）与 2σ（细）椭圆 · 1σ (thick) and 2σ (thin) ellipses"], 720),
    2,
  );
  assert.equal(legendRows([], 720), 0);
  const fig = uncertaintyFigure(X, params, { labels: "zh-en" });
  assert.equal((fig.layout.margin as { b: number }).b, 60 + 24 * 3 + 16, "three key entries, one to a row");
});

describe("the plane figures refuse", () => {
  const X3 = X.map((p) => [...p, 1]);
  testInputErrors([
    ["uncertainty: 3-D data", () => uncertaintyFigure(X3, params), /^X: must have 2 columns/],
    ["uncertainty: an unknown option", () => uncertaintyFigure(X, params, { size: 3 } as never), /options/],
    ["samples: 3-D data", () => samplesFigure(X3, params), /^X: must have 2 columns/],
    ["samples: nSamples 0", () => samplesFigure(X, params, { nSamples: 0 }), /^options\.nSamples/],
    ["samples: a seed of −1", () => samplesFigure(X, params, { randomState: -1 }), /^options\.randomState/],
    ["samples: weights that do not sum to 1", () => samplesFigure(X, { ...params, pi: [0.5, 0.7] }), /^pi/],
    ["half steps: 3-D data", () => halfStepsFigure(X3, params), /^X: must have 2 columns/],
    [
      "half steps: old responsibilities that are not a Matrix",
      () => halfStepsFigure(X, params, { responsibilities: [[1, 0]] as never }),
      /^options\.responsibilities/,
    ],
    [
      "half steps: old responsibilities of the wrong size",
      () => halfStepsFigure(X, params, { responsibilities: new Matrix(3, 2).fill(0.5) }),
      /^responsibilities: has 3 rows/,
    ],
  ]);
});
