// The notebook's sections in the default run (test/helpers/default-run.ts), in order: what each
// shows, checked against the library run here; and the notebook as a lecture: both languages in
// every markdown cell and figure title, code cells that fit a projector.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { formatNumber } from "../../src/display/html";
import { FIGURE_DIGITS, figureForPage } from "../../src/display/plotly";
import {
  applyGmm,
  densityFigure,
  GaussianMixture,
  generateData,
  halfStepsFigure,
  iterationSlider,
  lowerBoundCurves,
  lowerBoundFigure,
  makeBlobs,
  oneDimensionFigure,
  oneDimensionStep,
  samplesFigure,
  snapshotGrid,
  uncertaintyFigure,
} from "../../src/index";
import { useDefaultRun } from "../helpers/default-run";
import { fixture } from "../helpers/fixtures";
import { type Notebook, type NotebookCell, readNotebook, text } from "../helpers/notebook";

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
const defaultRun = useDefaultRun({ requireSuccess: true });
let nb: Notebook;
let notebookPath = "";

before(async () => {
  notebookPath = (await defaultRun.ready).notebookPath;
  nb = readNotebook(notebookPath);
});

const CJK = /[\u4e00-\u9fff]/;
const heading = (c: NotebookCell) => (c.cell_type === "markdown" ? (/^## (.*)/.exec(text(c.source))?.[1] ?? "") : "");
/** The code cells after the markdown cell whose heading starts with `title`, up to the next heading. */
function section(title: string): NotebookCell[] {
  const at = nb.cells.findIndex((c) => heading(c).startsWith(title));
  assert.ok(at >= 0, `section ${title}`);
  const end = nb.cells.findIndex((c, i) => i > at && heading(c) !== "");
  return nb.cells.slice(at + 1, end < 0 ? undefined : end).filter((c) => c.cell_type === "code");
}
const stdout = (cells: NotebookCell[]) =>
  cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => text(o.text))
    .join("");
const htmlOf = (cells: NotebookCell[]) =>
  cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => text(o.data?.["text/html"]))
    .join("\n");
/** The figures (Plotly JSON) in the outputs of these cells, in order. */
function figures(cells: NotebookCell[]): any[] {
  return [...htmlOf(cells).matchAll(/\n {2}var figure = (.*);\n {2}function draw/g)].map((m) => JSON.parse(m[1]));
}
/** A figure as its notebook output carries it (numbers to FIGURE_DIGITS significant digits), through JSON. */
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(figureForPage(v)));
/** Columns a line takes in a monospace font: CJK characters take two. */
const columns = (line: string) => [...line].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const printed = (out: string, pattern: RegExp) => {
  const m = pattern.exec(out);
  assert.ok(m, `${pattern} in:\n${out}`);
  return m;
};

test("notebook: the sections come in the intended order, every cell ran without an error or stderr", () => {
  const titles = nb.cells.map(heading).filter((h) => h !== "");
  const order = [
    "术语表",
    "导入",
    "参数",
    "生成数据",
    "高斯密度",
    "一维热身",
    "EM 算法",
    "画图",
    "每一次迭代",
    "拟合的模型",
    "为什么 EM 有效",
    "原代码的问题",
    "三个簇",
    "k-means 与 EM",
    "会出什么错",
    "模型选择",
    "实时演示",
    "练习",
    "给教师",
  ];
  assert.deepEqual(
    order.map((t) => titles.findIndex((h) => h.startsWith(t))),
    order.map((_, i) => i),
    JSON.stringify(titles),
  );
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
    for (const out of cell.outputs ?? []) {
      assert.notEqual(out.output_type, "error", `cell ${i}: ${out.ename}`);
      assert.ok(!(out.output_type === "stream" && out.name === "stderr"), `cell ${i}: ${text(out.text)}`);
    }
  }
});

test("notebook: every markdown cell is in Chinese and English, Chinese first; every figure title and printed line in both", () => {
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "markdown") continue;
    const prose = text(cell.source)
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^(#|\$\$|\||```|<)/.test(l.trim()));
    const words =
      prose
        .join(" ")
        .replace(/\$[^$]*\$|`[^`]*`/g, "")
        .match(/\b[A-Za-z]{3,}\b/g) ?? [];
    assert.ok(CJK.test(prose.join("")) && words.length >= 3, `cell ${i}: both languages`);
    assert.ok(CJK.test(prose[0]), `cell ${i}: Chinese first — ${prose[0]}`);
  }
  const all = figures(nb.cells.filter((c) => c.cell_type === "code"));
  assert.equal(
    all.length,
    15,
    "the data, the line, the grid, the halves, the slider, the density, the uncertainty, the draws, the lower bound, the comparison, two k = 3 grids, k-means, the collapse, BIC and AIC",
  );
  for (const f of all) {
    const title = f.layout.title?.text ?? "";
    assert.ok(CJK.test(title) && /[A-Za-z]{3}/.test(title) && title.includes(" · "), `figure title: ${title}`);
  }
  // printed lines: each line in both, except the npm start result line (English) beside its Chinese twin,
  // and messages the library prints (its errors are English)
  const lines = stdout(nb.cells)
    .split("\n")
    .filter((l) => l !== "" && !/^Gmm\w*Error: /.test(l));
  for (const line of lines) {
    if (/^(Final \(iteration |最终（第 |The original.s ℓ fell|原代码的 ℓ 下降)/.test(line)) continue; // a pair of lines, one per language
    assert.ok(
      CJK.test(line) && /[A-Za-z]{3}/.test(line.replace(/log N|applyGmm|nInit|k-means/g, "")),
      `printed: ${line}`,
    );
  }
});

test("notebook: code cells fit a projector — lines ≤ 90 columns, cells ≤ 12 lines (an exercise's solution 30), no casts or tool talk", () => {
  const code = nb.cells.filter((c) => c.cell_type === "code");
  assert.equal(code.filter((c) => c.metadata.nbgrader?.solution === true).length, 6, "the six exercises' solutions");
  for (const cell of code) {
    const source = text(cell.source);
    const lines = source.split("\n");
    const limit = cell.metadata.nbgrader?.solution === true ? 30 : 12;
    assert.ok(lines.length <= limit, `${lines.length} lines: ${lines[0]}`);
    for (const line of lines) assert.ok(columns(line) <= 90, `${columns(line)} columns: ${line}`);
    assert.ok(
      !/\bas (?!const\b)[A-Za-z]|\bas const\b|<[A-Z]\w*>\s*\w/.test(source.replace(/import \* as tslab/, "")),
      `a cast in: ${lines[0]}`,
    );
    const comments = lines.map((l) => /\/\/(.*)$/.exec(l)?.[1] ?? "").join(" ");
    assert.ok(!/npm|dist\/|papermill|tslab|kernel|quirk/i.test(comments), `tool talk: ${comments}`);
  }
});

test("notebook: the data are the Python notebook's very points (rng \"numpy\"), and the grid is the library's, in both languages", () => {
  const python = fixture<{ cases: { options: Record<string, number>; X: number[][] }[] }>(
    "data/generate-data.json",
  ).cases.find((c) => c.options.variance1 === 3 && c.options.variance2 === 1 && c.options.random_state === 42)!;
  const data = htmlOf(section("生成数据"));
  for (const row of python.X.slice(0, 5))
    for (const v of row) assert.ok(data.includes(`<td>${formatNumber(v)}</td>`), `the original's ${v}`);
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  const [grid] = figures(section("画图"));
  const expected = roundTrip(
    snapshotGrid(X, result, [0, 1, 5, 10, 25, 40], { title: grid.layout.title.text, labels: "zh-en" }),
  );
  assert.deepEqual(grid.data, expected.data);
  assert.deepEqual(grid.layout, expected.layout);
  assert.deepEqual(
    grid.data[0].x.slice(0, 5),
    python.X.slice(0, 5).map((r) => Number(r[0].toPrecision(FIGURE_DIGITS))),
  );
});

test("notebook: one dimension first — five points' step by hand is oneDimensionStep's, the line's fit is oneDimensionFigure's", () => {
  const cells = section("一维热身");
  const step = oneDimensionStep([1, 2, 3, 8, 10], { pi: [0.5, 0.5], mu: [[2], [6]], Sigma: [[[1]], [[4]]] });
  const three = (v: number[]) => `(${v.map((c) => formatNumber(c, 3)).join(", ")})`;
  printed(
    stdout(cells),
    new RegExp(
      `M-step: N = ${three(step.Nk)}, π = ${three(step.pi)}, μ = ${three(step.mu)}, σ² = ${three(step.variance)}`.replace(
        /[()]/g,
        "\\$&",
      ),
    ),
  );
  for (const r of step.r.flat()) assert.ok(htmlOf(cells).includes(`<td>${formatNumber(r, 3)}</td>`), `r = ${r}`);
  const line = generateData({ variance1: 3, variance2: 1, randomState: 42, rng: "numpy" }).getColumn(0);
  const from = { pi: [0.5, 0.5], mu: [[-1], [1]], Sigma: [[[1]], [[1]]] };
  const fit = applyGmm(
    line.map((x) => [x]),
    from.pi,
    from.mu,
    from.Sigma,
    { tol: 1e-3 },
  );
  const [shown] = figures(cells);
  const expected = roundTrip(
    oneDimensionFigure(line, from, fit.coef[fit.nIter], { labels: "zh-en", title: shown.layout.title.text }),
  );
  assert.deepEqual(shown.data, expected.data);
  printed(
    stdout(cells),
    new RegExp(`converged at iteration ${fit.nIter}: π = ${three(fit.coef[fit.nIter].pi).replace(/[()]/g, "\\$&")}`),
  );
});

test("notebook: the step in halves and the fitted model — halfStepsFigure, densityFigure, uncertaintyFigure and samplesFigure of the run", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  const last = result.coef[100];
  const halves = figures(section("画图")).find((f) => /Iteration 2: E, then M/.test(f.layout.title.text));
  assert.ok(halves, "the halves figure in the plotting section");
  const expectedHalves = roundTrip(
    halfStepsFigure(X, result.coef[1], {
      responsibilities: result.rvals[1],
      labels: "zh-en",
      title: halves.layout.title.text,
    }),
  );
  assert.deepEqual(halves.data, expectedHalves.data);
  const [density, uncertainty, draws] = figures(section("拟合的模型"));
  for (const [shown, made] of [
    [density, densityFigure(X, last, { labels: "zh-en", title: density.layout.title.text })],
    [uncertainty, uncertaintyFigure(X, last, { labels: "zh-en", title: uncertainty.layout.title.text })],
    [draws, samplesFigure(X, last, { randomState: 0, labels: "zh-en", title: draws.layout.title.text })],
  ])
    assert.deepEqual(shown.data, roundTrip(made).data, shown.layout.title.text);
  assert.equal(density.data.filter((t: { type: string }) => t.type === "contour").length, 1, "the density as contours");
});

test("notebook: EM written out — eStep with π in log space, mStep, the original's names, checked — matches applyGmm to 1e-9", () => {
  const cells = section("EM 算法");
  const cellOf = (name: string) =>
    text(cells.find((c) => new RegExp(`function ${name}\\(`).test(text(c.source)))!.source);
  const [e, m] = [cellOf("eStep"), cellOf("mStep")];
  assert.match(
    e,
    /function eStep\(\s*X: Matrix, pi: number\[\], mu: number\[\]\[\], Sigma: number\[\]\[\]\[\],?\s*\): \{ r: number\[\]\[\]; ll: number \}/,
  );
  assert.match(e, /logGauss\(X, mu\[j\], Sigma\[j\]\)\.map\(\(l\) => Math\.log\(p\) \+ l\)/, "π enters in log space");
  assert.match(
    m,
    /function mStep\(\s*X: Matrix, r: number\[\]\[\],?\s*\): \{ pi: number\[\]; mu: number\[\]\[\]; Sigma: number\[\]\[\]\[\] \}/,
  );
  assert.match(m, /return \{ pi: pi, mu: mu, Sigma: Sigma \}/);
  // the loop runs the checked steps: yours when they pass, else the library's
  const sources = cells.map((c) => text(c.source));
  assert.ok(sources.includes("const E = check.eStep(eStep), M = check.mStep(mStep);"), "the check cell");
  const loop = sources.find((s) => s.includes("ourLogLikelihood"))!;
  assert.match(loop, /= E\(X, params\.pi, params\.mu, params\.Sigma\)/);
  assert.match(loop, /params = M\(X, e\.r\)/);
  const out = stdout(cells);
  const gap = Number(printed(out, /max \|Δ\| = ([\d.e+-]+)/)[1]);
  assert.ok(gap <= 1e-9, `max |Δ| = ${gap}`);
  // the stopping rule: the iteration printed is the library's own
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const fit = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100, tol: 1e-3, keep: "none" });
  assert.equal(fit.nIter, 20);
  printed(out, /tol = 0\.001：第 20 次迭代收敛 · converged at iteration 20, ℓ = -1590\.316/);
  printed(out, /decreases beyond it: 0 \/ 100/);
  printed(out, /最终（第 100 次迭代）：π = \(0\.508, 0\.492\)/);
});

test("notebook: the slider is the library's iterationSlider, ending five iterations past convergence", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  const [shown] = figures(section("每一次迭代"));
  const expected = roundTrip(
    iterationSlider(X, result, { lastIteration: 25, labels: "zh-en", title: shown.layout.title.text }),
  );
  assert.equal(shown.frames.length, 26);
  assert.deepEqual(shown.data, expected.data);
  assert.deepEqual(shown.frames, expected.frames);
  assert.deepEqual(shown.layout.sliders, expected.layout.sliders);
  assert.deepEqual(shown.layout.updatemenus, expected.layout.updatemenus);
});

test("notebook: why EM works — Bayes' rule gives eStep's r; over the run L = ℓ after each E-step, no M-step lowers L; the figure is lowerBoundFigure's", () => {
  const cells = section("为什么 EM 有效");
  const out = stdout(cells);
  const bayes = printed(out, /posterior of x₁: (\(.*?\)); E 步的 r · the E-step's r: (\(.*?\))/);
  assert.equal(bayes[1], bayes[2]);
  // The same check on the library's run: L(q, θ) at t = 0 and t = 1 of the path through θ_old and θ_new.
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  const ll = result.logLikelihood;
  const gaps: number[] = [],
    gains: number[] = [],
    rounding: number[] = [];
  for (let i = 0; i < 100; i++) {
    const { lowerBound: L } = lowerBoundCurves(X, result.coef[i], result.coef[i + 1], 2);
    gaps.push(Math.abs(L[1] - ll[i]));
    gains.push(L[3] - L[1]);
    rounding.push(X.rows * Number.EPSILON * Math.abs(ll[i]));
  }
  const check = printed(out, /max \|L − ℓ\| = ([\d.e+-]+) ≤ 舍入 · rounding n·ε·\|ℓ\| ≤ ([\d.e+-]+)/);
  assert.ok(Number(check[1]) <= Number(check[2]), check[0]);
  assert.equal(check[2], Math.max(...rounding).toExponential(1));
  assert.ok(Math.max(...gaps.map((g, i) => g / rounding[i])) <= 1, "the library's L = ℓ to rounding too");
  const gain = printed(out, /smallest gain of L in an M-step: ([\d.e+-]+); .*falls beyond rounding: (\d+) \/ 100/);
  assert.equal(gain[2], "0");
  assert.equal(gains.filter((g, i) => g < -rounding[i]).length, 0);
  assert.ok(Math.abs(Number(gain[1]) - Math.min(...gains)) <= 2 * Math.max(...rounding), gain[0]);
  const [shown] = figures(cells);
  const expected = roundTrip(
    lowerBoundFigure(X, result.coef[1], result.coef[2], { title: shown.layout.title.text, labels: "zh-en" }),
  );
  assert.deepEqual(shown.data, expected.data);
  assert.deepEqual(shown.layout, expected.layout);
});

test("notebook: the original's slips on unequal clusters — a mean between the clusters, ℓ lower and falling; the k ≠ d error", () => {
  const cells = section("原代码的问题");
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1, nSamples1: 40 });
  const original = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const correct = applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" });
  const [fig] = figures(cells);
  const path = (name: string) => fig.data.find((t: { name: string }) => t.name === name);
  assert.deepEqual(path("原代码 · original: μ2").x, roundTrip(original.coef.map((c) => c.mu[1][0])));
  assert.deepEqual(path("正确的 EM · correct EM: log-likelihood").y, roundTrip(correct.logLikelihood));
  const ll = original.logLikelihood;
  const falls = ll.map((_, i) => i).filter((i) => i > 0 && ll[i - 1] - ll[i] > 240 * Number.EPSILON * Math.abs(ll[i]));
  const out = stdout(cells);
  printed(
    out,
    new RegExp(
      `The original's ℓ fell at ${falls.length} of 100 iterations, by up to ${formatNumber(Math.max(...falls.map((i) => ll[i - 1] - ll[i])), 2)}; correct EM's at 0\\.`,
    ),
  );
  assert.match(out, /GmmInputError: options\.variant: "original" divides .* here k = 3 and d = 2/);
  const table = htmlOf(cells);
  assert.ok(
    table.includes(`<td>${formatNumber(ll[100], 3)}</td>`) &&
      table.includes(`<td>${formatNumber(correct.logLikelihood[100], 3)}</td>`),
  );
});

test("notebook: k = 3 — the poor start crawls, then converges to a local optimum; the farthest-point start and restarts do better", () => {
  const cells = section("三个簇");
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
  const I = [
      [1, 0],
      [0, 1],
    ],
    third = [1 / 3, 1 / 3, 1 / 3];
  const poor = applyGmm(
    blobs.X,
    third,
    [
      [-5.5, -2.5],
      [-4.5, -3.5],
      [2.5, 1],
    ],
    [I, I, I],
    { maxIter: 1000, tol: 1e-6, regCovar: 1e-6, keep: "none" },
  );
  const out = stdout(cells);
  printed(out, new RegExp(`iteration 100: ℓ = ${formatNumber(poor.logLikelihood[100], 2)}`));
  printed(
    out,
    new RegExp(`converged at iteration ${poor.nIter}: ℓ = ${formatNumber(poor.logLikelihood[poor.nIter], 2)}`),
  );
  const [stuck, escaped] = figures(cells);
  assert.deepEqual(stuck.data[0].x, roundTrip(blobs.X.getColumn(0)));
  assert.equal(stuck.layout.annotations.length, 3 + 1);
  assert.equal(escaped.data.filter((t: { showlegend?: boolean }) => !t.showlegend).length, 3 * (1 + 3 * 3));
  const found = printed(out, /means found: (.*)/)[1];
  const means = [...found.matchAll(/\((-?[\d.]+), (-?[\d.]+)\)/g)].map((p) => [Number(p[1]), Number(p[2])]);
  for (const c of [
    [-5, -3],
    [5, -3],
    [0, 5],
  ])
    assert.equal(means.filter((p) => Math.hypot(p[0] - c[0], p[1] - c[1]) < 0.5).length, 1, found);
  const restarts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((seed) =>
    formatNumber(
      new GaussianMixture({ nComponents: 3, initParams: "random", randomState: seed, tol: 1e-6, maxIter: 500 })
        .fit(blobs.X)
        .score(blobs.X) * 300,
      1,
    ),
  );
  printed(out, new RegExp(`one start each: ℓ = ${restarts.join(", ")}`));
  assert.ok(new Set(restarts).size > 1, "some random starts end in a local optimum");
  printed(out, /ten restarts \(nInit = 10\): ℓ = -1157\.6/);
});

test("notebook: k-means is EM with Σ = εI — hard responsibilities, Lloyd's centres, a straight boundary against EM's curve", () => {
  const cells = section("k-means 与 EM");
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 }).to2DArray();
  // Lloyd's algorithm, written out independently: nearest centre, then the mean of each cluster
  let centres = [
    [0.1, 0],
    [0, 0],
  ];
  for (let it = 0; it < 30; it++) {
    const labels = X.map((x) =>
      Math.hypot(x[0] - centres[0][0], x[1] - centres[0][1]) <= Math.hypot(x[0] - centres[1][0], x[1] - centres[1][1])
        ? 0
        : 1,
    );
    centres = [0, 1].map((j) =>
      [0, 1].map(
        (c) => X.filter((_, i) => labels[i] === j).reduce((s, x) => s + x[c], 0) / labels.filter((l) => l === j).length,
      ),
    );
  }
  const out = stdout(cells);
  printed(
    out,
    new RegExp(
      `k-means' centres: ${centres.map((m) => `\\(${m.map((v) => formatNumber(v, 3)).join(", ")}\\)`).join(", ")}`,
    ),
  );
  printed(out, /responsibilities not 0 or 1: 0/);
  const [fig] = figures(cells);
  assert.equal(fig.layout.annotations.length, 2);
  assert.ok(
    fig.data.some((t: { name: string }) => t.name === "boundary 1") &&
      fig.data.some((t: { name: string }) => t.name === "boundary 2"),
  );
});

test("notebook: collapse — the typed error printed (counted from 0, said from 1), then the run rescued by regCovar 1e-6", () => {
  const out = stdout(section("会出什么错"));
  assert.match(out, /GmmSingularCovarianceError: component 1 at iteration 1: .*collapsed.*regCovar/);
  assert.match(out, /坍缩的是分量 2 · the collapsed one is component 2/);
  assert.match(
    out,
    /iteration 100: π = \(0\.998, 0\.002\), μ₂ = \((-?[\d.]+), (-?[\d.]+)\), Σ₂ = diag\(1\.00e-6, 1\.00e-6\)\n.*the outermost point: \(\1, \2\)/,
  );
});

test("notebook: exercises — five written ones (7–11), each in both languages with a worked answer folded in <details>", () => {
  const at = nb.cells.findIndex((c) => heading(c).startsWith("练习"));
  const end = nb.cells.findIndex((c, i) => i > at && heading(c) !== "");
  const exercises = nb.cells
    .slice(at, end)
    .filter((c) => c.cell_type === "markdown")
    .map((c) => text(c.source))
    .join("\n");
  const questions = exercises.match(/^\*\*\d+\.\*\* /gm) ?? [];
  assert.deepEqual(
    questions,
    [7, 8, 9, 10, 11].map((n) => `**${n}.** `),
  );
  const answers = [...exercises.matchAll(/<details><summary>答案 · Answer<\/summary>([\s\S]*?)<\/details>/g)].map(
    (m) => m[1],
  );
  assert.equal(answers.length, 5);
  for (const a of answers) assert.ok(CJK.test(a) && /[A-Za-z]{3,} [A-Za-z]{3,}/.test(a), a.slice(0, 60));
});

test("notebook: size — the slider's output, its still image included, under 350 kB (the whole notebook's budget: export.test.ts)", () => {
  const sliderOutput = JSON.stringify(section("每一次迭代").flatMap((c) => c.outputs ?? [])).length;
  // Measured: the figure 0.23 MB, its still image 0.05 MB.
  assert.ok(sliderOutput < 350_000, `${sliderOutput} characters`);
});
