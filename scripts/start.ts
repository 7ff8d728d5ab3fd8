// npm start [-- --seed 7 --variance1 2 … --out-dir DIR]: runs notebooks/gmm-em.ipynb headless with
// the tslab kernel and writes out/gmm-em.ipynb (executed, trusted), out/gmm-em.html and the A4
// handout out/gmm-em.pdf (the export: scripts/export/), and the live page out/gmm-em-live.html
// (EM in a browser, offline, from the same parameters). Given
// values go into a cell after the one tagged `parameters` (papermill's convention); they are
// checked here, before any kernel starts. notebooks/ is only read, and no file the project tracks
// is ever written.
//
// What a run writes, it writes through one OutputSet (scripts/outputs.ts): each output step below
// writes its files to temporary paths in the output folder, and only when every step has
// succeeded are they all renamed into place together; on a failure or a signal (SIGINT, SIGTERM,
// SIGHUP) they are removed, every child process (and the kernel) is stopped, and the previous
// run's files stay as they were. A new output is one more entry of OUTPUT_STEPS.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import * as vm from "node:vm";
import { exportStep } from "./export/step";
import { checkSetUp, jupyterEnv, NOTEBOOK, OUT_DIR, PYTHON, ROOT } from "./jupyter-env";
import { OutputSet } from "./outputs";

type Kind = "integer" | "number" | "json" | "text";
/** The parameters cell's variables that may be given, with the flags that name them. */
export const PARAMETERS: Record<string, { kind: Kind; flags: string[]; hint?: string }> = {
  randomState: { kind: "integer", flags: ["seed", "random-state", "randomState"] },
  nSamples1: { kind: "integer", flags: ["n-samples1", "nSamples1"] },
  nSamples2: { kind: "integer", flags: ["n-samples2", "nSamples2"] },
  variance1: { kind: "number", flags: ["variance1"] },
  variance2: { kind: "number", flags: ["variance2"] },
  rng: { kind: "text", flags: ["rng"], hint: "numpy or seedrandom" },
  pi: { kind: "json", flags: ["pi"] },
  mu: { kind: "json", flags: ["mu"] },
  Sigma: { kind: "json", flags: ["Sigma", "sigma"] },
  maxIter: { kind: "integer", flags: ["max-iter", "maxIter"] },
  histIndex: { kind: "json", flags: ["hist-index", "histIndex"] },
};

/** Bad command-line input or values: printed with the usage, exit code 2, nothing started. */
export class UsageError extends Error {}

/** A step that failed for a reason it has explained: printed as it is, exit code 1. */
export class StepError extends Error {}

const USAGE = `Usage: npm start [-- --name value …] [-- --out-dir DIR]
Runs notebooks/gmm-em.ipynb with the tslab kernel; writes out/gmm-em.ipynb, out/gmm-em.html and out/gmm-em.pdf,
and out/gmm-em-live.html, the live page (EM in a browser, offline, from the same parameters)
(--out-dir DIR: into DIR instead; never into notebooks/ nor over a file the project tracks).
Parameters (the notebook's parameters cell):
${Object.entries(PARAMETERS)
  .map(
    ([name, p]) =>
      `  ${p.flags.map((f) => `--${f}`).join(", ")}  (${name}: ${p.hint ?? (p.kind === "json" ? "JSON, e.g. '[0.5, 0.5]'" : p.kind)})`,
  )
  .join("\n")}`;

/** The first number in `value` (any depth of arrays) that is not finite, as JSON.parse read it. */
function firstNonFinite(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = firstNonFinite(v);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function parseValue(flag: string, kind: Kind, text: string): unknown {
  if (kind === "text") return text;
  if (kind === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not JSON (e.g. --pi '[0.5, 0.5]')`);
    }
    // JSON has no Infinity: 1e400 parses to it, and would reach the notebook as null.
    if (firstNonFinite(value) !== undefined)
      throw new UsageError(`--${flag}: ${text} holds a number beyond the largest double (±1.8e308)`);
    return value;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()))
    throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not a number`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`--${flag}: ${text} is beyond the largest double (±1.8e308)`);
  if (kind === "integer" && !Number.isInteger(v)) throw new UsageError(`--${flag}: ${text} is not an integer`);
  return v;
}

/** Command-line options that are not parameters: where the outputs go. */
export interface RunOptions {
  outDir: string;
}

/**
 * Reads `--flag value` / `--flag=value` pairs: the parameter values (by the cell's variable
 * names) and `--out-dir`.
 */
export function parseArgs(argv: string[]): { values: Record<string, unknown>; options: RunOptions } {
  const byFlag = new Map<string, string>();
  for (const [name, p] of Object.entries(PARAMETERS)) for (const f of p.flags) byFlag.set(f, name);
  const values: Record<string, unknown> = {};
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--"))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (parameters are --name value)`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const name = flag === "out-dir" ? "out-dir" : byFlag.get(flag);
    if (name === undefined) {
      throw new UsageError(
        `unknown parameter --${flag}; known: ${[...byFlag.keys(), "out-dir"].map((f) => `--${f}`).join(", ")}`,
      );
    }
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) text = argv[++i];
    else throw new UsageError(`--${flag} needs a value`);
    if (name === "out-dir") {
      if (outDir !== undefined) throw new UsageError("--out-dir given twice");
      if (text === "") throw new UsageError("--out-dir needs a folder");
      outDir = resolve(text);
      continue;
    }
    if (name in values) throw new UsageError(`--${flag}: ${name} given twice`);
    values[name] = parseValue(flag, PARAMETERS[name].kind, text);
  }
  return { values, options: { outDir: outDir ?? OUT_DIR } };
}

/** `path` with symbolic links resolved as far as it exists (the rest appended as written). */
function realPath(path: string): string {
  let rest = "";
  for (let p = path; ; p = dirname(p)) {
    try {
      return join(realpathSync(p), rest);
    } catch {
      if (dirname(p) === p) return path;
      rest = join(basename(p), rest);
    }
  }
}

const isInside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);

/** The files among `paths` that git tracks in the project (none when git or the repository is not there). */
function trackedFiles(paths: string[]): string[] {
  const root = realPath(ROOT);
  const inside = paths
    .map(realPath)
    .filter((p) => isInside(p, root))
    .map((p) => relative(root, p));
  if (inside.length === 0) return [];
  const git = spawnSync("git", ["ls-files", "-z", "--", ...inside], { cwd: root, encoding: "utf8" });
  if (git.status !== 0 || typeof git.stdout !== "string") return [];
  return git.stdout
    .split("\0")
    .filter((f) => f !== "")
    .map((f) => join(root, f));
}

/**
 * Checks the output folder before anything runs: a folder (or not there yet), outside notebooks/,
 * and none of the files a run writes is a file the project tracks or a folder.
 */
export function checkOutDir(outDir: string, files: string[]): void {
  const real = realPath(outDir);
  const notebooks = realPath(dirname(NOTEBOOK));
  if (isInside(real, notebooks)) {
    throw new UsageError(
      `--out-dir: ${outDir} is inside ${relative(process.cwd(), dirname(NOTEBOOK)) || "."}/, the lesson's source: npm start never writes there (the default is out/)`,
    );
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new UsageError(`--out-dir: ${outDir} is a file, not a folder`);
  const targets = files.map((f) => join(outDir, f));
  for (const target of targets) {
    if (existsSync(target) && statSync(target).isDirectory())
      throw new UsageError(`--out-dir: ${target} is a folder; npm start writes a file of that name`);
  }
  const tracked = trackedFiles(targets);
  if (tracked.length > 0) {
    throw new UsageError(
      `--out-dir: ${tracked.join(", ")} ${tracked.length === 1 ? "is a file" : "are files"} the project tracks (git): npm start never writes over ${tracked.length === 1 ? "it" : "them"}`,
    );
  }
}

/** The source of the notebook's cell tagged `parameters`. */
export function parametersCell(notebookPath: string): string {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8")) as {
    cells: { cell_type: string; source: string | string[]; metadata: { tags?: string[] } }[];
  };
  const cell = nb.cells.find((c) => c.cell_type === "code" && (c.metadata.tags ?? []).includes("parameters"));
  if (!cell) throw new UsageError(`${notebookPath} has no cell tagged "parameters"`);
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** The injected cell: one assignment per given value. */
export function injectedSource(values: Record<string, unknown>): string {
  return [
    "// Parameters given to npm start",
    ...Object.entries(values).map(([name, v]) => `${name} = ${JSON.stringify(v)};`),
  ].join("\n");
}

/**
 * How much EM the check below runs before the kernel starts: n · k · iterations up to this
 * (about a fifth of a second); beyond it, as many iterations as fit in it.
 */
const CHECK_WORK = 2e7;

/**
 * Checks the values as the notebook will use them, before any kernel starts: the parameters
 * cell, then the injected assignments, evaluated here (the cell is plain literals); maxIter and
 * histIndex; the library's own checks on generateData's options, at least k points, applyGmm's
 * start and what the notebook's run would keep (its memory limit); then the notebook's EM itself
 * from that start (all of it, or its first iterations when the data are large), which must not
 * collapse. Returns every parameter's value.
 */
export function checkParameters(cellSource: string, values: Record<string, unknown>): Record<string, unknown> {
  const names = Object.keys(PARAMETERS);
  const all = vm.runInNewContext(
    `${cellSource}\n${injectedSource(values)}\n({ ${names.join(", ")} })`,
    {},
    { timeout: 1000 },
    // biome-ignore lint/suspicious/noExplicitAny: JSON of the notebook's parameters and of run_notebook.py's reports
  ) as Record<string, any>;
  const { generateData, applyGmm, GmmInputError, GmmSingularCovarianceError } = require(
    join(ROOT, "dist"),
  ) as typeof import("../src/index");
  const flagOf = (name: string) => `--${PARAMETERS[name]?.flags[0] ?? name}`;
  const explain = (e: unknown): never => {
    if (e instanceof GmmSingularCovarianceError) {
      const note = /pass a small regCovar/.test(e.message)
        ? " (the notebook's run has no regCovar, and npm start cannot set one: change the data or the start)"
        : "";
      throw new UsageError(
        `with these values the notebook's EM (applyGmm from pi, mu and Sigma) fails: ${e.message}${note}`,
      );
    }
    if (!(e instanceof GmmInputError)) throw e;
    const argument = e.argument;
    if (argument === "options.keep" || argument === "options.maxIter") {
      throw new UsageError(
        `--max-iter, --n-samples1, --n-samples2: the notebook keeps every iteration's responsibilities (its figures show them all): ` +
          e.message.replace(/^[^:]*: /, ""),
      );
    }
    // The data are generateData's: their scale is the variances'.
    if (argument === "X")
      throw new UsageError(
        `--variance1, --variance2: the data (X) they give cannot be fitted: ${e.message.replace(/^X: /, "")}`,
      );
    const name = names.find(
      (n) =>
        argument === `options.${n}` ||
        argument === n ||
        argument.startsWith(`${n}[`) ||
        argument.startsWith(`options.${n}`),
    );
    throw new UsageError(name ? `${flagOf(name)}: ${e.message}` : e.message);
  };
  if (!Number.isInteger(all.maxIter) || all.maxIter < 0)
    throw new UsageError(`--max-iter: must be an integer ≥ 0, got ${JSON.stringify(all.maxIter)}`);
  if (
    !Array.isArray(all.histIndex) ||
    all.histIndex.length === 0 ||
    !all.histIndex.every((i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) <= all.maxIter)
  ) {
    throw new UsageError(
      `--hist-index: must be a non-empty array of iterations from 0 to maxIter = ${all.maxIter}, got ${JSON.stringify(all.histIndex)}`,
    );
  }
  let X: import("ml-matrix").Matrix | undefined;
  try {
    X = generateData({
      nSamples1: all.nSamples1,
      nSamples2: all.nSamples2,
      variance1: all.variance1,
      variance2: all.variance2,
      randomState: all.randomState,
      rng: all.rng,
    });
  } catch (e) {
    explain(e);
  }
  const k = Array.isArray(all.pi) ? all.pi.length : 0;
  if (X!.rows < k) {
    throw new UsageError(
      `--n-samples1, --n-samples2: the data would have ${X!.rows} point${X!.rows === 1 ? "" : "s"}, fewer than the ${k} components of the start (pi): EM needs at least one point per component`,
    );
  }
  try {
    // The start, and what the notebook's run keeps (every iteration: applyGmm checks it against
    // its memory limit before it starts); tol = MAX_VALUE stops it after its first iteration.
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: all.maxIter, tol: Number.MAX_VALUE });
    // The notebook's EM itself, keeping nothing.
    const iterations = Math.min(all.maxIter, Math.max(1, Math.floor(CHECK_WORK / (X!.rows * k))));
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: iterations, keep: "none" });
  } catch (e) {
    explain(e);
  }
  return all;
}

/** The notebook's result line ("Final (iteration …): π = …"), from an executed notebook's printed output. */
export function resultLine(executedPath: string): string | undefined {
  const nb = JSON.parse(readFileSync(executedPath, "utf8")) as {
    cells: { outputs?: { output_type: string; text?: string | string[] }[] }[];
  };
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type !== "stream") continue;
      const text = Array.isArray(out.text) ? out.text.join("") : (out.text ?? "");
      const line = text.split("\n").find((l) => l.startsWith("Final (iteration "));
      if (line) return line;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Output steps

/** A child process's end, and the JSON lines it reported on fd 3 (when asked to). */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of the notebook's parameters and of run_notebook.py's reports
  reports: Record<string, any>[];
}

/** What an output step is given. */
export interface StepContext {
  /** The given parameter values (by the cell's variable names). */
  values: Record<string, unknown>;
  /** Where the run's files go: `outputs.stage(file)` for each of the step's files, `outputs.stagedPath(file)` for an earlier step's. */
  outputs: OutputSet;
  /**
   * Starts a child process in a process group of its own, which a signal to npm start stops
   * (SIGTERM, then SIGKILL after a grace period); stdout and stderr go to the console. With
   * `reports`, fd 3 is a pipe whose JSON lines are collected; a line {"kernel": pid} names a
   * process group to stop when the run ends.
   */
  spawn(
    command: string,
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; cwd?: string; reports?: boolean },
  ): Promise<ChildResult>;
}

/** One step of a run: the files it writes into the output folder, and how. */
export interface OutputStep {
  /** The files, by name in the output folder, each with what it is (printed at the end). */
  outputs: { file: string; label: string }[];
  /** Writes each of `outputs` to `ctx.outputs.stage(file)`, whole; throws `StepError` to fail the run. */
  run(ctx: StepContext): Promise<void>;
}

export const EXECUTED = "gmm-em.ipynb";

/** The notebook, executed by nbclient with the tslab kernel (scripts/run_notebook.py). */
const executeNotebook: OutputStep = {
  outputs: [{ file: EXECUTED, label: "Executed notebook" }],
  async run(ctx) {
    const args = [
      join(ROOT, "scripts", "run_notebook.py"),
      NOTEBOOK,
      "--executed",
      ctx.outputs.stage(EXECUTED),
      "--report-fd",
      "3",
      "--parent-pid",
      String(process.pid),
    ];
    if (Object.keys(ctx.values).length > 0) args.push("--inject-source", injectedSource(ctx.values));
    const run = await ctx.spawn(PYTHON, args, { env: jupyterEnv(), reports: true });
    if (run.code === 0) return;
    const failed = run.reports.find((r) => r.failed !== undefined)?.failed;
    if (failed !== undefined) throw new StepError(cellFailure(failed));
    throw new StepError(
      `running the notebook failed (${run.signal ?? `exit code ${run.code}`}); see the messages above`,
    );
  },
};

/** "the cell "EM 算法 · apply_gmm" (cell 12) failed: GmmSingularCovarianceError: …" */
export function cellFailure(f: {
  index?: number;
  count?: number;
  section?: string | null;
  ename?: string | null;
  evalue?: string;
}): string {
  const where =
    f.index === undefined
      ? "a cell"
      : `the cell ${f.section ? `"${f.section}" ` : ""}(cell ${f.index + 1}${f.count ? ` of ${f.count}` : ""})`;
  const what = f.ename ? `${f.ename}: ${f.evalue ?? ""}` : (f.evalue ?? "");
  return `${where} failed: ${what.trim()}`;
}

export const LIVE_PAGE = "gmm-em-live.html";

/** The live page, one self-contained HTML file, opening on the run's parameters (src/live/standalone-page.ts). */
const writeLivePage: OutputStep = {
  outputs: [{ file: LIVE_PAGE, label: "Live page" }],
  async run(ctx) {
    const { livePageHtml, liveOptionsFromNotebook } = require(join(ROOT, "dist")) as typeof import("../src/index");
    const parameters = checkParameters(parametersCell(NOTEBOOK), ctx.values) as unknown as Parameters<
      typeof liveOptionsFromNotebook
    >[0];
    writeFileSync(ctx.outputs.stage(LIVE_PAGE), livePageHtml(liveOptionsFromNotebook(parameters)));
  },
};

/** A run's steps, in order: later steps may read what earlier ones staged. */
export const OUTPUT_STEPS: OutputStep[] = [executeNotebook, exportStep("gmm-em"), writeLivePage];

// ---------------------------------------------------------------------------------------------
// Child processes and signals

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long a child gets to end after SIGTERM (nbclient shuts its kernel down first) before SIGKILL. */
const GRACE_MS = 10_000;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* gone */
  }
}

/** Whether any process of group `pgid` is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The run's child processes (each leading a process group) and the kernels they reported. */
class Children {
  private readonly live = new Set<ChildProcess>();
  /** Process groups to stop when the run ends (kernels, which run in sessions of their own). */
  private readonly groups = new Set<number>();
  /** Files to remove when the run ends (the kernels' connection files). */
  private readonly files = new Set<string>();
  stopping: NodeJS.Signals | undefined;

  spawn(
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; reports?: boolean } = {},
  ): Promise<ChildResult> {
    if (this.stopping !== undefined) return Promise.resolve({ code: null, signal: this.stopping, reports: [] });
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["ignore", "inherit", "inherit", ...(options.reports ? ["pipe" as const] : [])],
    });
    this.live.add(child);
    // biome-ignore lint/suspicious/noExplicitAny: JSON of the notebook's parameters and of run_notebook.py's reports
    const reports: Record<string, any>[] = [];
    if (options.reports) {
      let buffer = "";
      (child.stdio[3] as Readable).setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            // biome-ignore lint/suspicious/noExplicitAny: JSON of the notebook's parameters and of run_notebook.py's reports
            const report = JSON.parse(line) as Record<string, any>;
            reports.push(report);
            if (Number.isInteger(report.kernel)) this.groups.add(report.kernel);
            if (typeof report.connection_file === "string") this.files.add(report.connection_file);
          } catch {
            /* not a report */
          }
        }
      });
    }
    return new Promise((resolveChild, reject) => {
      child.on("error", (e) => {
        this.live.delete(child);
        reject(new StepError(`could not start ${command}: ${e.message}`));
      });
      child.on("close", (code, signal) => {
        this.live.delete(child);
        // What the child leaves in its group (it leads one) ends with it.
        if (child.pid !== undefined && groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
        resolveChild({ code, signal, reports });
      });
    });
  }

  /** Stops the live children: SIGTERM to their groups, SIGKILL after GRACE_MS (at once when `now`). */
  stop(now = false): void {
    for (const child of this.live) {
      if (child.pid === undefined) continue;
      const pid = child.pid;
      signalGroup(pid, now ? "SIGKILL" : "SIGTERM");
      if (!now) setTimeout(() => signalGroup(pid, "SIGKILL"), GRACE_MS).unref();
    }
  }

  /** Stops the kernels that are still running (their client died, or did not stop them), waits for them, removes their files. */
  async stopKernels(): Promise<void> {
    for (const pgid of this.groups) {
      if (!groupAlive(pgid)) continue;
      signalGroup(pgid, "SIGTERM");
      const deadline = Date.now() + 5_000;
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
    }
    for (const file of this.files) rmSync(file, { force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let values: Record<string, unknown>;
  let options: RunOptions;
  try {
    ({ values, options } = parseArgs(argv));
    checkOutDir(
      options.outDir,
      OUTPUT_STEPS.flatMap((s) => s.outputs.map((o) => o.file)),
    );
    checkParameters(parametersCell(NOTEBOOK), values);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`npm start: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  checkSetUp("npm start");

  const children = new Children();
  const outputs = new OutputSet(options.outDir);
  const onSignal = (signal: NodeJS.Signals) => {
    if (children.stopping !== undefined) {
      children.stop(true); // a second signal: no more waiting
      return;
    }
    children.stopping = signal;
    console.error(`\nnpm start: ${signal}: stopping the notebook's run; nothing of it will be written`);
    children.stop();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // A parent that is gone (npm ended by a signal it does not pass on, a closed terminal's shell) is a hang-up.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) onSignal("SIGHUP");
  }, 500).unref();
  const ctx: StepContext = { values, outputs, spawn: (c, a, o) => children.spawn(c, a, o) };
  let status = 0;
  try {
    for (const step of OUTPUT_STEPS) {
      await step.run(ctx);
      if (children.stopping !== undefined) break;
    }
    if (children.stopping === undefined) {
      const result = resultLine(outputs.stagedPath(EXECUTED));
      outputs.commit();
      // Written: from here a signal just ends the process (there is nothing left to undo).
      for (const s of SIGNALS) process.off(s, onSignal);
      for (const step of OUTPUT_STEPS) {
        for (const o of step.outputs)
          console.log(`${`${o.label}:`.padEnd(19)}${relative(process.cwd(), outputs.finalPath(o.file))}`);
      }
      console.log(result ?? "(the notebook printed no result line)");
    }
  } catch (e) {
    if (children.stopping === undefined) {
      console.error(`npm start: ${e instanceof StepError ? e.message : ((e as Error).stack ?? String(e))}`);
      console.error(
        `npm start: nothing written; ${relative(process.cwd(), options.outDir) || "."}/ holds what it held before`,
      );
      status = 1;
    }
  } finally {
    clearInterval(orphaned);
    children.stop();
    outputs.discard();
    await children.stopKernels();
  }
  if (children.stopping !== undefined) {
    console.error(
      `npm start: stopped by ${children.stopping}; ${relative(process.cwd(), options.outDir) || "."}/ holds what it held before`,
    );
    return 128 + constants.signals[children.stopping];
  }
  return status;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
