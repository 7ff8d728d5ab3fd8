/**
 * What grade-record.ts is in a browser bundle (package.json's "browser" field puts this file in its
 * place): a page has no environment and no files, so no grade is written.
 */
import type { GradeRecord } from "./grade-record";

/** Nothing: a page writes no grade file. */
export function writeGradeRecord(_record: GradeRecord): void {}
