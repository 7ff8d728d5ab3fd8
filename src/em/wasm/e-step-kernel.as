// The E-step pass over one block of rows in WebAssembly with 128-bit SIMD (AssemblyScript, built
// by scripts/build-wasm.ts into e-step-wasm.ts). The same maths as e-step.ts's JavaScript: the
// log-densities log πⱼ N(x | μⱼ, Σⱼ) through L⁻¹, log-sum-exp per row, the responsibilities and
// the M-step's sums about the current means. Two rows per f64x2 vector, one pass over the rows:
// each row's densities, exps and sums are formed while the row is in registers.
//
// Memory is laid out by the caller (e-step-kernel.ts); nothing here allocates. Per call:
//   params: cE (k), cL (k), means (k·d), L⁻¹ (k·d·d, lower triangular, row-major), f64
//     cE[j]: the constant of the E-step's log-density, cL[j]: the log-likelihood's (they differ
//     only in the original variant, whose E-step leaves out log πⱼ).
//   scratch: this thread's own working vectors (see SCRATCH below), 16-byte aligned.
//   sums: [ℓ | N (k) | first moments (k·d) | second moments (k·d·d, upper triangle)], added to.
//   resp: where row `start`'s responsibilities go (row-major, k per row), or 0 for nowhere.
//   products: where the products of the rows' sums of exps go (f64x2, at most 65 per block).

/** Flags. */
const WITH_SUMS: i32 = 1;
const ORIGINAL: i32 = 2;

// exp(x), x ≤ 0: x = k·ln2 + r, |r| ≤ ln2/2, exp(r) by its degree-13 Taylor polynomial in Estrin's
// form (truncation below 5e-18), 2^k applied as two powers of two so that subnormal results keep
// their accuracy; 0 below −745.2 (and for −∞ and NaN), as density/exp.ts.
const INV_LN2: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1; // 21 trailing zero bits: k·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const ROUNDER: f64 = 6755399441055744.0; // 1.5·2^52
const ROUNDER_BITS: i64 = 0x4338000000000000;
const EXP_LIMIT: f64 = -745.2;

// @ts-ignore: decorator
@inline
function expNonPositive(x: v128): v128 {
  const inRange = f64x2.ge(x, f64x2.splat(EXP_LIMIT));
  const xc = f64x2.pmax(f64x2.splat(EXP_LIMIT), x); // NaN and −∞ become the limit (masked below)
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(INV_LN2)), f64x2.splat(ROUNDER));
  const kf = f64x2.sub(t, f64x2.splat(ROUNDER));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kf, f64x2.splat(LN2_HI))), f64x2.mul(kf, f64x2.splat(LN2_LO)));
  const k = i64x2.sub(t, i64x2.splat(ROUNDER_BITS));
  // Estrin: p = Σ rⁱ/i!, i = 0 … 13, in pairs (a + b r), then r², r⁴, r⁸.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(f64x2.splat(1.0), r);
  const p23 = f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const p45 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const p67 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, f64x2.splat(1.0 / 5040.0)));
  const p89 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, f64x2.splat(1.0 / 362880.0)));
  const pAB = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)));
  const pCD = f64x2.add(f64x2.splat(1.0 / 479001600.0), f64x2.mul(r, f64x2.splat(1.0 / 6227020800.0)));
  const p03 = f64x2.add(p01, f64x2.mul(r2, p23));
  const p47 = f64x2.add(p45, f64x2.mul(r2, p67));
  const p8B = f64x2.add(p89, f64x2.mul(r2, pAB));
  const p07 = f64x2.add(p03, f64x2.mul(r4, p47));
  const p8D = f64x2.add(p8B, f64x2.mul(r4, pCD));
  const p = f64x2.add(p07, f64x2.mul(r8, p8D));
  const k1 = i64x2.shr_s(k, 1);
  const k2 = i64x2.sub(k, k1);
  const s1 = i64x2.shl(i64x2.add(k1, i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(k2, i64x2.splat(1023)), 52);
  return v128.and(f64x2.mul(f64x2.mul(p, s1), s2), inRange);
}

/** exp of each lane of x ≤ 0 (tests check the vector exp against Math.exp through this). */
export function expLanes(x: f64, y: f64): f64 {
  const e = expNonPositive(f64x2.replace_lane(f64x2.splat(x), 1, y));
  store<f64>(0, f64x2.extract_lane(e, 1));
  return f64x2.extract_lane(e, 0);
}

/**
 * Row pairs whose sums of exps are multiplied together (lane by lane) before the caller takes one
 * log of each product: each sum is in [1, k], so 16 of them cannot overflow.
 */
const LOG_CHUNK_PAIRS: i32 = 16;

/**
 * The E-step over rows [start, end) of the n × d data at `data` (see the layout above). Adds the
 * rows' maxima to ℓ and writes at `products` the vectors whose lanes' logs complete it (the caller
 * takes them: no log here); returns their count. Or returns −1 − the first row whose log-density
 * is −∞ (or NaN) under every component: its responsibilities would be 0 / 0, and the caller
 * reports it.
 */
export function eStepBlock(
  data: usize,
  start: i32,
  end: i32,
  d: i32,
  k: i32,
  params: usize,
  scratch: usize,
  sums: usize,
  resp: usize,
  products: usize,
  flags: i32,
): i32 {
  const withSums = (flags & WITH_SUMS) != 0;
  const original = (flags & ORIGINAL) != 0;
  if (d == 2 && !original) return eStepBlock2(data, start, end, k, params, scratch, sums, resp, products, withSums);
  const tri = (d * (d + 1)) >> 1;
  const perComponent = 1 + d + tri;
  const cE = params;
  const cL = cE + (<usize>k << 3);
  const means = cL + (<usize>k << 3);
  const inv = means + (<usize>(k * d) << 3);
  // Scratch, in vectors: E-step log-densities then exps (k), the log-likelihood's (k), x (d), then
  // the accumulators (k · perComponent: N, d first moments, the upper triangle of the second).
  const vE = scratch;
  const vL = vE + (<usize>k << 4);
  const vX = vL + (<usize>k << 4);
  const acc = vX + (<usize>d << 4);
  if (withSums) memory.fill(acc, 0, <usize>(k * perComponent) << 4);
  const negInf = f64x2.splat(-Infinity);
  const ones = f64x2.splat(1.0);
  let maxSum = f64x2.splat(0.0);
  let product = ones;
  let chunks: i32 = 0;
  let inChunk: i32 = 0;
  for (let i = start; i < end; i += 2) {
    const pair = i + 1 < end;
    const i2 = pair ? i + 1 : i;
    // x: dimension c of both rows.
    const row1 = data + (<usize>(i * d) << 3);
    const row2 = data + (<usize>(i2 * d) << 3);
    for (let c = 0; c < d; c++) {
      v128.store(vX + (<usize>c << 4), f64x2.replace_lane(f64x2.splat(load<f64>(row1 + (<usize>c << 3))), 1, load<f64>(row2 + (<usize>c << 3))));
    }
    let max = negInf;
    let maxL = negInf;
    for (let j = 0; j < k; j++) {
      const mj = means + (<usize>(j * d) << 3);
      const Lj = inv + (<usize>(j * d * d) << 3);
      let q = f64x2.splat(0.0);
      for (let a = 0; a < d; a++) {
        let y = f64x2.splat(0.0);
        const La = Lj + (<usize>(a * d) << 3);
        for (let c = 0; c <= a; c++) {
          const diff = f64x2.sub(v128.load(vX + (<usize>c << 4)), v128.load64_splat(mj + (<usize>c << 3)));
          y = f64x2.add(y, f64x2.mul(v128.load64_splat(La + (<usize>c << 3)), diff));
        }
        q = f64x2.add(q, f64x2.mul(y, y));
      }
      const half = f64x2.mul(q, f64x2.splat(-0.5));
      const l = f64x2.add(v128.load64_splat(cE + (<usize>j << 3)), half);
      v128.store(vE + (<usize>j << 4), l);
      // pmax keeps the maximum when l is NaN (x − μ overflowed): that component counts as infinitely far.
      max = f64x2.pmax(max, l);
      if (original) {
        const lL = f64x2.add(v128.load64_splat(cL + (<usize>j << 3)), half);
        v128.store(vL + (<usize>j << 4), lL);
        maxL = f64x2.pmax(maxL, lL);
      }
    }
    if (v128.any_true(f64x2.eq(max, negInf))) {
      return -1 - (f64x2.extract_lane(max, 0) == -Infinity ? i : i2);
    }
    let s = f64x2.splat(0.0);
    for (let j = 0; j < k; j++) {
      const at = vE + (<usize>j << 4);
      const e = expNonPositive(f64x2.sub(v128.load(at), max));
      v128.store(at, e);
      s = f64x2.add(s, e);
    }
    let sL = s;
    if (original) {
      sL = f64x2.splat(0.0);
      for (let j = 0; j < k; j++) sL = f64x2.add(sL, expNonPositive(f64x2.sub(v128.load(vL + (<usize>j << 4)), maxL)));
      max = maxL;
    }
    if (!pair) {
      // The lone last row: lane 1 repeats it; it adds log 1 + 0 to ℓ and nothing to the sums.
      sL = f64x2.replace_lane(sL, 1, 1.0);
      max = f64x2.replace_lane(max, 1, 0.0);
    }
    maxSum = f64x2.add(maxSum, max);
    product = f64x2.mul(product, sL);
    if (++inChunk == LOG_CHUNK_PAIRS) {
      v128.store(products + (<usize>chunks << 4), product);
      chunks++;
      product = ones;
      inChunk = 0;
    }
    let invS = f64x2.div(ones, s);
    if (!pair) invS = f64x2.replace_lane(invS, 1, 0.0);
    for (let j = 0; j < k; j++) {
      const r = f64x2.mul(v128.load(vE + (<usize>j << 4)), invS);
      if (resp != 0) {
        const o = resp + (<usize>((i - start) * k + j) << 3);
        store<f64>(o, f64x2.extract_lane(r, 0));
        if (pair) store<f64>(o + (<usize>k << 3), f64x2.extract_lane(r, 1));
      }
      if (withSums) {
        const mj = means + (<usize>(j * d) << 3);
        const aj = acc + (<usize>(j * perComponent) << 4);
        v128.store(aj, f64x2.add(v128.load(aj), r));
        let t = aj + 16 + (<usize>d << 4);
        for (let a = 0; a < d; a++) {
          const da = f64x2.sub(v128.load(vX + (<usize>a << 4)), v128.load64_splat(mj + (<usize>a << 3)));
          const wa = f64x2.mul(r, da);
          const fa = aj + 16 + (<usize>a << 4);
          v128.store(fa, f64x2.add(v128.load(fa), wa));
          for (let b = a; b < d; b++) {
            const db = f64x2.sub(v128.load(vX + (<usize>b << 4)), v128.load64_splat(mj + (<usize>b << 3)));
            v128.store(t, f64x2.add(v128.load(t), f64x2.mul(wa, db)));
            t += 16;
          }
        }
      }
    }
  }
  v128.store(products + (<usize>chunks << 4), product);
      chunks++;
  store<f64>(sums, load<f64>(sums) + (f64x2.extract_lane(maxSum, 0) + f64x2.extract_lane(maxSum, 1)));
  if (!withSums) return chunks;
  // The two lanes' accumulators into the sums' layout.
  const nkAt = sums + 8;
  const firstAt = nkAt + (<usize>k << 3);
  const secondAt = firstAt + (<usize>(k * d) << 3);
  for (let j = 0; j < k; j++) {
    const aj = acc + (<usize>(j * perComponent) << 4);
    addLanes(nkAt + (<usize>j << 3), aj);
    for (let a = 0; a < d; a++) addLanes(firstAt + (<usize>(j * d + a) << 3), aj + 16 + (<usize>a << 4));
    let t = aj + 16 + (<usize>d << 4);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        addLanes(secondAt + (<usize>(j * d * d + a * d + b) << 3), t);
        t += 16;
      }
    }
  }
  return chunks;
}

// @ts-ignore: decorator
@inline
function addLanes(to: usize, vector: usize): void {
  const v = v128.load(vector);
  store<f64>(to, load<f64>(to) + (f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1)));
}

/** Rows per block at most (e-step.ts's BLOCK_ROWS): the d = 2 pass keeps a block's densities. */
const BLOCK_ROWS: i32 = 2048;

/** Bytes of scratch `eStepBlock` needs for k components in d dimensions. */
export function scratchBytes(d: i32, k: i32): i32 {
  const generic = (2 * k + d + k * (1 + d + ((d * (d + 1)) >> 1))) << 4;
  const two = (k + 1) * BLOCK_ROWS * 8;
  return generic > two ? generic : two;
}

/**
 * d = 2, the correct EM: the same pass in three sweeps over the block, each with its constants in
 * locals: the log-densities component by component (and each row pair's maximum), then per row
 * pair log-sum-exp and the responsibilities, then the sums component by component.
 * Scratch: the densities, then responsibilities, component-major (k × pairs vectors), and the maxima.
 */
function eStepBlock2(
  data: usize,
  start: i32,
  end: i32,
  k: i32,
  params: usize,
  scratch: usize,
  sums: usize,
  resp: usize,
  products: usize,
  withSums: bool,
): i32 {
  const m = end - start;
  const pairs = (m + 1) >> 1;
  const odd = (m & 1) != 0;
  const cE = params;
  const means = cE + (<usize>(2 * k) << 3);
  const inv = means + (<usize>(2 * k) << 3);
  const lp = scratch;
  const maxAt = lp + (<usize>(k * pairs) << 4);
  const negInf = f64x2.splat(-Infinity);
  const half = f64x2.splat(-0.5);
  const x = data + (<usize>(2 * start) << 3);
  // The lone last row's lane 1 repeats it (its results are dropped below).
  const lastPair = pairs - 1;
  for (let p = 0; p < pairs; p++) v128.store(maxAt + (<usize>p << 4), negInf);
  for (let j = 0; j < k; j++) {
    const c = v128.load64_splat(cE + (<usize>j << 3));
    const m0 = v128.load64_splat(means + (<usize>(2 * j) << 3));
    const m1 = v128.load64_splat(means + (<usize>(2 * j + 1) << 3));
    const a = v128.load64_splat(inv + (<usize>(4 * j) << 3));
    const b = v128.load64_splat(inv + (<usize>(4 * j + 2) << 3));
    const cc = v128.load64_splat(inv + (<usize>(4 * j + 3) << 3));
    const out = lp + (<usize>(j * pairs) << 4);
    for (let p = 0; p < pairs; p++) {
      const r1 = v128.load(x + (<usize>p << 5));
      const r2 = odd && p == lastPair ? r1 : v128.load(x + (<usize>p << 5) + 16);
      const d0 = f64x2.sub(v128.shuffle<f64>(r1, r2, 0, 2), m0);
      const d1 = f64x2.sub(v128.shuffle<f64>(r1, r2, 1, 3), m1);
      const y0 = f64x2.mul(a, d0);
      const y1 = f64x2.add(f64x2.mul(b, d0), f64x2.mul(cc, d1));
      const l = f64x2.add(c, f64x2.mul(half, f64x2.add(f64x2.mul(y0, y0), f64x2.mul(y1, y1))));
      v128.store(out + (<usize>p << 4), l);
      const mp = maxAt + (<usize>p << 4);
      // pmax keeps the maximum when l is NaN (x − μ overflowed): that component counts as infinitely far.
      v128.store(mp, f64x2.pmax(v128.load(mp), l));
    }
  }
  const ones = f64x2.splat(1.0);
  let maxSum = f64x2.splat(0.0);
  let product = ones;
  let chunks: i32 = 0;
  let inChunk: i32 = 0;
  const stride = <usize>pairs << 4;
  for (let p = 0; p < pairs; p++) {
    let max = v128.load(maxAt + (<usize>p << 4));
    if (v128.any_true(f64x2.eq(max, negInf))) {
      return -1 - (f64x2.extract_lane(max, 0) == -Infinity ? start + 2 * p : start + 2 * p + 1);
    }
    let s = f64x2.splat(0.0);
    let at = lp + (<usize>p << 4);
    for (let j = 0; j < k; j++, at += stride) {
      const e = expNonPositive(f64x2.sub(v128.load(at), max));
      v128.store(at, e);
      s = f64x2.add(s, e);
    }
    let sL = s;
    let invS = f64x2.div(ones, s);
    const pair = !(odd && p == lastPair);
    if (!pair) {
      sL = f64x2.replace_lane(sL, 1, 1.0);
      max = f64x2.replace_lane(max, 1, 0.0);
      invS = f64x2.replace_lane(invS, 1, 0.0);
    }
    maxSum = f64x2.add(maxSum, max);
    product = f64x2.mul(product, sL);
    if (++inChunk == LOG_CHUNK_PAIRS) {
      v128.store(products + (<usize>chunks << 4), product);
      chunks++;
      product = ones;
      inChunk = 0;
    }
    at = lp + (<usize>p << 4);
    const o = resp + (<usize>(2 * p * k) << 3);
    for (let j = 0; j < k; j++, at += stride) {
      const r = f64x2.mul(v128.load(at), invS);
      v128.store(at, r);
      if (resp != 0) {
        store<f64>(o + (<usize>j << 3), f64x2.extract_lane(r, 0));
        if (pair) store<f64>(o + (<usize>(k + j) << 3), f64x2.extract_lane(r, 1));
      }
    }
  }
  v128.store(products + (<usize>chunks << 4), product);
      chunks++;
  store<f64>(sums, load<f64>(sums) + (f64x2.extract_lane(maxSum, 0) + f64x2.extract_lane(maxSum, 1)));
  if (!withSums) return chunks;
  const nkAt = sums + 8;
  const firstAt = nkAt + (<usize>k << 3);
  const secondAt = firstAt + (<usize>(2 * k) << 3);
  for (let j = 0; j < k; j++) {
    const m0 = v128.load64_splat(means + (<usize>(2 * j) << 3));
    const m1 = v128.load64_splat(means + (<usize>(2 * j + 1) << 3));
    const rj = lp + (<usize>(j * pairs) << 4);
    let nk = f64x2.splat(0.0),
      s0 = nk,
      s1 = nk,
      s00 = nk,
      s01 = nk,
      s11 = nk;
    for (let p = 0; p < pairs; p++) {
      const w = v128.load(rj + (<usize>p << 4)); // lane 1 of the lone last row is 0
      const r1 = v128.load(x + (<usize>p << 5));
      const r2 = odd && p == lastPair ? r1 : v128.load(x + (<usize>p << 5) + 16);
      const d0 = f64x2.sub(v128.shuffle<f64>(r1, r2, 0, 2), m0);
      const d1 = f64x2.sub(v128.shuffle<f64>(r1, r2, 1, 3), m1);
      const w0 = f64x2.mul(w, d0);
      const w1 = f64x2.mul(w, d1);
      nk = f64x2.add(nk, w);
      s0 = f64x2.add(s0, w0);
      s1 = f64x2.add(s1, w1);
      s00 = f64x2.add(s00, f64x2.mul(w0, d0));
      s01 = f64x2.add(s01, f64x2.mul(w0, d1));
      s11 = f64x2.add(s11, f64x2.mul(w1, d1));
    }
    addVector(nkAt + (<usize>j << 3), nk);
    addVector(firstAt + (<usize>(2 * j) << 3), s0);
    addVector(firstAt + (<usize>(2 * j + 1) << 3), s1);
    addVector(secondAt + (<usize>(4 * j) << 3), s00);
    addVector(secondAt + (<usize>(4 * j + 1) << 3), s01);
    addVector(secondAt + (<usize>(4 * j + 3) << 3), s11);
  }
  return chunks;
}

// @ts-ignore: decorator
@inline
function addVector(to: usize, v: v128): void {
  store<f64>(to, load<f64>(to) + (f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1)));
}
