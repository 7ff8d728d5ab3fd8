// How npm start writes its outputs (scripts/outputs.ts): staged beside their final place,
// renamed into place together or removed together; what killed runs left is removed by the next.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../scripts/jupyter-env";
import { LOCK_FILE, OutputSet } from "../../scripts/outputs";
import { checkOutDir, parseArgs, UsageError } from "../../scripts/start";
import { removeDir, tempDir } from "../helpers/notebook";

const ls = (dir: string) => readdirSync(dir).sort();

test("OutputSet: staged files are hidden beside their final place; commit renames them all into place", () => {
  const dir = tempDir("outputs");
  try {
    writeFileSync(join(dir, "a.txt"), "old a");
    writeFileSync(join(dir, "b.txt"), "old b");
    const outputs = new OutputSet(dir);
    const a = outputs.stage("a.txt");
    const b = outputs.stage("b.txt");
    assert.match(a, /\/\.a\.txt\.\d+-[0-9a-f]{8}\.tmp$/);
    assert.equal(outputs.stagedPath("b.txt"), b);
    writeFileSync(a, "new a");
    writeFileSync(b, "new b");
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "old a", "nothing in place before the commit");
    outputs.commit();
    assert.deepEqual(ls(dir), ["a.txt", "b.txt"], "no staged file, no lock left");
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "new a");
    assert.equal(readFileSync(join(dir, "b.txt"), "utf8"), "new b");
    outputs.discard(); // after a commit: nothing to remove
    assert.deepEqual(ls(dir), ["a.txt", "b.txt"]);
  } finally {
    removeDir(dir);
  }
});

test("OutputSet: one output never written means none is committed; discard removes the staged files and a folder it made", () => {
  const parent = tempDir("outputs");
  try {
    const dir = join(parent, "new", "out");
    const outputs = new OutputSet(dir);
    writeFileSync(outputs.stage("a.txt"), "new a");
    outputs.stage("b.txt"); // never written
    assert.throws(() => outputs.commit(), /b\.txt was staged but never written/);
    assert.ok(!existsSync(join(dir, "a.txt")));
    outputs.discard();
    assert.deepEqual(ls(parent), [], "the folders it made, removed again");

    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.txt"), "old a");
    const again = new OutputSet(dir);
    writeFileSync(again.stage("a.txt"), "half a");
    again.discard();
    assert.deepEqual(ls(dir), ["a.txt"], "a folder it did not make stays");
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "old a");
    assert.throws(() => again.stage("c.txt"), /after the run's outputs were committed or discarded/);
  } finally {
    removeDir(parent);
  }
});

test("OutputSet: a folder that appeared in a file's place by the commit: nothing is renamed (not half a pair)", () => {
  const dir = tempDir("outputs");
  try {
    writeFileSync(join(dir, "a.txt"), "old a");
    const outputs = new OutputSet(dir);
    writeFileSync(outputs.stage("a.txt"), "new a");
    writeFileSync(outputs.stage("b.txt"), "new b");
    mkdirSync(join(dir, "b.txt"));
    assert.throws(() => outputs.commit(), /b\.txt is a folder; nothing was written/);
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "old a");
    outputs.discard();
    assert.deepEqual(ls(dir), ["a.txt", "b.txt"]);
  } finally {
    removeDir(dir);
  }
});

test("OutputSet: staged files and a lock left by a process that is gone are removed; a live process's are not", async () => {
  const dir = tempDir("outputs");
  try {
    // A pid that has certainly ended: a child that has exited.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = child.pid!;
    await new Promise((r) => child.on("close", r));
    writeFileSync(join(dir, `.gmm-em.ipynb.${deadPid}-0123abcd.tmp`), "{ half");
    writeFileSync(join(dir, `.gmm-em.ipynb.${process.pid}-89abcdef.tmp`), "{ this run's");
    writeFileSync(join(dir, LOCK_FILE), String(deadPid));
    writeFileSync(join(dir, "notes.tmp"), "not ours");
    const outputs = new OutputSet(dir);
    assert.deepEqual(ls(dir), [`.gmm-em.ipynb.${process.pid}-89abcdef.tmp`, LOCK_FILE, "notes.tmp"]);
    writeFileSync(outputs.stage("x.txt"), "x");
    outputs.commit(); // takes over the dead process's lock
    assert.deepEqual(ls(dir), [`.gmm-em.ipynb.${process.pid}-89abcdef.tmp`, "notes.tmp", "x.txt"]);
  } finally {
    removeDir(dir);
  }
});

test("--out-dir: both forms; notebooks/ (also through a link), a file, and files the project tracks are refused", () => {
  assert.equal(parseArgs(["--out-dir=/tmp/x", "--seed", "3"]).options.outDir, "/tmp/x");
  assert.equal(parseArgs(["--out-dir", "/tmp/y"]).options.outDir, "/tmp/y");
  assert.deepEqual(parseArgs(["--seed=3"]).values, { randomState: 3 });
  assert.throws(() => parseArgs(["--out-dir", "/a", "--out-dir=/b"]), /--out-dir given twice/);
  assert.throws(() => parseArgs(["--out-dir="]), /--out-dir needs a folder/);

  const files = ["gmm-em.ipynb", "gmm-em.html"];
  assert.throws(
    () => checkOutDir(join(ROOT, "notebooks"), files),
    (e) => e instanceof UsageError && /the lesson's source: npm start never writes there/.test(e.message),
  );
  assert.throws(() => checkOutDir(join(ROOT, "notebooks", "sub", "dir"), files), /never writes there/);
  assert.throws(
    () => checkOutDir(ROOT, ["package.json"]),
    /package\.json is a file the project tracks \(git\): npm start never writes over it/,
  );
  const dir = tempDir("outdir");
  try {
    symlinkSync(join(ROOT, "notebooks"), join(dir, "link"));
    assert.throws(() => checkOutDir(join(dir, "link"), files), /never writes there/);
    writeFileSync(join(dir, "file"), "");
    assert.throws(() => checkOutDir(join(dir, "file"), files), /is a file, not a folder/);
    mkdirSync(join(dir, "out", "gmm-em.html"), { recursive: true });
    assert.throws(() => checkOutDir(join(dir, "out"), files), /gmm-em\.html is a folder/);
    checkOutDir(join(dir, "not-yet", "there"), files);
  } finally {
    removeDir(dir);
  }
});
