// grades.csv: one row per submission, the columns the class kit's spec fixes; written whole or not
// at all (a temporary file beside it, renamed into place).
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GRADED_EXERCISES } from "./exercises";
import type { GradeRow } from "./grade-row";

export const COLUMNS = ["submission", ...GRADED_EXERCISES.map((e) => e.id), "total", "flags", "messages"];

/** A CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break; `always` quotes it anyway. */
export function csvField(value: string | number, always = false): string {
  const text = String(value);
  return always || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gradesCsv(rows: readonly GradeRow[]): string {
  const lines = rows.map((r) =>
    [
      csvField(r.submission),
      ...GRADED_EXERCISES.map((e) => csvField(r.points[e.id])),
      csvField(r.total),
      csvField(r.flags.join(" | "), true),
      csvField(r.messages.join(" | "), true),
    ].join(","),
  );
  return `${[COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
}

/** Writes DIR/grades.csv whole; returns its path. */
export function writeGradesCsv(dir: string, rows: readonly GradeRow[]): string {
  const path = join(dir, "grades.csv");
  const staged = join(dir, `.grades.csv.${process.pid}.tmp`);
  try {
    writeFileSync(staged, gradesCsv(rows));
    renameSync(staged, path);
  } finally {
    rmSync(staged, { force: true });
  }
  return path;
}
