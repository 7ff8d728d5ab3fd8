/**
 * The E-step over flat Float64Arrays in JavaScript, fused with the M-step's weighted sums (one pass
 * over the data): the reference that the WebAssembly pass (wasm/) is tested against, and the pass
 * where WebAssembly SIMD is missing. e-step-pass.ts chooses between them.
 */

import type { FlatData } from "../data/input";
import { expNonPositive } from "../density/exp";
import { GmmInputError } from "../errors";
import type { MixtureState, Precisions } from "./params";
import { type Sums, sumsLayout } from "./sums";

const LOG_2PI = Math.log(2 * Math.PI);

/** Rows per block: the sums are formed per block and added block by block, in order. */
export const BLOCK_ROWS = 2048;

/**
 * Which EM: `"correct"` (the E-step weighs each density by pi[j]; each mean is divided by its own
 * component's total responsibility) or `"original"` (the Python notebook's code, slips included).
 */
export type EmVariant = "correct" | "original";

/** What one E-step pass computes, and where it writes the responsibilities. */
export interface EStepOptions {
  /** `"correct"` (default) or `"original"` (see `EmVariant`). */
  variant?: EmVariant;
  /** Where to write the responsibilities: row i at resp[(i − respRow0) · k …]. Default: nowhere. */
  resp?: Float64Array | null;
  /** The row of X whose responsibilities `resp` begins with (default 0). */
  respRow0?: number;
  /** Form the M-step's sums (default true); false: the log-likelihood only (a fit's last pass). */
  withSums?: boolean;
}

/** Rows whose mixture densities are multiplied together before one `Math.log` (each factor is in [1, k]). */
const LOG_CHUNK = 32;

// Scratch reused across calls (per thread: each worker has its own module instance).
let scratchLp: Float64Array = new Float64Array(BLOCK_ROWS * 4);
let scratchR: Float64Array = new Float64Array(BLOCK_ROWS * 4);
let scratchP: Float64Array = new Float64Array(64);
let scratchMax: Float64Array = new Float64Array(BLOCK_ROWS);

function grow(a: Float64Array, length: number): Float64Array {
  return a.length >= length ? a : new Float64Array(Math.max(length, 2 * a.length));
}

/**
 * E-step over rows [start, end), in log space (log-sum-exp): adds the rows' log-likelihood and
 * the M-step's sums into `sums` (see `Sums`; with `withSums` false, the log-likelihood only)
 * and, when `options.resp` is given, writes the responsibilities there.
 *
 * Two phases per call: the responsibilities (log-densities, then log-sum-exp per row), then the
 * sums component by component, each in a handful of local accumulators. The sums are in row
 * order within the range, so a block's sums do not depend on which thread computes them.
 */
export function accumulateRows(
  X: FlatData,
  state: MixtureState,
  prec: Precisions,
  start: number,
  end: number,
  sums: Sums,
  options: EStepOptions = {},
): void {
  if (end <= start) return;
  const { k, d } = state;
  const variant = options.variant ?? "correct";
  const withSums = options.withSums ?? true;
  let r: Float64Array | null = options.resp ?? null;
  let r0 = options.respRow0 ?? 0;
  if (r === null && withSums) {
    scratchR = grow(scratchR, (end - start) * k);
    r = scratchR;
    r0 = start;
  }
  if (d === 2 && variant === "correct") sums[0] += responsibilities2(X.data, state, prec, start, end, r, r0);
  else sums[0] += responsibilitiesGeneric(X.data, state, prec, variant, start, end, r, r0);
  if (!withSums) return;
  if (d === 2) sums2(X.data, state, start, end, r!, r0, sums);
  else sumsGeneric(X.data, state, start, end, r!, r0, sums);
}

/**
 * A row whose log-density is −Infinity (or NaN: x − μ overflowed) for every component: its
 * responsibilities are 0 / 0. Components far from a row get 0 responsibility for it; every
 * component that far means the parameters cannot describe it at all.
 */
export function overflowError(i: number): GmmInputError {
  return new GmmInputError(
    `X[${i}]`,
    "its squared Mahalanobis distance to every component overflows (beyond 1.8e308): " +
      "every component is too far from it for its covariance (start nearer the data, or with larger covariances)",
  );
}

/**
 * Phase 1 for d = 2 (the correct EM): log pi_j N(x | μ_j, Sigma_j) component by component over
 * the rows (a tight loop with the component's constants in registers), then per row log-sum-exp.
 * Writes the responsibilities into `r` (if given) and returns the rows' log-likelihood.
 */
function responsibilities2(
  data: Float64Array,
  state: MixtureState,
  prec: Precisions,
  start: number,
  end: number,
  r: Float64Array | null,
  r0: number,
): number {
  const { k, weights, means } = state;
  const { inverseLower: L, logDetInverse } = prec;
  const m = end - start;
  scratchLp = grow(scratchLp, m * k);
  scratchMax = grow(scratchMax, m);
  const lp = scratchLp,
    rowMax = scratchMax;
  // A NaN log-density (x − μ overflowed) never becomes the row's maximum: the component counts as infinitely far.
  rowMax.fill(-Infinity, 0, m);
  for (let j = 0; j < k; j++) {
    const m0 = means[2 * j],
      m1 = means[2 * j + 1];
    const a = L[4 * j],
      b = L[4 * j + 2],
      c = L[4 * j + 3];
    const constant = Math.log(weights[j]) - LOG_2PI + logDetInverse[j];
    for (let i = 0, o = j, x = 2 * start; i < m; i++, o += k, x += 2) {
      const d0 = data[x] - m0,
        d1 = data[x + 1] - m1;
      const y0 = a * d0,
        y1 = b * d0 + c * d1;
      const l = constant - 0.5 * (y0 * y0 + y1 * y1);
      lp[o] = l;
      if (l > rowMax[i]) rowMax[i] = l;
    }
  }
  let logLik = 0,
    product = 1,
    inChunk = 0;
  for (let i = 0, o = 0; i < m; i++, o += k) {
    const max = rowMax[i];
    if (max === -Infinity) throw overflowError(start + i);
    let s = 0;
    for (let j = 0; j < k; j++) {
      const e = expNonPositive(lp[o + j] - max);
      lp[o + j] = e;
      s += e;
    }
    logLik += max;
    // One log per LOG_CHUNK rows: each s is in [1, k], so the product cannot overflow.
    product *= s;
    if (++inChunk === LOG_CHUNK) {
      logLik += Math.log(product);
      product = 1;
      inChunk = 0;
    }
    if (r !== null) {
      const inv = 1 / s,
        ro = (start - r0) * k + o;
      for (let j = 0; j < k; j++) r[ro + j] = lp[o + j] * inv;
    }
  }
  return logLik + Math.log(product);
}

/** Phase 1 for any d and either variant (see `responsibilities2`). */
function responsibilitiesGeneric(
  data: Float64Array,
  state: MixtureState,
  prec: Precisions,
  variant: EmVariant,
  start: number,
  end: number,
  r: Float64Array | null,
  r0: number,
): number {
  const { k, d, weights, means } = state;
  const { inverseLower, logDetInverse } = prec;
  // Per component: the constant of its log-density, with log pi_j for the E-step (correct EM) or
  // without it (the original's first slip), and always with it for the log-likelihood.
  scratchP = grow(scratchP, 2 * k + d);
  scratchLp = grow(scratchLp, k);
  const P = scratchP,
    lp = scratchLp;
  const original = variant === "original";
  for (let j = 0; j < k; j++) {
    const c = -0.5 * d * LOG_2PI + logDetInverse[j];
    P[j] = Math.log(weights[j]) + c; // log-likelihood
    P[k + j] = original ? c : P[j]; // E-step
  }
  const diff = 2 * k; // d scratch values at P[diff …]
  let logLik = 0,
    product = 1,
    inChunk = 0;
  for (let i = start; i < end; i++) {
    const xi = i * d;
    let max = -Infinity,
      maxL = -Infinity;
    for (let j = 0; j < k; j++) {
      const mj = j * d,
        Lj = j * d * d;
      for (let c = 0; c < d; c++) P[diff + c] = data[xi + c] - means[mj + c];
      let q = 0;
      for (let a = 0; a < d; a++) {
        let y = 0;
        const La = Lj + a * d;
        for (let c = 0; c <= a; c++) y += inverseLower[La + c] * P[diff + c];
        q += y * y;
      }
      lp[j] = -0.5 * q;
      const l = P[k + j] + lp[j];
      if (l > max) max = l;
      if (original && P[j] + lp[j] > maxL) maxL = P[j] + lp[j];
    }
    if (max === -Infinity) throw overflowError(i);
    let s = 0,
      sL = 0;
    if (original) for (let j = 0; j < k; j++) sL += expNonPositive(P[j] + lp[j] - maxL);
    for (let j = 0; j < k; j++) {
      const e = expNonPositive(P[k + j] + lp[j] - max);
      lp[j] = e;
      s += e;
    }
    if (original) {
      logLik += maxL;
      product *= sL;
    } else {
      logLik += max;
      product *= s;
    }
    if (++inChunk === LOG_CHUNK) {
      logLik += Math.log(product);
      product = 1;
      inChunk = 0;
    }
    if (r !== null) {
      const inv = 1 / s,
        o = (i - r0) * k;
      for (let j = 0; j < k; j++) r[o + j] = lp[j] * inv;
    }
  }
  return logLik + Math.log(product);
}

/** Phase 2 for d = 2: per component, N_j, Σ r (x − μ_j) and the upper triangle of Σ r (x − μ_j)(x − μ_j)ᵀ. */
function sums2(
  data: Float64Array,
  state: MixtureState,
  start: number,
  end: number,
  r: Float64Array,
  r0: number,
  sums: Sums,
): void {
  const { k, means } = state;
  const { nk: nkAt, firstMoment: sxAt, secondMoment: sxxAt } = sumsLayout(k, 2);
  for (let j = 0; j < k; j++) {
    const m0 = means[2 * j],
      m1 = means[2 * j + 1];
    let nk = 0,
      s0 = 0,
      s1 = 0,
      s00 = 0,
      s01 = 0,
      s11 = 0;
    for (let o = (start - r0) * k + j, x = 2 * start, xEnd = 2 * end; x < xEnd; o += k, x += 2) {
      const w = r[o];
      const d0 = data[x] - m0,
        d1 = data[x + 1] - m1;
      const w0 = w * d0,
        w1 = w * d1;
      nk += w;
      s0 += w0;
      s1 += w1;
      s00 += w0 * d0;
      s01 += w0 * d1;
      s11 += w1 * d1;
    }
    sums[nkAt + j] += nk;
    sums[sxAt + 2 * j] += s0;
    sums[sxAt + 2 * j + 1] += s1;
    sums[sxxAt + 4 * j] += s00;
    sums[sxxAt + 4 * j + 1] += s01;
    sums[sxxAt + 4 * j + 3] += s11;
  }
}

/** Phase 2 for any d (see `sums2`). */
function sumsGeneric(
  data: Float64Array,
  state: MixtureState,
  start: number,
  end: number,
  r: Float64Array,
  r0: number,
  sums: Sums,
): void {
  const { k, d, means } = state;
  const { nk: nkAt, firstMoment: sxAt, secondMoment: sxxAt } = sumsLayout(k, d);
  // Accumulators: N_j, d first moments, d × d second moments (upper triangle used), then d diffs.
  const len = 1 + d + d * d;
  scratchP = grow(scratchP, len + d);
  const acc = scratchP,
    diff = len;
  for (let j = 0; j < k; j++) {
    acc.fill(0, 0, len);
    const mj = j * d;
    for (let i = start, o = (start - r0) * k + j; i < end; i++, o += k) {
      const w = r[o];
      for (let c = 0; c < d; c++) acc[diff + c] = data[i * d + c] - means[mj + c];
      acc[0] += w;
      for (let a = 0; a < d; a++) {
        const wa = w * acc[diff + a];
        acc[1 + a] += wa;
        for (let b = a; b < d; b++) acc[1 + d + a * d + b] += wa * acc[diff + b];
      }
    }
    sums[nkAt + j] += acc[0];
    for (let a = 0; a < d; a++) {
      sums[sxAt + mj + a] += acc[1 + a];
      for (let b = a; b < d; b++) sums[sxxAt + j * d * d + a * d + b] += acc[1 + d + a * d + b];
    }
  }
}

/**
 * Forms the sums of blocks [firstBlock, endBlock) in `blockSums`, one `Sums` slot per block
 * (slot 0 for firstBlock), each from zero. The unit of work that threads share.
 */
export function accumulateBlocks(
  X: FlatData,
  state: MixtureState,
  prec: Precisions,
  firstBlock: number,
  endBlock: number,
  blockSums: Float64Array,
  options: EStepOptions,
): void {
  const len = sumsLayout(state.k, state.d).length;
  for (let b = firstBlock; b < endBlock; b++) {
    const slot = blockSums.subarray((b - firstBlock) * len, (b - firstBlock + 1) * len);
    slot.fill(0);
    const start = b * BLOCK_ROWS;
    accumulateRows(X, state, prec, start, Math.min(X.n, start + BLOCK_ROWS), slot, options);
  }
}

/** Number of BLOCK_ROWS blocks of n rows. */
export function blockCount(n: number): number {
  return Math.ceil(n / BLOCK_ROWS);
}

/** Adds per-block sums (as `accumulateBlocks` lays them out) in block order into `total`. */
export function addBlocks(blockSums: Float64Array, blocks: number, total: Sums): void {
  const len = total.length;
  for (let b = 0; b < blocks; b++) {
    for (let t = 0; t < len; t++) total[t] += blockSums[b * len + t];
  }
}

/**
 * The E-step over all rows in JavaScript, block by block: each block's sums are formed alone and
 * added to the total in block order, so that the result does not depend on how blocks are shared
 * out among threads. Returns the sums (with `withSums` false, only the log-likelihood, at index 0).
 * The reference for the WebAssembly pass, and the pass where it cannot run (see e-step-pass.ts).
 */
export function eStepJs(X: FlatData, state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
  const len = sumsLayout(state.k, state.d).length;
  const total = new Float64Array(len);
  const block = new Float64Array(len);
  for (let start = 0; start < X.n; start += BLOCK_ROWS) {
    block.fill(0);
    accumulateRows(X, state, prec, start, Math.min(X.n, start + BLOCK_ROWS), block, options);
    for (let t = 0; t < len; t++) total[t] += block[t];
  }
  return total;
}
