// A notebook as the grader reads it (nbformat 4's JSON): the submission, refused with the reason
// when it is not a notebook, and what the grader asks of its cells (their text, their grade_id,
// the section they are in).
import { readFileSync } from "node:fs";
import { type Notebook, type NotebookCell, sourceText } from "../class-kit/release";

/** A cell and a notebook as the class kit's release reads them (nbformat 4). */
export type Cell = NotebookCell;
export type { Notebook };

/** A file that is not a notebook (truncated, not JSON, no cells); the message says why. */
export class NotANotebookError extends Error {
  override name = "NotANotebookError";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const CELL_TYPES: readonly unknown[] = ["code", "markdown", "raw"];

function isCell(v: unknown): v is Cell {
  if (!isRecord(v) || !CELL_TYPES.includes(v.cell_type)) return false;
  const source = v.source;
  const text = typeof source === "string" || (Array.isArray(source) && source.every((l) => typeof l === "string"));
  return text && (v.metadata === undefined || isRecord(v.metadata));
}

/** Reads the notebook at `path`; throws `NotANotebookError` saying what is wrong with it. */
export function readNotebook(path: string): Notebook {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new NotANotebookError(`not JSON (${(e as Error).message})`);
  }
  if (!isRecord(data) || !Array.isArray(data.cells)) throw new NotANotebookError("no list of cells");
  if (data.nbformat !== 4) throw new NotANotebookError(`nbformat ${JSON.stringify(data.nbformat)}, not 4`);
  const bad = data.cells.findIndex((c) => !isCell(c));
  if (bad >= 0) throw new NotANotebookError(`cell ${bad} has no cell_type (code, markdown or raw) or no source`);
  const cells = (data.cells as Cell[]).map((c) => ({ ...c, metadata: c.metadata ?? {} }));
  return { ...(data as unknown as Notebook), cells };
}

export const cellText = sourceText;

/** The cell's nbgrader grade_id, if it has one. */
export function gradeId(cell: Cell): string | undefined {
  const id = cell.metadata.nbgrader?.grade_id;
  return typeof id === "string" ? id : undefined;
}

/** A solution cell the grader takes from the submission: code, marked nbgrader `solution`. */
export const isSolutionCode = (cell: Cell): boolean =>
  cell.cell_type === "code" && cell.metadata.nbgrader?.solution === true && gradeId(cell) !== undefined;

/** A written answer (markdown, marked nbgrader `solution`): the student's to edit, not graded here. */
export const isWrittenAnswer = (cell: Cell): boolean =>
  cell.cell_type === "markdown" && cell.metadata.nbgrader?.solution === true;

/** The heading of the markdown cell nearest above cell `index` (without its #s), as scripts/run_notebook.py names sections. */
export function sectionOf(cells: readonly Cell[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    if (cells[i].cell_type !== "markdown") continue;
    const heading = cellText(cells[i])
      .split("\n")
      .find((line) => line.startsWith("#"));
    if (heading !== undefined) return heading.replace(/^#+/, "").trim();
  }
  return "(before the first heading)";
}
