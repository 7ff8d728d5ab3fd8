import { CholeskyDecomposition, Matrix } from "ml-matrix";

/**
 * The inverse of a covariance's lower Cholesky factor, as scikit-learn's `precisions_cholesky_`
 * (transposed): with Sigma = L Lᵀ, `inverseLower` = L⁻¹, so that for y = L⁻¹ (x − μ),
 * (x − μ)ᵀ Sigma⁻¹ (x − μ) = |y|², and log det Sigma = −2 `logDetInverse`.
 */
export interface PrecisionCholesky {
  /** L⁻¹, d × d lower triangular, row-major. */
  inverseLower: Float64Array;
  /** log det L⁻¹ = −½ log det Sigma. */
  logDetInverse: number;
}

/**
 * Cholesky factor of the precision of one d × d covariance stored row-major at `offset` in `cov`,
 * or `null` when the covariance is not positive definite. The matrix is symmetrised first
 * (ml-matrix rejects an asymmetry of one ulp, which sums in another order produce).
 */
export function precisionCholesky(cov: ArrayLike<number>, offset: number, d: number): PrecisionCholesky | null {
  const S = new Matrix(d, d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) {
      const v = 0.5 * (cov[offset + r * d + c] + cov[offset + c * d + r]);
      if (!Number.isFinite(v)) return null;
      S.set(r, c, v);
      S.set(c, r, v);
    }
  }
  const chol = new CholeskyDecomposition(S);
  // ml-matrix does not throw on a matrix that is not positive definite: ask.
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  // L⁻¹ by forward substitution on the identity, column by column; L⁻¹ is lower triangular.
  const inv = new Float64Array(d * d);
  let logDetInverse = 0;
  for (let r = 0; r < d; r++) {
    const diag = L.get(r, r);
    if (!(diag > 0) || !Number.isFinite(diag)) return null;
    logDetInverse -= Math.log(diag);
  }
  for (let col = 0; col < d; col++) {
    for (let r = col; r < d; r++) {
      let s = r === col ? 1 : 0;
      for (let m = col; m < r; m++) s -= L.get(r, m) * inv[m * d + col];
      inv[r * d + col] = s / L.get(r, r);
    }
  }
  for (let i = 0; i < inv.length; i++) if (!Number.isFinite(inv[i])) return null;
  return { inverseLower: inv, logDetInverse };
}
