// npm run grade end to end: one run of the grader (two jobs) over a folder of submissions made from
// the source notebook: the teacher's own (full marks), the student release untouched (zero), one
// with four slips (its E-step leaves π out, the original's first slip; its imports cell edited to
// throw: the edit flagged, the source's imports cell run; its log-sum-exp cell throws at its top
// level: graded past the throw; its BIC cell loops at its top level: stopped at the loop, the
// points before it kept), and a truncated file. It reads grades.csv and the summary.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, type TestContext, test } from "node:test";
import { releaseStudent } from "../../scripts/class-kit/release";
import { GRADED_EXERCISES, MAX_POINTS } from "../../scripts/grade/exercises";
import { main } from "../../scripts/grade/main";
import { type Cell, cellText, gradeId, type Notebook, readNotebook, sectionOf } from "../../scripts/grade/notebook";
import { NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { linkTsxCache, removeDir, requireSetUp, tempDir } from "../helpers/notebook";

/** Seconds a cell may run: the lesson's slowest cell takes under 3 s on a loaded machine (load 17 on 2 cores). */
const TIME_LIMIT = 10;

/** `nb` with the cell `which` picks rewritten by `edit` (which must change it). */
function editCell(nb: Notebook, which: (c: Cell) => boolean, edit: (text: string) => string): Notebook {
  const at = nb.cells.findIndex(which);
  assert.ok(at >= 0, "the cell to edit is in the notebook");
  const text = edit(cellText(nb.cells[at]));
  assert.notEqual(text, cellText(nb.cells[at]), "the edit changed the cell");
  const cells = nb.cells.map((c, i) => (i === at ? { ...c, source: text } : c));
  return { ...nb, cells };
}

/**
 * An endless loop at a cell's top level that holds the kernel as `while (true) {}` does (its
 * thread never returns to the event loop) but sleeps: the grader waits out TIME_LIMIT on the
 * clock, and a spinning loop would take a core from the tests running beside this one meanwhile.
 */
const ENDLESS_LOOP = "while (true) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);";

const solutionOf = (id: string) => (c: Cell) => c.cell_type === "code" && gradeId(c) === id;
const isImports = (c: Cell) => c.cell_type === "code" && /from "\.\.\/dist\/index\.js"/.test(cellText(c));

/** The rows of a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const m of text.matchAll(/("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/g)) {
    row.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === ",") continue;
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    if (m[2] === "") break;
  }
  return rows;
}

const source = readNotebook(NOTEBOOK);

describe("npm run grade", () => {
  const section = (which: (c: Cell) => boolean) => sectionOf(source.cells, source.cells.findIndex(which));
  let dir = "";
  let tmp = "";
  let run: ReturnType<typeof spawnSync>;
  let rows = new Map<string, Record<string, string>>();

  before(() => {
    requireSetUp();
    dir = tempDir("grade-submissions");
    tmp = tempDir("grade-tmp");
    linkTsxCache(tmp);
    const write = (name: string, nb: Notebook) => writeFileSync(join(dir, name), JSON.stringify(nb, null, 1));
    write("teacher.ipynb", source);
    write("release.ipynb", releaseStudent(source));
    // The original's first slip in the E-step, the imports cell edited to throw, a throw at the top
    // level of the log-sum-exp cell and an endless loop at the top level of the BIC cell: one run.
    const slip = editCell(source, solutionOf("e-step"), (t) => t.replace(/Math\.log\(p\) \+ l\b/, "l"));
    const imports = editCell(slip, isImports, (t) => `throw new Error("a broken import");\n${t}`);
    const throws = editCell(imports, solutionOf("log-sum-exp"), (t) => `throw new Error("not yet");\n${t}`);
    write(
      "slips.ipynb",
      editCell(throws, solutionOf("bic"), (t) => `${ENDLESS_LOOP}\n${t}`),
    );
    writeFileSync(join(dir, "truncated.ipynb"), readFileSync(NOTEBOOK, "utf8").slice(0, 5000));
    mkdirSync(join(dir, "folder.ipynb")); // a folder is no submission
    const start = Date.now();
    run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "scripts", "grade", "main.ts"),
        dir,
        "--jobs",
        "2",
        "--time-limit",
        String(TIME_LIMIT),
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 600_000, env: { ...process.env, TMPDIR: tmp } },
    );
    console.log(`${run.stdout}\n(the grader took ${((Date.now() - start) / 1000).toFixed(1)} s)`);
    const [header, ...body] = parseCsv(readFileSync(join(dir, "grades.csv"), "utf8"));
    rows = new Map(body.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
  });
  after(() => {
    removeDir(dir);
    removeDir(tmp);
  });

  test("exits 0, writes the spec's columns for every submission, and leaves nothing in $TMPDIR", () => {
    assert.equal(run.status, 0, `${run.stderr}`);
    const header = readFileSync(join(dir, "grades.csv"), "utf8").split("\r\n")[0];
    assert.equal(header, "submission,e-step,m-step,log-sum-exp,lower-bound,bic,sample,total,flags,messages");
    assert.deepEqual([...rows.keys()], ["release.ipynb", "slips.ipynb", "teacher.ipynb", "truncated.ipynb"]);
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.startsWith("gmm-em-")),
      [],
      "the runs' folders are removed",
    );
  });

  test("the teacher's notebook: full marks, no flags, no messages", () => {
    const row = rows.get("teacher.ipynb")!;
    for (const e of GRADED_EXERCISES) assert.equal(row[e.id], String(e.points), e.id);
    assert.equal(row.total, String(MAX_POINTS));
    assert.equal(row.flags, "");
    assert.equal(row.messages, "");
  });

  test("the untouched release: zero, each exercise's check saying it is not written yet", () => {
    const row = rows.get("release.ipynb")!;
    for (const e of GRADED_EXERCISES) {
      assert.equal(row[e.id], "0", e.id);
      assert.match(row.messages, new RegExp(`${e.id}: [^|]*not written yet \\(exercise ${e.exercise}\\)`));
    }
    assert.equal(row.total, "0");
    assert.equal(row.flags, "", "the lesson runs on with the library's functions");
  });

  test("π left out of the E-step: that exercise 0, named as the original's slip; the edited imports flagged, not run; a throw at a cell's top level flagged and the run goes on; a loop stops it, the points before it kept", () => {
    const row = rows.get("slips.ipynb")!;
    assert.match(row.messages, /e-step: [^|]*π left out of r/);
    const loopAt = source.cells.findIndex(solutionOf("bic"));
    // a check cell's grade_id names the exercises it checks ("check-e-step-m-step")
    const checkAt = (id: string) =>
      source.cells.findIndex((c) => gradeId(c)?.startsWith("check-") && gradeId(c)?.includes(id));
    const ran = GRADED_EXERCISES.filter((e) => checkAt(e.id) < loopAt);
    const passed = ran.filter((e) => e.id !== "e-step" && e.id !== "log-sum-exp");
    for (const e of GRADED_EXERCISES) assert.equal(row[e.id], passed.includes(e) ? String(e.points) : "0", e.id);
    assert.equal(row.total, String(passed.reduce((sum, e) => sum + e.points, 0)));
    // the log-sum-exp check cell then fails too (the throw came before the function's declaration): no record of it
    const expected: (string | RegExp)[] = [
      `edited beyond its exercise cells: ${section(isImports)} (a cell edited)`,
      `error in ${section(solutionOf("log-sum-exp"))} (log-sum-exp): Error: not yet`,
      /^error in .* \(check-log-sum-exp\): .*Cannot find name 'logSumExp'/,
      `stopped: ${section(solutionOf("bic"))} (bic) ran longer than ${TIME_LIMIT} s`,
      ...GRADED_EXERCISES.filter((e) => !ran.includes(e) || e.id === "log-sum-exp").map(
        (e) => `not graded: ${e.id} (its check did not run)`,
      ),
    ];
    const flags = row.flags.split(" | ");
    assert.equal(flags.length, expected.length, row.flags);
    expected.forEach((e, i) =>
      typeof e === "string" ? assert.equal(flags[i], e, row.flags) : assert.match(flags[i], e, row.flags),
    );
  });

  test("a truncated file: zeros, flagged as not a notebook", () => {
    const row = rows.get("truncated.ipynb")!;
    assert.equal(row.total, "0");
    for (const e of GRADED_EXERCISES) assert.equal(row[e.id], "0");
    assert.match(row.flags, /^not a notebook: not JSON/);
  });

  test("the summary: each submission's total, and how many passed each exercise", () => {
    for (const [name, row] of rows)
      assert.match(run.stdout as string, new RegExp(`${name.replace(".", "\\.")} +${row.total} / ${MAX_POINTS}`));
    for (const e of GRADED_EXERCISES) {
      const passed = [...rows.values()].filter((r) => r[e.id] === String(e.points)).length;
      assert.ok(
        (run.stdout as string).includes(`exercise ${e.exercise} (${e.id}): ${passed} of ${rows.size} passed`),
        e.id,
      );
    }
    // the folder is outside the working directory: its file is named whole, not as "../../…"
    assert.ok((run.stdout as string).trimEnd().endsWith(`grades: ${join(dir, "grades.csv")}`), run.stdout as string);
  });
});

describe("npm run grade stopped by a signal", () => {
  test("SIGTERM while a kernel runs: exit 143, no grades.csv, the run's folder removed", async () => {
    const dir = tempDir("grade-signal");
    const tmp = tempDir("grade-signal-tmp");
    linkTsxCache(tmp);
    try {
      writeFileSync(join(dir, "teacher.ipynb"), JSON.stringify(source));
      const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "grade", "main.ts"), dir], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: tmp },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => {
        stderr += d;
      });
      const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      const running = () => readdirSync(tmp).filter((f) => f.startsWith("gmm-em-grade-"));
      // the run's folder is made before its kernel starts; a second later the kernel is running
      while (running().length === 0) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1000));
      child.kill("SIGTERM");
      assert.equal(await closed, 143, stderr);
      assert.match(stderr, /npm run grade: SIGTERM: stopping the submissions' runs; grades\.csv will not be written/);
      assert.deepEqual(running(), []);
      assert.deepEqual(readdirSync(dir), ["teacher.ipynb"]);
    } finally {
      removeDir(dir);
      removeDir(tmp);
    }
  });
});

describe("npm run grade's usage", () => {
  /** What `main` prints (stdout, stderr) and returns for `args`, in this process. */
  async function grade(t: TestContext, args: string[]) {
    const out = t.mock.method(console, "log", () => {});
    const err = t.mock.method(console, "error", () => {});
    const code = await main(args);
    const printed = (m: typeof out) => m.mock.calls.map((c) => c.arguments.join(" ")).join("\n");
    const result = { code, stdout: printed(out), stderr: printed(err) };
    out.mock.restore();
    err.mock.restore();
    return result;
  }

  test("--help prints the usage (exit 0); no folder, a missing folder, no notebooks, a bad option: exit 1", async (t) => {
    const help = await grade(t, ["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run grade -- DIR \[--jobs N\] \[--time-limit S\] \[--kernel tslab\|deno\]/);
    const empty = tempDir("grade-empty");
    writeFileSync(join(empty, "notes.txt"), "not a notebook's name");
    try {
      for (const [args, message] of [
        [[], /no folder of submissions given/],
        [[join(empty, "nowhere")], /nowhere: no such folder/],
        [[empty], /no \*\.ipynb in it/],
        [[empty, "--jobs", "0"], /--jobs: "0" is not a whole number from 1 to 64/],
        [[empty, "--time-limit"], /--time-limit needs a value/],
        [[empty, "--kernel", "python"], /--kernel: unknown kernel "python"; known: tslab, deno/],
        [[empty, "--seed", "1"], /unknown option --seed/],
      ] as const) {
        const r = await grade(t, [...args]);
        assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /Usage: npm run grade/);
      }
    } finally {
      removeDir(empty);
    }
  });
});
