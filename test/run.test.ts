// test/run.ts, npm test's runner: it finds every test file, and it cleans up — its scratch folder,
// and whatever gmm-em-* entry the tests leave in their $TMPDIR, which fails the run — also when
// stopped by a signal. Each run here is the runner's own, on small test files, with a $TMPDIR of its own.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { linkTsxCache, removeDir, tempDir } from "./helpers/notebook";
import {
  batchJobs,
  DURATIONS_FILE,
  guessedTime,
  isShort,
  nextQueue,
  SHORT_JOB_SECONDS,
  startOrder,
  TEMP_PREFIX,
  testFiles,
} from "./run";

const RUNNER = join(__dirname, "run.ts");
let sandbox = "";

before(() => {
  sandbox = tempDir("runner");
});
after(() => removeDir(sandbox));

/** A folder of its own for one run: its test files and, as $TMPDIR, what the run leaves. */
function newCase(name: string, files: Record<string, string>): { dir: string; temp: string; paths: string[] } {
  const dir = join(sandbox, name);
  const temp = join(dir, "tmp");
  mkdirSync(temp, { recursive: true });
  linkTsxCache(temp);
  const paths = Object.entries(files).map(([file, source]) => {
    writeFileSync(join(dir, file), source);
    return join(dir, file);
  });
  return { dir, temp, paths };
}

const runnerArgs = (paths: string[]) => ["--import", "tsx", RUNNER, "--without-notebook", ...paths];

/** The runner run on `args` with $TMPDIR `temp`, to its end (asynchronously: the cases here run at once). */
function runRunner(args: string[], temp: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, TMPDIR: temp },
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
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolveRun({ status, stdout, stderr });
    });
  });
}
const ours = (temp: string) => readdirSync(temp).filter((n) => n.startsWith(TEMP_PREFIX));

const passing = `import { test } from "node:test";
import assert from "node:assert/strict";
test("adds", () => assert.equal(1 + 1, 2));
`;

describe("the test runner, each case in a folder of its own", { concurrency: true }, () => {
  test("testFiles: every *.test.ts under test/, at the top level and in every folder, and nothing else", () => {
    const listed = testFiles().map((f) => relative(__dirname, f).split("\\").join("/"));
    const all = (readdirSync(__dirname, { recursive: true }) as string[])
      .map((f) => f.split("\\").join("/"))
      .filter((f) => f.endsWith(".test.ts"))
      .sort();
    assert.deepEqual(listed, all);
    for (const f of [
      "package/consumers.test.ts",
      "run.test.ts",
      "layers.test.ts",
      "em/apply-gmm.test.ts",
      "notebook/npm-start.test.ts",
    ])
      assert.ok(listed.includes(f), f);
    assert.ok(!listed.some((f) => f.startsWith("helpers/") || f === "run.ts"));
  });

  test("a run whose tests pass and tidy up: exit code 0, the scratch folder removed, the rest of $TMPDIR left alone", async () => {
    const expectedTemp = join(sandbox, "clean", "tmp"); // newCase's
    const { temp, paths } = newCase("clean", {
      "adds.test.ts": passing,
      "tidy.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
test("writes and removes", () => {
  const dir = mkdtempSync(join(tmpdir(), "gmm-em-tidy-"));
  assert.ok(dir.startsWith(join(${JSON.stringify(expectedTemp)}, "gmm-em-run-")), "the tests' $TMPDIR is in the runner's scratch folder");
  rmSync(dir, { recursive: true });
});
`,
    });
    assert.equal(temp, expectedTemp);
    mkdirSync(join(temp, `${TEMP_PREFIX}another-run`)); // e.g. another npm test at the same time
    const run = await runRunner(runnerArgs(paths), temp);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /✔ adds/);
    assert.match(run.stdout, /✔ writes and removes/);
    assert.match(run.stdout, /the tests left nothing in their \$TMPDIR; .*gmm-em-run-\w+ removed/);
    assert.deepEqual(ours(temp), [`${TEMP_PREFIX}another-run`]);
  });

  test("a test that leaves a gmm-em-* folder in its $TMPDIR fails the run, which names the folder and removes it", async () => {
    const { temp, paths } = newCase("leak", {
      "leaks.test.ts": `import { test } from "node:test";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
test("writes and forgets", () => { writeFileSync(join(mkdtempSync(join(tmpdir(), "gmm-em-forgotten-")), "data.json"), "{}"); });
`,
      "adds.test.ts": passing,
    });
    const run = await runRunner(runnerArgs(paths), temp);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✔ writes and forgets/);
    assert.match(
      run.stderr,
      /the tests left 1 entry in their \$TMPDIR \(now removed\):\n {2}.*gmm-em-run-\w+\/tmp\/gmm-em-forgotten-\w+/,
    );
    assert.deepEqual(ours(temp), []);
  });

  test("a failing test fails the run, whose last lines repeat how it failed; the scratch folder is removed all the same", async () => {
    const { temp, paths } = newCase("failing", {
      "fails.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
test("subtracts", () => assert.equal(2 - 1, 2));
`,
    });
    const run = await runRunner(runnerArgs(paths), temp);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✖ subtracts/);
    // after the times, so that a log cut to its end still says what failed and how
    const tail = run.stderr.slice(run.stderr.lastIndexOf("test/run.ts: failed: "));
    assert.match(tail, / failed:\n✖ failing tests:[\s\S]*✖ subtracts[\s\S]*1 !== 2/);
    assert.deepEqual(ours(temp), []);
  });

  describe("a signal while a test runs", { concurrency: true }, () => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      test(`${signal} while a test runs: passed on to the tests${signal === "SIGHUP" ? " (as SIGTERM)" : ""}, which stop; then the clean-up, and exit code 128 + ${signal}`, async () => {
        const pidFile = join(sandbox, `signal-${signal}.pid`);
        const { temp, paths } = newCase(`signal-${signal}`, {
          "hangs.test.ts": `import { test } from "node:test";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
test("waits for ever", async () => {
  mkdtempSync(join(tmpdir(), "gmm-em-busy-"));
  writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
  await new Promise(() => setInterval(() => {}, 1000));
});
`,
        });
        const runner = spawn(process.execPath, runnerArgs(paths), {
          env: { ...process.env, TMPDIR: temp },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        runner.stdout!.on("data", (d) => {
          output += d;
        });
        runner.stderr!.on("data", (d) => {
          output += d;
        });
        const exited = new Promise<number | null>((resolve) => runner.on("close", (code) => resolve(code)));
        // Slow to start on a loaded machine; on a failure here the runner is stopped, not left behind.
        const deadline = Date.now() + 120_000;
        while (!existsSync(pidFile)) {
          if (Date.now() >= deadline) {
            runner.kill("SIGTERM"); // it stops what it started, then ends
            assert.fail(`the test did not start:\n${output}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        runner.kill(signal);
        const code = await exited;
        assert.equal(code, 128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal], output);
        assert.match(output, new RegExp(`${signal}: stopping the tests, then cleaning up`));
        assert.match(output, /the tests left 1 entry in their \$TMPDIR \(now removed\):\n {2}.*gmm-em-busy-\w+/);
        assert.deepEqual(ours(temp), [], "the scratch folder and the test's folder are gone");
        const pid = Number(readFileSync(pidFile, "utf8"));
        assert.throws(() => process.kill(pid, 0), { code: "ESRCH" }, "the test's process has ended");
      });
    }
  });

  test("two files at once (--jobs 2): they overlap in time, and each file's time is printed, slowest first", async () => {
    const stamps = join(sandbox, "stamps");
    mkdirSync(stamps);
    // Each file says it has started, then waits (up to 60 s) until the other has too: they pass
    // only if both ran at once, however late a loaded machine starts either. The slow one then
    // takes 5 s more: more than the quick one's wait for the other's start (a batch's time is its
    // tests', and under load a process may take seconds to start), so that it is timed slower.
    const meeting = (name: string, other: string, extraMs: number) => `import { test } from "node:test";
import { existsSync, writeFileSync } from "fs";
import { join } from "path";
test("${name}", async () => {
  writeFileSync(join(${JSON.stringify(stamps)}, "${name}"), "");
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(${JSON.stringify(stamps)}, "${other}"))) {
    if (Date.now() > deadline) throw new Error("${other} did not start while ${name} ran");
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, ${extraMs}));
});
`;
    const { temp, paths } = newCase("jobs", {
      "slow.test.ts": meeting("slow", "quick", 5000),
      "quick.test.ts": meeting("quick", "slow", 0),
    });
    const run = await runRunner([...runnerArgs(paths), "--jobs", "2"], temp);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const table = run.stdout.slice(run.stdout.indexOf("each file's time"));
    assert.match(table, /^each file's time, slowest first\n/);
    assert.match(table, /✔ .*slow\.test\.ts +\d+\.\d s {2}1 passed\n {2}✔ .*quick\.test\.ts +\d+\.\d s {2}1 passed/);
    assert.match(
      run.stdout,
      /2 files and checks, 2 tests, 0 failed, in \d+\.\d s \(the files' own times add up to \d+\.\d s\)/,
    );
    assert.deepEqual(ours(temp), []);
  });

  test("files that start nothing share a process (--jobs 1: two batches for three files), each its own suite: its hooks, its time, its count", async () => {
    const stamps = join(sandbox, "batch-stamps");
    mkdirSync(stamps);
    const file = (name: string, tests: number) => `import { after, test } from "node:test";
import { appendFileSync } from "fs";
import { join } from "path";
let ran = 0;
for (let i = 0; i < ${tests}; i++) test("${name} " + i, () => { ran++; });
after(() => appendFileSync(join(${JSON.stringify(stamps)}, "${name}"), process.pid + " " + ran + "\\n"));
`;
    const { temp, paths } = newCase("batch", {
      "a.test.ts": file("a", 1),
      "b.test.ts": file("b", 2),
      "c.test.ts": file("c", 3),
    });
    const run = await runRunner([...runnerArgs(paths), "--jobs", "1"], temp);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const stamp = (name: string) => readFileSync(join(stamps, name), "utf8").trim().split(" ").map(Number);
    // each file's after hook ran once, after its own tests only
    assert.deepEqual(
      ["a", "b", "c"].map((n) => stamp(n)[1]),
      [1, 2, 3],
    );
    const pids = ["a", "b", "c"].map((n) => stamp(n)[0]);
    assert.equal(new Set(pids).size, 2, `two processes for three files: ${pids}`);
    for (const [name, count] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ] as const) {
      assert.match(run.stdout, new RegExp(`✔ \\S*${name}\\.test\\.ts +\\d+\\.\\d s {2}${count} passed`));
    }
    assert.deepEqual(ours(temp), []);
  });

  test("a batch loads src/, scripts/ and test/ anew for each file: a script's error is an instance of the next file's own GmmError", async () => {
    // release.test.ts checks that a ReleaseError (scripts/class-kit/release.ts) is a GmmError (src/):
    // run twice in one batch, the second run's classes must be its own load's.
    const release = join(__dirname, "class-kit", "release.test.ts");
    const run = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--test-reporter=spec", join(__dirname, "helpers", "batch.ts"), release, release],
        // under `node --test` the batch would report to it (serialized), not in the spec reporter's lines
        { env: { ...process.env, NODE_TEST_CONTEXT: undefined }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stdout.on("data", (d) => {
        output += d;
      });
      child.stderr.on("data", (d) => {
        output += d;
      });
      child.on("close", (status) => resolve({ status, output }));
    });
    assert.equal(run.status, 0, run.output);
    assert.equal(run.output.match(/^✔ test\/class-kit\/release\.test\.ts /gm)?.length, 2, run.output);
  });

  test("guessedTime: before a job has a time, what it starts adds up (processes 30, pages 15, the default run read 10; at least 5)", () => {
    const job = (name: string, readsDefaultRun = false) => ({ name, command: "", args: [], readsDefaultRun });
    assert.equal(guessedTime(job("test/notebook/live.test.ts", true)), 55);
    assert.equal(guessedTime(job("test/notebook/npm-start-signals.test.ts")), 30);
    assert.equal(guessedTime(job("test/live/app.test.ts")), 15);
    assert.equal(guessedTime(job("test/notebook/claims.test.ts", true)), 10);
    assert.equal(guessedTime(job("test/em/m-step.test.ts")), 5);
    assert.equal(guessedTime(job("npm run lint")), 10);
    assert.equal(guessedTime({ ...job("batch 1 of 4 (3 files)"), files: ["a", "b", "c"] }), 3);
  });

  test("batchJobs: the files that read the default run share batches of their own, which wait for it; the others are spread over `count` batches by time", () => {
    const at = (f: string) => join(__dirname, f);
    const readers = ["notebook/claims.test.ts", "notebook/sections.test.ts"];
    const others = ["em/m-step.test.ts", "density/gauss.test.ts", "format.test.ts"];
    const times = { "test/em/m-step.test.ts": 3, "test/density/gauss.test.ts": 2, "test/format.test.ts": 1 };
    const jobs = batchJobs([...readers, ...others].map(at), 2, times);
    assert.deepEqual(
      jobs.map((j) => [j.name, j.readsDefaultRun, j.files]),
      [
        ["batch 1 of 2 (1 files)", false, ["test/em/m-step.test.ts"]],
        ["batch 2 of 2 (2 files)", false, ["test/density/gauss.test.ts", "test/format.test.ts"]],
        ["default run's readers, batch 1 of 1 (2 files)", true, readers.map((f) => `test/${f}`)],
      ],
    );
    assert.deepEqual(
      batchJobs(others.map(at), 2, times).map((j) => j.readsDefaultRun),
      [false, false],
      "no readers: no readers' batch",
    );
  });

  test("isShort: a job of at most SHORT_JOB_SECONDS by the last times may take the extra slot; one without a time may not", () => {
    const times = { short: SHORT_JOB_SECONDS, long: SHORT_JOB_SECONDS + 0.1 };
    assert.equal(isShort({ name: "short" }, times), true);
    assert.equal(isShort({ name: "long" }, times), false);
    assert.equal(isShort({ name: "new" }, times), false);
  });

  test("nextQueue: once the default run is done, the next job is the slower of the two queues' first; none when both are empty", () => {
    const times = { "test/a.test.ts": 40, "test/b.test.ts": 10, "test/r.test.ts": 30, "test/s.test.ts": 5 };
    const [a, b, r, s] = Object.keys(times).map((name) => ({ name }));
    assert.deepEqual(nextQueue([a, b], [r, s], times), [a, b]);
    assert.deepEqual(nextQueue([b], [r, s], times), [r, s], "a long reader does not wait behind short files");
    assert.deepEqual(nextQueue([], [s], times), [s]);
    assert.deepEqual(nextQueue([b], [], times), [b], "the default run not done: its readers wait");
    assert.deepEqual(
      nextQueue([b], [{ name: "test/new.test.ts" }], times),
      [{ name: "test/new.test.ts" }],
      "no time: first",
    );
    assert.equal(nextQueue([], [], times), undefined);
  });

  test("the committed durations: a time in seconds for every test file and check, and none for a file that is gone", () => {
    const durations = JSON.parse(readFileSync(DURATIONS_FILE, "utf8")) as Record<string, unknown>;
    const known = [...testFiles().map((f) => relative(join(__dirname, ".."), f)), "npm run lint", "npm run typecheck"];
    assert.deepEqual(
      Object.keys(durations).filter((name) => !known.includes(name)),
      [],
      "named but gone: refresh test/durations.json",
    );
    for (const [name, seconds] of Object.entries(durations))
      assert.ok(typeof seconds === "number" && seconds >= 0, `${name}: ${seconds}`);
    assert.ok(Object.keys(durations).length >= known.length * 0.9, "most files have a time");
  });

  test("startOrder: files and checks start slowest first by the last run's times; one without a time first of all", () => {
    const jobs = ["test/a.test.ts", "test/b.test.ts", "npm run lint", "test/c.test.ts", "test/d.test.ts"].map(
      (name) => ({ name }),
    );
    const times = { "test/a.test.ts": 2, "test/b.test.ts": 30, "npm run lint": 1, "test/d.test.ts": 0.5 };
    assert.deepEqual(
      startOrder(jobs, times).map((j) => j.name),
      ["test/c.test.ts", "test/b.test.ts", "test/a.test.ts", "npm run lint", "test/d.test.ts"],
    );
  });
});
