/**
 * One EM iteration split into its two halves, for the lesson to show and print: the E-step's
 * responsibilities under the given parameters, then the M-step's new parameters from them. The
 * same eStep and mStep the EM loop runs, on X as given (no centring: a lesson's few points).
 */
import { Matrix } from "ml-matrix";
import { type DataInput, toFlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { shown } from "../validate";
import { eStep } from "./e-step-pass";
import { mStep } from "./m-step";
import { computePrecisions, type GmmParams, toGmmParams, toMixtureState } from "./params";
import { sumsLayout } from "./sums";

/** What one E-step then one M-step give. */
export interface EmHalfSteps {
  /** The n × k responsibilities under the parameters before (the E-step's). */
  responsibilities: Matrix;
  /** N_j = Σᵢ r_ij: each component's share of the points. */
  Nk: number[];
  /** ℓ under the parameters before. */
  logLikelihood: number;
  /** The M-step's parameters from those responsibilities. */
  after: GmmParams;
}

/** One E-step under `params` on the rows of X, then one M-step (the correct EM, no regCovar). */
export function emHalfSteps(X: DataInput, params: GmmParams): EmHalfSteps {
  const flat = toFlatData(X);
  if (typeof params !== "object" || params === null)
    throw new GmmInputError("params", `must be { pi, mu, Sigma }, got ${shown(params)}`);
  const state = toMixtureState(params.pi, params.mu, params.Sigma, flat.d);
  const precisions = computePrecisions(state, 0);
  const resp = new Float64Array(flat.n * state.k);
  const sums = eStep(flat, state, precisions, { resp });
  const next = mStep(flat, state, precisions, sums, { iteration: 1 });
  const layout = sumsLayout(state.k, state.d);
  return {
    responsibilities: Matrix.from1DArray(flat.n, state.k, resp),
    Nk: Array.from(sums.subarray(layout.nk, layout.nk + state.k)),
    logLikelihood: sums[layout.logLikelihood],
    after: toGmmParams(next.state),
  };
}

/** The numbers of one EM step on 1-D points, as a lesson prints them. */
export interface OneDimensionStep {
  /** r[i][j]: the responsibility of component j for point i. */
  r: number[][];
  /** N_j = Σᵢ r_ij. */
  Nk: number[];
  /** After the M-step: π_j = N_j / n, μ_j = Σᵢ r_ij x_i / N_j, σ_j² = Σᵢ r_ij (x_i − μ_j)² / N_j. */
  pi: number[];
  mu: number[];
  variance: number[];
  /** The same parameters as { pi, mu, Sigma } (1 × 1 covariances), to draw or to step again. */
  params: GmmParams;
}

/** Checks `x`, points on the line: a non-empty array of finite numbers, spanning less than the doubles do. */
export function checkLinePoints(name: string, x: unknown): asserts x is number[] {
  if (!Array.isArray(x) || x.length === 0)
    throw new GmmInputError(name, `must be a non-empty array of numbers (1-D points), got ${shown(x)}`);
  x.forEach((v, i) => {
    if (!(typeof v === "number" && Number.isFinite(v)))
      throw new GmmInputError(`${name}[${i}]`, `must be a finite number, got ${shown(v)}`);
  });
  const span = Math.max(...x) - Math.min(...x);
  if (!Number.isFinite(span))
    throw new GmmInputError(name, `spans ${Math.min(...x)} … ${Math.max(...x)}, wider than the largest double`);
}

/**
 * One E-step and one M-step on the 1-D points `x` from `params` (a mixture on the line: means
 * [m], covariances [[v]]): the responsibilities, N_j, and the new weights, means and variances.
 *
 *     oneDimensionStep([1, 2, 8], { pi: [0.5, 0.5], mu: [[0], [5]], Sigma: [[[1]], [[1]]] })
 */
export function oneDimensionStep(x: number[], params: GmmParams): OneDimensionStep {
  checkLinePoints("x", x);
  const step = emHalfSteps({ data: Float64Array.from(x), columns: 1 }, params);
  const { pi, mu, Sigma } = step.after;
  return {
    r: step.responsibilities.to2DArray(),
    Nk: step.Nk,
    pi,
    mu: mu.map((m) => m[0]),
    variance: Sigma.map((S) => S[0][0]),
    params: step.after,
  };
}
