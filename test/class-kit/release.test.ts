// The student's release (scripts/class-kit/release.ts), on the kit's small notebook and on the lesson:
// no line of a solution survives, each region becomes its stub, every other cell stays the same bytes,
// and a marker it cannot read is refused with the cell named.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  type Notebook,
  type NotebookCell,
  notebookJson,
  ReleaseError,
  releaseStudent,
} from "../../scripts/class-kit/release";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { GmmError } from "../../src/errors";
import { cellText, KIT_FIXTURE, linesOutsideSolutions, readNotebook, solutionLines } from "../helpers/class-kit";

const CODE_STUB = /^(\s*)throw new GmmNotWrittenError\((\d+)\);$/;
const TEXT_STUB = "*在这里写下你的答案。 · Write your answer here.*";

/** What every release must satisfy, on notebook `nb`. */
function assertReleased(nb: Notebook): Notebook {
  const before = JSON.stringify(nb);
  const student = releaseStudent(nb);
  assert.equal(JSON.stringify(nb), before, "the source notebook is not changed");
  assert.equal(student.cells.length, nb.cells.length);
  const lines = solutionLines(nb);
  assert.ok(lines.length > 0, "the notebook has solution lines to remove");
  // A solution's line may also be a line outside every solution (a `}`): it is there as often as outside them, no more.
  const count = (all: string[], line: string) => all.filter((l) => l === line).length;
  const released = student.cells.flatMap((c) =>
    cellText(c)
      .split("\n")
      .map((l) => l.trim()),
  );
  const outside = linesOutsideSolutions(nb);
  for (const { cell, line } of lines)
    assert.equal(count(released, line), count(outside, line), `the release still holds cell ${cell + 1}'s ${line}`);
  nb.cells.forEach((cell, i) => {
    const out = student.cells[i];
    if (cell.metadata.nbgrader?.solution !== true) {
      assert.equal(JSON.stringify(out), JSON.stringify(cell), `cell ${i + 1} (not a solution) is the same bytes`);
      return;
    }
    assert.deepEqual(
      out.metadata,
      cell.metadata,
      "a solution cell keeps its metadata (the grader finds it by grade_id)",
    );
    assert.equal(out.id, cell.id);
    const text = cellText(out);
    assert.doesNotMatch(text, /BEGIN SOLUTION|END SOLUTION/);
    const exercise = cell.metadata.gmm_em?.exercise;
    if (cell.cell_type === "code") {
      assert.deepEqual(out.outputs, []);
      assert.equal(out.execution_count, null);
      const stubs = text.split("\n").filter((l) => CODE_STUB.test(l));
      assert.ok(stubs.length > 0, `cell ${i + 1}: a stub`);
      for (const stub of stubs)
        assert.equal(Number(CODE_STUB.exec(stub)?.[2]), exercise, "the stub names the exercise");
      // The region's BEGIN line's indentation; the lines outside the region (the signature) kept.
      const source = cellText(cell).split("\n");
      const begin = source.find((l) => l.trim() === "// BEGIN SOLUTION") ?? "";
      assert.equal(CODE_STUB.exec(stubs[0])?.[1], /^\s*/.exec(begin)?.[0]);
      const outside = source.filter((l, at) => {
        const opened = source.slice(0, at + 1).filter((s) => s.includes("BEGIN SOLUTION")).length;
        const closed = source.slice(0, at + 1).filter((s) => s.includes("END SOLUTION")).length;
        return opened === closed && !l.includes("END SOLUTION");
      });
      assert.deepEqual(
        text.split("\n").filter((l) => !CODE_STUB.test(l)),
        outside,
      );
    } else {
      assert.ok(text.includes(TEXT_STUB), `cell ${i + 1}: the line that asks for the answer`);
      assert.doesNotMatch(text, /<details|答案 · Answer/, "the answer's folded block is inside the region");
    }
  });
  return student;
}

test("release of the kit's small notebook: solutions gone, stubs in their place, every other cell the same bytes", () => {
  const source = readFileSync(KIT_FIXTURE, "utf8");
  const nb = JSON.parse(source) as Notebook;
  const student = assertReleased(nb);
  assert.deepEqual(student.cells[7].source, [
    "// E 步 · E-step: r[i][j] ∝ π_j N(x_i | μ_j, Σ_j), normalised in log space\n",
    "function eStep(X: Matrix, pi: number[], mu: number[][], Sigma: number[][][]): { r: number[][]; ll: number } {\n",
    "  throw new GmmNotWrittenError(1);\n",
    "}",
  ]);
  assert.deepEqual(student.cells[12].source, [TEXT_STUB]);
  // Written as the source is written: the same bytes but for the two solution cells.
  const written = notebookJson(student);
  assert.equal(notebookJson(nb), source, "the writer gives back the source's bytes");
  assert.equal(
    written,
    notebookJson({ ...nb, cells: nb.cells.map((c, i) => (i === 7 || i === 12 ? student.cells[i] : c)) }),
  );
});

test("release: every code cell's outputs cleared, the rest of it kept; source kept as one string or as lines", () => {
  const nb = readNotebook(KIT_FIXTURE);
  const ran = structuredClone(nb);
  ran.cells[5].outputs = [{ output_type: "stream", name: "stdout", text: "ℓ = -1590.316\n" }];
  ran.cells[5].execution_count = 3;
  ran.cells[7].outputs = [{ output_type: "stream", name: "stdout", text: "pointLogSum\n" }];
  ran.cells[7].source = cellText(ran.cells[7]);
  const student = releaseStudent(ran);
  assert.deepEqual(student.cells[5], { ...nb.cells[5], outputs: [], execution_count: null });
  assert.deepEqual(student.cells[7].outputs, []);
  assert.equal(typeof student.cells[7].source, "string");
  assert.equal(student.cells[7].source, cellText(releaseStudent(nb).cells[7]));
});

/** A notebook of the given cells, for the refusals. */
const notebookOf = (...cells: NotebookCell[]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const solution = (source: string, exercise = 2, cell_type: "code" | "markdown" = "code"): NotebookCell => ({
  cell_type,
  id: `sol-${exercise}`,
  metadata: { nbgrader: { grade_id: "m-step", solution: true }, gmm_em: { exercise } },
  source,
  ...(cell_type === "code" ? { outputs: [], execution_count: null } : {}),
});
const plain: NotebookCell = { cell_type: "markdown", id: "intro", metadata: {}, source: "# 标题 · Title" };

test("release: two regions in one cell, each its own stub at its own indentation", () => {
  const source = [
    "function f(): number {",
    "  // BEGIN SOLUTION",
    "  const a = 1;",
    "  // END SOLUTION",
    "  const b = 2;",
    "    // BEGIN SOLUTION",
    "    return a + b;",
    "    // END SOLUTION",
    "}",
  ].join("\n");
  const [, out] = releaseStudent(notebookOf(plain, solution(source, 4))).cells;
  assert.equal(
    out.source,
    [
      "function f(): number {",
      "  throw new GmmNotWrittenError(4);",
      "  const b = 2;",
      "    throw new GmmNotWrittenError(4);",
      "}",
    ].join("\n"),
  );
});

test("release refuses, naming the cell: a region not closed, an END with no BEGIN, a BEGIN inside a region", () => {
  const cases: [string, RegExp][] = [
    ["f() {\n  // BEGIN SOLUTION\n  return 1;\n}", /line 2 is not closed by \/\/ END SOLUTION/],
    ["f() {\n  return 1;\n  // END SOLUTION\n}", /\/\/ END SOLUTION on line 3 closes no region/],
    ["// BEGIN SOLUTION\n// BEGIN SOLUTION\nx\n// END SOLUTION", /on line 2 comes inside the region opened on line 1/],
    ["f() {\n  return 1;\n}", /a solution cell with no \/\/ BEGIN SOLUTION … \/\/ END SOLUTION region/],
    ["<!-- BEGIN SOLUTION -->\nx\n<!-- END SOLUTION -->", /line 1 is not a marker of this cell's kind/],
    ["// BEGIN SOLUTION: the E-step\nx\n// END SOLUTION", /line 1 is not a marker of this cell's kind/],
  ];
  for (const [source, problem] of cases) {
    assert.throws(
      () => releaseStudent(notebookOf(plain, solution(source))),
      (e: unknown) => {
        assert.ok(e instanceof ReleaseError && e instanceof GmmError, String(e));
        assert.equal(e.cell, 1);
        assert.equal(e.cellId, "sol-2");
        assert.match(e.message, /^cell 2 \(id "sol-2"\): /);
        assert.match(e.message, problem);
        return true;
      },
    );
  }
  assert.throws(
    () => releaseStudent(notebookOf(plain, solution("Because.\n<!-- BEGIN SOLUTION -->\nIt is.", 7, "markdown"))),
    /cell 2 \(id "sol-7"\): <!-- BEGIN SOLUTION --> on line 2 is not closed by <!-- END SOLUTION -->/,
  );
});

test("release refuses a marker outside a solution cell, and a solution cell with no exercise number", () => {
  const checkCell: NotebookCell = {
    cell_type: "code",
    id: "check-e-step",
    metadata: { nbgrader: { grade_id: "check-e-step", solution: false } },
    source: "// BEGIN SOLUTION\nconst E = check.eStep(eStep);\n// END SOLUTION",
    outputs: [],
    execution_count: null,
  };
  assert.throws(
    () => releaseStudent(notebookOf(plain, checkCell)),
    (e: unknown) =>
      e instanceof ReleaseError &&
      e.cell === 1 &&
      /^cell 2 \(id "check-e-step"\): a solution marker in a cell that is not a solution cell/.test(e.message),
  );
  assert.throws(
    () => releaseStudent(notebookOf({ ...plain, source: "Text <!-- END SOLUTION -->" })),
    /cell 1 \(id "intro"\): a solution marker in a cell that is not a solution cell/,
  );
  const unnumbered = solution("// BEGIN SOLUTION\nx\n// END SOLUTION");
  unnumbered.metadata.gmm_em = {};
  assert.throws(
    () => releaseStudent(notebookOf(unnumbered)),
    /cell 1 \(id "sol-2"\): a solution cell whose metadata gmm_em\.exercise is not an exercise number: undefined/,
  );
});

test("release of the lesson: exercises 1–6 stubbed, answers 7–11 asked for, no solution line left, the rest the same bytes", () => {
  const nb = readNotebook(NOTEBOOK);
  const exercises = nb.cells
    .filter((c) => c.metadata.nbgrader?.solution === true)
    .map((c) => [c.cell_type, c.metadata.gmm_em?.exercise]);
  assert.deepEqual(exercises, [
    ["code", 1],
    ["code", 2],
    ["code", 3],
    ["code", 4],
    ["code", 5],
    ["code", 6],
    ["markdown", 7],
    ["markdown", 8],
    ["markdown", 9],
    ["markdown", 10],
    ["markdown", 11],
  ]);
  assertReleased(nb);
});
