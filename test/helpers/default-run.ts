// The notebook's default run (`npm start` without parameters), executed once per `npm test` by
// test/run.ts and read by the tests in test/notebook/. A test file run on its own
// (node --import tsx --test test/notebook/….test.ts) makes the run itself, into a folder of its own.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { removeDir, requireSetUp, tempDir } from "./notebook";

/** Names the folder holding the default run, for the test processes test/run.ts starts. */
export const DEFAULT_RUN_ENV = "GMM_EM_DEFAULT_RUN";

export interface DefaultRun {
  /** The folder given to --out-dir: gmm-em.ipynb, gmm-em.html, and run.json (this record). */
  dir: string;
  notebookPath: string;
  htmlPath: string;
  /** npm start's exit code, or the signal that ended it. */
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** sha256 of notebooks/gmm-em.ipynb before and after the run (npm start only reads it). */
  sourceHashBefore: string;
  sourceHashAfter: string;
}

const RUN_TIMEOUT_MS = 300_000;

export const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The npm that runs `npm test` (npm_execpath), else the one on PATH. */
export function npmCommand(): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli?.endsWith(".js") ? [process.execPath, [cli]] : ["npm", []];
}

/** Sends `signal` to `child`, and to its whole process group when it leads one (spawned detached). */
export function signalTree(child: ChildProcess, signal: NodeJS.Signals, detached: boolean): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (detached) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    /* already gone */
  }
}

/**
 * Starts `npm start -- --out-dir <dir>`. `done` resolves when it has ended, with <dir>/run.json
 * written. `detached`: in a process group of its own, which the caller signals as a whole.
 * `env`: npm start's environment (by default this process's).
 */
export function startDefaultRun(
  dir: string,
  options: { detached?: boolean; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<DefaultRun> } {
  const detached = options.detached ?? false;
  mkdirSync(dir, { recursive: true });
  const sourceHashBefore = sha256(NOTEBOOK);
  const [command, prefix] = npmCommand();
  const child = spawn(command, [...prefix, "start", "--", "--out-dir", dir], {
    cwd: ROOT,
    detached,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "",
    stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => {
    stderr += `\n(no result after ${RUN_TIMEOUT_MS / 1000} s: stopped)`;
    signalTree(child, "SIGTERM", detached);
  }, RUN_TIMEOUT_MS);
  // Once npm has exited, its output ends when every process that shares its pipes has exited too:
  // one left behind (a kernel whose client was killed) must not hold the run open.
  let streamsTimer: NodeJS.Timeout | undefined;
  child.on("exit", () => {
    streamsTimer = setTimeout(() => {
      stderr += "\n(the output was still held open 10 s after npm start had exited: closed)";
      child.stdout!.destroy();
      child.stderr!.destroy();
    }, 10_000);
  });
  const done = new Promise<DefaultRun>((resolve, reject) => {
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      clearTimeout(streamsTimer);
      const run: DefaultRun = {
        dir,
        notebookPath: join(dir, "gmm-em.ipynb"),
        htmlPath: join(dir, "gmm-em.html"),
        status,
        signal,
        stdout,
        stderr,
        sourceHashBefore,
        sourceHashAfter: sha256(NOTEBOOK),
      };
      writeFileSync(join(dir, "run.json"), JSON.stringify(run));
      resolve(run);
    });
  });
  return { child, done };
}

export function readDefaultRun(dir: string): DefaultRun {
  const record = join(dir, "run.json");
  if (!existsSync(record)) {
    throw new Error(
      `${DEFAULT_RUN_ENV}=${dir} holds no run.json: run the tests with npm test, or unset ${DEFAULT_RUN_ENV}`,
    );
  }
  return JSON.parse(readFileSync(record, "utf8")) as DefaultRun;
}

/** The default run, for a test file: call it inside tests; await `ready` in before hooks. */
export interface DefaultRunHandle {
  (): DefaultRun;
  /** Node 20 starts a file's top-level before hooks together, without one waiting for another. */
  ready: Promise<DefaultRun>;
}

/**
 * For a test file, at its top level: the default run, from $GMM_EM_DEFAULT_RUN when test/run.ts
 * made it, else made here before the file's tests (into a temporary folder, removed after them).
 * `requireSuccess`: for the tests that read its outputs, a failed run fails them all, with its stderr.
 */
export function useDefaultRun(options: { requireSuccess?: boolean } = {}): DefaultRunHandle {
  let run: DefaultRun | undefined;
  let own: string | undefined;
  let settle!: { resolve: (run: DefaultRun) => void; reject: (e: unknown) => void };
  const ready = new Promise<DefaultRun>((resolve, reject) => {
    settle = { resolve, reject };
  });
  ready.catch(() => {
    /* reported by the hook below */
  });
  before(async () => {
    try {
      requireSetUp();
      const shared = process.env[DEFAULT_RUN_ENV];
      if (shared !== undefined && shared !== "") {
        run = readDefaultRun(shared);
      } else {
        own = tempDir("default-run");
        run = await startDefaultRun(own).done;
      }
      if (options.requireSuccess) {
        assert.equal(
          run.status,
          0,
          `the notebook's default run (npm start -- --out-dir ${run.dir}) failed:\n${run.stderr}`,
        );
      }
      settle.resolve(run);
    } catch (e) {
      settle.reject(e);
      throw e;
    }
  });
  after(() => {
    if (own !== undefined) removeDir(own);
  });
  const handle = () => {
    assert.ok(run !== undefined, "the notebook's default run is missing (see the error of the before hook)");
    return run;
  };
  return Object.assign(handle, { ready });
}
