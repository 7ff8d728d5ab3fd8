// npm start's default run (no parameters), the one test/run.ts makes once for every test in
// test/notebook/: its exit code, what it printed, and the executed, trusted notebook and HTML.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { jupyterEnv, PYTHON } from "../../scripts/jupyter-env";
import { useDefaultRun } from "../helpers/default-run";
import { checkExecuted, htmlOutputs, readNotebook } from "../helpers/notebook";

const defaultRun = useDefaultRun();

test("npm start runs the notebook with the tslab kernel: every cell, no errors, trusted copy and HTML in out/", () => {
  const run = defaultRun();
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Executed notebook: .*gmm-em\.ipynb/);
  assert.match(run.stdout, /HTML: +.*gmm-em\.html/);
  // the correct EM from the original's start separates the two clusters of 200 points
  const m =
    /Final \(iteration 100\): π = \(([\d.]+), ([\d.]+)\), μ = \((-?[\d.]+), (-?[\d.]+)\), \((-?[\d.]+), (-?[\d.]+)\), log-likelihood = (-[\d.]+)/.exec(
      run.stdout,
    );
  assert.ok(m, run.stdout);
  const [p1, p2, a1, a2, b1, b2] = m.slice(1, 7).map(Number);
  assert.ok(Math.abs(p1 - 0.5) < 0.05 && Math.abs(p2 - 0.5) < 0.05);
  const means = [
    [a1, a2],
    [b1, b2],
  ].sort((u, v) => u[0] - v[0]);
  assert.ok(
    Math.hypot(means[0][0] + 2, means[0][1] - 2) < 0.5 && Math.hypot(means[1][0] - 2, means[1][1] + 2) < 0.5,
    JSON.stringify(means),
  );

  const nb = readNotebook(run.notebookPath);
  checkExecuted(nb);
  const html = htmlOutputs(nb);
  assert.equal(html.split("window.Plotly = Plotly").length - 1, 1, "plotly.js is carried by exactly one output");
  const shown = nb.cells
    .filter((c) => c.cell_type === "code")
    .reduce(
      (n, c) =>
        n +
        (
          ([] as string[])
            .concat(c.source)
            .join("")
            .match(/showFigure\(/g) ?? []
        ).length,
      0,
    );
  assert.ok(shown >= 3, "the data's scatter, the snapshot grid and the BIC figure at least");
  assert.equal((html.match(/class="gmm-em-figure"/g) ?? []).length, shown, "one figure output per showFigure call");
  assert.match(html, /lowest BIC: 球形 · spherical, k = 2/, "the BIC section picks two components");
  for (const i of [0, 1, 5, 10, 25, 40])
    assert.ok(html.includes(`"text":"第 ${i} 次迭代 · iteration ${i}`), `panel ${i}`);
  assert.ok(existsSync(run.htmlPath));
  // signed with the project's notary, so `npm run jupyter` shows it as trusted
  const trusted = spawnSync(
    PYTHON,
    [
      "-c",
      "import sys, nbformat; from nbformat.sign import NotebookNotary; " +
        "print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))",
      run.notebookPath,
    ],
    { encoding: "utf8", env: jupyterEnv() },
  );
  assert.equal(trusted.stdout.trim(), "True", trusted.stderr);
  assert.equal(run.sourceHashAfter, run.sourceHashBefore, "notebooks/gmm-em.ipynb is never written");
});
