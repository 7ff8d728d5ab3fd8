// npm start with parameters: given values go into a cell after the one tagged `parameters`; bad
// values stop it before any kernel starts. The run with values (and without Chromium) is
// test/notebook/setup-anywhere.test.ts's, in a fresh copy as a user without root; `--only` is shown by the one step
// that runs no kernel (the live page). The refusals are checked through the function npm start's
// `main` runs first (`readCommandLine`), and two of them as real npm start processes.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, test } from "node:test";
import { NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { readCommandLine } from "../../scripts/start/cli";
import { injectedSource, parametersCell } from "../../scripts/start/parameters";
import { OUTPUT_STEPS, outputFiles, selectSteps } from "../../scripts/start/steps";
import { type CodeCell, runCells } from "../helpers/cell-runner";
import { sha256 } from "../helpers/default-run";
import {
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
  test("one component and seven points, values npm start accepts: every section adapts (k-means for any k, BIC up to n components) and runs without an error (the cells run in this process, as a kernel runs them)", async () => {
    const command = readCommandLine([
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
    ]);
    assert.equal(command.kind, "run", command.kind === "refused" ? command.stderr : "");
    if (command.kind !== "run") return;
    // The notebook's code cells with npm start's injected cell after the tagged one.
    const cells: CodeCell[] = [];
    for (const [index, cell] of readNotebook(NOTEBOOK).cells.entries()) {
      if (cell.cell_type !== "code") continue;
      cells.push({ index, source: text(cell.source) });
      if ((cell.metadata.tags ?? []).includes("parameters"))
        cells.push({ index: index + 0.5, source: injectedSource(command.values) });
    }
    const outputs = await runCells(cells);
    assert.deepEqual(
      [...outputs.keys()],
      cells.map((c) => c.index),
      "every cell ran",
    );
    for (const [index, o] of outputs) assert.equal(o.error, undefined, `cell ${index}: ${o.error?.stack}`);
    assert.match([...outputs.values()].map((o) => o.text + o.html.join("")).join(""), /X 的形状 · shape of X: 7 × 2/);
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
