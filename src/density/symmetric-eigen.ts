/**
 * Eigenvalues and eigenvectors of a symmetric matrix with ml-matrix's solver, made safe for any
 * finite entries: the solver squares entries (1e200 overflows, 1e-200 underflows) and fails with
 * a TypeError on a matrix spanning the whole range of the doubles (1 beside 1e308) or holding
 * subnormal numbers. So the matrix is decomposed at unit scale: divided by the power of two at or
 * below its largest entry (exact), with entries below 2⁻¹⁰²² of it, far under the rounding of the
 * others, counted as 0. The eigenvalues come back at that scale, with the exponent to scale them
 * by (they may be beyond the doubles once scaled: 2 · 1e308); the eigenvectors need no scaling.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

export interface UnitScaleEigen {
  /** The eigenvalues of S / 2^exponent, as the solver orders them. */
  values: number[];
  /** The unit eigenvectors, as columns, in the order of `values`. */
  vectors: Matrix;
  /** The power of two S was divided by. */
  exponent: number;
}

/** v · 2^n, in two steps: 2^n alone is Infinity or 0 beyond ±1023, where v · 2^n may still be a double. */
export function timesPowerOfTwo(v: number, n: number): number {
  const half = Math.trunc(n / 2);
  return v * 2 ** half * 2 ** (n - half);
}

/** The eigen-decomposition of the d × d symmetric matrix whose entries `entry(r, c)` gives (finite), symmetrised. */
export function symmetricEigen(d: number, entry: (r: number, c: number) => number): UnitScaleEigen {
  let largest = 0;
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) largest = Math.max(largest, Math.abs(entry(r, c)));
  const exponent = Math.floor(Math.log2(largest || 1));
  const atUnit = (v: number) => {
    const u = timesPowerOfTwo(v, -exponent);
    return Math.abs(u) < 2 ** -1022 ? 0 : u;
  };
  const S = new Matrix(d, d);
  for (let r = 0; r < d; r++) {
    // Symmetrised: the solver would take a one-ulp asymmetry for a non-symmetric matrix.
    for (let c = 0; c <= r; c++) {
      const v = atUnit(0.5 * entry(r, c) + 0.5 * entry(c, r));
      S.set(r, c, v);
      S.set(c, r, v);
    }
  }
  const e = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  return { values: e.realEigenvalues, vectors: e.eigenvectorMatrix, exponent };
}
