// The auto-graded exercises, in the order of grades.csv's columns: each one's grade_id (its
// solution cell's and its grade record's id), its number in the notebook, and its points.
export interface GradedExercise {
  id: string;
  exercise: number;
  points: number;
}

export const GRADED_EXERCISES: readonly GradedExercise[] = [
  { id: "e-step", exercise: 1, points: 2 },
  { id: "m-step", exercise: 2, points: 2 },
  { id: "log-sum-exp", exercise: 3, points: 1 },
  { id: "lower-bound", exercise: 4, points: 1 },
  { id: "bic", exercise: 5, points: 1 },
  { id: "sample", exercise: 6, points: 1 },
];

/** The most a submission can score. */
export const MAX_POINTS = GRADED_EXERCISES.reduce((sum, e) => sum + e.points, 0);
