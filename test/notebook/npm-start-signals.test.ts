// A real `npm start` stopped by a signal — while it writes its outputs, while its kernel runs,
// while Chromium works on the export, killed outright — and two at once into one folder: the previous outputs stay whole, nothing is left behind (no
// staged file, no kernel, nothing in $TMPDIR), and each run reports its own result. The stopped
// runs go at once, each into folders of its own. The moment a kernel is stopped comes from a seed:
// GMM_EM_TEST_SEED when set (to re-run a failure as it was), else a fresh one; a failure names it.
// These runs are of a short notebook (test/fixtures/notebooks/short.ipynb: the lesson's parameters
// cell, one fit, its result line, and a cell that waits): what they show is npm start's own, and
// the lesson's run is the default run's. Each run makes only the steps its point needs: the
// notebook's (a kernel stopped), the export's (Chromium stopped); the run stopped while it writes
// makes every step's, the teacher's and the students' notebooks at once.

import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import seedrandom from "seedrandom";
import { EXPORT_STEP } from "../../scripts/export/step";
import { jupyterEnv, PYTHON, ROOT } from "../../scripts/jupyter-env";
import { checkParameters, parametersCell } from "../../scripts/start/parameters";
import { EXECUTED, LIVE_PAGE, outputFiles, resultLine, selectSteps } from "../../scripts/start/steps";
import { formatNumber } from "../../src/display/html";
import { applyGmm, generateData } from "../../src/index";
import { sha256 } from "../helpers/default-run";
import {
  linkTsxCache,
  notebookCell,
  removeDir,
  requireSetUp,
  TSX_CACHE,
  tempDir,
  writeNotebook,
} from "../helpers/notebook";

before(() => requireSetUp());

/** The seed of the kill moments: GMM_EM_TEST_SEED, or a fresh one. */
const SEED = process.env.GMM_EM_TEST_SEED || String(Math.floor(Math.random() * 2 ** 32));
const RERUN = `GMM_EM_TEST_SEED=${SEED} node --import tsx test/run.ts --without-notebook test/notebook/npm-start-signals.test.ts`;

/** Runs `body`; a failure says which seed chose its moments, and how to re-run with it. */
async function withSeed(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const note = `\n(kill moments from GMM_EM_TEST_SEED=${SEED}; re-run with: ${RERUN})`;
    if (!(e instanceof Error)) throw new Error(`${String(e)}${note}`);
    e.message += note;
    e.stack = `${e.stack}${note}`;
    throw e;
  }
}

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  done: Promise<{ code: number | null; signal: string | null }>;
}

/** The short notebook these runs are of. */
const SHORT = join(ROOT, "test", "fixtures", "notebooks", "short.ipynb");

/** `npm start -- args` of the short notebook, through npm itself, in a process group of its own, with `env` added. */
function npmStart(args: string[], env: NodeJS.ProcessEnv): Run {
  const cli = process.env.npm_execpath;
  const [command, prefix] = cli?.endsWith(".js") ? [process.execPath, [cli]] : ["npm", []];
  const child = spawn(command, [...prefix, "start", "--", ...args], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, GMM_EM_NOTEBOOK: SHORT, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = { child, stdout: "", stderr: "", done: undefined as never };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    run.stdout += d;
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    run.stderr += d;
  });
  run.done = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return run;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Pids of running processes whose command line contains `text`. */
function processesWith(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      /* ended meanwhile */
    }
  }
  return found;
}

/** The run's Python (its command line names the output folder) and, once started, its kernel. */
function runProcesses(outDir: string): { python: number[]; kernel: number[] } {
  const python = processesWith(`--executed\0${outDir}/`);
  return { python, kernel: python.flatMap((pid) => processesWith(`kernel-gmm-em-${pid}.json`)) };
}

async function waitFor<T>(what: string, check: () => T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** An output folder holding a previous run's pair (small stand-ins), and a $TMPDIR of the run's own. */
function previousRun(name: string): { dir: string; outDir: string; tmp: string; hashes: Record<string, string> } {
  const dir = tempDir(name);
  const outDir = join(dir, "out"),
    tmp = join(dir, "tmp");
  mkdirSync(outDir);
  mkdirSync(tmp);
  linkTsxCache(tmp);
  writeFileSync(
    join(outDir, "gmm-em.ipynb"),
    JSON.stringify({ cells: [], metadata: { previous: true }, nbformat: 4, nbformat_minor: 5 }),
  );
  writeFileSync(join(outDir, "gmm-em.html"), "<html>the previous run</html>");
  return {
    dir,
    outDir,
    tmp,
    hashes: {
      "gmm-em.ipynb": sha256(join(outDir, "gmm-em.ipynb")),
      "gmm-em.html": sha256(join(outDir, "gmm-em.html")),
    },
  };
}

/** The previous pair unchanged and alone, the processes ended, the run's $TMPDIR empty. */
async function checkNothingLeft(p: ReturnType<typeof previousRun>, pids: number[]): Promise<void> {
  assert.deepEqual(readdirSync(p.outDir).sort(), ["gmm-em.html", "gmm-em.ipynb"], "no staged file, no lock");
  for (const [file, hash] of Object.entries(p.hashes))
    assert.equal(sha256(join(p.outDir, file)), hash, `${file} is the previous run's`);
  JSON.parse(readFileSync(join(p.outDir, "gmm-em.ipynb"), "utf8"));
  // Python and the kernel end with the run; give them the grace npm start gives them.
  const deadline = Date.now() + 15_000;
  while (pids.some(alive) && Date.now() < deadline) await sleep(100);
  assert.deepEqual(pids.filter(alive), [], "Python and the kernel have ended");
  // (tsx keeps its compile cache there, tsx-<uid>: not the run's)
  assert.deepEqual(
    readdirSync(p.tmp).filter((f) => f !== TSX_CACHE),
    [],
    "nothing left in $TMPDIR",
  );
  assert.deepEqual(
    readdirSync(join(ROOT, ".jupyter", "runtime")).filter((f) => pids.some((pid) => f === `kernel-gmm-em-${pid}.json`)),
    [],
    "no connection file left",
  );
}

describe("npm start stopped, and two at once", { concurrency: true }, () => {
  describe("npm start stopped by a signal (at once, each into its own folders)", { concurrency: true }, () => {
    test("npm start killed (SIGTERM to npm) while it writes the executed notebook: the previous pair stays whole, nothing is left", async () => {
      const p = previousRun("kill-write");
      try {
        const run = npmStart(["--out-dir", p.outDir], { TMPDIR: p.tmp, GMM_EM_PAUSE_WHILE_WRITING: "1" });
        // The run pauses halfway through writing the executed notebook (a staged file in the output folder).
        const staged = await waitFor("the staged notebook", () =>
          readdirSync(p.outDir).find(
            (f) =>
              /^\.gmm-em\.ipynb\.\d+-[0-9a-f]{8}\.tmp$/.test(f) &&
              readFileSync(join(p.outDir, f), "utf8").length > 1000,
          ),
        );
        assert.throws(
          () => JSON.parse(readFileSync(join(p.outDir, staged), "utf8")),
          "the staged copy is half written",
        );
        const { python } = runProcesses(p.outDir);
        assert.equal(python.length, 2, "the teacher's run and the students', each writing its notebook");
        process.kill(run.child.pid!, "SIGTERM");
        const end = await run.done;
        assert.notEqual(end.code, 0, run.stderr);
        assert.match(run.stderr, /npm start: SIGTERM: stopping the notebook's run; nothing of it will be written/);
        assert.match(run.stderr, /stopped by SIGTERM; .*out\/ holds what it held before/);
        await checkNothingLeft(p, python);
      } finally {
        removeDir(p.dir);
      }
    });

    /** The Chromium processes of a run whose $TMPDIR is `tmp` (their folders are in it). */
    const chromiumOf = (tmp: string) => processesWith(`${tmp}/gmm-em-chromium-`);

    test("npm start stopped by SIGINT (to its process group, as Ctrl-C sends it) while Chromium works on the export: the browser closes, its folders go, the previous pair stays whole", async () => {
      const p = previousRun("kill-export");
      try {
        const run = npmStart(["--only", EXPORT_STEP, "--out-dir", p.outDir], { TMPDIR: p.tmp });
        const browser = await waitFor("the export's Chromium", () => {
          const pids = chromiumOf(p.tmp);
          return pids.length > 0 ? pids : undefined;
        });
        process.kill(-run.child.pid!, "SIGINT");
        const end = await run.done;
        assert.notEqual(end.code, 0, `${run.stdout}\n${run.stderr}`);
        assert.match(run.stderr, /stopped by SIGINT; .*out\/ holds what it held before/);
        await checkNothingLeft(p, browser);
      } finally {
        removeDir(p.dir);
      }
    });

    test("npm start killed (SIGKILL) while Chromium works on the export: the next run removes the staged files and Chromium's folder it left", async () => {
      const p = previousRun("sigkill-export");
      try {
        const killed = npmStart(["--only", EXPORT_STEP, "--out-dir", p.outDir], { TMPDIR: p.tmp });
        const browser = await waitFor("the export's Chromium", () => {
          const pids = chromiumOf(p.tmp);
          return pids.length > 0 ? pids : undefined;
        });
        const [main] = processesWith(`scripts/start/main.ts\0--only\0${EXPORT_STEP}\0--out-dir\0${p.outDir}`);
        assert.ok(main, "npm start's own process");
        process.kill(main, "SIGKILL");
        await killed.done;
        const deadline = Date.now() + 15_000;
        while (browser.some(alive) && Date.now() < deadline) await sleep(100);
        assert.deepEqual(browser.filter(alive), [], "Chromium ends with its pipe to the killed process");
        assert.ok(
          readdirSync(p.tmp).some((f) => f.startsWith(`gmm-em-chromium-${main}-`)),
          "the killed run's Chromium folder is left",
        );
        assert.ok(
          readdirSync(p.outDir).some((f) => f.endsWith(".tmp")),
          "its staged files are left",
        );
        // The next run, even one without Chromium: into the folder, it removes the staged files (OutputSet); any run, the Chromium folder.
        const into = npmStart(["--only", "live", "--out-dir", p.outDir], { TMPDIR: p.tmp });
        assert.equal((await into.done).code, 0, into.stderr);
        assert.deepEqual(readdirSync(p.outDir).sort(), ["gmm-em-live.html", "gmm-em.html", "gmm-em.ipynb"]);
        for (const [file, hash] of Object.entries(p.hashes))
          assert.equal(sha256(join(p.outDir, file)), hash, `${file} is the previous run's`);
        assert.deepEqual(
          readdirSync(p.tmp).filter((f) => f !== TSX_CACHE),
          [],
          "nothing left in $TMPDIR",
        );
      } finally {
        removeDir(p.dir);
      }
    });

    for (const [signal, target] of [
      ["SIGINT", "group"],
      ["SIGHUP", "group"],
      ["SIGTERM", "npm"],
    ] as const) {
      test(`npm start stopped by ${signal} (to ${target === "group" ? "its process group, as a terminal sends it" : "npm alone"}) while its kernel runs: the kernel stops, nothing is written or left`, (t) =>
        withSeed(async () => {
          // Somewhere in the cells: up to 2 s after the kernel has started, drawn from the seed (one stream per signal).
          const delay = seedrandom(`${SEED} ${signal}`)() * 2000;
          t.diagnostic(`GMM_EM_TEST_SEED=${SEED}: ${signal} ${delay.toFixed(0)} ms after the kernel started`);
          const p = previousRun(`kill-${signal}`);
          try {
            const run = npmStart(["--only", "notebook", "--out-dir", p.outDir], { TMPDIR: p.tmp });
            const pids = await waitFor("the kernel", () => {
              const { python, kernel } = runProcesses(p.outDir);
              return kernel.length > 0 ? [...python, ...kernel] : undefined;
            });
            await sleep(delay);
            process.kill(target === "group" ? -run.child.pid! : run.child.pid!, signal);
            const end = await run.done;
            assert.notEqual(end.code, 0, `${run.stdout}\n${run.stderr}`);
            assert.doesNotMatch(run.stdout, /Final \(iteration/);
            await checkNothingLeft(p, pids);
          } finally {
            removeDir(p.dir);
          }
        }));
    }
  });

  test("two npm starts at once into one folder (--only notebook,live): each prints its own result, and the folder ends with one run's files", async () => {
    const dir = tempDir("two-runs");
    try {
      const outDir = join(dir, "out");
      const seeds = [7, 11];
      const only = ["notebook", "live"];
      const runs = seeds.map((seed) =>
        npmStart(["--only", only.join(","), "--seed", String(seed), "--out-dir", outDir], {}),
      );
      const ends = await Promise.all(runs.map((r) => r.done));
      const lines = runs.map((run, i) => {
        assert.equal(ends[i].code, 0, run.stderr);
        const line = /^Final \(iteration .*$/m.exec(run.stdout)?.[0];
        assert.ok(line, run.stdout);
        // the log-likelihood of this run's own seed, by the library
        const all = checkParameters(parametersCell(SHORT), { randomState: seeds[i] });
        const X = generateData({
          nSamples1: all.nSamples1,
          nSamples2: all.nSamples2,
          variance1: all.variance1,
          variance2: all.variance2,
          randomState: seeds[i],
          rng: all.rng,
        });
        const ll = applyGmm(X, all.pi, all.mu, all.Sigma, { maxIter: all.maxIter, keep: "none" }).logLikelihood;
        assert.ok(line.endsWith(`log-likelihood = ${formatNumber(ll[ll.length - 1], 3)}`), `seed ${seeds[i]}: ${line}`);
        return line;
      });
      assert.notEqual(lines[0], lines[1]);
      assert.deepEqual(readdirSync(outDir).sort(), outputFiles(selectSteps(only)).sort());
      const kept = resultLine(join(outDir, EXECUTED))!;
      assert.ok(lines.includes(kept));
      const seed = seeds[lines.indexOf(kept)];
      const live = readFileSync(join(outDir, LIVE_PAGE), "utf8");
      assert.ok(
        live.includes(`mountLive(root, {"data":{"kind":"original","seed":${seed},`),
        `the live page is the same run's (seed ${seed})`,
      );
    } finally {
      removeDir(dir);
    }
  });

  test("run_notebook.py: a cell that throws is reported with its section, its place, the error's name and message; nothing is written", () => {
    const dir = tempDir("failing-cell");
    try {
      const notebook = join(dir, "failing.ipynb");
      writeNotebook(notebook, [
        notebookCell("markdown", "# Title"),
        notebookCell("code", "const a = 1;"),
        notebookCell("markdown", "## 第二节 · The second part\n\ntext"),
        notebookCell(
          "code",
          'class GmmDemoError extends Error { constructor(m: string) { super(m); this.name = "GmmDemoError"; } }\nthrow new GmmDemoError("Sigma[1]: is not positive definite");',
        ),
        notebookCell("code", "console.log('never');"),
      ]);
      const executed = join(dir, "executed.ipynb"),
        html = join(dir, "executed.html");
      const run = spawnSync(
        PYTHON,
        [
          join(ROOT, "scripts", "run_notebook.py"),
          notebook,
          "--executed",
          executed,
          "--html",
          html,
          "--report-fd",
          "3",
        ],
        { encoding: "utf8", env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe", "pipe"], timeout: 120_000 },
      );
      assert.equal(run.status, 1, run.stderr);
      const reports = String(run.output[3])
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      assert.match(
        reports[0].connection_file,
        /\/\.jupyter\/runtime\/kernel-gmm-em-\d+\.json$/,
        JSON.stringify(reports),
      );
      assert.ok(Number.isInteger(reports[1].kernel), JSON.stringify(reports));
      assert.deepEqual(reports[2].failed, {
        index: 3,
        count: 5,
        section: "第二节 · The second part",
        ename: "GmmDemoError",
        evalue: "Sigma[1]: is not positive definite",
      });
      assert.deepEqual(readdirSync(dir), ["failing.ipynb"], "nothing written");
    } finally {
      removeDir(dir);
    }
  });
});
