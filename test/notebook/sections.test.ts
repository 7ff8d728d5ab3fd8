// The notebook's sections in the default run (test/helpers/default-run.ts), in order: the original's
// figure with the original's data, the slider, the pitfalls, k = 3, the collapse — each output
// checked against the library run here and the Python original's numbers.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { applyGmm, generateData, iterationSlider, makeBlobs } from "../../src/index";
import { formatNumber } from "../../src/display/html";
import { useDefaultRun } from "../helpers/default-run";
import { fixture } from "../helpers/fixtures";
import { Notebook, NotebookCell, readNotebook, text } from "../helpers/notebook";

const start = { pi: [0.1, 0.9], mu: [[0.1, 0], [0, 0]], Sigma: [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]] };
const defaultRun = useDefaultRun({ requireSuccess: true });
let nb: Notebook;
let notebookPath = "";

before(async () => {
  notebookPath = (await defaultRun.ready).notebookPath;
  nb = readNotebook(notebookPath);
});

const heading = (c: NotebookCell) => (c.cell_type === "markdown" ? /^## (.*)/.exec(text(c.source))?.[1] ?? "" : "");
/** The code cells after the markdown cell whose heading starts with `title`, up to the next heading. */
function section(title: string): NotebookCell[] {
  const at = nb.cells.findIndex((c) => heading(c).startsWith(title));
  assert.ok(at >= 0, `section ${title}`);
  const end = nb.cells.findIndex((c, i) => i > at && heading(c) !== "");
  return nb.cells.slice(at + 1, end < 0 ? undefined : end).filter((c) => c.cell_type === "code");
}
const stdout = (cells: NotebookCell[]) => cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => text(o.text)).join("");
const htmlOf = (cells: NotebookCell[]) => cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.["text/html"])).join("\n");
/** The figures (Plotly JSON) in the outputs of these cells, in order. */
function figures(cells: NotebookCell[]): any[] {
  return [...htmlOf(cells).matchAll(/\n  var figure = (.*);\n  function draw/g)].map((m) => JSON.parse(m[1]));
}
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v));

test("notebook: the sections come in the intended order, every cell ran without an error or stderr", () => {
  const titles = nb.cells.map(heading).filter((h) => h !== "");
  const order = ["画图", "每一次迭代", "原代码的问题", "三个簇", "会出什么错", "练习"].map((t) => titles.findIndex((h) => h.startsWith(t)));
  assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])), JSON.stringify(titles));
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
    for (const out of cell.outputs ?? []) {
      assert.notEqual(out.output_type, "error", `cell ${i}: ${out.ename}`);
      assert.ok(!(out.output_type === "stream" && out.name === "stderr"), `cell ${i}: ${text(out.text)}`);
    }
  }
});

test("notebook: the data are the Python notebook's very points (rng \"numpy\"), and the grid is drawn from them", () => {
  const python = fixture<{ cases: { options: Record<string, number>; X: number[][] }[] }>("data/generate-data.json").cases
    .find((c) => c.options.variance1 === 3 && c.options.variance2 === 1 && c.options.random_state === 42)!;
  const data = htmlOf(section("生成数据"));
  for (const row of python.X.slice(0, 5)) {
    for (const v of row) assert.ok(data.includes(`<td>${formatNumber(v)}</td>`), `the original's ${v}`);
  }
  const [grid] = figures(section("画图"));
  assert.deepEqual(grid.data[0].x.slice(0, 5), python.X.slice(0, 5).map((r) => r[0]));
});

test("notebook: the slider is the library's iterationSlider of the run, all 101 iterations", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  const [shown] = figures(section("每一次迭代"));
  const expected = roundTrip(iterationSlider(X, result));
  assert.equal(shown.frames.length, 101);
  assert.deepEqual(shown.data, expected.data);
  assert.deepEqual(shown.frames, expected.frames);
  assert.deepEqual(shown.layout.sliders, expected.layout.sliders);
  assert.deepEqual(shown.layout.updatemenus, expected.layout.updatemenus);
});

test("notebook: pitfalls — both EMs side by side, the original's log-likelihood going down, and the k ≠ d error", () => {
  const cells = section("原代码的问题");
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const original = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const correct = applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" });
  const [fig] = figures(cells);
  const path = (name: string) => fig.data.find((t: { name: string }) => t.name === name);
  assert.deepEqual(path("original: μ1").x, original.coef.map((c) => c.mu[0][0]));
  assert.deepEqual(path("correct EM: μ2").y, correct.coef.map((c) => c.mu[1][1]));
  assert.deepEqual(path("original: log-likelihood").y, original.logLikelihood);
  assert.ok(path("original: final 2σ ellipse 1") && path("correct EM: final 2σ ellipse 2"), "final ellipses");
  assert.equal(fig.layout.annotations[1].text, "log-likelihood (axis from iteration 10)");
  const ll = original.logLikelihood;
  const downs = ll.map((_, i) => i).filter((i) => i > 0 && ll[i] < ll[i - 1] - 1e-9 * Math.abs(ll[i - 1]));
  assert.ok(downs.length > 0);
  const out = stdout(cells);
  assert.ok(out.includes(`went down at ${downs.length} of 100 iterations, first at iteration ${downs[0]} `), out);
  assert.ok(out.includes("correct EM's at 0."), out);
  assert.match(out, /GmmInputError: options\.variant: "original" divides .* here k = 3 and d = 2/);
  const table = htmlOf(cells);
  assert.ok(table.includes(`<td>${formatNumber(ll[100], 3)}</td>`) && table.includes(`<td>${formatNumber(correct.logLikelihood[100], 3)}</td>`));
});

test("notebook: k = 3 — stuck from the poor start, one mean per blob from the farthest-point start", () => {
  const cells = section("三个簇");
  const [stuck, escaped] = figures(cells);
  assert.deepEqual(stuck.layout.annotations.map((a: { text: string }) => a.text), ["Iteration 0", "Iteration 10", "Iteration 100"]);
  assert.equal(escaped.data.length, 3 * (1 + 3 * 3));
  const { X } = makeBlobs({ nSamples: 300, centers: [[-5, -3], [5, -3], [0, 5]], clusterStd: 1, randomState: 42, rng: "numpy" });
  assert.deepEqual(stuck.data[0].x, X.getColumn(0));
  const out = stdout(cells);
  const m = /poor start (-[\d.]+), farthest-point start (-[\d.]+) \(higher by ([\d.]+)\)/.exec(out);
  assert.ok(m, out);
  assert.ok(Number(m[3]) > 100, `the escape is ${m[3]} higher`);
  const third = [1 / 3, 1 / 3, 1 / 3], I = [[1, 0], [0, 1]];
  const poor = applyGmm(X, third, [[-5.5, -2.5], [-4.5, -3.5], [2.5, 1]], [I, I, I], { keep: "none", regCovar: 1e-6 });
  assert.equal(m[1], formatNumber(poor.logLikelihood[100], 2));
  const found = /means found from the farthest-point start: (.*)\./.exec(out)![1];
  const means = [...found.matchAll(/\((-?[\d.]+), (-?[\d.]+)\)/g)].map((p) => [Number(p[1]), Number(p[2])]);
  for (const c of [[-5, -3], [5, -3], [0, 5]]) assert.equal(means.filter((p) => Math.hypot(p[0] - c[0], p[1] - c[1]) < 0.5).length, 1, found);
});

test("notebook: collapse — the typed error shown as output (not a failing cell), then the run rescued by regCovar 1e-6", () => {
  const cells = section("会出什么错");
  const out = stdout(cells);
  assert.match(out, /GmmSingularCovarianceError: component 1 at iteration 1: .*collapsed.*regCovar/);
  assert.match(out, /Rescued \(iteration 100\): π = \(0\.9975, 0\.0025\), μ₂ = \((-?[\d.]+), (-?[\d.]+)\) \(the outermost point: \(\1, \2\)\), Σ₂ = diag\(1\.00e-6, 1\.00e-6\)/);
  const [rescued] = figures(cells);
  assert.deepEqual(rescued.layout.annotations.map((a: { text: string }) => a.text), ["Iteration 0", "Iteration 1", "Iteration 100"]);
});

test("notebook: size — the slider's output, still image included, under 1 MB (the whole notebook's budget: export.test.ts)", () => {
  const sliderOutput = JSON.stringify(section("每一次迭代").flatMap((c) => c.outputs ?? [])).length;
  // Measured: 0.88 MB, of which the still image 0.05 MB.
  assert.ok(sliderOutput < 1_000_000, `${sliderOutput} characters`);
});
