/**
 * Cholesky factors of covariances and of their precisions: the one factorisation the library
 * uses (ml-matrix's), for the densities, the checks of positive definiteness and sampling.
 * Matrices are d × d, row-major, at an offset in a flat array of k of them.
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import { midpoint, ROUNDING, readSymmetric } from "../validate";

/**
 * The inverse of a covariance's lower Cholesky factor, as scikit-learn's `precisions_cholesky_`
 * (transposed): with Sigma = L Lᵀ, `inverseLower` = L⁻¹, so that for y = L⁻¹ (x − μ),
 * (x − μ)ᵀ Sigma⁻¹ (x − μ) = |y|², and log det Sigma = −2 `logDetInverse`.
 */
interface PrecisionCholesky {
  /** L⁻¹, d × d lower triangular, row-major. */
  inverseLower: Float64Array;
  /** log det L⁻¹ = −½ log det Sigma. */
  logDetInverse: number;
}

/**
 * The lower Cholesky factor L (Sigma = L Lᵀ) of the d × d covariance at `offset` of `cov`, or
 * `null` when it is not positive definite. The matrix is symmetrised first (ml-matrix rejects an
 * asymmetry of one ulp, which sums in another order produce).
 */
export function choleskyLower(cov: ArrayLike<number>, offset: number, d: number): Float64Array | null {
  const S = new Matrix(d, d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) {
      const v = midpoint(cov[offset + r * d + c], cov[offset + c * d + r]);
      if (!Number.isFinite(v)) return null;
      S.set(r, c, v);
      S.set(c, r, v);
    }
  }
  const chol = new CholeskyDecomposition(S);
  // ml-matrix does not throw on a matrix that is not positive definite: ask.
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  const out = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) out[r * d + c] = L.get(r, c);
    if (!(out[r * d + r] > 0) || !Number.isFinite(out[r * d + r])) return null;
  }
  return out;
}

/**
 * Cholesky factor of the precision of the d × d covariance at `offset` of `cov` (see
 * `PrecisionCholesky`), or `null` when the covariance is not positive definite.
 */
export function precisionCholesky(cov: ArrayLike<number>, offset: number, d: number): PrecisionCholesky | null {
  const L = choleskyLower(cov, offset, d);
  if (L === null) return null;
  let logDetInverse = 0;
  for (let r = 0; r < d; r++) logDetInverse -= Math.log(L[r * d + r]);
  // L⁻¹ by forward substitution on the identity, column by column; L⁻¹ is lower triangular.
  const inv = new Float64Array(d * d);
  for (let col = 0; col < d; col++) {
    for (let r = col; r < d; r++) {
      let s = r === col ? 1 : 0;
      for (let m = col; m < r; m++) s -= L[r * d + m] * inv[m * d + col];
      inv[r * d + col] = s / L[r * d + r];
    }
  }
  for (let i = 0; i < inv.length; i++) if (!Number.isFinite(inv[i])) return null;
  return { inverseLower: inv, logDetInverse };
}

/**
 * The precision P = Aᵀ A from a lower triangular A = L⁻¹ (`inverseLower`) at `offset`, written
 * at `outOffset` of `out` (d × d, row-major).
 */
export function precisionFromInverseLower(
  A: ArrayLike<number>,
  offset: number,
  d: number,
  out: Float64Array,
  outOffset: number,
): void {
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let m = Math.max(r, c); m < d; m++) s += A[offset + m * d + r] * A[offset + m * d + c];
      out[outOffset + r * d + c] = s;
    }
  }
}

/**
 * Checks a d × d covariance (finite, symmetric to rounding, positive definite) and writes it,
 * symmetrised, at `offset` of `out`.
 */
export function checkCovariance(name: string, S: unknown, d: number, out: Float64Array, offset: number): void {
  readSymmetric(name, S, d, out, offset, ROUNDING, "a covariance");
  if (precisionCholesky(out, offset, d) === null) {
    throw new GmmInputError(name, "is not positive definite (its Cholesky factorisation fails)");
  }
}
