// A submission's row of grades.csv: its points per exercise, from the grade records its checks
// wrote (the last one of each exercise counts: the check cell comes after anything the solution
// cell may have called), and its flags (what the teacher should look at) and messages (what the
// checks said of the exercises that did not pass).
import type { GradeRecord as CheckRecord } from "../../src/check/grade-record";
import type { Assembled } from "./assemble";
import { GRADED_EXERCISES } from "./exercises";
import { type Cell, gradeId } from "./notebook";
import type { CellReport, RunOutcome } from "./run-submission";

export interface GradeRow {
  submission: string;
  /** Points by exercise id. */
  points: Record<string, number>;
  total: number;
  flags: string[];
  messages: string[];
}

/** What the grader reads of a grade record (src/check/grade-record.ts); its points are the table's. */
type GradeRecord = Pick<CheckRecord, "id" | "passed" | "messages">;

function parseRecord(line: string): GradeRecord | undefined {
  try {
    const r = JSON.parse(line) as Partial<GradeRecord>;
    if (typeof r.id !== "string" || typeof r.passed !== "boolean") return undefined;
    return { id: r.id, passed: r.passed, messages: Array.isArray(r.messages) ? r.messages.map(String) : [] };
  } catch {
    return undefined;
  }
}

/** The first line of a cell's error, short enough for a flag. */
const firstLine = (text: string): string => {
  const line = text.split("\n")[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
};

/** Where a reported cell is: its section, and its grade_id when it is an exercise's or a check's cell. */
function placeOf(cells: readonly Cell[], report: CellReport): string {
  const section = report.section ?? "a cell";
  const cell = report.index === undefined ? undefined : cells[report.index];
  const id = cell === undefined ? undefined : gradeId(cell);
  return id === undefined ? section : `${section} (${id})`;
}

/** A row of zeros, for a submission that could not be run, with `flags` saying why. */
export function zeroRow(submission: string, flags: string[]): GradeRow {
  const points = Object.fromEntries(GRADED_EXERCISES.map((e) => [e.id, 0]));
  return { submission, points, total: 0, flags, messages: [] };
}

/**
 * The row of `submission` from its run of the assembled notebook (with its solution cells, those
 * the submission lacks, and its flags). Points are the exercise's when its last record
 * passed (all or nothing), whatever points the record claims.
 */
export function gradeRow(
  submission: string,
  outcome: RunOutcome,
  { notebook, solutions, missing, flags }: Assembled,
): GradeRow {
  const last = new Map<string, GradeRecord>();
  for (const line of outcome.records) {
    const r = parseRecord(line);
    if (r !== undefined) last.set(r.id, r);
  }
  const row = zeroRow(submission, [...missing.map((id) => `no ${id} cell (its exercise graded 0)`), ...flags]);
  for (const e of outcome.errors) {
    row.flags.push(
      `error in ${placeOf(notebook.cells, e)}: ${firstLine(`${e.ename ? `${e.ename}: ` : ""}${e.evalue ?? ""}`)}`,
    );
  }
  if (outcome.timedOut) {
    row.flags.push(
      `stopped: ${placeOf(notebook.cells, outcome.timedOut)} ran longer than ${outcome.timedOut.seconds} s`,
    );
  }
  if (outcome.stopped) {
    const { ename, evalue } = outcome.stopped;
    row.flags.push(`stopped: ${placeOf(notebook.cells, outcome.stopped)}: ${firstLine(`${ename}: ${evalue}`)}`);
  }
  if (outcome.crash) row.flags.push(`run failed: ${outcome.crash}`);
  for (const { id, points } of GRADED_EXERCISES) {
    const r = last.get(id);
    if (r === undefined) {
      if (solutions.includes(id) && !missing.includes(id)) row.flags.push(`not graded: ${id} (its check did not run)`);
      continue;
    }
    row.points[id] = r.passed ? points : 0;
    if (!r.passed) row.messages.push(...r.messages.map((m) => `${id}: ${m}`));
  }
  row.total = GRADED_EXERCISES.reduce((sum, e) => sum + row.points[e.id], 0);
  return row;
}
