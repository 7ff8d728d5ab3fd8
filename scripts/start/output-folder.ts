// The output folder of npm start: the checks made on it before anything runs, and how a run
// writes into it. Every file of a run goes through one `OutputSet`, so that whoever reads the
// output folder sees the previous run's files or this run's, never a half-written file, nor one
// run's notebook beside another run's HTML.
//
//   const outputs = new OutputSet(dir);      // checks the folder; removes what killed runs left
//   const tmp = outputs.stage("gmm-em.pdf"); // a temporary path beside the final one: write it whole
//   …
//   outputs.commit();                        // all staged files renamed into place, together
//   outputs.discard();                       // or none: the staged files removed (failure, signal)
//
// A staged file is `.<name>.<pid>-<random>.tmp` in its final folder (the output folder, or a
// folder in it: `student/gmm-em.pdf`), so that its rename is atomic (same file system) and
// replaces the directory entry, never writing through it (a link to the source notebook stays
// untouched); a folder the run made is removed again when nothing is committed into it. `commit` takes the folder's lock (two runs into
// one folder commit one after the other, each its own set), fsyncs the staged files, renames
// them, and fsyncs the folder. The renames are synchronous: a signal, handled by Node on its
// event loop, waits until they are done. A run killed outright (SIGKILL) leaves its staged files;
// the next run into the folder removes those whose process is gone (in the folders of its files).

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { NOTEBOOK, ROOT } from "../jupyter-env";
import { UsageError } from "./errors";

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
    // A file where a file's folder goes (out/student a file): found here, not halfway through the run.
    for (let d = dirname(target); isInside(d, outDir) && d !== outDir; d = dirname(d)) {
      if (existsSync(d) && !statSync(d).isDirectory())
        throw new UsageError(
          `--out-dir: ${d} is a file; npm start writes ${relative(outDir, target)} into a folder of that name`,
        );
    }
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

// ---------------------------------------------------------------------------------------------
// Writing: staged files, committed together

/** A staged file's name: `.<name>.<pid>-<8 hex digits>.tmp`. */
const STAGED = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp$/;
/** Held by the run that is committing into the folder; holds its pid. */
export const LOCK_FILE = ".gmm-em.lock";
/** How long `commit` waits for another run's commit (a few renames) before giving up. */
const LOCK_WAIT_MS = 30_000;

/** Whether process `pid` is running (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class OutputSet {
  readonly dir: string;
  /** Final name → staged path, in the order staged (the order of the renames). */
  private readonly staged = new Map<string, string>();
  /** The folders this run created (removed again by `discard` if they stay empty). */
  private readonly created: string[] = [];
  private done = false;

  /**
   * `dir`: the output folder (made at the first `stage` if missing); `files`: the names the run
   * may write (`student/gmm-em.pdf`). Removes staged files of runs that are gone, in `dir` and in the
   * folders of `files`, and such a folder that held nothing else (a killed run made it).
   */
  constructor(dir: string, files: readonly string[] = []) {
    this.dir = dir;
    for (const folder of new Set([dir, ...files.map((f) => dirname(join(dir, f)))])) {
      let entries: string[] = [];
      try {
        entries = readdirSync(folder);
      } catch {
        /* not there yet */
      }
      let swept = false;
      for (const name of entries) {
        const m = STAGED.exec(name);
        if (m !== null && Number(m[2]) !== process.pid && !processAlive(Number(m[2]))) {
          rmSync(join(folder, name), { force: true });
          swept = true;
        }
      }
      if (swept && folder !== dir) {
        try {
          rmdirSync(folder);
        } catch {
          /* it holds files: a committed run's */
        }
      }
    }
  }

  /** The path of `name` in the output folder once committed. */
  finalPath(name: string): string {
    return join(this.dir, name);
  }

  /** A new temporary path for output `name`, beside its final place; the caller writes it whole. */
  stage(name: string): string {
    if (this.done) throw new Error(`outputs: ${name} staged after the run's outputs were committed or discarded`);
    if (this.staged.has(name)) throw new Error(`outputs: ${name} is staged twice`);
    const final = this.finalPath(name);
    if (!isInside(final, this.dir) || final === this.dir)
      throw new Error(`outputs: ${name} is not a file in the output folder`);
    const folder = dirname(final);
    if (!isDirectory(folder)) {
      const first = mkdirSync(folder, { recursive: true });
      // Each folder made, from the deepest up to the first: `discard` removes them deepest first.
      if (first !== undefined) for (let d = folder; d.length >= first.length; d = dirname(d)) this.created.push(d);
    }
    const path = join(folder, `.${basename(final)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    this.staged.set(name, path);
    return path;
  }

  /** The staged path of `name` (to read an output an earlier step wrote). */
  stagedPath(name: string): string {
    const path = this.staged.get(name);
    if (path === undefined) throw new Error(`outputs: ${name} has not been staged`);
    return path;
  }

  /** Renames every staged file into place, all of them or (when one is missing) none; returns their names. */
  commit(): string[] {
    if (this.done) throw new Error("outputs: committed or discarded already");
    for (const [name, path] of this.staged) {
      if (!existsSync(path)) throw new Error(`outputs: ${name} was staged but never written`);
      fsyncPath(path);
    }
    const unlock = this.lock();
    try {
      // A folder in a file's place would fail its rename after the others had been made: none is.
      for (const name of this.staged.keys()) {
        if (isDirectory(this.finalPath(name)))
          throw new Error(`outputs: ${this.finalPath(name)} is a folder; nothing was written`);
      }
      for (const [name, path] of this.staged) renameSync(path, this.finalPath(name));
      const written = [...this.staged.keys()];
      const folders = new Set(written.map((name) => dirname(this.finalPath(name))));
      this.staged.clear();
      this.created.length = 0;
      this.done = true;
      for (const folder of folders) fsyncPath(folder);
      return written;
    } finally {
      unlock();
    }
  }

  /** Removes the staged files (and the folders this run made, those left empty). Idempotent. */
  discard(): void {
    for (const path of this.staged.values()) rmSync(path, { force: true });
    this.staged.clear();
    this.done = true;
    for (const folder of [...this.created].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(folder);
      } catch {
        /* not empty: it holds what was there before */
      }
    }
    this.created.length = 0;
  }

  /** Takes the folder's lock (waiting for another run's commit; taking over one left by a dead run); returns its release. */
  private lock(): () => void {
    const path = join(this.dir, LOCK_FILE);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const fd = openSync(path, "wx");
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      let holder = NaN;
      try {
        holder = Number(readFileSync(path, "utf8"));
      } catch {
        /* released meanwhile */
      }
      // A lock whose holder is gone (or that holds no pid: its writer died between open and write).
      if (!Number.isInteger(holder) || (holder !== process.pid && !processAlive(holder))) {
        try {
          if (Date.now() - lstatSync(path).mtimeMs > 1000 || Number.isInteger(holder)) rmSync(path, { force: true });
        } catch {
          /* released meanwhile */
        }
      }
      if (Date.now() > deadline)
        throw new Error(`outputs: ${path} has been held by process ${holder} for ${LOCK_WAIT_MS / 1000} s`);
      sleepSync(20);
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
