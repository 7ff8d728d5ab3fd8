/**
 * exp(x) for x ≤ 0, the E-step's only transcendental per point and component: Tang's table
 * method, written out so that the JIT inlines it into the hot loop (a `Math.exp` call costs
 * about as much as all the other arithmetic of a point-component pair). Within 2 ulp of the true
 * value on [−708, 0] (checked against `Math.exp` in test/density/exp.test.ts); subnormal results keep
 * their absolute accuracy; below −745.2 (where even `Math.exp` gives 0) it returns 0.
 *
 * x = (k·128 + j)·ln2/128 + r with |r| ≤ ln2/256, so exp(x) = 2^k · 2^(j/128) · exp(r), with
 * 2^(j/128) from a table and exp(r) from its degree-5 Taylor polynomial (error < 1e-18).
 */
const TABLE_BITS = 7;
const TABLE_SIZE = 1 << TABLE_BITS;
/** 2^(j/128), j = 0 … 127. */
const POW2_FRACTION = new Float64Array(TABLE_SIZE);
for (let j = 0; j < TABLE_SIZE; j++) POW2_FRACTION[j] = 2 ** (j / TABLE_SIZE);
/** 2^−m, m = 0 … 1099 (exact: powers of two, down to the smallest subnormal, then 0). */
const POW2_NEGATIVE = new Float64Array(1100);
for (let m = 0, p = 1; m < POW2_NEGATIVE.length; m++, p /= 2) POW2_NEGATIVE[m] = p;
const INV_STEP = TABLE_SIZE / Math.LN2;
// ln2/128 in two parts (fdlibm's ln2_hi = 6.93147180369123816490e-01 and ln2_lo =
// 1.90821492927058770002e-10, written here as the shortest decimals of the same doubles, scaled): STEP_HI has 11 trailing zero bits,
// so k · STEP_HI is exact for |k| < 2^21 and the reduction loses nothing.
const STEP_HI = 0.6931471803691238 / TABLE_SIZE;
const STEP_LO = 1.9082149292705877e-10 / TABLE_SIZE;
/** 1.5 · 2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
const ROUNDER = 6755399441055744;
const LIMIT = -745.2;

export function expNonPositive(x: number): number {
  if (!(x >= LIMIT)) return 0; // also −Infinity (and NaN, which the E-step never passes)
  const kf = x * INV_STEP + ROUNDER - ROUNDER;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = kf | 0;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return POW2_NEGATIVE[-(k >> TABLE_BITS)] * (POW2_FRACTION[k & (TABLE_SIZE - 1)] * p);
}
