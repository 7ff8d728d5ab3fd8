import { DataInput, toFlatData } from "../data/input";
import { checkVector } from "../validate";
import { checkCovariance, precisionCholesky } from "./cholesky";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log N(x | mu, Sigma) at each row x of X:
 *   −½ (d log 2π + log det Sigma + (x − μ)ᵀ Sigma⁻¹ (x − μ)),
 * computed through the Cholesky factor of Sigma (no explicit inverse): with Sigma = L Lᵀ and
 * y = L⁻¹ (x − μ), the quadratic form is |y|². Any dimension d ≥ 1.
 */
export function logGauss(X: DataInput, mu: ArrayLike<number>, Sigma: number[][]): Float64Array {
  const { data, n, d } = toFlatData(X);
  checkVector("mu", mu, d);
  const cov = new Float64Array(d * d);
  checkCovariance("Sigma", Sigma, d, cov, 0);
  const { inverseLower, logDetInverse } = precisionCholesky(cov, 0, d)!;
  const out = new Float64Array(n);
  const diff = new Float64Array(d);
  const constant = -0.5 * d * LOG_2PI + logDetInverse;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) diff[c] = data[i * d + c] - mu[c];
    let q = 0;
    for (let r = 0; r < d; r++) {
      let y = 0;
      for (let c = 0; c <= r; c++) y += inverseLower[r * d + c] * diff[c];
      q += y * y;
    }
    out[i] = constant - 0.5 * q;
  }
  return out;
}

/** The original's `compute_gauss`: the density N(x | mu, Sigma) at each row of X (exp of `logGauss`). */
export function computeGauss(X: DataInput, mu: ArrayLike<number>, Sigma: number[][]): Float64Array {
  const out = logGauss(X, mu, Sigma);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]);
  return out;
}
