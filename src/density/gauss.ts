import { type DataInput, toFlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { checkVector } from "../validate";
import { checkCovariance, precisionCholesky } from "./cholesky";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log N(x | mu, Sigma) at each row x of X:
 *   −½ (d log 2π + log det Sigma + (x − μ)ᵀ Sigma⁻¹ (x − μ)),
 * computed through the Cholesky factor of Sigma (no explicit inverse): with Sigma = L Lᵀ and
 * y = L⁻¹ (x − μ), the quadratic form is |y|². Any dimension d ≥ 1. A row whose log-density is
 * below the most negative double (−1.8e308: x − μ is about 1e154 standard deviations or more)
 * is a `GmmInputError` naming it; `computeGauss` gives its density, 0.
 */
export function logGauss(X: DataInput, mu: ArrayLike<number>, Sigma: number[][]): Float64Array {
  const out = logDensities(X, mu, Sigma);
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -Infinity) {
      throw new GmmInputError(
        `X[${i}]`,
        "its log-density under N(mu, Sigma) is below −1.8e308, the most negative double: " +
          "x − mu is too many standard deviations long for its square to be held (its density, computeGauss, is 0)",
      );
    }
  }
  return out;
}

/**
 * The original's `compute_gauss`: the density N(x | mu, Sigma) at each row of X (exp of the
 * log-density; 0 where it underflows). A density above the largest double (a covariance so small
 * that its peak is beyond 1.8e308) is a `GmmInputError` naming the row; `logGauss` has it.
 */
export function computeGauss(X: DataInput, mu: ArrayLike<number>, Sigma: number[][]): Float64Array {
  const out = logDensities(X, mu, Sigma);
  for (let i = 0; i < out.length; i++) {
    const density = Math.exp(out[i]);
    if (density === Infinity) {
      throw new GmmInputError(
        `X[${i}]`,
        `its density under N(mu, Sigma) is e^${out[i].toPrecision(4)}, above the largest double (1.8e308 ≈ e^709.8): ` +
          "Sigma is too small for the density to be held (its log-density, logGauss, is)",
      );
    }
    out[i] = density;
  }
  return out;
}

/** The log-densities, −Infinity where the quadratic form overflows (never NaN). */
function logDensities(X: DataInput, mu: ArrayLike<number>, Sigma: number[][]): Float64Array {
  const { data, n, d } = toFlatData(X);
  checkVector("mu", mu, d);
  const cov = new Float64Array(d * d);
  checkCovariance("Sigma", Sigma, d, cov, 0);
  const { inverseLower, logDetInverse } = precisionCholesky(cov, 0, d)!;
  const out = new Float64Array(n);
  const diff = new Float64Array(d);
  const constant = -0.5 * d * LOG_2PI + logDetInverse;
  for (let i = 0; i < n; i++) {
    // x − μ of two finite doubles can overflow (1e308 − (−1e308)); half of it cannot: then
    // |y|² = 4 |L⁻¹ (x/2 − μ/2)|², the same number whenever x − μ itself is finite.
    let scale = 1;
    for (let c = 0; c < d; c++) {
      diff[c] = data[i * d + c] - mu[c];
      if (!Number.isFinite(diff[c])) scale = 2;
    }
    if (scale === 2) for (let c = 0; c < d; c++) diff[c] = 0.5 * data[i * d + c] - 0.5 * mu[c];
    let q = 0;
    for (let r = 0; r < d; r++) {
      let y = 0;
      for (let c = 0; c <= r; c++) y += inverseLower[r * d + c] * diff[c];
      q += y * y;
    }
    // Infinity when a square overflows; NaN only when two terms of a y overflow with opposite
    // signs, which takes a point as far out: its log-density is below every double too.
    const quadratic = scale * scale * q;
    out[i] = Number.isNaN(quadratic) ? -Infinity : constant - 0.5 * quadratic;
  }
  return out;
}
