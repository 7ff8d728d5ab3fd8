/**
 * numpy's legacy random generator (`np.random.seed(s)` / `np.random.RandomState(s)`), bit for bit:
 * MT19937, 53-bit doubles, the polar normals with their cached second value, and the few
 * distributions the original notebook and scikit-learn's make_blobs use. A class can then see the
 * very points of the Python notebook.
 */
import { GmmInputError } from "../errors";
import { ARRAY_ROW_BYTES, checkCount, checkFinite, checkParameters, is, isNumberArray, shown } from "../validate";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Largest seed numpy's legacy seeding accepts. */
const MAX_NUMPY_SEED = 2 ** 32 - 1;

/** What each method takes, as numpy does: bounds and scales finite, counts that fit in memory. */
const PARAMETERS = {
  uniform: { low: is.number(), high: is.number() },
  normal: { loc: is.number(), scale: is.number(0) },
  randomInterval: { max: is.integer(0, MAX_NUMPY_SEED) },
  randint: { n: is.integer(1, MAX_NUMPY_SEED + 1) },
  permutation: { n: is.count(0, ARRAY_ROW_BYTES(0), "numbers in a permutation", "permute fewer") },
  multivariateNormalIsotropic: { variance: is.number(0), size: is.integer(0) },
};

/** Throws unless `seed` is an integer in 0 … 2³² − 1, as `np.random.seed` requires. */
export function checkNumpySeed(name: string, seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > MAX_NUMPY_SEED) {
    throw new GmmInputError(
      name,
      `must be an integer from 0 to 2^32 − 1 = ${MAX_NUMPY_SEED} (numpy's legacy seed range), got ${shown(seed)}`,
    );
  }
  return seed;
}

/**
 * `np.random.RandomState(seed)` of numpy ≥ 1.17 (the legacy stream, frozen since numpy 1.16):
 * the same seed gives the same numbers as numpy, in the same order, call after call.
 */
export class NumpyRandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  /** The polar method makes normals in pairs; the second is kept for the next call, as numpy does. */
  private hasGauss = false;
  private gauss = 0;

  /** `seed`: an integer 0 … 2³² − 1, seeded as numpy seeds an int (Matsumoto–Nishimura's init_genrand). */
  constructor(seed: number) {
    let s = checkNumpySeed("seed", seed) >>> 0;
    const key = this.key;
    for (let i = 0; i < N; i++) {
      key[i] = s;
      // 1812433253 · (s ⊕ (s >> 30)) + i + 1 mod 2³²; Math.imul keeps the product exact mod 2³².
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  /** The next raw 32-bit word of MT19937 (tempered), as an unsigned integer. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: a double in [0, 1) from two words, 27 + 26 = 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * `standard_normal()`: the polar (Marsaglia) method on pairs of `randomSample`s. Of a pair
   * (x1, x2) numpy returns f·x2 first and caches f·x1 for the next call. The logarithm is
   * correctly rounded, as glibc's (numpy's on Linux) is in all but about 1 case in 1 100, so the
   * values are numpy's bit for bit but in those cases (then within an ulp or two); V8's
   * Math.log is off by a bit for about 7 % of arguments.
   */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const z = this.gauss;
      this.gauss = 0;
      return z;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * correctlyRoundedLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `uniform(low, high)`: low + (high − low) · random_sample(). */
  uniform(low: number, high: number): number {
    checkParameters(PARAMETERS.uniform, { low, high });
    if (!Number.isFinite(high - low))
      throw new GmmInputError("high", `is ${high}: high − low overflows the doubles (low is ${low})`);
    return low + (high - low) * this.randomSample();
  }

  /** `normal(loc, scale)`: loc + scale · standard_normal(). */
  normal(loc: number, scale: number): number {
    checkParameters(PARAMETERS.normal, { loc, scale });
    return loc + scale * this.standardNormal();
  }

  /**
   * An integer uniform in 0 … max (inclusive), as numpy's `random_interval`: 32-bit words masked
   * to the smallest covering bit mask, rejecting values above max. `max` < 2³².
   */
  randomInterval(max: number): number {
    checkParameters(PARAMETERS.randomInterval, { max });
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  }

  /** `randint(n)`: an integer in [0, n). */
  randint(n: number): number {
    checkParameters(PARAMETERS.randint, { n });
    return this.randomInterval(n - 1);
  }

  /** `permutation(n)`: 0 … n − 1 shuffled as numpy's legacy `permutation`. */
  permutation(n: number): number[] {
    checkParameters(PARAMETERS.permutation, { n });
    const a = Array.from({ length: n }, (_, i) => i);
    this.shuffle(a);
    return a;
  }

  /** `shuffle(a)` of a 1-D array, in place: Fisher–Yates from the end, as numpy's legacy shuffle. */
  shuffle<T>(a: T[] | Float64Array | Int32Array): void {
    if (!Array.isArray(a) && !isNumberArray(a)) throw new GmmInputError("a", `must be an array, got ${shown(a)}`);
    for (let i = a.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * `multivariate_normal(mean, variance · I, size)`, row-major size × d. numpy draws
   * size × d standard normals (row by row) and maps them through the SVD of the covariance,
   * x = z · (√s · V) + mean; for variance · I LAPACK returns V = I and s = variance (see
   * `isotropicSingularValue`), so x = z · √s + mean, the same rounding as numpy's product.
   */
  multivariateNormalIsotropic(mean: ArrayLike<number>, variance: number, size: number): Float64Array {
    checkParameters(PARAMETERS.multivariateNormalIsotropic, { variance, size });
    if (!isNumberArray(mean) || mean.length === 0)
      throw new GmmInputError("mean", `must be a non-empty array of numbers, got ${shown(mean)}`);
    for (let c = 0; c < mean.length; c++) checkFinite(`mean[${c}]`, mean[c]);
    const d = mean.length;
    checkCount("size", size, 0, 8 * d, `draws of ${d} numbers`, "draw fewer");
    const sd = Math.sqrt(isotropicSingularValue(variance));
    const out = new Float64Array(size * d);
    for (let t = 0; t < out.length; t++) out[t] = this.standardNormal() * sd + mean[t % d];
    return out;
  }

  private twist(): void {
    const key = this.key;
    let y: number;
    let i = 0;
    for (; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }
}

/** LAPACK dgesdd's safe range for the matrix's largest entry: 2^-459 = √(tiny) / ε, and its inverse. */
const SVD_SMALL = 2 ** -459;
const SVD_BIG = 2 ** 459;

/**
 * The singular value numpy's `svd` (LAPACK dgesdd) returns for variance · I. It is `variance`
 * itself, except outside [2^-459, 2^459], where dgesdd scales the matrix into range (by
 * 2^±459 / variance, rounded) and scales the singular values back (by variance / 2^±459, exact),
 * which can change the last bit; e.g. 1e-300 comes back as 9.999999999999999e-301.
 */
export function isotropicSingularValue(variance: number): number {
  if (variance > 0 && (variance < SVD_SMALL || variance > SVD_BIG)) {
    const target = variance < SVD_SMALL ? SVD_SMALL : SVD_BIG;
    const scaled = variance * (target / variance);
    return scaled * (variance / target);
  }
  return variance;
}

// ---------------------------------------------------------------------------------------------
// A correctly rounded natural logarithm, in double-double arithmetic (≈ 104 bits), so that the
// normals, hence the points, are numpy's (glibc's) to the last bit, not only to 1e-15.

// The double-double operations leave their result in DD = [hi, lo]: a typed array, so that V8
// neither allocates a small array per operation nor boxes a module-level number per write.
const DD = new Float64Array(2);

/** hi + lo = a + b exactly. */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  DD[1] = a - (s - bb) + (b - bb);
  DD[0] = s;
}

/** hi + lo = a + b exactly, given |a| ≥ |b|. */
function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  DD[1] = b - (s - a);
  DD[0] = s;
}

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's split of a double into two 26-bit halves

/** hi + lo = a · b exactly (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a),
    al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b),
    bl = b - bh;
  DD[1] = ah * bh - p + ah * bl + al * bh + al * bl;
  DD[0] = p;
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = DD[0],
    e = DD[1];
  twoSum(al, bl);
  const t = DD[0],
    f = DD[1];
  quickTwoSum(s, e + t);
  quickTwoSum(DD[0], DD[1] + f);
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  quickTwoSum(DD[0], DD[1] + (ah * bl + al * bh));
}

function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl);
  ddAdd(ah, al, -DD[0], -DD[1]);
  const rh = DD[0],
    rl = DD[1];
  const q2 = rh / bh;
  ddMul(q2, 0, bh, bl);
  ddAdd(rh, rl, -DD[0], -DD[1]);
  const q3 = DD[0] / bh;
  quickTwoSum(q1, q2);
  ddAdd(DD[0], DD[1], q3, 0);
}

/** ln 2 as a double-double. */
const LN2_HI = Math.LN2;
const LN2_LO = 2.3190468138462996e-17;
/** 1 / (2n + 1), n = 0 … 21, as double-doubles: the series of atanh. */
const ATANH_TERMS = 22;
const ATANH_DOUBLE_FROM = 12;
const ATANH_COEF_HI = new Float64Array(ATANH_TERMS);
const ATANH_COEF_LO = new Float64Array(ATANH_TERMS);
for (let n = 0; n < ATANH_TERMS; n++) {
  ddDiv(1, 0, 2 * n + 1, 0);
  ATANH_COEF_HI[n] = DD[0];
  ATANH_COEF_LO[n] = DD[1];
}

const bits = new DataView(new ArrayBuffer(8));

/**
 * ln x, correctly rounded (to nearest) for finite x > 0: x = m · 2^e with m in [√½, √2),
 * ln x = e ln 2 + 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, the series summed to 22 terms
 * (error < 2^-106) in double-double; the one final rounding is then correct unless ln x lies
 * within ~2^-100 of a midpoint between two doubles.
 */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals made normal
    e = -54;
  }
  bits.setFloat64(0, x);
  const hiWord = bits.getUint32(0);
  e += ((hiWord >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (hiWord & 0x800fffff) | (1023 << 20));
  let m = bits.getFloat64(0); // in [1, 2)
  if (m >= Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // m − 1 is exact (Sterbenz); m + 1 may need 54 bits, so keep it as a double-double.
  twoSum(m, 1);
  ddDiv(m - 1, 0, DD[0], DD[1]);
  const sh = DD[0],
    sl = DD[1];
  ddMul(sh, sl, sh, sl);
  const s2h = DD[0],
    s2l = DD[1];
  // Terms n ≥ 12 weigh ≤ s^24 < 2^-60: summed in plain doubles, their error is below 2^-110.
  let ph = ATANH_COEF_HI[ATANH_TERMS - 1],
    pl = 0;
  for (let n = ATANH_TERMS - 2; n >= ATANH_DOUBLE_FROM; n--) ph = ph * s2h + ATANH_COEF_HI[n];
  for (let n = ATANH_DOUBLE_FROM - 1; n >= 0; n--) {
    ddMul(ph, pl, s2h, s2l);
    ddAdd(DD[0], DD[1], ATANH_COEF_HI[n], ATANH_COEF_LO[n]);
    ph = DD[0];
    pl = DD[1];
  }
  ddMul(sh, sl, ph, pl);
  let lh = 2 * DD[0],
    ll = 2 * DD[1];
  if (e !== 0) {
    twoProd(e, LN2_HI);
    const eh = DD[0],
      el = DD[1] + e * LN2_LO;
    ddAdd(eh, el, lh, ll);
    lh = DD[0];
    ll = DD[1];
  }
  return lh + ll;
}
