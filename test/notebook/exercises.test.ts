// The lesson's exercises as the class kit marks them (docs/class-kit.md): exercises 1–6 are
// functions written between nbgrader's solution markers, each followed by the check cell that tests
// it; 7–11 are written answers, each its own cell after its question. Read from the source
// notebook; then the teacher's default run, where all six checks pass; then the students' release
// as the markers define it (every region replaced by its stub), run in this process, where every
// check says "not written" and the lesson goes on with the library's functions.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { runCells } from "../helpers/cell-runner";
import { useDefaultRun } from "../helpers/default-run";
import { type Notebook, type NotebookCell, readNotebook, text } from "../helpers/notebook";

/** The exercises to write: number, grade id, the function's name and signature (return type included). */
const FUNCTIONS = [
  [
    1,
    "e-step",
    "eStep",
    "X: Matrix, pi: number[], mu: number[][], Sigma: number[][][]",
    "{ r: number[][]; ll: number }",
  ],
  [2, "m-step", "mStep", "X: Matrix, r: number[][]", "{ pi: number[]; mu: number[][]; Sigma: number[][][] }"],
  [3, "log-sum-exp", "logSumExp", "a: number[]", "number"],
  [
    4,
    "lower-bound",
    "lowerBound",
    "X: Matrix, pi: number[], mu: number[][], Sigma: number[][][], q: number[][]",
    "number",
  ],
  [5, "bic", "bic", "ll: number, n: number, k: number, d: number", "number"],
  [
    6,
    "sample",
    "sample",
    "pi: number[], mu: number[][], Sigma: number[][][], n: number, random: () => number",
    "number[][]",
  ],
].map(([n, id, name, parameters, returns]) => ({ n: n as number, id: String(id), name, parameters, returns }));
const WRITTEN = [7, 8, 9, 10, 11];

const solutionMetadata = (id: string, n: number) => ({
  nbgrader: { grade: false, grade_id: id, locked: false, schema_version: 3, solution: true, task: false },
  gmm_em: { exercise: n },
});
const checkMetadata = (ids: string[]) => ({
  nbgrader: {
    grade: false,
    grade_id: `check-${ids.join("-")}`,
    locked: true,
    schema_version: 3,
    solution: false,
    task: false,
  },
  gmm_em: { check: ids.length === 1 ? ids[0] : ids },
});
const answerMetadata = (n: number) => ({
  nbgrader: {
    grade: true,
    grade_id: `answer-${n}`,
    locked: false,
    points: 1,
    schema_version: 3,
    solution: true,
    task: false,
  },
  gmm_em: { exercise: n },
});

const source: Notebook = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
const cells = source.cells;
const kitKeys = (c: NotebookCell) => ({ nbgrader: c.metadata.nbgrader, gmm_em: c.metadata.gmm_em });
const checked = (c: NotebookCell): string[] => [c.metadata.gmm_em?.check ?? []].flat();
const solutionOf = (id: string) => cells.filter((c) => c.metadata.nbgrader?.grade_id === id);

/** The solution regions of a cell: [first line, last line] of each, markers included. */
function regions(cell: NotebookCell): [number, number][] {
  const lines = text(cell.source).split("\n");
  const found: [number, number][] = [];
  let open = -1;
  for (const [i, line] of lines.entries()) {
    if (line.includes("BEGIN SOLUTION")) {
      assert.equal(open, -1, `a BEGIN inside a region: ${cell.id} line ${i + 1}`);
      open = i;
    } else if (line.includes("END SOLUTION")) {
      assert.notEqual(open, -1, `an END without its BEGIN: ${cell.id} line ${i + 1}`);
      found.push([open, i]);
      open = -1;
    }
  }
  assert.equal(open, -1, `a region left open: ${cell.id}`);
  return found;
}

test("solution markers: every region is well formed, one to a solution cell, and holds the body (code) or the folded answer (markdown)", () => {
  for (const cell of cells) {
    const found = regions(cell);
    if (cell.metadata.nbgrader?.solution !== true) {
      assert.equal(found.length, 0, `a region outside a solution cell: ${cell.id}`);
      continue;
    }
    assert.equal(found.length, 1, `one region in ${cell.id}`);
    const lines = text(cell.source).split("\n");
    const [begin, end] = found[0];
    if (cell.cell_type === "code") {
      const indent = /^ */.exec(lines[begin])![0];
      assert.equal(lines[begin], `${indent}// BEGIN SOLUTION`, cell.id);
      assert.equal(lines[end], `${indent}// END SOLUTION`, cell.id);
      assert.ok(indent.length > 0, `the region is inside the function: ${cell.id}`);
      // the signature, with its return type, before the region; only the closing brace after it
      const f = FUNCTIONS.find((e) => e.n === cell.metadata.gmm_em?.exercise)!;
      const signature = lines
        .slice(0, begin)
        .join("\n")
        .replace(/^\/\/.*\n/, "");
      assert.equal(
        signature.replace(/\s+/g, " ").replace(/, \)/, ")").replace(/\( /, "("),
        `function ${f.name}(${f.parameters}): ${f.returns} {`,
        `${cell.id}: the signature outside the region`,
      );
      assert.deepEqual(lines.slice(end + 1), ["}"], `${cell.id}: the function ends after the region`);
    } else {
      assert.deepEqual([lines[begin], lines[end]], ["<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"], cell.id);
      assert.deepEqual([begin, end], [0, lines.length - 1], `${cell.id}: the answer cell is its region`);
      const inside = lines.slice(begin + 1, end).join("\n");
      assert.match(inside, /^<details><summary>答案 · Answer<\/summary>\n[\s\S]+\n<\/details>$/, cell.id);
    }
  }
});

test("metadata: exercises 1–6 each one solution cell, the check cell the next code cell after it; 7–11 each an answer after its question; no other cell marked", () => {
  const ids = cells.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, "cell ids are unique");
  const marked = new Set<NotebookCell>();
  for (const f of FUNCTIONS) {
    const [solution, ...more] = solutionOf(f.id);
    assert.ok(solution && more.length === 0, `exactly one solution cell for ${f.id}`);
    assert.equal(solution.cell_type, "code");
    assert.deepEqual(kitKeys(solution), solutionMetadata(f.id, f.n), f.id);
    // the next code cell that is not another solution is the check, and it checks this one
    const at = cells.indexOf(solution);
    const check = cells.find((c, i) => i > at && c.cell_type === "code" && c.metadata.nbgrader?.solution !== true)!;
    assert.ok(checked(check).includes(f.id), `${f.id}: the code cell after it checks it: ${text(check.source)}`);
    const between = cells.slice(at + 1, cells.indexOf(check));
    assert.ok(
      between.every(
        (c) => c.metadata.nbgrader?.solution === true && checked(check).includes(String(c.metadata.nbgrader.grade_id)),
      ),
      `${f.id}: only the solutions the check checks stand between`,
    );
    assert.deepEqual(kitKeys(check), checkMetadata(checked(check)), `${f.id}'s check cell`);
    assert.match(
      text(check.source),
      new RegExp(`\\bcheck\\.${f.name}\\(${f.name}\\)`),
      `${f.id}: the check calls check.${f.name}`,
    );
    marked.add(solution).add(check);
  }
  for (const n of WRITTEN) {
    const answer = cells.find((c) => c.metadata.gmm_em?.exercise === n);
    assert.ok(answer?.cell_type === "markdown", `the answer cell of exercise ${n}`);
    assert.deepEqual(kitKeys(answer), answerMetadata(n), `exercise ${n}`);
    const question = cells[cells.indexOf(answer) - 1];
    assert.match(
      text(question.source),
      new RegExp(`^\\*\\*${n}\\.\\*\\* `),
      `exercise ${n}: its question right before it`,
    );
    marked.add(answer);
  }
  for (const cell of cells.filter((c) => !marked.has(c)))
    assert.deepEqual(kitKeys(cell), { nbgrader: undefined, gmm_em: undefined }, `${cell.id} is not the kit's`);
});

const defaultRun = useDefaultRun({ requireSuccess: true });
let executed: Notebook;
before(async () => {
  executed = readNotebook((await defaultRun.ready).notebookPath);
});

/** What a cell printed. */
const printedBy = (c: NotebookCell) =>
  (c.outputs ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => text(o.text))
    .join("");

test("the teacher's default run: each of the six checks says passed, and none falls back to the library's function", () => {
  const checks = executed.cells.filter((c) => checked(c).length > 0);
  assert.deepEqual(
    checks.flatMap(checked),
    FUNCTIONS.map((f) => f.id),
    "the executed notebook keeps the check cells' metadata, in order",
  );
  for (const cell of checks) {
    const out = printedBy(cell);
    for (const id of checked(cell)) {
      const f = FUNCTIONS.find((e) => e.id === id)!;
      const verdict = out.split("\n").filter((l) => l.includes(`Exercise ${f.n} `) || l.includes(`Exercise ${f.n}:`));
      assert.ok(
        verdict.length === 1 && /\bpassed\b/.test(verdict[0]),
        `exercise ${f.n}'s check passes: ${JSON.stringify(out)}`,
      );
    }
  }
  const all = executed.cells.map(printedBy).join("");
  assert.doesNotMatch(all, /the cells below use the library's/, "no cell falls back to the library's function");
});

test("the students' release as the markers make it: each check says not written, names the library's stand-in, and every cell runs", async () => {
  const stubbed = cells
    .filter((c) => c.cell_type === "code")
    .map((c, i) => {
      const lines = text(c.source).split("\n");
      const found = c.metadata.nbgrader?.solution === true ? regions(c) : [];
      for (const [begin, end] of found.reverse()) {
        const indent = /^ */.exec(lines[begin])![0];
        lines.splice(begin, end - begin + 1, `${indent}throw new GmmNotWrittenError(${c.metadata.gmm_em!.exercise});`);
      }
      return { index: i, source: lines.join("\n"), cell: c };
    });
  const outputs = await runCells(stubbed);
  for (const { index, cell } of stubbed) {
    const o = outputs.get(index);
    assert.ok(o, `code cell ${index} ran`);
    assert.equal(o.error, undefined, `code cell ${index} threw ${o.error?.stack}`);
    for (const id of checked(cell)) {
      const f = FUNCTIONS.find((e) => e.id === id)!;
      assert.match(o.text, new RegExp(`Exercise ${f.n}\\b.*not written`), `exercise ${f.n}: ${o.text}`);
    }
    if (checked(cell).length > 0)
      assert.equal((o.text.match(/the cells below use the library's/g) ?? []).length, checked(cell).length, o.text);
  }
  // the lesson goes on: the loop, on the library's steps, ends where applyGmm does
  const gap = /max \|Δ\| = (\S+)/.exec([...outputs.values()].map((o) => o.text).join(""));
  assert.ok(gap && Number(gap[1]) <= 1e-9, `max |Δ| = ${gap?.[1]}`);
});
