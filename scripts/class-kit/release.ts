// The student's release of the lesson's notebook (docs/class-kit.md): the same notebook, with each
// solution region (nbgrader's markers) replaced by a stub, and every output cleared. Every cell
// that holds no solution is kept as it is, key for key, so that the grader can tell the cells a
// student may edit from those they may not.
//
//   const student = releaseStudent(JSON.parse(readFileSync(source, "utf8")));
//
// A marker the release cannot read is refused (ReleaseError, naming the cell), never guessed at:
// a region left open would leave the rest of the answer in the student's copy.
import { GmmError } from "../../src/errors";

/** A notebook's cell, as nbformat 4 writes it (only the keys the release reads are typed). */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: {
    nbgrader?: { solution?: boolean; grade_id?: string; [key: string]: unknown };
    /** `check`: the exercise(s) a check cell checks (the E- and M-step share one). */
    gmm_em?: { exercise?: number; check?: string | string[] };
    [key: string]: unknown;
  };
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One kind of cell's markers and stub (section 3 of the kit's specification). */
interface Markers {
  begin: string;
  end: string;
  /** The line that takes the region's place, at the BEGIN line's indentation. */
  stub: (exercise: number) => string;
}

export const MARKERS: Readonly<Record<"code" | "markdown", Markers>> = {
  code: {
    begin: "// BEGIN SOLUTION",
    end: "// END SOLUTION",
    stub: (exercise) => `throw new GmmNotWrittenError(${exercise});`,
  },
  markdown: {
    begin: "<!-- BEGIN SOLUTION -->",
    end: "<!-- END SOLUTION -->",
    stub: () => "*在这里写下你的答案。 · Write your answer here.*",
  },
};

/** What nbgrader takes for a marker (any line that contains one of these): the release refuses what it would not read the same way. */
const MARKER_WORDS = /BEGIN SOLUTION|END SOLUTION/;

/** A cell the release cannot read: `cell` is its index in the notebook, `cellId` its id. */
export class ReleaseError extends GmmError {
  override name = "ReleaseError";
  readonly cell: number;
  readonly cellId: string | undefined;
  constructor(cell: number, cellId: string | undefined, problem: string) {
    super(`cell ${cell + 1}${cellId === undefined ? "" : ` (id ${JSON.stringify(cellId)})`}: ${problem}`);
    this.cell = cell;
    this.cellId = cellId;
  }
}

export const sourceText = (cell: NotebookCell): string =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/** Whether the cell is a solution cell (nbgrader's `solution`: a code exercise or a written answer). */
export const isSolutionCell = (cell: NotebookCell): boolean => cell.metadata.nbgrader?.solution === true;

/** The text's lines, each with its own line ending (the last may have none). */
const splitLines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** `text` (the source of cell `index`) with each region replaced by its stub. */
function stubbedSource(text: string, markers: Markers, exercise: number, fail: (problem: string) => never): string {
  const out: string[] = [];
  let open: { line: number; indent: string } | undefined;
  let regions = 0;
  splitLines(text).forEach((line, at) => {
    const bare = line.replace(/\r?\n$/, "");
    const trimmed = bare.trim();
    if (MARKER_WORDS.test(bare) && trimmed !== markers.begin && trimmed !== markers.end)
      fail(`line ${at + 1} is not a marker of this cell's kind (${markers.begin} … ${markers.end}): ${trimmed}`);
    if (trimmed === markers.begin) {
      if (open !== undefined)
        fail(`${markers.begin} on line ${at + 1} comes inside the region opened on line ${open.line}`);
      open = { line: at + 1, indent: /^\s*/.exec(bare)?.[0] ?? "" };
    } else if (trimmed === markers.end) {
      if (open === undefined) fail(`${markers.end} on line ${at + 1} closes no region`);
      out.push(`${open.indent}${markers.stub(exercise)}${line.slice(bare.length)}`);
      open = undefined;
      regions++;
    } else if (open === undefined) out.push(line);
  });
  if (open !== undefined) fail(`${markers.begin} on line ${open.line} is not closed by ${markers.end}`);
  if (regions === 0) fail(`a solution cell with no ${markers.begin} … ${markers.end} region`);
  return out.join("");
}

/** The source in the form the cell had it (a list of lines, as nbformat writes it, or one string). */
const inFormOf = (cell: NotebookCell, text: string): string | string[] =>
  Array.isArray(cell.source) ? splitLines(text) : text;

function releaseCell(cell: NotebookCell, index: number): NotebookCell {
  const fail = (problem: string): never => {
    throw new ReleaseError(index, cell.id, problem);
  };
  const text = sourceText(cell);
  if (!isSolutionCell(cell)) {
    if (MARKER_WORDS.test(text))
      fail("a solution marker in a cell that is not a solution cell (metadata nbgrader.solution is not true)");
    return cell.cell_type === "code" ? { ...cell, outputs: [], execution_count: null } : cell;
  }
  if (cell.cell_type === "raw") fail("a raw cell marked as a solution cell");
  const kind = cell.cell_type === "code" ? "code" : "markdown";
  const exercise = cell.metadata.gmm_em?.exercise;
  if (!Number.isInteger(exercise) || (exercise as number) < 1)
    fail(`a solution cell whose metadata gmm_em.exercise is not an exercise number: ${JSON.stringify(exercise)}`);
  const source = inFormOf(cell, stubbedSource(text, MARKERS[kind], exercise as number, fail));
  return kind === "code" ? { ...cell, source, outputs: [], execution_count: null } : { ...cell, source };
}

/**
 * The student's notebook: each solution cell's regions replaced by the stub (code: `throw new
 * GmmNotWrittenError(n);`, markdown: the line that asks for the answer), every code cell's outputs
 * cleared; everything else as in `nb`. Throws ReleaseError for a region not closed, a marker outside
 * a solution cell, or a solution cell with no region. `nb` is not changed.
 */
export function releaseStudent(nb: Notebook): Notebook {
  return { ...nb, cells: nb.cells.map(releaseCell) };
}

/** The notebook written as the lesson's file is (one space of indent, the keys in their order, a final newline): a cell left as it was is the same bytes. */
export const notebookJson = (nb: Notebook): string => `${JSON.stringify(nb, null, 1)}\n`;
