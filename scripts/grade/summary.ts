// What the grader prints when it is done: each submission's total and flags, then how many passed
// each exercise.
import { GRADED_EXERCISES, MAX_POINTS } from "./exercises";
import type { GradeRow } from "./grade-row";

export function summary(rows: readonly GradeRow[]): string {
  const width = Math.max(...rows.map((r) => r.submission.length));
  const lines = rows.map((r) => {
    const flags = r.flags.length > 0 ? `  ⚑ ${r.flags.join(" | ")}` : "";
    return `${r.submission.padEnd(width)}  ${String(r.total).padStart(2)} / ${MAX_POINTS}${flags}`;
  });
  lines.push("");
  for (const e of GRADED_EXERCISES) {
    const passed = rows.filter((r) => r.points[e.id] === e.points).length;
    lines.push(`exercise ${e.exercise} (${e.id}): ${passed} of ${rows.length} passed`);
  }
  return lines.join("\n");
}
