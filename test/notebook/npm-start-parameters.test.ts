// npm start with parameters: given values go into a cell after the one tagged `parameters`; bad
// values stop it before any kernel starts. One real run shows every point of a run with values,
// and, made without Chromium, what npm start writes without it; `--only` is shown by the one step
// that runs no kernel (the live page). The refusals are checked through the function npm start's
// `main` runs first (`readCommandLine`), and two of them as real npm start processes.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, test } from "node:test";
import { NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { readCommandLine } from "../../scripts/start/cli";
import { parametersCell } from "../../scripts/start/parameters";
import { EXECUTED, OUTPUT_STEPS, outputFiles, selectSteps } from "../../scripts/start/steps";
import { formatNumber } from "../../src/display/html";
import { applyGmm, generateData } from "../../src/index";
import { sha256 } from "../helpers/default-run";
import {
  checkExecuted,
  htmlOutputs,
  notebookCell,
  npmStart,
  readNotebook,
  removeDir,
  requireSetUp,
  tempDir,
  text,
  writeNotebook,
} from "../helpers/notebook";

let notebookHash = "";

before(() => {
  requireSetUp();
  notebookHash = sha256(NOTEBOOK);
});

/** What `npm start -- args` answers before anything starts, when it refuses them: its exit code and stderr. */
function refusal(args: string[]): { exitCode: number; stderr: string } {
  const command = readCommandLine(args);
  if (command.kind !== "refused") assert.fail(`${args.join(" ")}: not refused (${command.kind})`);
  return command;
}

describe("npm start with parameters", { concurrency: true }, () => {
  test("npm start with values, without Chromium: the injected cell after the tagged one, seedrandom's points at the given seed and variance, a k = 3 start run top to bottom, the slider following the run; no stills, no PDF, formulas typeset, the live page", () => {
    const out = tempDir("parameters");
    try {
      const unit = [
        [1, 0],
        [0, 1],
      ];
      const start = {
        pi: [0.2, 0.3, 0.5],
        // a third mean beside the second cluster's: EM converges well before maxIter (the slider's end shows the run's)
        mu: [
          [-2, 2],
          [2, -2],
          [2, -1],
        ],
        Sigma: [unit, unit, unit],
      };
      const run = npmStart(
        [
          "--rng",
          "seedrandom",
          "--seed",
          "7",
          "--variance1",
          "2",
          "--max-iter",
          "40",
          "--pi",
          JSON.stringify(start.pi),
          "--mu",
          JSON.stringify(start.mu),
          "--Sigma",
          JSON.stringify(start.Sigma),
          "--out-dir",
          out,
        ],
        { GMM_EM_CHROMIUM: join(out, "no-chromium-here") },
      );
      assert.equal(run.status, 0, run.stderr);
      // Without Chromium: npm start says so, and writes every output but the PDF, with no still images.
      assert.match(
        run.stderr,
        /no-chromium-here is missing, so the figures get no still images .* and no PDF handout is made/,
      );
      assert.deepEqual(
        readdirSync(out, { recursive: true, encoding: "utf8" })
          .filter((f) => statSync(join(out, f)).isFile())
          .sort(),
        outputFiles(undefined, false).sort(),
      );
      assert.ok(!existsSync(join(out, "gmm-em.pdf")));
      assert.doesNotMatch(htmlOutputs(readNotebook(join(out, EXECUTED))), /<img /, "no still images");
      assert.ok((htmlOutputs(readNotebook(join(out, EXECUTED))).match(/class="gmm-em-figure"/g) ?? []).length >= 7);
      assert.match(
        readFileSync(join(out, "gmm-em.html"), "utf8"),
        /<mjx-container/,
        "the formulas are typeset all the same",
      );
      // the live page (it needs no Chromium) opens on the run's seed
      assert.match(
        readFileSync(join(out, "gmm-em-live.html"), "utf8"),
        /mountLive\(root, \{"data":\{"kind":"original","seed":7,/,
      );

      const nb = readNotebook(join(out, EXECUTED));
      checkExecuted(nb);
      const at = nb.cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
      const injected = nb.cells[at + 1];
      assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
      assert.match(
        text(injected.source),
        /rng = "seedrandom";\s*randomState = 7;\s*variance1 = 2;\s*maxIter = 40;\s*pi = \[0\.2,0\.3,0\.5\];\s*mu = \[\[-2,2\],\[2,-2\],\[2,-1\]\];\s*Sigma = \[\[\[1,0\],\[0,1\]\],/,
      );
      // its last statement has no value to echo: its one output is the line naming the values given, read back as they were given
      assert.deepEqual(
        (injected.outputs ?? []).map((o) => o.output_type),
        ["stream"],
        "no execute_result (Deno's echo) and no echoed value (tslab's)",
      );
      const printed = /^npm start 给定的参数 · parameters given to npm start: (.*)\n$/.exec(
        text(injected.outputs![0].text),
      );
      assert.ok(printed, text(injected.outputs![0].text));
      assert.deepEqual(JSON.parse(printed[1]), {
        rng: "seedrandom",
        randomState: 7,
        variance1: 2,
        maxIter: 40,
        ...start,
      });
      // the first rows shown are seedrandom's at seed 7 and variance 2: not numpy's, not the default run's
      const X = generateData({ randomState: 7, variance1: 2, variance2: 1, rng: "seedrandom" });
      const numpy = generateData({ randomState: 7, variance1: 2, variance2: 1, rng: "numpy" });
      const defaults = generateData({ randomState: 42, variance1: 3, variance2: 1, rng: "numpy" });
      const html = htmlOutputs(nb);
      assert.ok(html.includes(`<td>${formatNumber(X.get(0, 0))}</td>`), "seedrandom's first row");
      assert.ok(!html.includes(`<td>${formatNumber(numpy.get(0, 0))}</td>`), "not numpy's");
      assert.ok(!html.includes(`<td>${formatNumber(defaults.get(0, 0))}</td>`), "not the default data");
      // every cell ran, none raised (the pitfalls section falls back to the original's start for k ≠ 2)
      for (const [i, cell] of nb.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
        for (const o of cell.outputs ?? []) assert.notEqual(o.output_type, "error", `cell ${i}: ${o.ename}`);
      }
      assert.match(run.stdout, /π = \([\d.]+, [\d.]+, [\d.]+\)/, "the main run used the three components");
      // the slider ends five iterations after EM converged (tol = 1e-3), within the run's maxIter = 40
      const slider = [...html.matchAll(/\n {2}var figure = (.*);\n {2}function draw/g)]
        .map((m) => JSON.parse(m[1]))
        .find((f) => f.frames);
      const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 40, keep: "none" });
      const fit = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 40, tol: 1e-3, keep: "none" });
      assert.equal(result.nIter, 40);
      assert.ok(fit.nIter + 5 < 40, `converged at iteration ${fit.nIter}: the slider ends before maxIter`);
      assert.equal(slider.frames.length, Math.min(fit.nIter + 5, result.nIter) + 1, "the slider follows the run");
      assert.equal(sha256(NOTEBOOK), notebookHash, "notebooks/gmm-em.ipynb is never written");
    } finally {
      removeDir(out);
    }
  });

  test("npm start with one component and seven points, values its checks accept: every section adapts (k-means for any k, BIC up to n components) and runs without an error", () => {
    const out = tempDir("one-component");
    try {
      const run = npmStart([
        "--only",
        "notebook",
        "--n-samples1",
        "4",
        "--n-samples2",
        "3",
        "--pi",
        "[1]",
        "--mu",
        "[[0, 0]]",
        "--Sigma",
        "[[[1, 0], [0, 1]]]",
        "--out-dir",
        out,
      ]);
      assert.equal(run.status, 0, `${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
      const nb = readNotebook(join(out, EXECUTED));
      checkExecuted(nb);
      for (const [i, cell] of nb.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
        for (const o of cell.outputs ?? []) assert.notEqual(o.output_type, "error", `cell ${i}: ${o.ename}`);
      }
      assert.match(
        htmlOutputs(nb) + nb.cells.map((c) => (c.outputs ?? []).map((o) => text(o.text)).join("")).join(""),
        /X 的形状 · shape of X: 7 × 2/,
      );
    } finally {
      removeDir(out);
    }
  });

  test("npm start -- --only live: that step alone (no kernel), and the listing names only its file", () => {
    const out = tempDir("only-live");
    try {
      const run = npmStart(["--only", "live", "--seed", "3", "--out-dir", out]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(readdirSync(out).sort(), outputFiles(selectSteps(["live"])).sort());
      assert.deepEqual(outputFiles(selectSteps(["live"])), ["gmm-em-live.html"]);
      const listed = OUTPUT_STEPS.flatMap((s) => s.outputs).filter((o) => run.stdout.includes(`${o.label}:`));
      assert.deepEqual(
        listed.map((o) => o.file),
        ["gmm-em-live.html"],
        run.stdout,
      );
      assert.match(
        readFileSync(join(out, "gmm-em-live.html"), "utf8"),
        /mountLive\(root, \{"data":\{"kind":"original","seed":3,/,
      );
      assert.doesNotMatch(run.stdout, /Final \(iteration/, "no notebook ran");
    } finally {
      removeDir(out);
    }
  });

  /** Bad input, each with what npm start says: refused before anything runs. */
  const REFUSED: [string[], RegExp][] = [
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
    // Beyond the doubles: JSON and Number read 1e400 as Infinity (the cell used to get null).
    [["--variance1", "1e400"], /--variance1: "1e400" is beyond the largest double/],
    [["--seed", "0x10"], /--seed: "0x10" is hexadecimal \(16 in decimal\): only decimal numbers are read/],
    [["--mu", "[[1e400, 0], [0, 0]]"], /--mu: \[\[1e400, 0\], \[0, 0\]\] holds a number beyond the largest double/],
    // What used to fail inside the kernel with "<Error>: ", now caught before it starts.
    [
      ["--variance2", "0"],
      /with these values the notebook's EM \(applyGmm from pi, mu and Sigma\) fails: component 0 at iteration 4: its covariance is not positive definite.*npm start cannot set one/,
    ],
    [
      ["--n-samples1", "1", "--n-samples2", "0"],
      /the data would have 1 point, fewer than the 2 components of the start/,
    ],
    [["--mu", "[[1e6,1e6],[0,0]]"], /component 0 at iteration 1: it has no responsibility left/],
    [["--pi", "[1, 0]"], /--pi: pi\[1\]: is 0/],
    [
      ["--max-iter", "10000000", "--hist-index", "[0]"],
      /--max-iter, --n-samples1, --n-samples2: the notebook keeps every iteration.s responsibilities .* 1 GiB/,
    ],
    // A step --only does not know: the known ones, from the declaration.
    [
      ["--only", "notebook,pdf"],
      new RegExp(`--only: unknown step "pdf"; known: ${OUTPUT_STEPS.map((s) => s.name).join(", ")}$`, "m"),
    ],
  ];

  test("npm start: an unknown parameter or a bad value is refused before anything runs (exit code 2, the message and the usage on stderr, nothing made)", () => {
    for (const [args, message] of REFUSED) {
      const dir = tempDir("bad");
      try {
        const out = join(dir, "out");
        const refused = refusal([...args, "--out-dir", out]);
        assert.equal(refused.exitCode, 2, args.join(" "));
        assert.match(refused.stderr, message);
        assert.match(refused.stderr, /^npm start: .*\n\nUsage: npm start /, "the message, then the usage");
        assert.ok(!existsSync(out), `${args.join(" ")}: nothing ran`);
      } finally {
        removeDir(dir);
      }
    }
  });

  test("npm start refuses a bad parameter and a bad value as processes too: exit code 2, the message on stderr, nothing made", () => {
    for (const [args, message] of [REFUSED[0], REFUSED[4]]) {
      const dir = tempDir("bad");
      try {
        const out = join(dir, "out");
        const run = npmStart([...args, "--out-dir", out]);
        assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, "");
        assert.ok(!existsSync(out), `${args.join(" ")}: nothing ran`);
      } finally {
        removeDir(dir);
      }
    }
  });

  test("npm start never writes into notebooks/ (--out-dir notebooks, --out-dir=notebooks/sub, a link to it) nor onto a file; it says so", () => {
    const listing = () => readdirSync(dirname(NOTEBOOK)).sort().join(",");
    const before = listing();
    const dir = tempDir("outdir");
    try {
      symlinkSync(dirname(NOTEBOOK), join(dir, "link"));
      writeFileSync(join(dir, "file"), "mine");
      for (const args of [["--out-dir", "notebooks"], ["--out-dir=notebooks/sub"], ["--out-dir", join(dir, "link")]]) {
        const refused = refusal(args);
        assert.equal(refused.exitCode, 2);
        assert.match(
          refused.stderr,
          /--out-dir: .* is inside notebooks\/, the lesson's source: npm start never writes there/,
        );
      }
      const refused = refusal(["--out-dir", join(dir, "file")]);
      assert.equal(refused.exitCode, 2);
      assert.match(refused.stderr, /--out-dir: .*file is a file, not a folder/);
      assert.doesNotMatch(refused.stderr, /Traceback/);
      assert.equal(readFileSync(join(dir, "file"), "utf8"), "mine");
    } finally {
      removeDir(dir);
    }
    assert.equal(listing(), before);
    assert.equal(sha256(NOTEBOOK), notebookHash);
  });

  test("a cell that fails in the kernel: its section, place, error name and message on the console, exit 1, the previous outputs kept", () => {
    // The lesson's sections run for every value npm start accepts; a notebook with the lesson's
    // parameters cell and a cell the library refuses shows how a failing cell is reported.
    const dir = tempDir("cell-fails");
    try {
      const out = join(dir, "out");
      mkdirSync(out);
      writeFileSync(join(out, "gmm-em.ipynb"), '{"previous": true}');
      writeFileSync(join(out, "gmm-em.html"), "previous");
      const library = JSON.stringify(join(ROOT, "dist", "index.js"));
      // In a folder of its own: npm start never writes into the notebook's folder.
      mkdirSync(join(dir, "lesson"));
      const notebook = join(dir, "lesson", "failing.ipynb");
      writeNotebook(notebook, [
        notebookCell("markdown", "# A lesson"),
        notebookCell("code", parametersCell(NOTEBOOK), ["parameters"]),
        notebookCell("markdown", "## 模型选择 · How many components? BIC"),
        notebookCell(
          "code",
          `import { generateData, selectModel } from ${library};\n` +
            "selectModel(generateData({ nSamples1: 3, nSamples2: 3 }), { nComponents: [1, 2, 3, 4, 5, 6, 7, 8] });",
        ),
      ]);
      const run = npmStart(["--only", "notebook", `--out-dir=${out}`], { GMM_EM_NOTEBOOK: notebook });
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stderr,
        /npm start: the cell "模型选择 · How many components\? BIC" \(cell \d+ of \d+\) failed: GmmInputError: options\.nComponents\[6\]: is 7, more than the 6 samples of X/,
      );
      assert.match(run.stderr, /nothing written; .*out\/ holds what it held before/);
      assert.doesNotMatch(run.stderr, /<Error>/);
      assert.deepEqual(readdirSync(out).sort(), ["gmm-em.html", "gmm-em.ipynb"]);
      assert.equal(readFileSync(join(out, "gmm-em.ipynb"), "utf8"), '{"previous": true}');
      assert.equal(readFileSync(join(out, "gmm-em.html"), "utf8"), "previous");
    } finally {
      removeDir(dir);
    }
  });
});
