// The grader's parts that need no kernel: the notebook it runs for a submission (the source's
// cells, the submission's solution cells swapped in, what else changed flagged by section), the
// row a run's grade records make (all or nothing, whatever points a record claims), and the CSV.

import assert from "node:assert/strict";
import { test } from "node:test";
import { assemble } from "../../scripts/grade/assemble";
import { GRADED_EXERCISES, MAX_POINTS } from "../../scripts/grade/exercises";
import { gradeRow } from "../../scripts/grade/grade-row";
import { csvField, gradesCsv } from "../../scripts/grade/grades-csv";
import { type Cell, cellText, gradeId, isSolutionCode, readNotebook, sectionOf } from "../../scripts/grade/notebook";
import { NOTEBOOK } from "../../scripts/jupyter-env";

const source = readNotebook(NOTEBOOK);
const solutionIds = source.cells.filter(isSolutionCode).map((c) => gradeId(c));
const withCells = (cells: Cell[]) => ({ ...source, cells });

test("the source notebook has a solution cell for each graded exercise", () => {
  assert.deepEqual(
    solutionIds,
    GRADED_EXERCISES.map((e) => e.id),
  );
});

test("the submission's solution cells run in the source's notebook; its other edits do not, and are flagged by section", () => {
  const bicAt = source.cells.findIndex((c) => gradeId(c) === "bic");
  const checkAt = source.cells.findIndex((c) => gradeId(c) === "check-bic");
  const theirs = source.cells.map((c, i) => {
    if (i === bicAt)
      return { ...c, source: "function bic(ll: number, n: number, k: number, d: number): number { return 0; }" };
    if (i === checkAt) return { ...c, source: "// the check, deleted" };
    return c;
  });
  const moved = [...theirs.slice(1), theirs[0]]; // cells matched by id, not by position
  const { notebook, missing, flags } = assemble(source, withCells(moved));
  assert.deepEqual(missing, []);
  assert.equal(cellText(notebook.cells[bicAt]), cellText(theirs[bicAt]));
  assert.equal(cellText(notebook.cells[checkAt]), cellText(source.cells[checkAt]), "the source's check runs");
  assert.deepEqual(notebook.cells[bicAt].metadata, source.cells[bicAt].metadata);
  assert.deepEqual(flags, [`edited beyond its exercise cells: ${sectionOf(source.cells, checkAt)} (a cell edited)`]);
});

test("a missing solution cell runs empty and is named; removed and added cells are flagged", () => {
  const sampleAt = source.cells.findIndex((c) => gradeId(c) === "sample");
  const extra: Cell = { cell_type: "code", id: "mine", source: "console.log(1);", metadata: {}, outputs: [] };
  const cells = [...source.cells.slice(0, sampleAt), ...source.cells.slice(sampleAt + 1), extra];
  const { notebook, missing, flags } = assemble(source, withCells(cells.slice(1)));
  assert.deepEqual(missing, ["sample"]);
  assert.equal(cellText(notebook.cells[sampleAt]), "");
  assert.equal(notebook.cells.length, source.cells.length);
  const last = sectionOf(cells, cells.length - 1);
  assert.deepEqual(flags, [
    `edited beyond its exercise cells: ${sectionOf(source.cells, 0)} (a cell removed); ${last} (a cell added)`,
  ]);
});

test("a row: all or nothing by the last record of each exercise, whatever points it claims; a failed check's messages kept", () => {
  const assembled = assemble(source, source);
  const record = (id: string, passed: boolean, points: number, messages: string[] = []) =>
    JSON.stringify({ id, exercise: 1, points, max: 2, passed, messages, seed: 1 });
  const row = gradeRow(
    "a.ipynb",
    {
      records: [
        record("e-step", false, 0, ["early"]),
        record("e-step", true, 100), // passed at last: its 2 points, not the 100 it claims
        record("m-step", false, 2, ["✗ wrong Σ", "seed 1"]),
        "not JSON",
        ...["log-sum-exp", "lower-bound", "bic"].map((id) => record(id, true, 1)),
      ],
      errors: [],
    },
    assembled,
  );
  assert.deepEqual(row.points, { "e-step": 2, "m-step": 0, "log-sum-exp": 1, "lower-bound": 1, bic: 1, sample: 0 });
  assert.equal(row.total, MAX_POINTS - 3);
  assert.deepEqual(row.messages, ["m-step: ✗ wrong Σ", "m-step: seed 1"]);
  assert.deepEqual(row.flags, ["not graded: sample (its check did not run)"]);
  assert.equal(
    gradesCsv([row]),
    'submission,e-step,m-step,log-sum-exp,lower-bound,bic,sample,total,flags,messages\r\na.ipynb,2,0,1,1,1,0,5,"not graded: sample (its check did not run)","m-step: ✗ wrong Σ | m-step: seed 1"\r\n',
  );
  assert.equal(csvField('say "hi", then\nstop'), '"say ""hi"", then\nstop"');
  assert.equal(csvField("plain"), "plain");
});

test("a row whose run stopped: a loop names its cell and the limit, a kernel that died its cell and error", () => {
  const assembled = assemble(source, source);
  const at = (id: string) => source.cells.findIndex((c) => gradeId(c) === id);
  const place = (id: string) => `${sectionOf(source.cells, at(id))} (${id})`;
  const where = (id: string) => ({ index: at(id), section: sectionOf(source.cells, at(id)) });
  const looped = gradeRow("a.ipynb", { records: [], errors: [], timedOut: { ...where("bic"), seconds: 9 } }, assembled);
  assert.equal(looped.flags[0], `stopped: ${place("bic")} ran longer than 9 s`);
  const died = gradeRow(
    "b.ipynb",
    {
      records: [],
      errors: [{ ...where("m-step"), ename: "Error", evalue: "first line\nsecond line" }],
      stopped: { ...where("sample"), ename: "DeadKernelError", evalue: "Kernel died" },
    },
    assembled,
  );
  assert.deepEqual(died.flags.slice(0, 2), [
    `error in ${place("m-step")}: Error: first line`,
    `stopped: ${place("sample")}: DeadKernelError: Kernel died`,
  ]);
  assert.equal(died.flags.length, 2 + GRADED_EXERCISES.length, "each exercise not graded");
});
