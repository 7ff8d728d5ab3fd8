/**
 * The M-step from the E-step's sums (see `statsLength`). Shared by `applyGmm` and the estimator:
 * the one M-step in the codebase.
 */
import { GmmSingularCovarianceError } from "./errors";
import type { FlatData } from "./input";
import type { MixtureState } from "./params";
import { BLOCK_ROWS, EmVariant, Precisions, accumulateRows, computePrecisions, statsLength } from "./estep";

/**
 * The form of the covariances, as scikit-learn's `covariance_type`: `"full"` (each component its
 * own matrix), `"tied"` (one matrix shared by all), `"diag"` (each its own diagonal matrix) or
 * `"spherical"` (each its own single variance, σ_j² I).
 */
export type CovarianceType = "full" | "tied" | "diag" | "spherical";

export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "tied", "diag", "spherical"];

export interface MStepOptions {
  /**
   * `"full"` (default, `applyGmm`'s). The others are derived from the same sums as scikit-learn's
   * `_estimate_gaussian_covariances_*` and still written as k full d × d matrices (the E-step
   * reads full precision factors): tied = Σ_j N_j Sigma_j / Σ_j N_j, copied to every component;
   * diag = the diagonal of Sigma_j; spherical = its mean, times I.
   */
  covarianceType?: CovarianceType;
  /** Added to every N_j before it divides (scikit-learn: 10·eps); the weights are then renormalised. Default 0. */
  nkOffset?: number;
}

/** Beyond this ratio of the raw second moment to the covariance, re-sum the covariance centred. */
const CANCELLATION_LIMIT = 1e4;

/**
 * M-step from the E-step's sums: pi_j = N_j / n, μ_j = Σ r_ij x_i / N_j, Sigma_j = Σ r_ij (x_i − μ_j)(x_i − μ_j)ᵀ / N_j
 * (+ regCovar on the diagonal). Returns the new state and its precision factors; throws
 * `GmmSingularCovarianceError` (with `iteration`) for a component that has collapsed.
 * `prec` are `state`'s precision factors (for the rare centred second pass), or `null` when the
 * sums come from `responsibilitySums`.
 */
export function mStep(
  X: FlatData, state: MixtureState, prec: Precisions | null, stats: Float64Array, variant: EmVariant,
  regCovar: number, iteration: number, options: MStepOptions = {},
): { state: MixtureState; precisions: Precisions } {
  const next = estimateParameters(X, state, prec, stats, variant, regCovar, iteration, options);
  return { state: next, precisions: computePrecisions(next, iteration) };
}

/**
 * The M-step's estimates (weights, means, covariances) without the precision factors: `mStep`
 * less its Cholesky factorisations, for an initialisation whose covariances the user may replace.
 */
export function estimateParameters(
  X: FlatData, state: MixtureState, prec: Precisions | null, stats: Float64Array, variant: EmVariant,
  regCovar: number, iteration: number, options: MStepOptions = {},
): MixtureState {
  const { k, d } = state;
  const n = X.n;
  const covarianceType = options.covarianceType ?? "full";
  const nkOffset = options.nkOffset ?? 0;
  const nkAt = 1, sxAt = 1 + k, sxxAt = 1 + k + k * d;
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  // N_j as the M-step divides by it: scikit-learn adds 10·eps so that a component with no
  // responsibility keeps a defined mean (0) instead of 0 / 0.
  const nks = new Float64Array(k);
  let nkSum = 0;
  for (let j = 0; j < k; j++) {
    const nk = stats[nkAt + j] + nkOffset;
    if (!(nk > 0) || !Number.isFinite(nk)) {
      throw new GmmSingularCovarianceError(j, iteration, `it has no responsibility left (N_${j} = ${nk})`);
    }
    nks[j] = nk;
    nkSum += nk;
  }
  // Without the offset pi_j = N_j / n; with it, scikit-learn renormalises (N_j + 10·eps) / Σ.
  for (let j = 0; j < k; j++) weights[j] = nkOffset === 0 ? nks[j] / n : nks[j] / nkSum;
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < d; c++) {
      // Σ_i r_ij x_ic = Σ_i r_ij (x_ic − μ_jc) + N_j μ_jc.
      const weightedSum = stats[sxAt + j * d + c] + stats[nkAt + j] * state.means[j * d + c];
      // The original divides row j of rᵀX by the column sums of r, laid along the columns
      // (np.dot(r.T, X) / np.sum(r, axis=0, keepdims=True)): entry (j, c) by N_c, not N_j. numpy
      // broadcasts the 1 × k sums over the k × d matrix only when k == d (or k == 1), so it ran.
      const divisor = variant === "original" && k > 1 ? nks[c] : nks[j];
      means[j * d + c] = weightedSum / divisor;
    }
  }
  let needCentredPass = false;
  for (let j = 0; j < k; j++) {
    const nk = nks[j];
    const nkRaw = stats[nkAt + j];
    const o = j * d * d;
    for (let a = 0; a < d; a++) {
      // s = Σ r (x − μ_old), δ = μ_new − μ_old:
      // Σ r (x − μ_new)(x − μ_new)ᵀ = S − δsᵀ − sδᵀ + N δδᵀ, divided by N_j (+ offset).
      const sa = stats[sxAt + j * d + a];
      const da = means[j * d + a] - state.means[j * d + a];
      for (let b = a; b < d; b++) {
        const sb = stats[sxAt + j * d + b];
        const db = means[j * d + b] - state.means[j * d + b];
        const rawSum = stats[sxxAt + o + a * d + b];
        const v = nkOffset === 0
          ? rawSum / nk - da * (sb / nk) - (sa / nk) * db + da * db
          : (rawSum - da * sb - sa * db + nkRaw * da * db) / nk;
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
        if (a === b && rawSum / nk > CANCELLATION_LIMIT * Math.abs(v)) needCentredPass = true;
      }
    }
  }
  // (Without precisions the sums came from given responsibilities about their own weighted means,
  // see `responsibilitySums`: already centred, nothing to re-sum.)
  if (needCentredPass && prec !== null) centredCovariances(X, state, prec, variant, means, covariances, nks);
  constrainCovariances(covarianceType, k, d, nks, covariances, regCovar);
  for (let t = 0; t < covariances.length; t++) {
    if (!Number.isFinite(covariances[t])) {
      const j = Math.floor(t / (d * d));
      throw new GmmSingularCovarianceError(j, iteration, "its covariance is not finite");
    }
  }
  return { k, d, weights, means, covariances };
}

/**
 * Turns the k full covariances (each Σ_j r_ij (x_i − μ_j)(x_i − μ_j)ᵀ / N_j) into the form
 * `covarianceType` asks for, in place, and adds `regCovar` to the diagonal, as scikit-learn does:
 * to each full matrix, to the tied matrix once, to each variance of diag, to spherical's variance.
 */
export function constrainCovariances(
  covarianceType: CovarianceType, k: number, d: number, nks: Float64Array, covariances: Float64Array, regCovar: number,
): void {
  const dd = d * d;
  if (covarianceType === "tied") {
    // scikit-learn: (XᵀX − Σ_j N_j μ_j μ_jᵀ) / Σ_j N_j, which is Σ_j N_j Sigma_j / Σ_j N_j.
    const tied = new Float64Array(dd);
    let total = 0;
    for (let j = 0; j < k; j++) {
      total += nks[j];
      for (let t = 0; t < dd; t++) tied[t] += nks[j] * covariances[j * dd + t];
    }
    for (let t = 0; t < dd; t++) tied[t] /= total;
    for (let a = 0; a < d; a++) tied[a * d + a] += regCovar;
    for (let j = 0; j < k; j++) covariances.set(tied, j * dd);
    return;
  }
  for (let j = 0; j < k; j++) {
    const o = j * dd;
    if (covarianceType === "full") {
      for (let a = 0; a < d; a++) covariances[o + a * d + a] += regCovar;
      continue;
    }
    let mean = 0;
    for (let a = 0; a < d; a++) mean += covariances[o + a * d + a];
    mean /= d;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        if (a !== b) covariances[o + a * d + b] = 0;
        // spherical: scikit-learn's mean over the diagonal of (diag + regCovar).
        else covariances[o + a * d + a] = (covarianceType === "diag" ? covariances[o + a * d + a] : mean) + regCovar;
      }
    }
  }
}

/**
 * The covariances summed about the new means in a second pass (the responsibilities recomputed
 * from the old parameters), for the rare step where the means moved so far that the one-pass
 * formula would cancel: e.g. data far from the origin and a start at the origin.
 */
function centredCovariances(
  X: FlatData, state: MixtureState, prec: Precisions, variant: EmVariant,
  means: Float64Array, covariances: Float64Array, nks: Float64Array,
): void {
  const { k, d } = state;
  const data = X.data;
  const scratch = new Float64Array(statsLength(k, d));
  const resp = new Float64Array(BLOCK_ROWS * k);
  const sums = new Float64Array(k * d * d);
  const block = new Float64Array(k * d * d);
  for (let start = 0; start < X.n; start += BLOCK_ROWS) {
    const end = Math.min(X.n, start + BLOCK_ROWS);
    accumulateRows(X, state, prec, variant, start, end, scratch, resp, start);
    block.fill(0);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < k; j++) {
        const r = resp[(i - start) * k + j];
        for (let a = 0; a < d; a++) {
          const ra = r * (data[i * d + a] - means[j * d + a]);
          for (let b = a; b < d; b++) block[j * d * d + a * d + b] += ra * (data[i * d + b] - means[j * d + b]);
        }
      }
    }
    for (let t = 0; t < sums.length; t++) sums[t] += block[t];
  }
  for (let j = 0; j < k; j++) {
    const nk = nks[j];
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const v = sums[j * d * d + a * d + b] / nk;
        covariances[j * d * d + a * d + b] = v;
        covariances[j * d * d + b * d + a] = v;
      }
    }
  }
}

/**
 * The M-step's sums (layout of `statsLength`, log-likelihood slot 0) from responsibilities given
 * as an n × k matrix (an initialisation: k-means labels, random ones), taken about each
 * component's own weighted mean (two passes), which are returned as the state's means for `mStep`.
 */
export function responsibilitySums(X: FlatData, resp: Float64Array, k: number): { means: Float64Array; stats: Float64Array } {
  const { n, d, data } = X;
  const nkAt = 1, sxAt = 1 + k, sxxAt = 1 + k + k * d;
  const stats = new Float64Array(statsLength(k, d));
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j];
      if (r === 0) continue;
      stats[nkAt + j] += r;
      for (let c = 0; c < d; c++) means[j * d + c] += r * data[i * d + c];
    }
  }
  for (let j = 0; j < k; j++) {
    const nk = stats[nkAt + j];
    for (let c = 0; c < d; c++) means[j * d + c] = nk > 0 ? means[j * d + c] / nk : 0;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j];
      if (r === 0) continue;
      for (let c = 0; c < d; c++) diff[c] = data[i * d + c] - means[j * d + c];
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a];
        stats[sxAt + j * d + a] += ra;
        for (let b = a; b < d; b++) stats[sxxAt + j * d * d + a * d + b] += ra * diff[b];
      }
    }
  }
  return { means, stats };
}
