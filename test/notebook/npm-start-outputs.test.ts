// How npm start writes its outputs (scripts/start/output-folder.ts): staged beside their final place,
// renamed into place together or removed together; what killed runs left is removed by the next.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../scripts/jupyter-env";
import { parseArgs, readCommandLine, usage } from "../../scripts/start/cli";
import { UsageError } from "../../scripts/start/errors";
import { checkOutDir, LOCK_FILE, OutputSet } from "../../scripts/start/output-folder";
import { PARAMETER_NAMES, PARAMETERS } from "../../scripts/start/parameters";
import { fileErrorCause } from "../../scripts/start/room";
import { OUTPUT_STEPS, outputFiles, selectSteps } from "../../scripts/start/steps";
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

test("OutputSet: a file in a folder of the output folder is staged in that folder, and its folder made, committed or removed with the rest", async () => {
  const parent = tempDir("outputs");
  try {
    const dir = join(parent, "out");
    const outputs = new OutputSet(dir, ["a.txt", "student/a.txt"]);
    const top = outputs.stage("a.txt");
    const inner = outputs.stage("student/a.txt");
    assert.match(
      inner,
      /\/out\/student\/\.a\.txt\.\d+-[0-9a-f]{8}\.tmp$/,
      "staged beside its final place, in the subfolder",
    );
    writeFileSync(top, "new a");
    writeFileSync(inner, "new student a");
    outputs.commit();
    assert.deepEqual(ls(dir), ["a.txt", "student"]);
    assert.deepEqual(ls(join(dir, "student")), ["a.txt"]);
    assert.equal(readFileSync(join(dir, "student", "a.txt"), "utf8"), "new student a");

    // A failed run into the committed folder: the staged files go, the folders and old files stay.
    const failed = new OutputSet(dir, ["a.txt", "student/a.txt"]);
    writeFileSync(failed.stage("student/a.txt"), "half");
    failed.discard();
    assert.deepEqual(ls(dir), ["a.txt", "student"]);
    assert.deepEqual(ls(join(dir, "student")), ["a.txt"]);
    assert.equal(readFileSync(join(dir, "student", "a.txt"), "utf8"), "new student a");

    // A failed first run: every folder it made is removed (the subfolder and the output folder).
    const fresh = join(parent, "fresh");
    const first = new OutputSet(fresh, ["student/deeper/b.txt"]);
    writeFileSync(first.stage("student/deeper/b.txt"), "b");
    first.stage("c.txt");
    assert.throws(() => first.commit(), /c\.txt was staged but never written/);
    first.discard();
    assert.deepEqual(ls(parent), ["out"]);
    assert.throws(
      () => new OutputSet(fresh).stage("../escape.txt"),
      /\.\.\/escape\.txt is not a file in the output folder/,
    );

    // What a killed run left in the subfolder: removed by the next run that writes there.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = child.pid!;
    await new Promise((r) => child.on("close", r));
    writeFileSync(join(dir, "student", `.a.txt.${deadPid}-0123abcd.tmp`), "{ half");
    new OutputSet(dir, ["a.txt"]);
    assert.deepEqual(
      ls(join(dir, "student")),
      [`.a.txt.${deadPid}-0123abcd.tmp`, "a.txt"],
      "not a folder of its files",
    );
    new OutputSet(dir, ["student/a.txt"]);
    assert.deepEqual(ls(join(dir, "student")), ["a.txt"]);
    // A folder that held only a killed run's staged file (that run made it) is removed with it.
    mkdirSync(join(dir, "slides"));
    writeFileSync(join(dir, "slides", `.s.html.${deadPid}-0123abcd.tmp`), "{ half");
    new OutputSet(dir, ["slides/s.html", "student/a.txt"]);
    assert.deepEqual(ls(dir), ["a.txt", "student"]);

    // A file where the subfolder goes is refused before anything runs.
    const blocked = join(parent, "blocked");
    mkdirSync(blocked);
    writeFileSync(join(blocked, "student"), "a file");
    assert.throws(
      () => checkOutDir(blocked, ["a.txt", "student/a.txt"]),
      (e: unknown) =>
        e instanceof UsageError &&
        /\/blocked\/student is a file; npm start writes student\/a\.txt into a folder of that name/.test(e.message),
    );
  } finally {
    removeDir(parent);
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

test("--only: the named steps and the steps they need, in the declaration's order; an unknown or empty name is refused", () => {
  const names = (argv: string[]) => parseArgs(argv).options.steps.map((s) => s.name);
  const all = OUTPUT_STEPS.map((s) => s.name);
  assert.deepEqual(all, ["notebook", "export", "live", "slides", "student", "lab"]);
  assert.deepEqual(names([]), all, "every step without --only");
  assert.deepEqual(names(["--only", "notebook"]), ["notebook"]);
  assert.deepEqual(names(["--only=live,notebook"]), ["notebook", "live"]);
  assert.deepEqual(names(["--only", "export"]), ["notebook", "export"], "the export reads the executed notebook");
  assert.deepEqual(
    names(["--only", "slides"]),
    ["notebook", "export", "slides"],
    "the slides read the figures' stills",
  );
  assert.deepEqual(names(["--only", "live", "--seed", "3"]), ["live"]);
  assert.deepEqual(names(["--only", "student"]), ["student"], "the students' release runs the source notebook itself");
  assert.deepEqual(names(["--only", "lab"]), ["lab"], "the lab pages run no kernel: the page runs the cells");
  assert.throws(
    () => parseArgs(["--only", "pdf"]),
    (e) => e instanceof UsageError && e.message === `--only: unknown step "pdf"; known: ${all.join(", ")}`,
  );
  assert.throws(() => parseArgs(["--only", "notebook,"]), /--only: "notebook," has an empty step name/);
  assert.throws(() => parseArgs(["--only", "live", "--only", "notebook"]), /--only given twice/);
  assert.throws(() => parseArgs(["--only"]), /--only needs a value/);
  assert.throws(() => parseArgs(["--onyl", "live"]), /unknown parameter --onyl; known: .*--out-dir, --only, --kernel$/);
});

test("--kernel: tslab by default, deno or tslab when given; any other refused, naming the kernels", () => {
  assert.equal(parseArgs([]).options.kernel, "tslab");
  assert.equal(parseArgs(["--kernel", "deno", "--only", "notebook"]).options.kernel, "deno");
  assert.equal(parseArgs(["--kernel=tslab"]).options.kernel, "tslab");
  assert.throws(
    () => parseArgs(["--kernel", "python3"]),
    (e) => e instanceof UsageError && e.message === '--kernel: unknown kernel "python3"; known: tslab, deno',
  );
  assert.throws(() => parseArgs(["--kernel", "deno", "--kernel", "tslab"]), /--kernel given twice/);
  assert.throws(() => parseArgs(["--kernel"]), /--kernel needs a value/);
});

test("the output steps' declaration: each step after the steps it needs, each file declared once; without Chromium, not the files that need it", () => {
  for (const [i, step] of OUTPUT_STEPS.entries()) {
    for (const need of step.needs)
      assert.ok(
        OUTPUT_STEPS.slice(0, i).some((s) => s.name === need),
        `${step.name} needs ${need}, a step before it`,
      );
  }
  const files = outputFiles(OUTPUT_STEPS, true);
  assert.equal(new Set(files).size, files.length, files.join(", "));
  assert.deepEqual(
    outputFiles(OUTPUT_STEPS, false),
    OUTPUT_STEPS.flatMap((s) => s.outputs)
      .filter((o) => !o.needsChromium)
      .map((o) => o.file),
  );
  assert.ok(files.length > outputFiles(OUTPUT_STEPS, false).length, "the PDF needs Chromium");
  assert.deepEqual(outputFiles(selectSteps(["live"])), outputFiles([OUTPUT_STEPS[2]]));
});

test("npm start -- --help: the usage lists every step with its files, --out-dir, --only and every parameter's flags; exit code 0", () => {
  const help = readCommandLine(["--seed", "3", "--help"]);
  if (help.kind !== "help") assert.fail(help.kind);
  assert.equal(help.exitCode, 0);
  assert.equal(help.stdout, usage());
  for (const step of OUTPUT_STEPS) {
    const line = help.stdout.split("\n").find((l) => l.startsWith(`  ${step.name} `));
    assert.ok(line, `${step.name}'s line`);
    for (const o of step.outputs) assert.ok(line.includes(`out/${o.file}`), `${step.name}: ${o.file}`);
    for (const need of step.needs) assert.ok(line.includes(`needs ${need}`), `${step.name} needs ${need}`);
  }
  assert.match(help.stdout, /--out-dir DIR/);
  assert.match(help.stdout, /--only STEP\[,STEP…\]/);
  assert.match(help.stdout, /--kernel tslab\|deno: the kernel that runs the notebook, default tslab/);
  for (const name of PARAMETER_NAMES)
    for (const flag of PARAMETERS[name].flags) assert.ok(help.stdout.includes(`--${flag}`), `--${flag}`);
});

/** The words of a pasted shell argument list: single quotes group, as POSIX shells and PowerShell read them. */
function shellWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

test("npm start -- --help: each parameter's example, pasted after `npm start --`, runs (alone and all together) with the value it shows", () => {
  const help = readCommandLine(["--help"]);
  if (help.kind !== "help") assert.fail(help.kind);
  const pasted: string[] = [];
  for (const name of PARAMETER_NAMES) {
    const line: string | undefined = help.stdout
      .split("\n")
      .find(
        (l) => l.startsWith(`  --${PARAMETERS[name].flags[0]},`) || l.startsWith(`  --${PARAMETERS[name].flags[0]} `),
      );
    assert.ok(line, `${name}'s line`);
    const example: string | undefined = line.match(/e\.g\. (.*)\)$/)?.[1];
    assert.ok(example, `${name}'s line gives an example: ${line}`);
    const args = shellWords(example);
    const run = readCommandLine(args);
    if (run.kind !== "run") assert.fail(`${example}: ${run.kind === "refused" ? run.stderr.split("\n")[0] : run.kind}`);
    assert.deepEqual(run.values[name], PARAMETERS[name].kind === "text" ? args[1] : JSON.parse(args[1]), example);
    pasted.push(...args);
  }
  assert.equal(
    new Set(pasted.filter((a) => a.startsWith("--"))).size,
    PARAMETER_NAMES.length,
    "one example per parameter",
  );
  const together = readCommandLine(pasted);
  assert.equal(together.kind, "run", together.kind === "refused" ? together.stderr.split("\n")[0] : "");
});

test("npm start -- --tol: read as the parameters cell's tol; one that applyGmm refuses is refused before anything runs, naming --tol", () => {
  const run = readCommandLine(["--tol", "1e-8"]);
  if (run.kind !== "run") assert.fail(run.kind);
  assert.equal(run.values.tol, 1e-8);
  const refused = readCommandLine(["--tol", "-1"]);
  if (refused.kind !== "refused") assert.fail(refused.kind);
  assert.match(refused.stderr, /^npm start: --tol: .*-1/);
});

test("npm start refuses, before any kernel starts and in one line, an output folder on a file system that takes no new files (/proc) or that it may not write (/sys)", () => {
  for (const [dir, cause] of [
    ["/proc/gmm-em-out", /\/proc cannot take new files: the file system there takes no new files \(ENOENT\)$/],
    [
      "/sys/gmm-em-out",
      /\/sys cannot take new files: (permission denied \(EACCES\)|not permitted \(EPERM\)|a read-only file system \(EROFS\))$/,
    ],
  ] as const) {
    const refused = readCommandLine(["--out-dir", dir]);
    if (refused.kind !== "refused") assert.fail(`${dir}: ${refused.kind}`);
    assert.equal(refused.exitCode, 2);
    assert.match(refused.stderr, /^npm start: --out-dir: [^\n]*$/, "one line, no usage, no stack");
    assert.match(refused.stderr, cause);
  }
});

test("npm start refuses, before any kernel starts, an output folder without room for the run's files and a $TMPDIR without room for Chromium (small file systems of their own)", () => {
  const dir = tempDir("room");
  try {
    for (const d of ["small", "tmp"]) mkdirSync(join(dir, d));
    // A mount namespace of this command's own (no root needed): two small file systems, then npm start.
    const main = join(ROOT, "scripts", "start", "main.ts");
    const node = `${process.execPath} --import tsx ${main}`;
    const script = [
      `mount -t tmpfs -o size=1m tmpfs ${dir}/small`,
      `mount -t tmpfs -o size=20m tmpfs ${dir}/tmp`,
      `${node} --only live --out-dir ${dir}/small/out; echo "exit $?"`,
      `TMPDIR=${dir}/tmp ${node} --only export --out-dir ${dir}/out; echo "exit $?"`,
    ].join(" && ");
    const run = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split("\n"), ["exit 2", "exit 2"], run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 2, run.stderr);
    assert.match(lines[0], /^npm start: --out-dir: .*\/small has 1\.0 MB free; this run needs about 2\.5 MB there$/);
    assert.match(
      lines[1],
      /^npm start: \$TMPDIR \(.*\/tmp, where Chromium keeps its profile\): .*\/tmp has 20 MB free; this run needs about 100 MB there$/,
    );
    assert.ok(!existsSync(join(dir, "out")), "nothing made");
  } finally {
    removeDir(dir);
  }
});

test("a file-system error met during a run is said in one line: its cause in words and its code", () => {
  const error = Object.assign(new Error("ENOSPC: no space left on device, write"), {
    code: "ENOSPC",
    syscall: "write",
  });
  assert.equal(fileErrorCause(error), "no space left on the device (ENOSPC)");
  assert.equal(fileErrorCause(Object.assign(new Error("x"), { code: "EROFS" })), "a read-only file system (EROFS)");
  assert.equal(fileErrorCause(new Error("not a file-system error")), undefined);
});
