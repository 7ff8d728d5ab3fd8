/**
 * A mixture's parameters in the two forms the library uses: the original notebook's
 * `{ pi, mu, Sigma }` of plain arrays (what users pass and get back), and the flat state the hot
 * loops read, with the precision factors the E-step needs.
 */

import { checkCovariance, precisionCholesky } from "../density/cholesky";
import { collapseAdvice, GmmInputError, GmmSingularCovarianceError } from "../errors";
import { checkMeans, checkWeights, isNumberArray } from "../validate";

/** Mixture parameters with the original notebook's names: weights `pi`, means `mu`, covariances `Sigma`. */
export interface GmmParams {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

/** Mixture parameters as the hot loops read them: flat, row-major. */
export interface MixtureState {
  k: number;
  d: number;
  /** k mixing weights. */
  weights: Float64Array;
  /** k × d means. */
  means: Float64Array;
  /** k × d × d covariances. */
  covariances: Float64Array;
}

/** The k precision Cholesky factors of a state: L⁻¹ per component and log det L⁻¹. */
export interface Precisions {
  /** k × d × d, each lower triangular. */
  inverseLower: Float64Array;
  /** k values of log det L⁻¹ = −½ log det Sigma. */
  logDetInverse: Float64Array;
}

/** A state with its precision factors: what the E-step reads, what the M-step returns. */
export interface FactoredState {
  state: MixtureState;
  precisions: Precisions;
}

/**
 * Checks mixture parameters against each other and against the data dimension `d`:
 * the same k in pi, mu and Sigma; weights ≥ 0 summing to 1 (to rounding); means of dimension d;
 * covariances d × d, symmetric and positive definite.
 */
export function toMixtureState(pi: unknown, mu: unknown, Sigma: unknown, d: number): MixtureState {
  if (!isNumberArray(pi)) throw new GmmInputError("pi", "must be an array of mixing weights");
  const k = pi.length;
  if (k === 0) throw new GmmInputError("pi", "is empty: a mixture needs at least one component");
  if (!Array.isArray(mu)) throw new GmmInputError("mu", "must be an array of means (number[][])");
  if (!Array.isArray(Sigma)) throw new GmmInputError("Sigma", "must be an array of covariances (number[][][])");
  if (mu.length !== k) throw new GmmInputError("mu", `has ${mu.length} means, but pi has ${k} weights (k must agree)`);
  if (Sigma.length !== k)
    throw new GmmInputError("Sigma", `has ${Sigma.length} covariances, but pi has ${k} weights (k must agree)`);
  const weights = checkWeights("pi", pi, k, "rounding");
  const means = checkMeans("mu", mu, k, d);
  const covariances = new Float64Array(k * d * d);
  for (let j = 0; j < k; j++) checkCovariance(`Sigma[${j}]`, Sigma[j], d, covariances, j * d * d);
  return { k, d, weights, means, covariances };
}

/**
 * The flat state as the original's `{ pi, mu, Sigma }` of plain arrays (a copy), with `centre`
 * added to the means when the state was fitted to centred data.
 */
export function toGmmParams(state: MixtureState, centre: Float64Array | null = null): GmmParams {
  const { k, d, weights, means, covariances } = state;
  // Plain loops: called once per EM iteration, where Array.from over subarrays showed in profiles.
  const row = (a: Float64Array, at: number): number[] => {
    const out = new Array<number>(d);
    for (let c = 0; c < d; c++) out[c] = a[at + c];
    return out;
  };
  const pi = new Array<number>(k);
  const mu = new Array<number[]>(k);
  const Sigma = new Array<number[][]>(k);
  for (let j = 0; j < k; j++) {
    pi[j] = weights[j];
    mu[j] = row(means, j * d);
    if (centre !== null) for (let c = 0; c < d; c++) mu[j][c] += centre[c];
    const S = new Array<number[]>(d);
    for (let r = 0; r < d; r++) S[r] = row(covariances, j * d * d + r * d);
    Sigma[j] = S;
  }
  return { pi, mu, Sigma };
}

/**
 * Precision Cholesky factors of every component of `state`. Throws
 * `GmmSingularCovarianceError` naming the component and `iteration` when one is not positive
 * definite (suggesting `regCovarHint`).
 */
export function computePrecisions(
  state: MixtureState,
  iteration: number,
  regCovarHint: () => number = () => 1e-6,
): Precisions {
  const { k, d, covariances } = state;
  const inverseLower = new Float64Array(k * d * d);
  const logDetInverse = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const p = precisionCholesky(covariances, j * d * d, d);
    if (p === null) {
      throw new GmmSingularCovarianceError(
        j,
        iteration,
        "its covariance is not positive definite (singular): it has fallen onto a point, a line or a plane",
        "singular",
        collapseAdvice(regCovarHint()),
      );
    }
    inverseLower.set(p.inverseLower, j * d * d);
    logDetInverse[j] = p.logDetInverse;
  }
  return { inverseLower, logDetInverse };
}
