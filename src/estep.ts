/**
 * The E-step over flat Float64Arrays, fused with the M-step's weighted sums (one pass over the
 * data). Shared by `applyGmm` and the estimator: the one E-step in the codebase.
 */
import { GmmError, GmmSingularCovarianceError } from "./errors";
import type { FlatData } from "./input";
import type { MixtureState } from "./params";
import { precisionCholesky } from "./cholesky";

const LOG_2PI = Math.log(2 * Math.PI);

/** Rows per block: the sums are formed per block and added block by block, in order. */
export const BLOCK_ROWS = 2048;

/**
 * Which EM: `"correct"` (the E-step weighs each density by pi[j]; each mean is divided by its own
 * component's total responsibility) or `"original"` (the Python notebook's code, slips included).
 */
export type EmVariant = "correct" | "original";

/** The k precision Cholesky factors of a state: L⁻¹ per component and log det L⁻¹. */
export interface Precisions {
  /** k × d × d, each lower triangular. */
  inverseLower: Float64Array;
  /** k values of log det L⁻¹ = −½ log det Sigma. */
  logDetInverse: Float64Array;
}

/**
 * Precision Cholesky factors of every component of `state`. Throws
 * `GmmSingularCovarianceError` naming the component and `iteration` when one is not positive definite.
 */
export function computePrecisions(state: MixtureState, iteration: number): Precisions {
  const { k, d, covariances } = state;
  const inverseLower = new Float64Array(k * d * d);
  const logDetInverse = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const p = precisionCholesky(covariances, j * d * d, d);
    if (p === null) {
      throw new GmmSingularCovarianceError(j, iteration, "its covariance is not positive definite (singular)");
    }
    inverseLower.set(p.inverseLower, j * d * d);
    logDetInverse[j] = p.logDetInverse;
  }
  return { inverseLower, logDetInverse };
}

/**
 * Layout of the sums one pass produces, for k components in d dimensions:
 * [ log-likelihood, N_j (k), Σ r_ij (x_i − μ_j) (k × d), Σ r_ij (x_i − μ_j)(x_i − μ_j)ᵀ (k × d × d, upper triangle) ].
 * The sums are taken about the current means μ_j (the ones the E-step used), which keeps the
 * covariance as accurate as a centred two-pass sum when the means move little.
 */
export function statsLength(k: number, d: number): number {
  return 1 + k + k * d + k * d * d;
}

/**
 * E-step over rows [start, end), in log space (log-sum-exp): adds the log-likelihood and the
 * M-step's sums into `stats` (see `statsLength`) and, when `resp` is given, writes the
 * responsibilities of row i at resp[(i − respRow0) · k …].
 */
export function accumulateRows(
  X: FlatData, state: MixtureState, prec: Precisions, variant: EmVariant,
  start: number, end: number, stats: Float64Array, resp: Float64Array | null, respRow0 = 0,
): void {
  const { k, d, weights, means } = state;
  const { inverseLower, logDetInverse } = prec;
  const data = X.data;
  const nkAt = 1, sxAt = 1 + k, sxxAt = 1 + k + k * d;
  // Per component: the constant of its log-density, with log pi_j for the E-step (correct EM) or
  // without it (the original's first slip), and always with it for the log-likelihood.
  const logConstE = new Float64Array(k);
  const logConstL = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const c = -0.5 * d * LOG_2PI + logDetInverse[j];
    logConstL[j] = Math.log(weights[j]) + c;
    logConstE[j] = variant === "correct" ? logConstL[j] : c;
  }
  const original = variant === "original";
  const diff = new Float64Array(k * d);
  const lp = new Float64Array(k);
  const e = new Float64Array(k);
  let logLik = 0;
  for (let i = start; i < end; i++) {
    const xi = i * d;
    let maxE = -Infinity, maxL = -Infinity;
    for (let j = 0; j < k; j++) {
      const mj = j * d, Lj = j * d * d;
      for (let c = 0; c < d; c++) diff[mj + c] = data[xi + c] - means[mj + c];
      let q = 0;
      for (let r = 0; r < d; r++) {
        let y = 0;
        const Lr = Lj + r * d;
        for (let c = 0; c <= r; c++) y += inverseLower[Lr + c] * diff[mj + c];
        q += y * y;
      }
      lp[j] = -0.5 * q;
      const le = logConstE[j] + lp[j];
      if (le > maxE) maxE = le;
      if (original) {
        const ll = logConstL[j] + lp[j];
        if (ll > maxL) maxL = ll;
      }
    }
    if (maxE === -Infinity) {
      throw new GmmError(`X[${i}]: its squared Mahalanobis distance overflows for every component (the data's scale is too large)`);
    }
    let s = 0;
    for (let j = 0; j < k; j++) {
      e[j] = Math.exp(logConstE[j] + lp[j] - maxE);
      s += e[j];
    }
    if (original) {
      let sL = 0;
      for (let j = 0; j < k; j++) sL += Math.exp(logConstL[j] + lp[j] - maxL);
      logLik += maxL + Math.log(sL);
    } else {
      logLik += maxE + Math.log(s);
    }
    const inv = 1 / s;
    const ro = resp === null ? -1 : (i - respRow0) * k;
    for (let j = 0; j < k; j++) {
      const r = e[j] * inv;
      if (ro >= 0) resp![ro + j] = r;
      stats[nkAt + j] += r;
      const mj = j * d, sx = sxAt + j * d, sxx = sxxAt + j * d * d;
      for (let a = 0; a < d; a++) {
        const rda = r * diff[mj + a];
        stats[sx + a] += rda;
        for (let b = a; b < d; b++) stats[sxx + a * d + b] += rda * diff[mj + b];
      }
    }
  }
  stats[0] += logLik;
}

/**
 * The E-step over all rows, block by block: each block's sums are formed alone and added to the
 * total in block order, so that the result does not depend on how blocks are shared out.
 */
export function eStep(
  X: FlatData, state: MixtureState, prec: Precisions, variant: EmVariant, resp: Float64Array | null,
): Float64Array {
  const len = statsLength(state.k, state.d);
  const total = new Float64Array(len);
  const block = new Float64Array(len);
  for (let start = 0; start < X.n; start += BLOCK_ROWS) {
    block.fill(0);
    accumulateRows(X, state, prec, variant, start, Math.min(X.n, start + BLOCK_ROWS), block, resp);
    for (let t = 0; t < len; t++) total[t] += block[t];
  }
  return total;
}
