/**
 * The M-step from the E-step's sums (see `Sums`). Shared by `applyGmm` and the estimator: the
 * one M-step in the codebase.
 */

import type { FlatData } from "../data/input";
import { GmmSingularCovarianceError } from "../errors";
import { COVARIANCE_FORMS, type CovarianceType } from "./covariance-type";
import { accumulateRows, BLOCK_ROWS, type EmVariant } from "./e-step";
import { computePrecisions, type FactoredState, type MixtureState, type Precisions } from "./params";
import { checkResolvable, type RegCovarHint } from "./scale";
import { emptySums, type Sums, sumsLayout } from "./sums";

/** scikit-learn adds 10·eps (float64) to each N_j in every M-step (its `GaussianMixture`'s `nkOffset`). */
export const SKLEARN_NK_OFFSET = 10 * Number.EPSILON;

interface MStepOptions {
  /** `"correct"` (default) or `"original"`: the original divides each mean by the wrong N (see below). */
  variant?: EmVariant;
  /** Added to each covariance's diagonal (as its covariance type says; default 0). */
  regCovar?: number;
  /** The iteration, for the error that names a collapsed component (default 0). */
  iteration?: number;
  /**
   * `"full"` (default, `applyGmm`'s). The others are derived from the same sums as scikit-learn's
   * `_estimate_gaussian_covariances_*` and still held as k full d × d matrices.
   */
  covarianceType?: CovarianceType;
  /** Added to every N_j before it divides (scikit-learn: 10·eps); the weights are then renormalised. Default 0. */
  nkOffset?: number;
  /** The regCovar a collapse error suggests, asked for only then (`DataScale.regCovarHint`; default 1e-6). */
  regCovarHint?: RegCovarHint;
}

/** Beyond this ratio of the raw second moment to the covariance, re-sum the covariance centred. */
const CANCELLATION_LIMIT = 1e4;

/**
 * M-step from the E-step's sums: pi_j = N_j / n, μ_j = Σ r_ij x_i / N_j, Sigma_j = Σ r_ij (x_i − μ_j)(x_i − μ_j)ᵀ / N_j
 * (+ regCovar on the diagonal). Returns the new state and its precision factors; throws
 * `GmmSingularCovarianceError` (with `iteration`) for a component that has collapsed or that
 * EM can no longer resolve in double precision (see `checkResolvable`): the next E-step would
 * be rounding noise, and the log-likelihood could fall.
 * `prec` are `state`'s precision factors (for the rare centred second pass), or `null` when the
 * sums were taken about each component's own weighted mean (an initialisation's).
 */
export function mStep(
  X: FlatData,
  state: MixtureState,
  prec: Precisions | null,
  sums: Sums,
  options: MStepOptions = {},
): FactoredState {
  const next = estimateParameters(X, state, prec, sums, options);
  const iteration = options.iteration ?? 0,
    hint = options.regCovarHint ?? (() => 1e-6);
  const precisions = computePrecisions(next, iteration, hint);
  checkResolvable(next, precisions, iteration, hint);
  return { state: next, precisions };
}

/**
 * The M-step's estimates (weights, means, covariances) without the precision factors: `mStep`
 * less its Cholesky factorisations, for an initialisation whose covariances the user may replace.
 */
export function estimateParameters(
  X: FlatData,
  state: MixtureState,
  prec: Precisions | null,
  sums: Sums,
  options: MStepOptions = {},
): MixtureState {
  const { k, d } = state;
  const n = X.n;
  const variant = options.variant ?? "correct";
  const regCovar = options.regCovar ?? 0;
  const iteration = options.iteration ?? 0;
  const covarianceType = options.covarianceType ?? "full";
  const nkOffset = options.nkOffset ?? 0;
  const { nk: nkAt, firstMoment: sxAt, secondMoment: sxxAt } = sumsLayout(k, d);
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  // N_j as the M-step divides by it: scikit-learn adds 10·eps so that a component with no
  // responsibility keeps a defined mean (0) instead of 0 / 0.
  const nks = new Float64Array(k);
  let nkSum = 0;
  for (let j = 0; j < k; j++) {
    const nk = sums[nkAt + j] + nkOffset;
    if (!(nk > 0) || !Number.isFinite(nk)) {
      throw new GmmSingularCovarianceError(
        j,
        iteration,
        `it has no responsibility left (N_${j} = ${nk}): its density, ` +
          `weighted by its mixing weight, underflowed to 0 at every point`,
        "empty",
        {
          text: "regCovar cannot help: start it nearer the data, or with a larger covariance, or fit fewer components.",
          regCovar: null,
        },
      );
    }
    nks[j] = nk;
    nkSum += nk;
  }
  // Without the offset pi_j = N_j / n; with it, scikit-learn renormalises (N_j + 10·eps) / Σ.
  for (let j = 0; j < k; j++) weights[j] = nkOffset === 0 ? nks[j] / n : nks[j] / nkSum;
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < d; c++) {
      // Σ_i r_ij x_ic = Σ_i r_ij (x_ic − μ_jc) + N_j μ_jc.
      const weightedSum = sums[sxAt + j * d + c] + sums[nkAt + j] * state.means[j * d + c];
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
    const nkRaw = sums[nkAt + j];
    const o = j * d * d;
    for (let a = 0; a < d; a++) {
      // s = Σ r (x − μ_old), δ = μ_new − μ_old:
      // Σ r (x − μ_new)(x − μ_new)ᵀ = S − δsᵀ − sδᵀ + N δδᵀ, divided by N_j (+ offset).
      const sa = sums[sxAt + j * d + a];
      const da = means[j * d + a] - state.means[j * d + a];
      for (let b = a; b < d; b++) {
        const sb = sums[sxAt + j * d + b];
        const db = means[j * d + b] - state.means[j * d + b];
        const rawSum = sums[sxxAt + o + a * d + b];
        const v =
          nkOffset === 0
            ? rawSum / nk - da * (sb / nk) - (sa / nk) * db + da * db
            : (rawSum - da * sb - sa * db + nkRaw * da * db) / nk;
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
        if (a === b && rawSum / nk > CANCELLATION_LIMIT * Math.abs(v)) needCentredPass = true;
      }
    }
  }
  // (Without precisions the sums came from given responsibilities about their own weighted means:
  // already centred, nothing to re-sum.)
  if (needCentredPass && prec !== null) centredCovariances(X, state, prec, variant, means, covariances, nks);
  COVARIANCE_FORMS[covarianceType].constrain(k, d, nks, covariances, regCovar);
  for (let t = 0; t < covariances.length; t++) {
    if (!Number.isFinite(covariances[t])) {
      const j = Math.floor(t / (d * d));
      throw new GmmSingularCovarianceError(j, iteration, "its covariance overflowed (beyond 1.8e308)", "non-finite", {
        text: "Divide X by a power of ten (the fit is the same, scaled).",
        regCovar: null,
      });
    }
  }
  return { k, d, weights, means, covariances };
}

/**
 * The covariances summed about the new means in a second pass (the responsibilities recomputed
 * from the old parameters), for the rare step where the means moved so far that the one-pass
 * formula would cancel: e.g. data far from the origin and a start at the origin.
 */
function centredCovariances(
  X: FlatData,
  state: MixtureState,
  prec: Precisions,
  variant: EmVariant,
  means: Float64Array,
  covariances: Float64Array,
  nks: Float64Array,
): void {
  const { k, d } = state;
  const data = X.data;
  const scratch = emptySums(k, d);
  const resp = new Float64Array(BLOCK_ROWS * k);
  const sums = new Float64Array(k * d * d);
  const block = new Float64Array(k * d * d);
  for (let start = 0; start < X.n; start += BLOCK_ROWS) {
    const end = Math.min(X.n, start + BLOCK_ROWS);
    accumulateRows(X, state, prec, start, end, scratch, { variant, resp, respRow0: start });
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
