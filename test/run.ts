// npm test's runner. Node 20's test runner has no global set-up and runs one file at a time on two
// cores, so this does both: it makes the notebook's default run once (npm start) for the test files
// that read it, runs every test/**/*.test.ts in a process of its own, two at a time, then checks that
// the tests left nothing of theirs behind and prints each file's time, slowest first.
//
//   node --import tsx test/run.ts [--without-notebook] [--jobs N] [test files…]
//
// --without-notebook: no default run (a file that reads it then makes its own). --jobs N: files at
// once (default 2). Files: all by default.
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
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { constants, tmpdir, userInfo } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { DEFAULT_RUN_ENV, signalTree, startDefaultRun } from "./helpers/default-run";

const TEST_DIR = __dirname;
const ROOT = resolve(TEST_DIR, "..");
/** What every temporary file or folder of this project's is called in $TMPDIR. */
export const TEMP_PREFIX = "gmm-em-";
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long the children get to end after a signal, or after their leader has ended, before SIGKILL. */
const GRACE_MS = 15_000;
/** The files' times of the last run, for the order of the next. */
const TIMES_FILE = join(ROOT, "node_modules", ".cache", "gmm-em", "test-times.json");

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

/** Whether a test file reads the notebook's default run (it calls useDefaultRun). */
export function readsDefaultRun(file: string): boolean {
  return /\buseDefaultRun\(/.test(readFileSync(file, "utf8"));
}

/**
 * The order to start files in: slowest first by `times` (seconds, by path relative to the
 * project); a file without a time goes first (it may be slow), then by name.
 */
export function startOrder(files: string[], times: Record<string, number>): string[] {
  const time = (f: string) => times[relative(ROOT, f)] ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => time(b) - time(a) || a.localeCompare(b));
}

function readTimes(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(TIMES_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Keeps this run's times (beside the earlier ones of files not run now), written whole. */
function writeTimes(results: FileResult[]): void {
  const times = readTimes();
  for (const r of results) {
    const name = relative(ROOT, r.file);
    if (!name.startsWith("..")) times[name] = Math.round(r.seconds * 10) / 10;
  }
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

/**
 * The CPU time (user + system, seconds) of this process's children that have ended, with what
 * they waited for in turn (Linux: /proc/self/stat's cutime and cstime; undefined elsewhere).
 */
function childrenCpu(): number | undefined {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    // After the command's name: state is field 3, cutime 16 and cstime 17, in clock ticks (100 a second).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

let cpuSeen = childrenCpu();

/** The child's exit code (128 + the signal's number when a signal ended it) and the CPU time it used, with its own children. */
function exited(child: ChildProcess): Promise<{ code: number; cpu: number | undefined }> {
  return new Promise((resolveExit) => {
    child.on("exit", (code, signal) => {
      // Read as the child is reaped: what the count grew by since the last child is this one's.
      const now = childrenCpu();
      const cpu = now === undefined || cpuSeen === undefined ? undefined : now - cpuSeen;
      cpuSeen = now;
      resolveExit({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), cpu });
    });
  });
}

/** When the child's output has ended (a process it left holding the pipes holds it open). */
function closed(child: ChildProcess): Promise<void> {
  return new Promise((resolveClose) => child.on("close", () => resolveClose()));
}

interface FileResult {
  file: string;
  status: number;
  seconds: number;
  /** The CPU time it used, its own children's included (where the system tells). */
  cpu: number | undefined;
  /** The spec reporter's counts ("ℹ pass 12"), when it printed them. */
  pass: number;
  fail: number;
}

/** The tsx compile cache of this user in the machine's temporary folder (tsx names it tsx-<uid>). */
function tsxCacheName(): string {
  return `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;
}

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const withNotebook = !argv.includes("--without-notebook");
  const jobsAt = argv.indexOf("--jobs");
  const jobs = jobsAt >= 0 ? Number(argv[jobsAt + 1]) : 2;
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`test/run.ts: --jobs needs a whole number ≥ 1, got ${argv[jobsAt + 1]}`);
    return 2;
  }
  const given = argv
    .filter((a, i) => a !== "--without-notebook" && a !== "--jobs" && (jobsAt < 0 || i !== jobsAt + 1))
    .map((f) => resolve(f));
  const files = startOrder(given.length > 0 ? given : testFiles(), readTimes());
  const scratch = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}run-`));
  const testTemp = join(scratch, "tmp");
  mkdirSync(testTemp);
  const machineCache = join(tmpdir(), tsxCacheName());
  mkdirSync(machineCache, { recursive: true });
  symlinkSync(machineCache, join(testTemp, tsxCacheName()), "dir");

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
  let status = 0;
  try {
    const waiting = withNotebook ? files.filter(readsDefaultRun) : [];
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
      const runEnded = exited(run.child);
      run.done
        .then(async (result) => {
          const { cpu } = await runEnded;
          if (await groupEnded(run.child.pid)) console.error("test/run.ts: npm start left processes running: killed");
          running.delete(run.child);
          console.log(
            `test/run.ts: npm start ended (${result.status !== null ? `exit code ${result.status}` : result.signal}) after ` +
              `${((Date.now() - runStarted) / 1000).toFixed(1)} s${cpuText(cpu)}; test/notebook/npm-start.test.ts checks it`,
          );
          env[DEFAULT_RUN_ENV] = dir;
        })
        .catch((e: Error) => console.error(`test/run.ts: the default run could not start: ${e.message}`))
        .finally(() => {
          defaultRunDone = true;
          release();
        });
    }
    console.log(`test/run.ts: ${files.length} test files, ${jobs} at a time; their $TMPDIR: ${testTemp}`);

    const runFile = async (file: string): Promise<void> => {
      const fileStarted = Date.now();
      const child = spawn(process.execPath, ["--import", "tsx", "--test-reporter=spec", file], {
        cwd: ROOT,
        env: { ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      running.add(child);
      let output = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        output += d;
      });
      child.stderr!.setEncoding("utf8").on("data", (d: string) => {
        output += d;
      });
      const outputEnded = closed(child);
      let { code, cpu } = await exited(child);
      if ((await groupEnded(child.pid)) && stoppedBy === undefined) {
        output += "\ntest/run.ts: the file left processes running after it ended: killed\n";
        if (code === 0) code = 1;
      }
      await outputEnded;
      running.delete(child);
      const seconds = (Date.now() - fileStarted) / 1000;
      const count = (name: string) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, "m").exec(output)?.[1] ?? 0);
      results.push({ file, status: code, seconds, cpu, pass: count("pass"), fail: count("fail") });
      const mark = code === 0 ? "✔" : "✖";
      process.stdout.write(
        `\n${mark} ${relative(ROOT, file)} (${seconds.toFixed(1)} s${cpuText(cpu)})\n${output.trimEnd()}\n`,
      );
    };

    const pending: Promise<void>[] = [];
    while (stoppedBy === undefined && (ready.length > 0 || waiting.length > 0)) {
      const next = ready.length > 0 ? ready : defaultRunDone ? waiting : [];
      if (slots === 0 || next.length === 0) {
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
  writeTimes(results);
  return status;
}

/** The files' times, slowest first, and the totals. */
/** ", 12.3 s of CPU", or nothing where the system does not tell. */
function cpuText(cpu: number | undefined): string {
  return cpu === undefined ? "" : `, ${cpu.toFixed(1)} s of CPU`;
}

/** The files' times (wall and CPU), slowest first, and the totals. */
function report(results: FileResult[], seconds: number): void {
  const sorted = [...results].sort((a, b) => b.seconds - a.seconds);
  const width = Math.max(...sorted.map((r) => relative(ROOT, r.file).length), 10);
  const cpuKnown = results.every((r) => r.cpu !== undefined);
  console.log(
    `\ntest/run.ts: each file's time${cpuKnown ? " (wall, and CPU with its child processes)" : ""}, slowest first`,
  );
  for (const r of sorted) {
    const cpu = cpuKnown ? ` ${r.cpu!.toFixed(1).padStart(6)} s CPU` : "";
    console.log(
      `  ${r.status === 0 ? "✔" : "✖"} ${relative(ROOT, r.file).padEnd(width)} ${r.seconds.toFixed(1).padStart(6)} s${cpu}  ${r.pass} passed${r.fail > 0 ? `, ${r.fail} failed` : ""}`,
    );
  }
  const failed = results.filter((r) => r.status !== 0);
  const tests = results.reduce((n, r) => n + r.pass + r.fail, 0);
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0).toFixed(1);
  console.log(
    `test/run.ts: ${results.length} files, ${tests} tests, ${failed.length} file${failed.length === 1 ? "" : "s"} failed, in ${seconds.toFixed(1)} s` +
      ` (the files' own times add up to ${total(results.map((r) => r.seconds))} s` +
      `${cpuKnown ? `, their CPU to ${total(results.map((r) => r.cpu!))} s` : ""})`,
  );
  for (const r of failed) console.error(`test/run.ts: failed: ${relative(ROOT, r.file)}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
