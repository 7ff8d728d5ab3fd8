import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import { spawnSync } from "child_process";
import { join } from "path";
import { generateData } from "../src/index";
import { formatNumber } from "../src/display/html";
import { jupyterEnv, NOTEBOOK, PYTHON } from "../scripts/jupyter-env";
import { Notebook, npmStart, readNotebook, requireSetUp, tempDir, text } from "./notebook-helpers";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
let notebookHash = "";

before(() => {
  requireSetUp();
  notebookHash = sha(NOTEBOOK);
});

function checkExecuted(nb: Notebook): void {
  const code = nb.cells.filter((c) => c.cell_type === "code");
  assert.ok(code.length >= 6, "imports, parameters, generate_data, compute_gauss, apply_gmm, plotting");
  for (const [i, cell] of code.entries()) {
    assert.equal(typeof cell.execution_count, "number", `code cell ${i} ran`);
    for (const out of cell.outputs ?? []) {
      assert.notEqual(out.output_type, "error", `code cell ${i}: ${out.ename}`);
      assert.ok(!(out.output_type === "stream" && out.name === "stderr"), `code cell ${i} wrote to stderr: ${text(out.text)}`);
    }
  }
}

/** All text/html outputs, joined. */
const htmlOutputs = (nb: Notebook) => nb.cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.["text/html"])).join("\n");

test("npm start runs the notebook with the tslab kernel: every cell, no errors, trusted copy and HTML in out/", () => {
  const out = tempDir("start");
  const run = npmStart(["--out-dir", out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Executed notebook: .*gmm-em\.ipynb/);
  assert.match(run.stdout, /HTML: +.*gmm-em\.html/);
  // the correct EM from the original's start separates the two clusters of 200 points
  const m = /Final \(iteration 100\): π = \(([\d.]+), ([\d.]+)\), μ = \((-?[\d.]+), (-?[\d.]+)\), \((-?[\d.]+), (-?[\d.]+)\), log-likelihood = (-[\d.]+)/.exec(run.stdout);
  assert.ok(m, run.stdout);
  const [p1, p2, a1, a2, b1, b2] = m.slice(1, 7).map(Number);
  assert.ok(Math.abs(p1 - 0.5) < 0.05 && Math.abs(p2 - 0.5) < 0.05);
  const means = [[a1, a2], [b1, b2]].sort((u, v) => u[0] - v[0]);
  assert.ok(Math.hypot(means[0][0] + 2, means[0][1] - 2) < 0.5 && Math.hypot(means[1][0] - 2, means[1][1] + 2) < 0.5, JSON.stringify(means));

  const nb = readNotebook(join(out, "gmm-em.ipynb"));
  checkExecuted(nb);
  const html = htmlOutputs(nb);
  assert.equal(html.split("window.Plotly = Plotly").length - 1, 1, "plotly.js is carried by exactly one output");
  const shown = nb.cells.filter((c) => c.cell_type === "code")
    .reduce((n, c) => n + (([] as string[]).concat(c.source).join("").match(/showFigure\(/g) ?? []).length, 0);
  assert.ok(shown >= 3, "the data's scatter, the snapshot grid and the BIC figure at least");
  assert.equal((html.match(/class="gmm-em-figure"/g) ?? []).length, shown, "one figure output per showFigure call");
  assert.match(html, /best: spherical, k = 2/, "the BIC section picks two components");
  for (const i of [0, 1, 5, 10, 25, 40]) assert.ok(html.includes(`"text":"Iteration ${i}"`), `panel ${i}`);
  assert.ok(existsSync(join(out, "gmm-em.html")));
  // signed with the project's notary, so `npm run jupyter` shows it as trusted
  const trusted = spawnSync(PYTHON, ["-c", "import sys, nbformat; from nbformat.sign import NotebookNotary; " +
    "print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))", join(out, "gmm-em.ipynb")], { encoding: "utf8", env: jupyterEnv() });
  assert.equal(trusted.stdout.trim(), "True", trusted.stderr);
  assert.equal(sha(NOTEBOOK), notebookHash, "notebooks/gmm-em.ipynb is never written");
});

test("npm start -- --seed 7 --variance1 2: a parameters cell is injected after the tagged one, and the data change", () => {
  const out = tempDir("seeded");
  const run = npmStart(["--seed", "7", "--variance1", "2", "--out-dir", out]);
  assert.equal(run.status, 0, run.stderr);
  const nb = readNotebook(join(out, "gmm-em.ipynb"));
  checkExecuted(nb);
  const at = nb.cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
  const injected = nb.cells[at + 1];
  assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
  assert.match(text(injected.source), /randomState = 7;\s*variance1 = 2;/);
  // the first rows shown are the seeded generator's, not the default run's
  const seeded = generateData({ randomState: 7, variance1: 2, variance2: 1, rng: "numpy" });
  const defaults = generateData({ randomState: 42, variance1: 3, variance2: 1, rng: "numpy" });
  const html = htmlOutputs(nb);
  assert.ok(html.includes(`<td>${formatNumber(seeded.get(0, 0))}</td>`), "first row of the seeded data");
  assert.ok(!html.includes(`<td>${formatNumber(defaults.get(0, 0))}</td>`), "not the default data");
  assert.equal(sha(NOTEBOOK), notebookHash, "notebooks/gmm-em.ipynb is never written");
});

test("npm start: an unknown parameter or a bad value is an error before anything runs", () => {
  const cases: [string[], RegExp][] = [
    [["--sed", "7"], /unknown parameter --sed; known: --seed/],
    [["--seed", "seven"], /--seed: "seven" is not a number/],
    [["--seed", "1.5"], /--seed: 1.5 is not an integer/],
    [["--variance1", "-2"], /--variance1: options.variance1: must be a finite number ≥ 0, got -2/],
    [["--pi", "[0.5, 0.6]"], /--pi: pi: sums to 1.1/],
    [["--Sigma", "[[[1,2],[2,1]],[[1,0],[0,1]]]"], /--Sigma: Sigma\[0\]: is not positive definite/],
    [["--max-iter", "10"], /--hist-index: must be a non-empty array of iterations from 0 to maxIter = 10/],
    [["--mu"], /--mu needs a value/],
    [["--rng", "mersenne"], /--rng: options.rng: must be "seedrandom" or "numpy", got "mersenne"/],
    [["--seed", "4294967296"], /--seed: options.randomState: must be an integer from 0 to 2\^32 − 1/],
  ];
  for (const [args, message] of cases) {
    const out = join(tempDir("bad"), "out");
    const run = npmStart([...args, "--out-dir", out]);
    assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.ok(!existsSync(out), `${args.join(" ")}: nothing ran`);
  }
});
