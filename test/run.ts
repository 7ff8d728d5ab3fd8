// npm test's runner. Node 20's test runner has no global set-up and runs one file at a time on two
// cores, so this does both: it makes the notebook's default run once (npm start) for the test files
// that read it, runs every test/**/*.test.ts, two at a time (in a process of its own, or in a batch
// with other files that start nothing: sharesProcess), then checks that the tests left nothing of
// theirs behind and prints each file's time, slowest first.
//
//   node --import tsx test/run.ts [--without-notebook] [--with-checks] [--jobs N] [test files…]
//
// --without-notebook: no default run (a file that reads it then makes its own). --with-checks: the
// lint (npm run lint) and the type check (npm run typecheck) too, beside the files (npm test's).
// --jobs N: files at once (default 2), and one more while the next is short (SHORT_JOB_SECONDS).
// Files: all by default.
//
// Scheduling: the default run starts first and takes one of the slots; a file that reads it (it calls
// `useDefaultRun`, test/helpers/default-run.ts) waits until it is done, every other file starts as a
// slot frees. Files start slowest first, by their times in the last run (kept in
// node_modules/.cache/gmm-em/test-times.json), so that no long file starts last. Files share no state:
// each writes only into folders of its own (tempDir) and reads the default run.
//
// Everything lives in one scratch folder, $TMPDIR/gmm-em-run-XXXXXX, removed at the end: the default
// run's outputs, and the $TMPDIR the tests and npm start are given (tmp/). A gmm-em-* entry left in
// that tmp/ is a test that does not clean up: the runner names it and the run fails. (A $TMPDIR of
// their own, not the machine's: another run at the same time, say from another worktree, has its
// own gmm-em-* folders in /tmp, which are neither these tests' fault nor this runner's to remove.)
// tsx's compile cache is the machine's (tmp/tsx-<uid> links to it), so that it outlives the run.
// A signal (SIGINT, SIGTERM, SIGHUP) is passed on to what is running, then the clean-up happens all the
// same. SIGHUP is passed on as SIGTERM: nbclient and the Jupyter server shut their kernels down on
// SIGINT and SIGTERM, while a hang-up would end them and leave the kernels running.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { constants, setPriority, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { BrowserServer } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium, playwright } from "../scripts/export/chromium";
import { SHARED_BROWSER_ENV } from "./helpers/browser";
import { DEFAULT_RUN_ENV, npmCommand, signalTree, startDefaultRun } from "./helpers/default-run";
import { linkTsxCache, TSX_CACHE } from "./helpers/notebook";

const TEST_DIR = __dirname;
const ROOT = resolve(TEST_DIR, "..");
/** What every temporary file or folder of this project's is called in $TMPDIR. */
export const TEMP_PREFIX = "gmm-em-";
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long the children get to end after a signal, or after their leader has ended, before SIGKILL. */
const GRACE_MS = 15_000;
/**
 * The shared Chromium's pages share two renderer processes, whatever their origin: a new renderer
 * costs about a CPU-second before it shows anything, and the test files open pages by the dozen
 * (measured on the page files: the browser's CPU time a sixth less). Tests only: npm start's
 * Chromium keeps its defaults.
 */
const SHARED_CHROMIUM_ARGS = ["--renderer-process-limit=2", "--disable-site-isolation-trials"];
/** The files' times of the last run, for the order of the next. */
const TIMES_FILE = join(ROOT, "node_modules", ".cache", "gmm-em", "test-times.json");
/**
 * The files' times as committed (seconds, from full runs on the project's machine): the order of a
 * clone's first run, before it has times of its own, and of a file the last run did not time.
 * Refreshed by copying TIMES_FILE over it after a full run, when files were added or grew.
 */
export const DURATIONS_FILE = join(TEST_DIR, "durations.json");

/** Every *.test.ts under `dir`, at any depth (test/ itself included), sorted. */
export function testFiles(dir: string = TEST_DIR): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found.sort();
}

const sources = new Map<string, string>();

/** A test file's source, read once: what it calls decides how it runs. */
function sourceOf(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = readFileSync(file, "utf8");
    sources.set(file, text);
  }
  return text;
}

/** Whether a test file looks at pages in Chromium (it calls launchChromium): they share the runner's. */
export function usesChromium(file: string): boolean {
  return /\blaunchChromium\(/.test(sourceOf(file));
}

/** Whether a test file reads the notebook's default run (it calls useDefaultRun). */
export function readsDefaultRun(file: string): boolean {
  return /\buseDefaultRun\(/.test(sourceOf(file));
}

/**
 * Whether a test file can share a process with others (test/helpers/batch.ts): it starts no process,
 * no worker and no browser, and sets no process-wide handler. (A file that reads the default run
 * shares one with the other files that do: their batch waits for the run.)
 */
export function sharesProcess(file: string): boolean {
  return !/launchChromium\(|launchServer\(|node:child_process|npmStart\(|worker_threads|process\.(on|once)\(/.test(
    sourceOf(file),
  );
}

/** What the runner runs in a process of its own: a test file, a batch of them, or one of npm test's checks. */
export interface Job {
  /** The file's path relative to the project, the batch's, or the check's command ("npm run lint"). */
  name: string;
  command: string;
  args: string[];
  /** A test file that reads the notebook's default run: it waits for it. */
  readsDefaultRun: boolean;
  /** A batch's files, by path relative to the project. */
  files?: string[];
}

/**
 * The files that share processes, in `count` batches of about equal time by `times` (a file
 * without a time counts one second), each batch a job; the files that read the default run in a
 * batch of their own, which waits for it.
 */
export function batchJobs(files: string[], count: number, times: Record<string, number>): Job[] {
  const readers = files.filter(readsDefaultRun);
  return [
    ...batchesOf(
      files.filter((f) => !readers.includes(f)),
      count,
      times,
      "batch",
    ),
    ...batchesOf(readers, 1, times, "default run's readers, batch"),
  ];
}

function batchesOf(files: string[], count: number, times: Record<string, number>, title: string): Job[] {
  const time = (f: string) => times[relative(ROOT, f)] ?? 1;
  const batches = Array.from({ length: Math.min(count, files.length) }, () => ({ files: [] as string[], time: 0 }));
  for (const file of [...files].sort((a, b) => time(b) - time(a) || a.localeCompare(b))) {
    const lightest = batches.reduce((a, b) => (b.time < a.time ? b : a));
    lightest.files.push(file);
    lightest.time += time(file);
  }
  return batches.map((b, i) => ({
    name: `${title} ${i + 1} of ${batches.length} (${b.files.length} files)`,
    command: process.execPath,
    args: ["--import", "tsx", "--test-reporter=spec", join(TEST_DIR, "helpers", "batch.ts"), ...b.files],
    readsDefaultRun: b.files.some(readsDefaultRun),
    files: b.files.map((f) => relative(ROOT, f)),
  }));
}

/**
 * Each file's result in a batch's output (the spec reporter's: a suite per file, opened by "▶ file"
 * and closed by "✔ file (12.3ms)" or "✖ …"); a file whose suite never closed failed.
 */
export function batchResults(output: string, files: string[]): FileResult[] {
  const lines = output.split("\n");
  return files.map((name) => {
    const open = lines.indexOf(`▶ ${name}`);
    const closeAt = lines.findIndex(
      (l, i) => i > open && open >= 0 && new RegExp(`^[✔✖] ${literal(name)} \\(`).test(l),
    );
    if (open < 0 || closeAt < 0) return { name, status: 1, seconds: 0, pass: 0, fail: 1 };
    const body = lines.slice(open + 1, closeAt);
    const suites = body.filter((l) => /^\s*▶ /.test(l)).length;
    const passed = body.filter((l) => /^\s*✔ /.test(l)).length;
    const failed = body.filter((l) => /^\s*✖ /.test(l)).length;
    const ms = Number(/\(([\d.]+)ms\)$/.exec(lines[closeAt])?.[1] ?? 0);
    const loaded = Number(new RegExp(`^batch: ${literal(name)} loaded in ([\\d.]+) ms$`, "m").exec(output)?.[1] ?? 0);
    const ok = lines[closeAt].startsWith("✔");
    // A nested suite is counted once as ▶ and once as its ✔ or ✖ line.
    return {
      name,
      status: ok ? 0 : 1,
      seconds: (ms + loaded) / 1000,
      pass: passed - (ok ? suites : 0),
      fail: failed - (ok ? 0 : suites),
    };
  });
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function fileJob(file: string): Job {
  return {
    name: relative(ROOT, file),
    command: process.execPath,
    args: ["--import", "tsx", "--test-reporter=spec", file],
    readsDefaultRun: readsDefaultRun(file),
  };
}

function checkJob(script: string): Job {
  const [command, prefix] = npmCommand();
  return { name: `npm run ${script}`, command, args: [...prefix, "run", script], readsDefaultRun: false };
}

/**
 * A job's time before it has one, in seconds, from what it starts: notebook runs and other
 * processes 30, pages in Chromium 15, the default run's outputs read 10, added up (at least 5).
 */
export function guessedTime(job: Job): number {
  if (job.files) return job.files.length;
  if (!job.name.endsWith(".ts")) return 10;
  const source = sourceOf(join(ROOT, job.name));
  const guess =
    (/npmStart\(|node:child_process/.test(source) ? 30 : 0) +
    (/launchChromium\(/.test(source) ? 15 : 0) +
    (job.readsDefaultRun ? 10 : 0);
  return Math.max(guess, 5);
}

/**
 * The order to start jobs in: slowest first by `times` (seconds, by name); a job without a time
 * goes first (it may be slow), then by name.
 */
export function startOrder<T extends { name: string }>(jobs: T[], times: Record<string, number>): T[] {
  const time = (j: T) => times[j.name] ?? Number.POSITIVE_INFINITY;
  return [...jobs].sort((a, b) => time(b) - time(a) || a.name.localeCompare(b.name));
}

/**
 * Seconds (by the last times) up to which a job may start in one place beyond --jobs: every file
 * but the longest few (the classic Notebook, the grader, npm start's signals, setup-anywhere, the
 * lab page, the runner's own test). The others spend much of their time starting processes and
 * waiting for their children or their pages, which leaves a core idle; three at a time kept the
 * cores 90 % busy where two had left them about 80 %, and a suite took 375 s against 400 s with
 * 15 s here and 447 s with no third place.
 */
export const SHORT_JOB_SECONDS = 30;

/** Whether `job` is short enough for the third place. */
export function isShort(job: { name: string }, times: Record<string, number>): boolean {
  return (times[job.name] ?? Number.POSITIVE_INFINITY) <= SHORT_JOB_SECONDS;
}

/**
 * Which queue the next job comes from: of the two (each slowest first), the one whose first job is
 * the slower, so that a long file that read the default run does not wait behind short ones and
 * end last; undefined when both are empty.
 */
export function nextQueue<T extends { name: string }>(
  ready: T[],
  readers: T[],
  times: Record<string, number>,
): T[] | undefined {
  const first = (q: T[]) =>
    q.length === 0 ? Number.NEGATIVE_INFINITY : (times[q[0].name] ?? Number.POSITIVE_INFINITY);
  if (ready.length === 0 && readers.length === 0) return undefined;
  return first(readers) > first(ready) ? readers : ready;
}

function readTimes(file = TIMES_FILE): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Keeps this run's times (beside the earlier ones of files not run now), written whole. */
function writeTimes(results: FileResult[]): void {
  const times = readTimes();
  // (not the files of a run elsewhere: test/run.test.ts runs this runner on files of its own)
  for (const r of results) if (!r.name.startsWith("..")) times[r.name] = Math.round(r.seconds * 10) / 10;
  try {
    mkdirSync(dirname(TIMES_FILE), { recursive: true });
    const staged = `${TIMES_FILE}.${process.pid}.tmp`;
    writeFileSync(staged, `${JSON.stringify(times, null, 1)}\n`);
    renameSync(staged, TIMES_FILE);
  } catch {
    /* only an order: a run without it starts files by name */
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether any process is left in the process group `pgid`. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits for the rest of a child's process group (its test's processes, npm start's Python…)
 * to end once the child itself has: up to GRACE_MS, then SIGKILL. Whether it had to kill.
 */
async function groupEnded(pgid: number | undefined): Promise<boolean> {
  if (pgid === undefined) return false;
  const deadline = Date.now() + GRACE_MS;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (!groupAlive(pgid)) return false;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    /* ended meanwhile */
  }
  while (groupAlive(pgid) && Date.now() < deadline + 5_000) await sleep(100);
  return true;
}

/** The child's exit code (128 + the signal's number when a signal ended it). */
function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => {
    child.on("exit", (code, signal) => resolveExit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/** When the child's output has ended (a process it left holding the pipes holds it open). */
function closed(child: ChildProcess): Promise<void> {
  return new Promise((resolveClose) => child.on("close", () => resolveClose()));
}

export interface FileResult {
  name: string;
  status: number;
  seconds: number;
  /** The spec reporter's counts ("ℹ pass 12"), when it printed them. */
  pass: number;
  fail: number;
}

/** How many lines of a failed file's output the end of the run repeats. */
const FAILURE_LINES = 80;

/**
 * What a failed file said of its failures: the spec reporter's "✖ failing tests:" part, or without
 * one (a crash, a process left running) its last lines; at most FAILURE_LINES lines.
 */
export function failureOf(output: string): string {
  const at = output.lastIndexOf("✖ failing tests:");
  const lines = (at >= 0 ? output.slice(at) : output).trimEnd().split("\n");
  const kept = at >= 0 ? lines.slice(0, FAILURE_LINES) : lines.slice(-FAILURE_LINES);
  const cut = lines.length - kept.length;
  return cut > 0
    ? (at >= 0 ? [...kept, `… ${cut} more lines`] : [`… ${cut} lines before`, ...kept]).join("\n")
    : kept.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const withNotebook = !argv.includes("--without-notebook");
  const withChecks = argv.includes("--with-checks");
  const jobsAt = argv.indexOf("--jobs");
  const jobs = jobsAt >= 0 ? Number(argv[jobsAt + 1]) : 2;
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`test/run.ts: --jobs needs a whole number ≥ 1, got ${argv[jobsAt + 1]}`);
    return 2;
  }
  const given = argv
    .filter(
      (a, i) => !["--without-notebook", "--with-checks", "--jobs"].includes(a) && (jobsAt < 0 || i !== jobsAt + 1),
    )
    .map((f) => resolve(f));
  const times = { ...readTimes(DURATIONS_FILE), ...readTimes() };
  const testPaths = given.length > 0 ? given : testFiles();
  const shared = testPaths.filter(sharesProcess);
  const all = [
    ...(withChecks ? [checkJob("lint"), checkJob("typecheck")] : []),
    ...testPaths.filter((f) => !shared.includes(f)).map(fileJob),
    ...batchJobs(shared, 2 * jobs, times),
  ];
  // A batch's time is its files'; a job never timed (neither here nor in DURATIONS_FILE) is guessed from what it starts.
  for (const job of all) if (job.files) times[job.name] = job.files.reduce((t, f) => t + (times[f] ?? 1), 0);
  for (const job of all) times[job.name] ??= guessedTime(job);
  const files = startOrder(all, times);
  const scratch = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}run-`));
  const testTemp = join(scratch, "tmp");
  mkdirSync(testTemp);
  mkdirSync(join(tmpdir(), TSX_CACHE), { recursive: true });
  linkTsxCache(testTemp);

  const running = new Set<ChildProcess>();
  let stoppedBy: NodeJS.Signals | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) return;
    stoppedBy = signal;
    console.error(`\ntest/run.ts: ${signal}: stopping the tests, then cleaning up`);
    for (const child of running) signalTree(child, signal === "SIGHUP" ? "SIGTERM" : signal, true);
    killTimer = setTimeout(() => {
      for (const child of running) signalTree(child, "SIGKILL", true);
    }, GRACE_MS);
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: testTemp };
  delete env[DEFAULT_RUN_ENV];
  // When this runner is itself run by a test (test/run.test.ts), its files report here, not to the
  // test runner above.
  delete env.NODE_TEST_CONTEXT;

  const results: FileResult[] = [];
  /** Each failed file's account of its failures, by name, repeated after the times. */
  const failures = new Map<string, string>();
  let status = 0;
  let browserServer: BrowserServer | undefined;
  try {
    // One Chromium for every file that looks at pages (each connects with contexts of its own).
    const pages = (given.length > 0 ? given : testFiles()).filter(usesChromium);
    if (pages.length > 0 && haveChromium()) {
      browserServer = await playwright().chromium.launchServer({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS, ...SHARED_CHROMIUM_ARGS],
      });
      env[SHARED_BROWSER_ENV] = browserServer.wsEndpoint();
    }
    const waiting = withNotebook ? files.filter((j) => j.readsDefaultRun) : [];
    const ready = files.filter((f) => !waiting.includes(f));
    let slots = jobs;
    let wake: () => void = () => {};
    const woken = () =>
      new Promise<void>((r) => {
        wake = r;
      });
    const release = () => {
      slots++;
      wake();
    };

    let defaultRunDone = waiting.length === 0;
    if (!defaultRunDone) {
      const dir = join(scratch, "default-run");
      console.log(
        `test/run.ts: the notebook's default run, for ${waiting.length} files: npm start -- --out-dir ${dir}`,
      );
      slots--;
      const runStarted = Date.now();
      const run = startDefaultRun(dir, { detached: true, env });
      running.add(run.child);
      run.done
        .then(async (result) => {
          if (await groupEnded(run.child.pid)) console.error("test/run.ts: npm start left processes running: killed");
          running.delete(run.child);
          console.log(
            `test/run.ts: npm start ended (${result.status !== null ? `exit code ${result.status}` : result.signal}) after ` +
              `${((Date.now() - runStarted) / 1000).toFixed(1)} s; test/notebook/npm-start.test.ts checks it`,
          );
          env[DEFAULT_RUN_ENV] = dir;
        })
        .catch((e: Error) => console.error(`test/run.ts: the default run could not start: ${e.message}`))
        .finally(() => {
          defaultRunDone = true;
          release();
        });
    }
    console.log(
      `test/run.ts: ${files.length - (withChecks ? 2 : 0)} test files${withChecks ? " and the lint and type check" : ""}, ` +
        `${jobs} at a time; their $TMPDIR: ${testTemp}`,
    );

    const runFile = async (job: Job): Promise<void> => {
      const fileStarted = Date.now();
      const child = spawn(job.command, job.args, {
        cwd: ROOT,
        env: { ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      // The default run comes first on the CPU: the files that read it wait for it (the children
      // the file starts inherit this).
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, 5);
        } catch {
          /* ended already, or not allowed: the order is only quicker this way */
        }
      }
      running.add(child);
      let output = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        output += d;
      });
      child.stderr!.setEncoding("utf8").on("data", (d: string) => {
        output += d;
      });
      const outputEnded = closed(child);
      let code = await exited(child);
      if ((await groupEnded(child.pid)) && stoppedBy === undefined) {
        output += "\ntest/run.ts: the file left processes running after it ended: killed\n";
        if (code === 0) code = 1;
      }
      await outputEnded;
      running.delete(child);
      const seconds = (Date.now() - fileStarted) / 1000;
      const count = (name: string) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, "m").exec(output)?.[1] ?? 0);
      if (job.files) {
        const each = batchResults(output, job.files);
        // A batch that failed as a whole (it crashed) fails every file it did not finish.
        results.push(...each.map((r) => (code !== 0 && r.status === 0 && r.seconds === 0 ? { ...r, status: 1 } : r)));
        if (code !== 0 && each.every((r) => r.status === 0))
          results.push({ name: job.name, status: code, seconds, pass: 0, fail: 0 });
      } else {
        results.push({ name: job.name, status: code, seconds, pass: count("pass"), fail: count("fail") });
      }
      if (code !== 0) failures.set(job.name, failureOf(output));
      const mark = code === 0 ? "✔" : "✖";
      process.stdout.write(`\n${mark} ${job.name} (${seconds.toFixed(1)} s)\n${output.trimEnd()}\n`);
    };

    const pending: Promise<void>[] = [];
    while (stoppedBy === undefined && (ready.length > 0 || waiting.length > 0)) {
      const next = nextQueue(ready, defaultRunDone ? waiting : [], times);
      if (next === undefined || slots + (isShort(next[0], times) ? 1 : 0) <= 0) {
        await woken();
        continue;
      }
      const file = next.shift()!;
      slots--;
      pending.push(runFile(file).finally(release));
    }
    await Promise.all(pending);
    while (running.size > 0) await sleep(100); // the default run, when every file is done before it
    if (results.some((r) => r.status !== 0)) status = 1;
  } catch (e) {
    console.error(`test/run.ts: ${(e as Error).stack ?? String(e)}`);
    status = 1;
  } finally {
    await browserServer?.close();
    if (killTimer !== undefined) clearTimeout(killTimer);
    const left = readdirSync(testTemp).filter((name) => name.startsWith(TEMP_PREFIX));
    rmSync(scratch, { recursive: true, force: true });
    if (left.length > 0) {
      console.error(
        `test/run.ts: the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in their $TMPDIR (now removed):\n` +
          left.map((name) => `  ${join(testTemp, name)}`).join("\n"),
      );
      if (status === 0) status = 1;
    } else {
      console.log(`test/run.ts: the tests left nothing in their $TMPDIR; ${scratch} removed`);
    }
  }
  if (stoppedBy !== undefined) return 128 + constants.signals[stoppedBy];
  report(results, (Date.now() - started) / 1000);
  // Last, where a log cut to its end still shows them: what failed, and how.
  for (const [name, text] of failures) console.error(`\ntest/run.ts: ${name} failed:\n${text}`);
  writeTimes(results);
  return status;
}

/** The files' times, slowest first, and the totals. */

/** Each job's time, slowest first, and the totals. */
function report(results: FileResult[], seconds: number): void {
  const sorted = [...results].sort((a, b) => b.seconds - a.seconds);
  const width = Math.max(...sorted.map((r) => r.name.length), 10);
  console.log("\ntest/run.ts: each file's time, slowest first");
  for (const r of sorted) {
    console.log(
      `  ${r.status === 0 ? "✔" : "✖"} ${r.name.padEnd(width)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.name.endsWith(".ts") ? `${r.pass} passed${r.fail > 0 ? `, ${r.fail} failed` : ""}` : r.status === 0 ? "passed" : "failed"}`,
    );
  }
  const failed = results.filter((r) => r.status !== 0);
  const tests = results.reduce((n, r) => n + r.pass + r.fail, 0);
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0).toFixed(1);
  console.log(
    `test/run.ts: ${results.length} files and checks, ${tests} tests, ${failed.length} failed, in ${seconds.toFixed(1)} s` +
      ` (the files' own times add up to ${total(results.map((r) => r.seconds))} s` +
      ")",
  );
  for (const r of failed) console.error(`test/run.ts: failed: ${r.name}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
