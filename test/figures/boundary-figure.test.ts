// boundaryFigure: k-means' hard assignment and EM's soft one side by side, each with the curve
// where two components are equally responsible.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix } from "ml-matrix";
import { boundaryFigure, decisionBoundary, hardAssignment } from "../../src/figures/boundary-figure";
import { sharedRanges } from "../../src/figures/shared";
import { applyGmm, generateData, logGauss } from "../../src/index";

const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const em = applyGmm(
  X,
  [0.1, 0.9],
  [
    [0.1, 0],
    [0, 0],
  ],
  [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
  { maxIter: 100, keep: "none" },
);
const fitted = em.coef[100];
const tiny = [
  [1e-4, 0],
  [0, 1e-4],
];
const centres = [
  [1.865, -1.941],
  [-2.135, 2.221],
];
const kmeans = { pi: [0.5, 0.5], mu: centres, Sigma: [tiny, tiny] };
const ranges = sharedRanges(X);

/** The boundary's points (the nulls between segments left out). */
function points(line: { x: (number | null)[]; y: (number | null)[] }): number[][] {
  return line.x.flatMap((x, i) => (x === null ? [] : [[x, line.y[i]!]]));
}

test("decisionBoundary: with Σ = εI and equal weights (k-means) it is the perpendicular bisector of the two centres", () => {
  const line = points(decisionBoundary(kmeans, ranges, 80));
  assert.ok(line.length > 100);
  for (const [x, y] of line) {
    const d1 = Math.hypot(x - centres[0][0], y - centres[0][1]),
      d2 = Math.hypot(x - centres[1][0], y - centres[1][1]);
    assert.ok(Math.abs(d1 - d2) < 1e-9, `(${x}, ${y}): ${d1} vs ${d2}`);
  }
});

test("decisionBoundary: for EM's fit, both components are equally responsible along it (a curve, not a line)", () => {
  const line = points(decisionBoundary(fitted, ranges, 160));
  const flat = { data: Float64Array.from(line.flat()), columns: 2 };
  const l1 = logGauss(flat, fitted.mu[0], fitted.Sigma[0]),
    l2 = logGauss(flat, fitted.mu[1], fitted.Sigma[1]);
  const cell = (ranges.x[1] - ranges.x[0]) / 160;
  line.forEach((_, i) => {
    const logRatio = Math.log(fitted.pi[0]) + l1[i] - Math.log(fitted.pi[1]) - l2[i];
    assert.ok(Math.abs(logRatio) < 0.05, `point ${i}: log r₁/r₂ = ${logRatio}`);
  });
  // unequal covariances: the points do not lie on one straight line
  const [a, b] = [line[0], line[Math.floor(line.length / 2)]];
  const off = Math.max(
    ...line.map(
      ([x, y]) =>
        Math.abs((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])) / Math.hypot(b[0] - a[0], b[1] - a[1]),
    ),
  );
  assert.ok(off > 10 * cell, `largest distance from a chord: ${off}`);
});

test("hardAssignment: each row wholly to its likeliest component", () => {
  assert.deepEqual(
    hardAssignment(
      new Matrix([
        [0.2, 0.8],
        [0.6, 0.4],
        [0.1, 0.9],
      ]),
    ).to2DArray(),
    [
      [0, 1],
      [1, 0],
      [0, 1],
    ],
  );
});

test("boundaryFigure: a hard and a soft panel, the boundary in each, a colour key; words in both languages", () => {
  const fig = boundaryFigure(
    X,
    [
      { title: "k-means：硬分配 · hard assignment", params: kmeans, hard: true },
      { title: "EM：软分配 · soft assignment", params: fitted },
    ],
    { labels: "zh-en", title: "k-means 与 EM · k-means and EM" },
  );
  const byPanel = (axis: string) => fig.data.filter((t) => (t.xaxis ?? "x") === axis && !t.showlegend);
  const hard = byPanel("x"),
    soft = byPanel("x2");
  // hard: points, 2 means, the boundary (no ellipses); soft: points, 2 means, 4 ellipses, the boundary
  assert.equal(hard.length, 1 + 2 + 1);
  assert.equal(soft.length, 1 + 2 + 4 + 1);
  const hardColours = new Set(hard[0].marker!.color as string[]);
  assert.deepEqual(
    [...hardColours].sort(),
    ["rgb(0, 114, 178)", "rgb(213, 94, 0)"],
    "hard: only the two component colours",
  );
  assert.ok(new Set(soft[0].marker!.color as string[]).size > 2, "soft: blends too");
  assert.deepEqual(
    fig.layout.annotations!.map((a) => a.text),
    ["k-means：硬分配<br>hard assignment", "EM：软分配<br>soft assignment"],
  );
  assert.deepEqual(
    fig.data.filter((t) => t.showlegend).map((t) => t.name),
    [
      "分量 1 · component 1",
      "分量 2 · component 2",
      "1σ（粗）与 2σ（细）椭圆 · 1σ (thick) and 2σ (thin) ellipses",
      "分界线 · boundary",
    ],
  );
  assert.throws(() => boundaryFigure(X, []), /panels: must be a non-empty array/);
});
