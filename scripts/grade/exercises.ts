// The auto-graded exercises, in the order of grades.csv's columns: each one's grade_id (its
// solution cell's and its grade record's id), its number in the notebook and its points, as the
// checks (src/check/) declare them.
import { BIC_CHECK } from "../../src/check/bic-check";
import { E_STEP_CHECK } from "../../src/check/e-step-check";
import { LOG_SUM_EXP_CHECK } from "../../src/check/log-sum-exp-check";
import { LOWER_BOUND_CHECK } from "../../src/check/lower-bound-check";
import { M_STEP_CHECK } from "../../src/check/m-step-check";
import { SAMPLE_CHECK } from "../../src/check/sample-check";
import type { Exercise } from "../../src/check/verdict";

export type GradedExercise = Pick<Exercise, "id" | "exercise" | "points">;

export const GRADED_EXERCISES: readonly GradedExercise[] = [
  E_STEP_CHECK,
  M_STEP_CHECK,
  LOG_SUM_EXP_CHECK,
  LOWER_BOUND_CHECK,
  BIC_CHECK,
  SAMPLE_CHECK,
]
  .map(({ exercise: { id, exercise, points } }) => ({ id, exercise, points }))
  .sort((a, b) => a.exercise - b.exercise);

/** The most a submission can score. */
export const MAX_POINTS = GRADED_EXERCISES.reduce((sum, e) => sum + e.points, 0);
