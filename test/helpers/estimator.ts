// What the estimator's tests share: seeded data in three clusters, and GaussianMixture's warnings caught.
import { NumpyRandomState } from "../../src/data/numpy-random";
import { COVARIANCE_TYPES } from "../../src/em/covariance-type";

/** Every covariance type, read from the table that defines them. */
export const TYPES = COVARIANCE_TYPES;

/** Three clusters in 2-D: n points, seeded. */
export function threeClusters(n: number, seed: number): number[][] {
  const rng = new NumpyRandomState(seed);
  const centres = [
    [0, 0],
    [6, 1],
    [2, 7],
  ];
  const scales = [
    [1, 0.5],
    [0.7, 1.2],
    [0.9, 0.9],
  ];
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const j = i % 3;
    const z0 = rng.standardNormal(),
      z1 = rng.standardNormal();
    X.push([centres[j][0] + scales[j][0] * z0, centres[j][1] + scales[j][1] * (0.5 * z0 + z1)]);
  }
  return X;
}

/** The three clusters most estimator tests fit: 300 points. */
export const X = threeClusters(300, 1);

/**
 * The ConvergenceWarnings `run` emits, counted by standing in for process.emitWarning while it
 * runs (process 'warning' events arrive a tick later, possibly during another test).
 */
export function convergenceWarnings(run: () => void): string[] {
  const original = process.emitWarning;
  const seen: string[] = [];
  process.emitWarning = ((warning: string | Error, options?: { code?: string }) => {
    if (options?.code === "GMM_NOT_CONVERGED") seen.push(String(warning));
  }) as typeof process.emitWarning;
  try {
    run();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

/** Runs `run` with the convergence warnings it emits kept out of the test output. */
export function quietly<T>(run: () => T): T {
  let out!: T;
  convergenceWarnings(() => (out = run()));
  return out;
}
