/**
 * The sums an E-step pass produces and the M-step reads: one Float64Array per pass (or per block
 * of rows), laid out as `sumsLayout` says. Everything that reads or writes the sums takes its
 * offsets from here.
 */

/**
 * The E-step's sums for k components in d dimensions, in one flat array:
 *
 *     [ ℓ | N_j (k) | Σᵢ r_ij (x_i − μ_j) (k × d) | Σᵢ r_ij (x_i − μ_j)(x_i − μ_j)ᵀ (k × d × d) ]
 *
 * ℓ is the log-likelihood of the rows, N_j = Σᵢ r_ij. The moments are taken about the current
 * means μ_j (the ones the E-step used), which keeps the covariance as accurate as a centred
 * two-pass sum when the means move little; of each second moment only the upper triangle
 * (a ≤ b) is filled.
 */
export type Sums = Float64Array;

/** Where each part of the `Sums` of k components in d dimensions begins. */
interface SumsLayout {
  readonly k: number;
  readonly d: number;
  /** ℓ is at index 0. */
  readonly logLikelihood: 0;
  /** N_j is at `nk + j`. */
  readonly nk: number;
  /** Σᵢ r_ij (x_ia − μ_ja) is at `firstMoment + j·d + a`. */
  readonly firstMoment: number;
  /** Σᵢ r_ij (x_ia − μ_ja)(x_ib − μ_jb) is at `secondMoment + j·d·d + a·d + b`, for a ≤ b. */
  readonly secondMoment: number;
  /** The array's length. */
  readonly length: number;
}

/** The layout of the sums of k components in d dimensions. */
export function sumsLayout(k: number, d: number): SumsLayout {
  return {
    k,
    d,
    logLikelihood: 0,
    nk: 1,
    firstMoment: 1 + k,
    secondMoment: 1 + k + k * d,
    length: 1 + k + k * d + k * d * d,
  };
}

/** Zeroed sums for k components in d dimensions. */
export function emptySums(k: number, d: number): Sums {
  return new Float64Array(sumsLayout(k, d).length);
}
