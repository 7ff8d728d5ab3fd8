// npm start with parameters: each run here is npm start's own (given values go into a cell after
// the one tagged `parameters`); bad values stop it before any kernel starts.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "fs";
import { join } from "path";
import { applyGmm, generateData } from "../../src/index";
import { formatNumber } from "../../src/display/html";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { sha256 } from "../helpers/default-run";
import { checkExecuted, htmlOutputs, npmStart, readNotebook, removeDir, requireSetUp, tempDir, text } from "../helpers/notebook";

let notebookHash = "";

before(() => {
  requireSetUp();
  notebookHash = sha256(NOTEBOOK);
});

test("npm start -- --seed 7 --variance1 2: a parameters cell is injected after the tagged one, and the data change", () => {
  const out = tempDir("seeded");
  try {
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
    assert.equal(sha256(NOTEBOOK), notebookHash, "notebooks/gmm-em.ipynb is never written");
  } finally {
    removeDir(out);
  }
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
    const dir = tempDir("bad");
    try {
      const out = join(dir, "out");
      const run = npmStart([...args, "--out-dir", out]);
      assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.ok(!existsSync(out), `${args.join(" ")}: nothing ran`);
    } finally {
      removeDir(dir);
    }
  }
});

test("npm start -- --rng seedrandom --seed 7: the library's own generator's points", () => {
  const out = tempDir("rng");
  try {
    const run = npmStart(["--rng", "seedrandom", "--seed", "7", "--max-iter", "40", "--out-dir", out]);
    assert.equal(run.status, 0, run.stderr);
    const executed = readNotebook(join(out, "gmm-em.ipynb"));
    const at = executed.cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
    assert.match(text(executed.cells[at + 1].source), /rng = "seedrandom";\s*randomState = 7;\s*maxIter = 40;/);
    const html = executed.cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.["text/html"])).join("\n");
    const seeded = generateData({ randomState: 7, variance1: 3, variance2: 1 });
    const numpy = generateData({ randomState: 7, variance1: 3, variance2: 1, rng: "numpy" });
    assert.ok(html.includes(`<td>${formatNumber(seeded.get(0, 0))}</td>`), "seedrandom's first row");
    assert.ok(!html.includes(`<td>${formatNumber(numpy.get(0, 0))}</td>`), "not numpy's");
    const slider = [...html.matchAll(/\n  var figure = (.*);\n  function draw/g)].map((m) => JSON.parse(m[1])).find((f) => f.frames);
    // the slider ends five iterations after EM converged (tol = 1e-3), within maxIter
    const converged = applyGmm(seeded, [0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]], { maxIter: 40, tol: 1e-3, keep: "none" });
    assert.equal(slider.frames.length, Math.min(converged.nIter + 5, 40) + 1, "the slider follows the run");
  } finally {
    removeDir(out);
  }
});

test("npm start with a start of k = 3 (--pi, --mu, --Sigma) still runs top to bottom (the pitfalls section falls back to the original's start)", () => {
  const out = tempDir("k3");
  try {
    const unit = [[1, 0], [0, 1]];
    const run = npmStart(["--out-dir", out, "--pi", "[0.2,0.3,0.5]", "--mu", "[[0,0],[1,1],[-1,-1]]", "--Sigma", JSON.stringify([unit, unit, unit])]);
    assert.equal(run.status, 0, run.stderr);
    const k3 = readNotebook(join(out, "gmm-em.ipynb"));
    for (const [i, cell] of k3.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
      for (const o of cell.outputs ?? []) assert.notEqual(o.output_type, "error", `cell ${i}: ${o.ename}`);
    }
    assert.match(run.stdout, /π = \([\d.]+, [\d.]+, [\d.]+\)/, "the main run used the three components");
  } finally {
    removeDir(out);
  }
});
