// The notebook the grader runs for a submission: the source notebook with each solution cell
// (code, nbgrader `solution`) replaced by the submission's cell of the same grade_id, so that the
// check cells, and every other cell, are the source's whatever the submission did to them. What
// else the submission changed is flagged, by section, since it does not run.
import { type Cell, cellText, gradeId, isSolutionCode, isWrittenAnswer, type Notebook, sectionOf } from "./notebook";

export interface Assembled {
  notebook: Notebook;
  /** The grade_ids of the source's solution cells, in order. */
  solutions: string[];
  /** The grade_ids of the solution cells the submission lacks (they run empty). */
  missing: string[];
  /** "edited beyond its exercise cells: …" when other cells differ from the source's. */
  flags: string[];
}

/** The sections a flag names (a notebook that is another notebook altogether would name them all). */
const MAX_SECTIONS = 5;

/** A cell's text without what an editor may change unasked: line endings, blanks at the ends of lines and of the cell. */
const normalised = (cell: Cell): string =>
  cellText(cell)
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .trimEnd();

const sameText = (a: Cell, b: Cell): boolean => a.cell_type === b.cell_type && normalised(a) === normalised(b);

/** The submission's cell matched to each of the source's: by cell id when both have ids, else by position. */
function matchCells(source: readonly Cell[], submission: readonly Cell[]): (number | undefined)[] {
  const byId = new Map<string, number>();
  submission.forEach((c, i) => {
    if (c.id !== undefined && !byId.has(c.id)) byId.set(c.id, i);
  });
  return source.map((c, i) => {
    if (c.id !== undefined && byId.size > 0) return byId.get(c.id);
    return i < submission.length ? i : undefined;
  });
}

/** A copy of the source's cell `cell` holding `text`, without outputs. */
function withText(cell: Cell, text: string): Cell {
  return { ...cell, source: text, ...(cell.cell_type === "code" ? { outputs: [], execution_count: null } : {}) };
}

export function assemble(source: Notebook, submission: Notebook): Assembled {
  const theirSolutions = new Map<string, Cell>();
  for (const c of submission.cells) {
    const id = gradeId(c);
    if (c.cell_type === "code" && id !== undefined && !theirSolutions.has(id)) theirSolutions.set(id, c);
  }
  const missing: string[] = [];
  const changes = new Map<string, Set<string>>(); // section → what changed in it
  const note = (section: string, what: string) => changes.set(section, (changes.get(section) ?? new Set()).add(what));

  const match = matchCells(source.cells, submission.cells);
  const cells = source.cells.map((cell, i) => {
    if (isSolutionCode(cell)) {
      const id = gradeId(cell) as string;
      const theirs = theirSolutions.get(id);
      if (theirs === undefined) missing.push(id);
      return withText(cell, theirs === undefined ? "" : cellText(theirs));
    }
    if (!isWrittenAnswer(cell)) {
      const at = match[i];
      if (at === undefined) note(sectionOf(source.cells, i), "a cell removed");
      else if (!sameText(cell, submission.cells[at])) note(sectionOf(source.cells, i), "a cell edited");
    }
    return withText(cell, cellText(cell));
  });
  const matched = new Set(match.filter((m) => m !== undefined));
  submission.cells.forEach((c, i) => {
    if (!matched.has(i) && !isSolutionCode(c) && !isWrittenAnswer(c))
      note(sectionOf(submission.cells, i), "a cell added");
  });

  const sections = [...changes].map(([section, what]) => `${section} (${[...what].join(", ")})`);
  const more = sections.length > MAX_SECTIONS ? `; and ${sections.length - MAX_SECTIONS} more sections` : "";
  const flags =
    changes.size === 0
      ? []
      : [`edited beyond its exercise cells: ${sections.slice(0, MAX_SECTIONS).join("; ")}${more}`];
  const solutions = source.cells.filter(isSolutionCode).map((c) => gradeId(c) as string);
  return { notebook: { ...source, cells }, solutions, missing, flags };
}
