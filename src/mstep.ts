/**
 * The M-step from the E-step's sums (see `statsLength`). Shared by `applyGmm` and the estimator:
 * the one M-step in the codebase.
 */
import { GmmSingularCovarianceError } from "./errors";
import type { FlatData } from "./input";
import type { MixtureState } from "./params";
import { BLOCK_ROWS, EmVariant, Precisions, accumulateRows, computePrecisions, statsLength } from "./estep";

/** Beyond this ratio of the raw second moment to the covariance, re-sum the covariance centred. */
const CANCELLATION_LIMIT = 1e4;

/**
 * M-step from the E-step's sums: pi_j = N_j / n, μ_j = Σ r_ij x_i / N_j, Sigma_j = Σ r_ij (x_i − μ_j)(x_i − μ_j)ᵀ / N_j
 * (+ regCovar on the diagonal). Returns the new state and its precision factors; throws
 * `GmmSingularCovarianceError` (with `iteration`) for a component that has collapsed.
 */
export function mStep(
  X: FlatData, state: MixtureState, prec: Precisions, stats: Float64Array, variant: EmVariant,
  regCovar: number, iteration: number,
): { state: MixtureState; precisions: Precisions } {
  const { k, d } = state;
  const n = X.n;
  const nkAt = 1, sxAt = 1 + k, sxxAt = 1 + k + k * d;
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  for (let j = 0; j < k; j++) {
    const nk = stats[nkAt + j];
    if (!(nk > 0) || !Number.isFinite(nk)) {
      throw new GmmSingularCovarianceError(j, iteration, `it has no responsibility left (N_${j} = ${nk})`);
    }
    weights[j] = nk / n;
  }
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < d; c++) {
      // Σ_i r_ij x_ic = Σ_i r_ij (x_ic − μ_jc) + N_j μ_jc.
      const weightedSum = stats[sxAt + j * d + c] + stats[nkAt + j] * state.means[j * d + c];
      // The original divides row j of rᵀX by the column sums of r, laid along the columns
      // (np.dot(r.T, X) / np.sum(r, axis=0, keepdims=True)): entry (j, c) by N_c, not N_j. numpy
      // broadcasts the 1 × k sums over the k × d matrix only when k == d (or k == 1), so it ran.
      const divisor = variant === "original" && k > 1 ? stats[nkAt + c] : stats[nkAt + j];
      means[j * d + c] = weightedSum / divisor;
    }
  }
  let needCentredPass = false;
  for (let j = 0; j < k; j++) {
    const nk = stats[nkAt + j];
    const o = j * d * d;
    for (let a = 0; a < d; a++) {
      // m = Σ r (x − μ_old) / N_j, δ = μ_new − μ_old; Σ r (x − μ_new)(x − μ_new)ᵀ / N_j = S − δmᵀ − mδᵀ + δδᵀ.
      const ma = stats[sxAt + j * d + a] / nk;
      const da = means[j * d + a] - state.means[j * d + a];
      for (let b = a; b < d; b++) {
        const mb = stats[sxAt + j * d + b] / nk;
        const db = means[j * d + b] - state.means[j * d + b];
        const raw = stats[sxxAt + o + a * d + b] / nk;
        const v = raw - da * mb - ma * db + da * db;
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
        if (a === b && raw > CANCELLATION_LIMIT * Math.abs(v)) needCentredPass = true;
      }
    }
  }
  if (needCentredPass) centredCovariances(X, state, prec, variant, means, covariances, stats);
  for (let j = 0; j < k; j++) {
    for (let a = 0; a < d; a++) covariances[j * d * d + a * d + a] += regCovar;
  }
  for (let t = 0; t < covariances.length; t++) {
    if (!Number.isFinite(covariances[t])) {
      const j = Math.floor(t / (d * d));
      throw new GmmSingularCovarianceError(j, iteration, "its covariance is not finite");
    }
  }
  const next: MixtureState = { k, d, weights, means, covariances };
  return { state: next, precisions: computePrecisions(next, iteration) };
}

/**
 * The covariances summed about the new means in a second pass (the responsibilities recomputed
 * from the old parameters), for the rare step where the means moved so far that the one-pass
 * formula would cancel: e.g. data far from the origin and a start at the origin.
 */
function centredCovariances(
  X: FlatData, state: MixtureState, prec: Precisions, variant: EmVariant,
  means: Float64Array, covariances: Float64Array, stats: Float64Array,
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
    const nk = stats[1 + j];
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const v = sums[j * d * d + a * d + b] / nk;
        covariances[j * d * d + a * d + b] = v;
        covariances[j * d * d + b * d + a] = v;
      }
    }
  }
}
