// npm test's runner. Node 20's test runner has no global set-up, so this does it: it makes the
// notebook's default run once (npm start) for every test in test/notebook/ to read, runs every
// test/**/*.test.ts in one `node --test`, then checks that the tests left nothing of theirs behind.
//
//   node --import tsx test/run.ts [--without-notebook] [test files…]
//
// --without-notebook: no default run (for test files that do not read it). Files: all by default.
//
// Everything lives in one scratch folder, $TMPDIR/gmm-em-run-XXXXXX, removed at the end: the default
// run's outputs, and the $TMPDIR the tests and npm start are given (tmp/). A gmm-em-* entry left in
// that tmp/ is a test that does not clean up: the runner names it and the run fails. (A $TMPDIR of
// their own, not the machine's: another run at the same time, say from another worktree, has its
// own gmm-em-* folders in /tmp, which are neither these tests' fault nor this runner's to remove.)
// A signal (SIGINT, SIGTERM, SIGHUP) is passed on to what is running, then the clean-up happens all the
// same. SIGHUP is passed on as SIGTERM: nbclient and the Jupyter server shut their kernels down on
// SIGINT and SIGTERM, while a hang-up would end them and leave the kernels running.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_RUN_ENV, signalTree, startDefaultRun } from "./helpers/default-run";

const TEST_DIR = __dirname;
const ROOT = resolve(TEST_DIR, "..");
/** What every temporary file or folder of this project's is called in $TMPDIR. */
export const TEMP_PREFIX = "gmm-em-";
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long the children get to end after a signal, or after their leader has ended, before SIGKILL. */
const GRACE_MS = 15_000;

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
 * Waits for the rest of a child's process group (the test files' processes, npm start's Python…)
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

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit) => {
    child.on("close", (code, signal) => resolveExit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

async function main(argv: string[]): Promise<number> {
  const withNotebook = !argv.includes("--without-notebook");
  const given = argv.filter((a) => a !== "--without-notebook").map((f) => resolve(f));
  const files = given.length > 0 ? given : testFiles();
  const scratch = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}run-`));
  const testTemp = join(scratch, "tmp");
  mkdirSync(testTemp);

  let current: ChildProcess | undefined;
  let stoppedBy: NodeJS.Signals | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) return;
    stoppedBy = signal;
    console.error(`\ntest/run.ts: ${signal}: stopping the tests, then cleaning up`);
    if (current !== undefined) {
      const child = current;
      signalTree(child, signal === "SIGHUP" ? "SIGTERM" : signal, true);
      killTimer = setTimeout(() => signalTree(child, "SIGKILL", true), GRACE_MS);
    }
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  let status = 0;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: testTemp };
    delete env[DEFAULT_RUN_ENV];
    // When this runner is itself run by a test (test/run.test.ts), its `node --test` is a new one,
    // not a child reporting to the test runner above.
    delete env.NODE_TEST_CONTEXT;
    if (withNotebook) {
      const dir = join(scratch, "default-run");
      console.log(`test/run.ts: the notebook's default run, once for test/notebook/: npm start -- --out-dir ${dir}`);
      const started = Date.now();
      const run = startDefaultRun(dir, { detached: true, env });
      current = run.child;
      const result = await run.done;
      if (await groupEnded(run.child.pid)) console.error("test/run.ts: npm start left processes running: killed");
      current = undefined;
      console.log(
        `test/run.ts: npm start ended (${result.status !== null ? `exit code ${result.status}` : result.signal}) after ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s${stoppedBy === undefined ? "; test/notebook/npm-start.test.ts checks it" : ""}`,
      );
      env[DEFAULT_RUN_ENV] = dir;
    }
    if (stoppedBy === undefined) {
      console.log(`test/run.ts: ${files.length} test files; their $TMPDIR: ${testTemp}`);
      const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
        cwd: ROOT,
        env,
        stdio: "inherit",
        detached: true,
      });
      current = child;
      status = await exited(child);
      if ((await groupEnded(child.pid)) && stoppedBy === undefined) {
        console.error("test/run.ts: the tests left processes running after they ended: killed");
        if (status === 0) status = 1;
      }
      current = undefined;
    }
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
  return status;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
