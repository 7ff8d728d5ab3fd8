/**
 * The grade record (Node): when the environment variable `GMM_EM_GRADE_FILE` names a file, each
 * check appends one JSON line to it, which the grader reads. The browser build has
 * grade-record-browser.ts in its place (package.json's "browser" field): a page has no files.
 */
import { appendFileSync } from "node:fs";

/** One check's line in the grade file. Points are all or nothing: `max` when passed, else 0. */
export interface GradeRecord {
  id: string;
  exercise: number;
  points: number;
  max: number;
  passed: boolean;
  messages: string[];
  seed: number;
}

/** Appends `record` to the file `GMM_EM_GRADE_FILE` names, if it names one. */
export function writeGradeRecord(record: GradeRecord): void {
  const file = process.env.GMM_EM_GRADE_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(record)}\n`);
}
