// What npm start hands out for a class (docs/class-kit.md), read from the notebook's default run: the
// students' release executed (its exercises not written, the cells after them on the library's
// steps), the students' page and sheet without a word of the answers, and the teacher's key that
// names the students' files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { type Notebook, releaseStudent } from "../../scripts/class-kit/release";
import { STUDENT_FOLDER } from "../../scripts/class-kit/step";
import { KEY_NOTE_CLASS, keyNoteLines } from "../../scripts/export/key-note";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { cellText, linesOutsideSolutions, readNotebook, solutionLines } from "../helpers/class-kit";
import { useDefaultRun } from "../helpers/default-run";
import { checkExecuted, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
before(() => defaultRun.ready);

const student = (ext: string) => join(defaultRun().dir, STUDENT_FOLDER, `gmm-em.${ext}`);
const teacher = (ext: string) => join(defaultRun().dir, `gmm-em.${ext}`);

/** The PDF's text, without white space (lines wrap anywhere) nor markdown's `*` and backquotes. */
function pdfText(pdf: string, lastPage?: number): string {
  // -layout: pdftotext's reading order without it jumps around the formulas' gaps, and it joins a word hyphenated at a line's end.
  const args = [...(lastPage === undefined ? [] : ["-l", String(lastPage)]), "-layout", "-nopgbrk", pdf, "-"];
  const run = spawnSync("pdftotext", args, { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}
const bare = (t: string) => t.replace(/[\s*`]/g, "");

/** The executed students' notebook, without the cell npm start injects after the parameters (none by default). */
const studentCells = () =>
  (readNotebook(student("ipynb")) as unknown as Notebook).cells.filter((c) => c.id !== "injected-parameters");

test("npm start writes the students' notebook, page and sheet into student/, and lists them", () => {
  for (const ext of ["ipynb", "html", "pdf"]) assert.ok(statSync(student(ext)).size > 100_000, `student/gmm-em.${ext}`);
  for (const ext of ["ipynb", "html", "pdf"])
    assert.match(
      defaultRun().stdout,
      new RegExp(`student/gmm-em\\.${ext}\\n`),
      `the listing names student/gmm-em.${ext}`,
    );
});

test("the students' notebook: the lesson's release, every cell run; no line of a solution left", () => {
  const source = readNotebook(NOTEBOOK) as unknown as Notebook;
  const cells = studentCells();
  checkExecuted({ cells, metadata: {} } as Parameters<typeof checkExecuted>[0]);
  assert.deepEqual(
    cells.map((c) => [c.id, cellText(c)]),
    releaseStudent(source).cells.map((c) => [c.id, cellText(c)]),
    "each cell's source is the release's",
  );
  const lines = solutionLines(source);
  assert.ok(lines.length > 50, `${lines.length} lines of solutions in the lesson`);
  const count = (all: string[], line: string) => all.filter((l) => l === line).length;
  const released = cells.flatMap((c) =>
    cellText(c)
      .split("\n")
      .map((l) => l.trim()),
  );
  const outside = linesOutsideSolutions(source);
  for (const { cell, line } of lines)
    assert.equal(count(released, line), count(outside, line), `cell ${cell + 1}'s solution line is left: ${line}`);
});

test("the students' notebook: the E- and M-step checks say the exercise is not written and that the cells below use the library's step", () => {
  const printed = (check: string) => {
    const cell = studentCells().find((c) => [c.metadata.gmm_em?.check ?? []].flat().includes(check));
    assert.ok(cell !== undefined, `the check cell of ${check}`);
    return (cell.outputs as { output_type: string; text?: string | string[] }[])
      .filter((o) => o.output_type === "stream")
      .map((o) => text(o.text))
      .join("");
  };
  const e = printed("e-step");
  assert.ok(e.includes("✗ 练习 1 · Exercise 1 (eStep): 还没写（练习 1） · not written yet (exercise 1)\n"), e);
  assert.ok(e.includes("下面的单元用库里的 E 步 · the cells below use the library's E-step\n"), e);
  const m = printed("m-step");
  assert.ok(m.includes("✗ 练习 2 · Exercise 2 (mStep): 还没写（练习 2） · not written yet (exercise 2)\n"), m);
  assert.ok(m.includes("下面的单元用库里的 M 步 · the cells below use the library's M-step\n"), m);
  // The lesson's result, on the library's steps: the same fit as the teacher's.
  const result = (nb: { cells: { outputs?: unknown[] }[] }) =>
    JSON.stringify(nb.cells.flatMap((c) => c.outputs ?? [])).match(/Final \(iteration [^"\\]*/)?.[0];
  assert.ok(result(readNotebook(teacher("ipynb"))) !== undefined);
  assert.equal(result(readNotebook(student("ipynb"))), result(readNotebook(teacher("ipynb"))));
});

test("the students' sheet (PDF) holds no answer: each answer's text, printed in the teacher's, is not in it", () => {
  const source = readNotebook(NOTEBOOK) as unknown as Notebook;
  const answers = source.cells.filter((c) => c.cell_type === "markdown" && c.metadata.nbgrader?.solution === true);
  assert.equal(answers.length, 5, "written answers 7–11");
  const teachers = bare(pdfText(teacher("pdf"))),
    students = bare(pdfText(student("pdf")));
  let probes = 0;
  for (const answer of answers) {
    const body = cellText(answer)
      .replace(/<!--[\s\S]*?-->|<\/?details>|<summary>[\s\S]*?<\/summary>/g, "")
      .split(/\$\$[\s\S]+?\$\$|\$[^$]+\$/)
      .map(bare)
      .filter((run) => run.length >= 12);
    assert.ok(body.length > 0, `answer ${answer.metadata.gmm_em?.exercise} has text`);
    for (const run of body) {
      assert.ok(teachers.includes(run), `the teacher's PDF prints "${run}"`);
      assert.ok(!students.includes(run), `the students' PDF prints "${run}"`);
      probes++;
    }
  }
  assert.ok(probes >= 10);
  assert.ok(!students.includes(bare("答案 · Answer")), "no answer's heading");
  assert.ok(students.includes(bare("在这里写下你的答案。 · Write your answer here.")), "the line that asks for it");
});

test("the teacher's key: its PDF's first page says it is the teacher's copy and names the students' sheet and notebook; the students' files do not", () => {
  const folder = defaultRun().dir.split("/").at(-1)!;
  const note = keyNoteLines({
    sheet: `${folder}/student/gmm-em.pdf`,
    notebook: `${folder}/student/gmm-em.ipynb`,
  });
  const first = bare(pdfText(teacher("pdf"), 1));
  for (const line of note) assert.ok(first.includes(bare(line)), `the first page says: ${line}`);
  assert.ok(readFileSync(teacher("html"), "utf8").includes(`class="${KEY_NOTE_CLASS}"`));
  const studentsPdf = pdfText(student("pdf"));
  for (const words of ["教师版", "teacher's copy", "with the answers"])
    assert.ok(!studentsPdf.includes(words), `the students' sheet says "${words}"`);
  assert.doesNotMatch(readFileSync(student("html"), "utf8"), new RegExp(`${KEY_NOTE_CLASS}"|教师版|teacher's copy`));
});
