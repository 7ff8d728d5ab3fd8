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

// exp(x), x ≤ 0, Tang's table method (as density/exp.ts): x = (128·e + j)·ln2/128 + r with
// |r| ≤ ln2/256, so exp(x) = 2^e · 2^(j/128) · exp(r), 2^(j/128) from a table (correctly rounded)
// and exp(r) by its degree-5 Taylor polynomial (truncation below 6e-19). 2^e goes into the
// exponent bits with 600 to spare, then a multiplication by 2^−600 rounds a subnormal result once;
// 0 below −745.2 (and for −∞ and NaN). The constants are read from memory: a v128.const in the
// loop costs the engine several instructions each time. (Each thread's instance writes the table
// into the shared memory when it starts: the same bytes, so a pass already reading them is unharmed.)
/** 2^(j/128), j = 0 … 127, correctly rounded. */
const POW2_FRACTION: usize = memory.data<f64>([
  1.0, 1.0054299011128027, 1.0108892860517005, 1.016378314910953, 1.0218971486541166,
  1.0274459491187637, 1.0330248790212284, 1.0386341019613787, 1.0442737824274138, 1.0499440858006872,
  1.0556451783605572, 1.061377227289262, 1.0671404006768237, 1.0729348675259756, 1.0787607977571199,
  1.0846183622133092, 1.0905077326652577, 1.0964290818163769, 1.102382583307841, 1.1083684117236787,
  1.1143867425958924, 1.1204377524096067, 1.1265216186082418, 1.1326385195987192, 1.1387886347566916,
  1.1449721444318042, 1.1511892299529827, 1.1574400736337511, 1.1637248587775775, 1.1700437696832502,
  1.1763969916502812, 1.182784710984341, 1.189207115002721, 1.1956643920398273, 1.202156731452703,
  1.2086843236265816, 1.215247359980469, 1.2218460329727576, 1.22848053610687, 1.2351510639369334,
  1.241857812073484, 1.2486009771892048, 1.255380757024691, 1.2621973503942507, 1.2690509571917332,
  1.275941778396392, 1.2828700160787783, 1.2898358734066657, 1.2968395546510096, 1.3038812651919358,
  1.3109612115247644, 1.318079601266064, 1.3252366431597413, 1.3324325470831615, 1.339667524053303,
  1.3469417862329458, 1.3542555469368927, 1.3616090206382248, 1.3690024229745905, 1.3764359707545302,
  1.383909881963832, 1.3914243757719262, 1.3989796725383112, 1.4065759938190154, 1.4142135623730951,
  1.4218926021691656, 1.42961333839197, 1.4373759974489824, 1.4451808069770467, 1.4530279958490526,
  1.460917794180647, 1.4688504333369818, 1.4768261459394993, 1.4848451658727524, 1.4929077282912648,
  1.5010140696264256, 1.5091644275934228, 1.5173590411982147, 1.5255981507445384, 1.533881997840956,
  1.5422108254079407, 1.550584877685, 1.559004400237837, 1.567469639965553, 1.5759808451078865,
  1.5845382652524937, 1.593142151342267, 1.6017927556826934, 1.6104903319492543, 1.6192351351948637,
  1.6280274218573478, 1.6368674497669644, 1.645755478153965, 1.6546917676561943, 1.6636765803267364,
  1.6727101796415966, 1.681792830507429, 1.6909247992693053, 1.7001063537185235, 1.709337763100463,
  1.718619298122478, 1.7279512309618377, 1.7373338352737062, 1.746767386199169, 1.7562521603732995,
  1.7657884359332727, 1.7753764925265212, 1.785016611318935, 1.7947090750031072, 1.804454167806624,
  1.8142521755003989, 1.8241033854070534, 1.8340080864093424, 1.843966568958626, 1.8539791250833855,
  1.864046048397789, 1.8741676341103, 1.8843441790323345, 1.8945759815869656, 1.9048633418176741,
  1.9152065613971474, 1.925605943636125, 1.9360617934922943, 1.9465744175792332, 1.9571441241754002,
  1.9677712232331759, 1.978456026387951, 1.9891988469672663,
]);
const TABLE_MASK: i64 = 127;
const SCALE_SPARE: i64 = 600;
const ROUNDER_BITS: i64 = 0x4338000000000000;
/** Splat constants, 8 bytes each, in the order of the C_ offsets below. */
const EXP_CONSTANTS: usize = memory.data<f64>([
  -745.2, // limit
  184.6649652337873, // 128/ln2
  6755399441055744.0, // 1.5·2^52: adding and subtracting it rounds to an integer
  0.6931471803691238 / 128.0, // ln2/128, high part (its last 11 bits zero: k·it is exact)
  1.9082149292705877e-10 / 128.0, // ln2/128, low part
  1.0,
  1.0 / 2.0,
  1.0 / 6.0,
  1.0 / 24.0,
  1.0 / 120.0,
  reinterpret<f64>(TABLE_MASK),
  reinterpret<f64>(ROUNDER_BITS - SCALE_SPARE * 128), // subtracted from the rounded bits: 128·(e + 600) + j
  reinterpret<f64>(<i64>(1023 - 600) << 52), // 2^−600
]);
const C_LIMIT = 0, C_INV_STEP = 8, C_ROUNDER = 16, C_STEP_HI = 24, C_STEP_LO = 32, C_ONE = 40, C_HALF = 48, C_SIXTH = 56,
  C_24TH = 64, C_120TH = 72, C_MASK = 80, C_SPARE_BITS = 88, C_UNSPARE = 96;

// @ts-ignore: decorator
@inline
function splatAt(offset: usize): v128 {
  return v128.load64_splat(EXP_CONSTANTS + offset);
}

// @ts-ignore: decorator
@inline
function expNonPositive(x: v128): v128 {
  const inRange = f64x2.ge(x, splatAt(C_LIMIT));
  // Below the limit (and −∞, NaN) exp(0) is formed and masked to 0: not the limit's, whose
  // subnormal result costs the processor a slow path at every far component.
  const xc = v128.and(x, inRange);
  const t = f64x2.add(f64x2.mul(xc, splatAt(C_INV_STEP)), splatAt(C_ROUNDER));
  const kf = f64x2.sub(t, splatAt(C_ROUNDER));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kf, splatAt(C_STEP_HI))), f64x2.mul(kf, splatAt(C_STEP_LO)));
  const j = v128.and(t, splatAt(C_MASK));
  const T0 = v128.load64_zero(POW2_FRACTION + (<usize>i64x2.extract_lane(j, 0) << 3));
  const T = v128.load64_lane(POW2_FRACTION + (<usize>i64x2.extract_lane(j, 1) << 3), T0, 1);
  // (t's bits − (ROUNDER_BITS − 600·128)) − j = 128·(e + 600), shifted into the exponent field.
  const scale = i64x2.shl(i64x2.sub(i64x2.sub(t, splatAt(C_SPARE_BITS)), j), 45);
  const r2 = f64x2.mul(r, r);
  // Estrin: (1 + r) + r²·((1/2 + r/6) + r²·(1/24 + r/120)).
  const p23 = f64x2.add(splatAt(C_HALF), f64x2.mul(r, splatAt(C_SIXTH)));
  const p45 = f64x2.add(splatAt(C_24TH), f64x2.mul(r, splatAt(C_120TH)));
  const p = f64x2.add(f64x2.add(splatAt(C_ONE), r), f64x2.mul(r2, f64x2.add(p23, f64x2.mul(r2, p45))));
  const e = f64x2.mul(i64x2.add(f64x2.mul(T, p), scale), splatAt(C_UNSPARE));
  return v128.and(e, inRange);
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
