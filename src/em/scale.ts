/**
 * What the data's scale lets EM do in double precision. Checked once per fit (the data) and once
 * per component per M-step (the covariances), never per point:
 *
 * - the data's spread: the sums of squared deviations must neither overflow nor fall where
 *   doubles lose bits (`checkDataScale`);
 * - its centre: data far from the origin compared with its spread is fitted centred — EM is
 *   translation-equivariant — so that the means keep the digits of the spread, not of the offset
 *   (`centredData`);
 * - each component (`checkResolvable`): its covariance conditioned well enough, and its spread
 *   wide enough against the rounding of its mean, that an EM step is not rounding noise. Past
 *   either limit the log-likelihood can fall from one iteration to the next: the component is
 *   collapsing (onto a point, a line, a plane), and EM stops with a `GmmSingularCovarianceError`
 *   that says so, before it does.
 */
import { checkAllFinite, type FlatData } from "../data/input";
import { symmetricEigen, timesPowerOfTwo } from "../density/symmetric-eigen";
import {
  type CollapseAdvice,
  type CollapseKind,
  collapseAdvice,
  GmmInputError,
  GmmSingularCovarianceError,
  roughly,
} from "../errors";
import type { MixtureState, Precisions } from "./params";

const EPS = Number.EPSILON;

/**
 * The smallest variance EM works with: 2⁻¹⁰²² / eps ≈ 1e-292. Below it the squares and sums that
 * make a covariance come near the subnormal doubles, which hold fewer than 53 bits.
 */
const MIN_VARIANCE = 2 ** -1022 / EPS;

/**
 * How ill-conditioned a covariance may be: tr(Σ) · tr(Σ⁻¹) (at least its condition number, at most
 * d² times it) up to 1e-5 / eps ≈ 4.5e10. Measured over thousands of fits (test/em/monotone.test.ts
 * holds 400 of them): the log-likelihood never fell while every component stayed below 1e-4 / eps;
 * above it, it fell in a third of the fits. A decade of margin.
 */
const MAX_CONDITION = 1e-5 / EPS;

/**
 * How finely a component may be spread compared with the rounding of its mean: Σ_a (Σ⁻¹)_aa ·
 * (eps · μ_a)² — the squared length, in the component's standard deviations, of the rounding of a
 * mean stored as doubles — up to 1e-9 (a spread at least ~3e4 times the spacing of doubles at the
 * mean). Measured as `MAX_CONDITION`: no fall below 1e-8, falls above it. A decade of margin.
 */
const MAX_ROUNDING = 1e-9;

/**
 * How far from the origin, in spreads, data is fitted centred: beyond 1e4 the means' rounding
 * costs more than 4 of the spread's digits. Nearer, X is used as it is (and its fit is bit for bit
 * the one computed on X as given, as the reference fixtures are).
 */
const CENTRE_BEYOND = 1e4;

/** The data's scale, as one fit uses it. */
interface DataScale {
  /** Each column's smallest and largest value. */
  min: Float64Array;
  max: Float64Array;
  /** Subtracted from every row before EM (and added back to the means it returns), or null: the data is fitted as it is. */
  centre: Float64Array | null;
  /** The regCovar an error suggests: about a millionth of the data's mean variance, a power of ten (computed when asked). */
  readonly regCovarHint: number;
}

/**
 * Checks that EM can work at the scale of X (`name`: how the caller calls it): every value finite
 * (the check `toFlatData(X, name, false)` leaves to this pass, with the same message); in each column,
 * the spread's square is at least `MIN_VARIANCE` (or 0: a constant column) and n of them sum to
 * a finite number. Returns the columns' ranges, where to centre X and the regCovar to suggest.
 */
export function checkDataScale(X: FlatData, name = "X"): DataScale {
  const { data, n, d } = X;
  const min = new Float64Array(d),
    max = new Float64Array(d);
  // Column by column, in locals (the one pass over X before EM, at the speed of reading it): the
  // ranges, and whether every value is finite (v − v is 0 only for a finite v).
  let finite = 0;
  for (let a = 0; a < d; a++) {
    let low = Infinity,
      high = -Infinity;
    for (let t = a, end = n * d; t < end; t += d) {
      const v = data[t];
      finite += v - v;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    min[a] = low;
    max[a] = high;
  }
  // NaN once any value was NaN or ±Infinity: then name the first, as toFlatData does.
  if (finite !== 0) checkAllFinite(data, d, name);
  const centre = new Float64Array(d);
  let farFromOrigin = false;
  for (let a = 0; a < d; a++) {
    const span = max[a] - min[a];
    if (!Number.isFinite(span)) {
      throw new GmmInputError(
        name,
        `column ${a} runs from ${min[a]} to ${max[a]}: its range overflows (beyond 1.8e308); divide X by a power of ten`,
      );
    }
    if (span > 0 && span * span < MIN_VARIANCE) {
      throw new GmmInputError(
        name,
        `column ${a} spans only ${span.toPrecision(3)}: its variances would be below ` +
          `${MIN_VARIANCE.toPrecision(2)}, where doubles lose their precision; multiply X by a power of ten`,
      );
    }
    if (!(n * span * span < Number.MAX_VALUE / 4)) {
      throw new GmmInputError(
        name,
        `column ${a} spans ${span.toPrecision(3)}: the sum of ${n} squared deviations would overflow (beyond 1.8e308); divide X by a power of ten`,
      );
    }
    centre[a] = 0.5 * min[a] + 0.5 * max[a];
    // Means stored at an offset far beyond the spread lose to rounding digits the spread needs.
    if (Math.abs(centre[a]) > CENTRE_BEYOND * span) farFromOrigin = true;
  }
  let hint: number | undefined;
  return {
    min,
    max,
    centre: farFromOrigin ? centre : null,
    // Only an error message needs it: a second pass over X then, not on every fit.
    get regCovarHint() {
      hint ??= regCovarHintOf(X, centre);
      return hint;
    },
  };
}

/** About a millionth of the mean variance of X's columns, rounded down to a power of ten (1e-6 when it is 0). */
function regCovarHintOf(X: FlatData, about: Float64Array): number {
  const { data, n, d } = X;
  const sum = new Float64Array(d),
    sumSq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const v = data[i * d + a] - about[a];
      sum[a] += v;
      sumSq[a] += v * v;
    }
  }
  let variance = 0;
  for (let a = 0; a < d; a++) variance += Math.max(0, sumSq[a] / n - (sum[a] / n) ** 2) / d;
  const hint = 10 ** Math.floor(Math.log10(1e-6 * variance));
  return Number.isFinite(hint) && hint > 0 ? hint : 1e-6;
}

/**
 * Without regCovar, a column of X that is constant leaves every covariance singular: an input
 * error, said up front rather than as a collapse at the first iteration.
 */
export function checkNoConstantColumn(scale: DataScale, regCovar: number, name = "X"): void {
  if (regCovar > 0) return;
  scale.min.forEach((low, a) => {
    if (low === scale.max[a]) {
      throw new GmmInputError(
        name,
        `column ${a} is constant (every value is ${low}): no Gaussian with a positive definite covariance fits it; ` +
          `pass a regCovar > 0 (e.g. ${roughly(scale.regCovarHint)}), or leave the column out`,
      );
    }
  });
}

/**
 * Checks that k means (flat, k × d, named `name`) are within reach of the data: x − μ finite
 * for every row x (the E-step subtracts them).
 */
export function checkMeansInReach(name: string, means: Float64Array, k: number, scale: DataScale): void {
  const d = scale.min.length;
  for (let j = 0; j < k; j++) {
    for (let a = 0; a < d; a++) {
      const m = means[j * d + a];
      if (!Number.isFinite(scale.max[a] - m) || !Number.isFinite(m - scale.min[a])) {
        throw new GmmInputError(
          `${name}[${j}][${a}]`,
          `is ${m}: its distance to the data (which runs from ${scale.min[a]} to ${scale.max[a]}) overflows`,
        );
      }
    }
  }
}

/**
 * X with `centre` subtracted from every row (a copy; in shared memory when `shared`, for the
 * E-step's threads). Where the data are far from the origin, x and the centre are within a
 * factor of two of each other and x − centre is exact.
 */
export function centredData(X: FlatData, centre: Float64Array, shared: boolean): FlatData {
  const { data, n, d } = X;
  const out = new Float64Array(shared ? new SharedArrayBuffer(n * d * 8) : new ArrayBuffer(n * d * 8));
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) out[i * d + a] = data[i * d + a] - centre[a];
  return { data: out, n, d };
}

/** Subtracts (`sign` −1) or adds back (+1) `centre` to the k means of `state`, in place. */
export function shiftMeans(state: MixtureState, centre: Float64Array | null, sign: 1 | -1): void {
  if (centre === null) return;
  const { k, d, means } = state;
  for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) means[j * d + a] += sign * centre[a];
}

/** The regCovar an error suggests, computed only when an error needs it. */
export type RegCovarHint = () => number;

/** A component EM cannot resolve: which, why, and what to do. */
interface Unresolvable {
  component: number;
  kind: CollapseKind;
  problem: string;
  advice: CollapseAdvice;
}

/**
 * The first component of `state` that EM cannot resolve (see the limits above), or null: its
 * variances below `MIN_VARIANCE`, its covariance past `MAX_CONDITION`, its spread past
 * `MAX_ROUNDING`. `precisions` are the state's factors: (Σ⁻¹)_aa = Σ_m (L⁻¹)_ma². O(k d²).
 */
export function findUnresolvable(
  state: MixtureState,
  precisions: Precisions,
  regCovarHint: RegCovarHint,
): Unresolvable | null {
  const { k, d, means, covariances } = state;
  const A = precisions.inverseLower;
  for (let j = 0; j < k; j++) {
    const o = j * d * d;
    // tr Σ as d times the mean variance: 1e308 · I has a trace beyond the doubles, its mean is not.
    let meanS = 0,
      traceP = 0,
      rounding = 0,
      minVariance = Infinity;
    for (let a = 0; a < d; a++) {
      const v = covariances[o + a * d + a];
      let p = 0;
      for (let m = a; m < d; m++) p += A[o + m * d + a] * A[o + m * d + a];
      meanS += v / d;
      traceP += p;
      const r = EPS * means[j * d + a];
      rounding += p * r * r;
      if (v < minVariance) minVariance = v;
    }
    if (minVariance < MIN_VARIANCE) {
      return {
        component: j,
        kind: "underflow",
        problem: `its variances (down to ${minVariance.toPrecision(2)}) are below ${MIN_VARIANCE.toPrecision(2)}, where doubles lose their precision`,
        advice: {
          text: "The data's scale is too small for double precision here: multiply X by a power of ten (the fit is the same, scaled).",
          regCovar: null,
        },
      };
    }
    if (!(meanS * traceP * d <= MAX_CONDITION)) {
      const { condition } = extremes(covariances, o, d);
      return {
        component: j,
        kind: "ill-conditioned",
        problem:
          `its covariance is nearly singular (condition number ${condition.toPrecision(2)}; ` +
          `past about ${MAX_CONDITION.toPrecision(2)} an EM step is rounding noise and the log-likelihood can fall): it is flat, as a component collapsing onto a line or a plane is`,
        advice: collapseAdvice(regCovarHint()),
      };
    }
    if (!(rounding <= MAX_ROUNDING)) {
      const { smallest } = extremes(covariances, o, d);
      let far = 0;
      for (let a = 0; a < d; a++) far = Math.max(far, Math.abs(means[j * d + a]));
      return {
        component: j,
        kind: "unresolved",
        problem:
          `its spread (a standard deviation of ${Math.sqrt(smallest).toPrecision(2)} in its narrowest direction) ` +
          `is too fine for doubles at its mean's distance from the data's centre (${far.toPrecision(3)}, where doubles are ${(EPS * far).toPrecision(2)} apart): ` +
          `its points are all but identical there`,
        advice: collapseAdvice(regCovarHint()),
      };
    }
  }
  return null;
}

/** Throws the `GmmSingularCovarianceError` of `findUnresolvable`'s component, if any, at `iteration`. */
export function checkResolvable(
  state: MixtureState,
  precisions: Precisions,
  iteration: number,
  regCovarHint: RegCovarHint,
): void {
  const found = findUnresolvable(state, precisions, regCovarHint);
  if (found !== null)
    throw new GmmSingularCovarianceError(found.component, iteration, found.problem, found.kind, found.advice);
}

/** The smallest eigenvalue and the condition number of the d × d matrix at `offset` (for messages only). */
function extremes(cov: Float64Array, offset: number, d: number): { smallest: number; condition: number } {
  const { values, exponent } = symmetricEigen(d, (r, c) => cov[offset + r * d + c]);
  const smallest = Math.min(...values),
    largest = Math.max(...values);
  return {
    smallest: Math.max(timesPowerOfTwo(smallest, exponent), 0),
    condition: smallest > 0 ? largest / smallest : Infinity,
  };
}
