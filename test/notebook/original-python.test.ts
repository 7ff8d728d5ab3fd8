// The original's Python, folded under the cells that mirror it, runs as shown: its generate_data
// gives the notebook's points (rng "numpy"), its apply_gmm — two slips and all — is the library's
// `variant: "original"`, and the corrected e_step and m_step shown beside it are the library's EM.
// Run with numpy (the reference Python that npm run setup found); without one, the second test is skipped.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { NOTEBOOK, SETUP } from "../../scripts/jupyter-env";
import { applyGmm, generateData } from "../../src/index";
import { text } from "../helpers/notebook";

const SUMMARY = `<details class="gmm-em-original"><summary>原笔记本的 Python · The original's Python</summary>`;

/** The Python blocks folded in the notebook, in order. */
function foldedPython(): string[] {
  const cells = (JSON.parse(readFileSync(NOTEBOOK, "utf8")) as { cells: { cell_type: string; source: string[] }[] })
    .cells;
  return cells
    .filter((c) => c.cell_type === "markdown" && text(c.source).startsWith(SUMMARY))
    .map((c) => /```python\n([\s\S]*?)\n```/.exec(text(c.source))?.[1] ?? "");
}

test("the original's Python under its mirror cells: generate_data, compute_gauss, apply_gmm and the grid's cell, word for word the seed's where it is the seed's", () => {
  const blocks = foldedPython();
  assert.equal(blocks.length, 4, "generate_data, compute_gauss, apply_gmm, the grid");
  assert.match(
    blocks[0],
    /^def generate_data\(n_samples1=200, n_samples2=200, variance1=1, variance2=1, random_state=42\):/,
  );
  assert.match(blocks[1], /^def compute_gauss\(X, mu, Sigma\):/);
  assert.match(blocks[2], /r\[:, j\] = compute_gauss\(X, mu\[j\], Sigma\[j\]\) {2}# 错误 1 · slip 1/);
  assert.match(blocks[2], /mu = np\.dot\(r\.T, X\) \/ np\.sum\(r, axis=0, keepdims=True\) {2}# 错误 2 · slip 2/);
  assert.match(blocks[3], /^hist_index = \[0, 1, 5, 10, 25, 40\]\nfig, ax = plt\.subplots\(2, 3\)/);
});

test("the original's Python runs as shown: its points are generateData's (numpy), its apply_gmm is variant \"original\", the corrected steps are applyGmm", {
  skip: SETUP?.referencePython ? false : "no Python with numpy (npm run setup names one when it finds it)",
}, () => {
  const [generate, gauss, gmm] = foldedPython();
  const driver = [
    "import json, numpy as np",
    generate,
    gauss,
    gmm,
    "pi_c, mu_c, Sigma_c = np.array(pi), np.array(mu), np.array(Sigma)",
    "for _ in range(100):",
    "    pi_c, mu_c, Sigma_c = m_step(X, e_step(X, pi_c, mu_c, Sigma_c))",
    "last = res['coef'][100]",
    "print(json.dumps({'X': X.tolist(), 'original': {'pi': list(last['pi']), 'mu': np.array(last['mu']).tolist()},",
    "  'corrected': {'pi': pi_c.tolist(), 'mu': mu_c.tolist(), 'Sigma': Sigma_c.tolist()}}))",
  ].join("\n");
  const run = spawnSync(SETUP!.referencePython!, ["-c", driver], { encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  const got = JSON.parse(run.stdout) as {
    X: number[][];
    original: { pi: number[]; mu: number[][] };
    corrected: { pi: number[]; mu: number[][]; Sigma: number[][][] };
  };
  const X = generateData({ variance1: 3, variance2: 1, randomState: 42, rng: "numpy" });
  // the very points, to rounding (numpy draws through an SVD of the covariance)
  const points = X.to2DArray().flat();
  got.X.flat().forEach((v, i) => assert.ok(Math.abs(v - points[i]) <= 1e-12 * Math.max(1, Math.abs(v)), `X[${i}]`));
  const tenth = [
    [0.1, 0],
    [0, 0.1],
  ];
  const start = [
    [0.1, 0.9],
    [
      [0.1, 0],
      [0, 0],
    ],
    [tenth, tenth],
  ] as const;
  const close = (a: number[], b: number[], what: string) =>
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-9, `${what}[${i}]: numpy ${v}, gmm-em ${b[i]}`));
  const original = applyGmm(
    X,
    [...start[0]],
    start[1].map((m) => [...m]),
    [tenth, tenth],
    {
      maxIter: 100,
      variant: "original",
    },
  ).coef[100];
  close(got.original.pi, original.pi, "the original's π");
  close(got.original.mu.flat(), original.mu.flat(), "the original's μ");
  const correct = applyGmm(
    X,
    [...start[0]],
    start[1].map((m) => [...m]),
    [tenth, tenth],
    { maxIter: 100 },
  ).coef[100];
  close(got.corrected.pi, correct.pi, "π");
  close(got.corrected.mu.flat(), correct.mu.flat(), "μ");
  close(got.corrected.Sigma.flat(2), correct.Sigma.flat(2), "Σ");
});
