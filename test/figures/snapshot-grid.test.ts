// snapshotGrid and dataScatter: EM's iterations side by side, and the data alone.

import assert from "node:assert/strict";
import { test } from "node:test";
import { dataScatter, snapshotGrid } from "../../src/figures/snapshot-grid";
import { applyGmm, generateData } from "../../src/index";
import { mahalanobis2 } from "../helpers/geometry";

const HIST = [0, 1, 5, 10, 25, 40];
const X = generateData({ variance1: 3, variance2: 1 });
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
// One iteration past the last panel: rvals[i + 1], the library's next E-step, checks panel i's colours.
const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 41 });
const fig = snapshotGrid(X, result, HIST);

function rgb(color: string): number[] {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(color);
  assert.ok(m, `not an rgb() colour: ${color}`);
  return m.slice(1).map(Number);
}

test("snapshotGrid: 6 panels titled with the iteration and its ℓ, in a 2 × 3 grid, a caption and a colour key", () => {
  const titles = fig.layout.annotations!.map((a) => a.text);
  assert.deepEqual(
    titles.slice(0, 6),
    HIST.map((i) => `iteration ${i}<br>ℓ = ${result.logLikelihood[i].toFixed(2)}`),
  );
  assert.equal(titles[6], "colours: the responsibilities under the parameters drawn");
  const key = fig.data.filter((t) => t.showlegend);
  assert.deepEqual(
    key.map((t) => t.name),
    ["component 1", "component 2", "1σ (thick) and 2σ (thin) ellipses", "start: no E-step yet"],
  );
  assert.deepEqual(
    key.slice(0, 2).map((t) => [t.line!.dash, t.marker!.symbol]),
    [
      ["solid", "x"],
      ["dash", "cross"],
    ],
  );
  const axes = Object.keys(fig.layout)
    .filter((key) => /^xaxis\d*$/.test(key))
    .sort();
  assert.deepEqual(axes, ["xaxis", "xaxis2", "xaxis3", "xaxis4", "xaxis5", "xaxis6"]);
  const panels = new Set(fig.data.filter((t) => !t.showlegend).map((t) => `${t.xaxis}/${t.yaxis}`));
  assert.deepEqual([...panels], ["x/y", "x2/y2", "x3/y3", "x4/y4", "x5/y5", "x6/y6"]);
  // 2 rows of 3: panels 0-2 share a vertical domain above panels 3-5, and columns line up
  const domain = (i: number, axis: "x" | "y") =>
    (fig.layout[`${axis}axis${i === 0 ? "" : i + 1}`] as { domain: number[] }).domain;
  for (let c = 0; c < 3; c++) {
    assert.deepEqual(domain(c, "x"), domain(c + 3, "x"));
    assert.ok(domain(c, "y")[0] > domain(c + 3, "y")[1], "row 1 is above row 2");
  }
  assert.ok(domain(0, "x")[1] < domain(1, "x")[0] && domain(1, "x")[1] < domain(2, "x")[0]);
  // per panel: the points, and per component two ellipses and a mean
  assert.equal(fig.data.length, 6 * (1 + 2 * 3) + 4);
  // axis titles: x₁ under the bottom row, x₂ left of the first column
  assert.deepEqual(
    [3, 4, 5].map((p) => (fig.layout[`xaxis${p + 1}`] as { title: { text: string } }).title.text),
    ["x<sub>1</sub>", "x<sub>1</sub>", "x<sub>1</sub>"],
  );
  assert.deepEqual(
    [0, 3].map((p) => (fig.layout[`yaxis${p === 0 ? "" : p + 1}`] as { title: { text: string } }).title.text),
    ["x<sub>2</sub>", "x<sub>2</sub>"],
  );
});

test("snapshotGrid: every panel has the same ranges, equal aspect, covering data and means", () => {
  const ranges = new Set<string>();
  for (let p = 0; p < 6; p++) {
    const s = p === 0 ? "" : String(p + 1);
    const xa = fig.layout[`xaxis${s}`] as { range: number[] };
    const ya = fig.layout[`yaxis${s}`] as { range: number[]; scaleanchor: string; scaleratio: number };
    ranges.add(JSON.stringify([xa.range, ya.range]));
    assert.equal(ya.scaleanchor, `x${s}`);
    assert.equal(ya.scaleratio, 1);
  }
  assert.equal(ranges.size, 1);
  const [[x0, x1], [y0, y1]] = JSON.parse([...ranges][0]) as number[][];
  assert.ok(Math.abs(x1 - x0 - (y1 - y0)) < 1e-9, "equal spans");
  const cols = [X.getColumn(0), X.getColumn(1)];
  assert.ok(Math.min(...cols[0]) > x0 && Math.max(...cols[0]) < x1);
  assert.ok(Math.min(...cols[1]) > y0 && Math.max(...cols[1]) < y1);
});

test("snapshotGrid: points at their coordinates, coloured by the responsibilities of the parameters drawn; grey at the start", () => {
  HIST.forEach((it, panel) => {
    const points = fig.data.filter((t) => t.name === "points")[panel];
    assert.equal(points.x.length, 400);
    assert.equal(points.x[17], X.get(17, 0));
    assert.equal(points.y[399], X.get(399, 1));
    if (it === 0) return;
    // coef[it]'s responsibilities: what the library's next E-step computed from the same parameters
    const r = result.rvals[it + 1]!;
    points.customdata![123].forEach((v, j) => assert.ok(Math.abs(v - r.get(123, j)) < 1e-12));
    const colors = points.marker!.color as string[];
    for (const i of [0, 150, 250, 399]) {
      const [red, , blue] = rgb(colors[i]);
      // red channel 213·r₁ + 0·r₂, blue 0·r₁ + 178·r₂ (vermillion and blue)
      assert.ok(Math.abs(red - 213 * r.get(i, 0)) <= 0.5 + 1e-9);
      assert.ok(Math.abs(blue - 178 * r.get(i, 1)) <= 0.5 + 1e-9);
    }
    assert.match(points.hovertemplate!, /customdata\[0\].*customdata\[1\]/s);
  });
  // iteration 0: no E-step has run, every point grey, no responsibilities on hover
  assert.equal(fig.data[0].marker!.color, "rgb(175, 175, 175)");
  assert.equal(fig.data[0].customdata, undefined);
  // iteration 40: the two clusters are told apart — first rows red, last rows blue (or the other way)
  const last = fig.data.filter((t) => t.name === "points")[5].marker!.color as string[];
  assert.notEqual(last[0], last[399]);
});

test("snapshotGrid: each component's mean, and ellipses at 1σ and 2σ of its covariance", () => {
  HIST.forEach((it, panel) => {
    const s = panel === 0 ? "" : String(panel + 1);
    const { mu, Sigma } = result.coef[it];
    for (let j = 0; j < 2; j++) {
      const traces = fig.data.filter((t) => t.xaxis === `x${s}` && t.name?.startsWith(`component ${j + 1}:`));
      const mean = traces.find((t) => t.name!.endsWith("mean"))!;
      assert.deepEqual([mean.x[0], mean.y[0]], mu[j]);
      for (const scale of [1, 2]) {
        const e = traces.find((t) => t.name!.endsWith(`${scale}σ`))!;
        assert.equal(e.mode, "lines");
        for (let p = 0; p < e.x.length; p++) {
          const m2 = mahalanobis2(e.x[p]!, e.y[p]!, mu[j], Sigma[j]);
          assert.ok(Math.abs(m2 - scale * scale) < 1e-8 * scale * scale, `${m2} vs ${scale * scale}`);
        }
        assert.equal(e.x[0], e.x[e.x.length - 1], "closed");
      }
    }
  });
});

test("snapshotGrid: clear errors for iterations out of range; a run that kept no responsibilities draws all the same", () => {
  assert.throws(() => snapshotGrid(X, result, [0, 42]), /histIndex\[1\]: must be an iteration from 0 to 41, got 42/);
  const sparse = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 5, keep: "none" });
  assert.equal(snapshotGrid(X, sparse, [0, 1, 5]).layout.annotations!.length, 4);
  assert.throws(() => snapshotGrid(X, result, []), /histIndex/);
  assert.throws(() => snapshotGrid(X, { coef: result.coef } as never, [0]), /result: must be applyGmm's result/);
});

test("snapshotGrid: the words follow the labels option — Chinese, English, or both, Chinese first", () => {
  const both = snapshotGrid(X, result, [0, 5], { labels: "zh-en" });
  assert.equal(
    both.layout.annotations![1].text,
    `第 5 次迭代 · iteration 5<br>ℓ = ${result.logLikelihood[5].toFixed(2)}`,
  );
  assert.deepEqual(
    both.data.filter((t) => t.showlegend).map((t) => t.name),
    [
      "分量 1 · component 1",
      "分量 2 · component 2",
      "1σ（粗）与 2σ（细）椭圆 · 1σ (thick) and 2σ (thin) ellipses",
      "初值：尚未做 E 步 · start: no E-step yet",
    ],
  );
  const zh = snapshotGrid(X, result, [5], { labels: "zh" });
  assert.equal(zh.layout.annotations![0].text, `第 5 次迭代<br>ℓ = ${result.logLikelihood[5].toFixed(2)}`);
  assert.equal(zh.data.filter((t) => t.showlegend).length, 3, "no grey entry without iteration 0");
});

test("dataScatter: the data in one equal-aspect panel, axes titled", () => {
  const f = dataScatter(X);
  assert.equal(f.data.length, 1);
  assert.equal((f.layout.xaxis as { title: { text: string } }).title.text, "x<sub>1</sub>");
  assert.deepEqual(f.data[0].x, X.getColumn(0));
  assert.equal((f.layout.yaxis as { scaleanchor: string }).scaleanchor, "x");
});
