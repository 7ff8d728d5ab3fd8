/**
 * The forms a mixture's covariances can take, as scikit-learn's `covariance_type`, each written
 * once: how the M-step constrains the full covariances to it, how many free parameters it has,
 * what the initialisation does with the rows it leaves unassigned, and how its covariances are
 * shaped when they come in (`precisionsInit`, a saved model) or go out
 * (`GaussianMixture.covariances`). A new form is one more entry of `COVARIANCE_FORMS` (and its
 * name in `CovarianceType`); every list of the types is derived from the table.
 *
 * Inside the library every form is held as k full d × d matrices (row-major, one after the
 * other): the E-step reads full precision factors whatever the form.
 */

import { precisionCholesky, precisionFromInverseLower } from "../density/cholesky";
import { GmmInputError } from "../errors";
import { checkFinite, NUMPY_ALLCLOSE, readSymmetric } from "../validate";

/**
 * `"full"` (each component its own matrix), `"tied"` (one matrix shared by all), `"diag"` (each
 * its own diagonal matrix) or `"spherical"` (each its own single variance, σ_j² I).
 */
export type CovarianceType = "full" | "tied" | "diag" | "spherical";

/**
 * Covariances (or precisions) shaped as scikit-learn's for each covariance type:
 * full k × d × d, tied d × d, diag k × d, spherical k.
 */
export type CovarianceArray = number[][][] | number[][] | number[];

/** What each covariance type defines. */
interface CovarianceForm {
  /** scikit-learn's shape of the covariances, e.g. "(k, d, d)" with the numbers filled in. */
  shape(k: number, d: number): string;
  /** Free parameters of the k covariances in d dimensions (for BIC and AIC). */
  parameters(k: number, d: number): number;
  /**
   * The M-step's estimate: turns the k full covariances Σ_j r_ij (x_i − μ_j)(x_i − μ_j)ᵀ / N_j
   * into this form, in place, and adds `regCovar` to the diagonal as scikit-learn does (`nks`:
   * the N_j as the M-step divided by them).
   */
  constrain(k: number, d: number, nks: Float64Array, covariances: Float64Array, regCovar: number): void;
  /**
   * Whether the starting estimate keeps the scatter Σ_i (1 − Σ_j r_ij) x_i x_iᵀ / Σ_j N_j of the
   * rows that a point initialisation ("random_from_data", "k-means++") gives to no component:
   * scikit-learn's estimate keeps it where it is formed from XᵀX as a whole (tied), and never
   * sees those rows where it is formed component by component.
   */
  keepsUnassignedScatter: boolean;
  /**
   * Reads an array of this form's shape into k full matrices, checked (finite, symmetric to
   * numpy's allclose, positive); `read` turns each full matrix or variance as given into the
   * covariance (the identity, or the inverse for precisions).
   */
  toFull(name: string, values: unknown, k: number, d: number, read: MatrixReader): Float64Array;
  /** The k full matrices (`transpose`: each transposed) in this form's shape. */
  fromFull(flat: Float64Array, k: number, d: number, transpose: boolean): CovarianceArray;
}

/**
 * How a matrix or a variance given by the user becomes a covariance: `full` reads a d × d matrix
 * into `out` at `offset`; `variance` checks and converts one positive number.
 */
interface MatrixReader {
  full(name: string, S: unknown, d: number, out: Float64Array, offset: number): void;
  variance(name: string, v: unknown): number;
}

/** Covariances as given: checked symmetric (numpy's allclose, as scikit-learn) and positive definite. */
export const COVARIANCES: MatrixReader = matrixReader(false);
/** Precisions (inverse covariances) as given: checked, then inverted. */
export const PRECISIONS: MatrixReader = matrixReader(true);

function matrixReader(inverse: boolean): MatrixReader {
  const what = inverse ? "precision" : "covariance";
  return {
    full(name, S, d, out, offset) {
      readSymmetric(name, S, d, out, offset, NUMPY_ALLCLOSE, `a ${what}`);
      const p = precisionCholesky(out, offset, d);
      if (p === null) throw new GmmInputError(name, `is not positive definite: a ${what} must be`);
      // With A = inverseLower of M, M⁻¹ = AᵀA.
      if (inverse) precisionFromInverseLower(p.inverseLower, 0, d, out, offset);
    },
    variance(name, v) {
      const x = checkFinite(name, v);
      if (!(x > 0)) throw new GmmInputError(name, `is ${x}: a ${what} must be positive`);
      return inverse ? 1 / x : x;
    },
  };
}

/** Row r of the d × d matrix at `offset` (or of its transpose) as a plain array. */
function matrixRows(flat: Float64Array, offset: number, d: number, transpose: boolean): number[][] {
  const m: number[][] = [];
  for (let r = 0; r < d; r++) {
    const row: number[] = [];
    for (let c = 0; c < d; c++) row.push(transpose ? flat[offset + c * d + r] : flat[offset + r * d + c]);
    m.push(row);
  }
  return m;
}

function diagonals(flat: Float64Array, k: number, d: number): number[][] {
  return Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, a) => flat[j * d * d + a * d + a]));
}

function shapeError(name: string, type: CovarianceType, k: number, d: number): never {
  throw new GmmInputError(name, `must have shape ${COVARIANCE_FORMS[type].shape(k, d)} for covarianceType "${type}"`);
}

/** The diagonal forms: off-diagonals zeroed, the diagonal (diag) or its mean (spherical), plus regCovar. */
function constrainDiagonal(spherical: boolean) {
  return (k: number, d: number, _nks: Float64Array, covariances: Float64Array, regCovar: number): void => {
    for (let j = 0; j < k; j++) {
      const o = j * d * d;
      let mean = 0;
      for (let a = 0; a < d; a++) mean += covariances[o + a * d + a];
      mean /= d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          if (a !== b) covariances[o + a * d + b] = 0;
          // spherical: scikit-learn's mean over the diagonal of (diag + regCovar).
          else covariances[o + a * d + a] = (spherical ? mean : covariances[o + a * d + a]) + regCovar;
        }
      }
    }
  };
}

/** Each covariance type's definitions; the one place that dispatches on the type. */
export const COVARIANCE_FORMS: Readonly<Record<CovarianceType, CovarianceForm>> = {
  full: {
    shape: (k, d) => `(${k}, ${d}, ${d})`,
    parameters: (k, d) => (k * d * (d + 1)) / 2,
    constrain(k, d, _nks, covariances, regCovar) {
      for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) covariances[j * d * d + a * d + a] += regCovar;
    },
    keepsUnassignedScatter: false,
    toFull(name, values, k, d, read) {
      if (!Array.isArray(values) || values.length !== k) shapeError(name, "full", k, d);
      const out = new Float64Array(k * d * d);
      for (let j = 0; j < k; j++) read.full(`${name}[${j}]`, (values as unknown[])[j], d, out, j * d * d);
      return out;
    },
    fromFull: (flat, k, d, transpose) => Array.from({ length: k }, (_, j) => matrixRows(flat, j * d * d, d, transpose)),
  },
  tied: {
    shape: (_k, d) => `(${d}, ${d})`,
    parameters: (_k, d) => (d * (d + 1)) / 2,
    constrain(k, d, nks, covariances, regCovar) {
      // scikit-learn: (XᵀX − Σ_j N_j μ_j μ_jᵀ) / Σ_j N_j, which is Σ_j N_j Sigma_j / Σ_j N_j.
      const dd = d * d;
      const tied = new Float64Array(dd);
      let total = 0;
      for (let j = 0; j < k; j++) {
        total += nks[j];
        for (let t = 0; t < dd; t++) tied[t] += nks[j] * covariances[j * dd + t];
      }
      for (let t = 0; t < dd; t++) tied[t] /= total;
      for (let a = 0; a < d; a++) tied[a * d + a] += regCovar;
      for (let j = 0; j < k; j++) covariances.set(tied, j * dd);
    },
    keepsUnassignedScatter: true,
    toFull(name, values, k, d, read) {
      if (!Array.isArray(values) || values.length !== d) shapeError(name, "tied", k, d);
      const out = new Float64Array(k * d * d);
      read.full(name, values, d, out, 0);
      for (let j = 1; j < k; j++) out.copyWithin(j * d * d, 0, d * d);
      return out;
    },
    fromFull: (flat, _k, d, transpose) => matrixRows(flat, 0, d, transpose),
  },
  diag: {
    shape: (k, d) => `(${k}, ${d})`,
    parameters: (k, d) => k * d,
    constrain: constrainDiagonal(false),
    keepsUnassignedScatter: false,
    toFull(name, values, k, d, read) {
      if (!Array.isArray(values) || values.length !== k) shapeError(name, "diag", k, d);
      const out = new Float64Array(k * d * d);
      for (let j = 0; j < k; j++) {
        const row = (values as unknown[])[j];
        if (!Array.isArray(row) || row.length !== d) shapeError(name, "diag", k, d);
        for (let a = 0; a < d; a++)
          out[j * d * d + a * d + a] = read.variance(`${name}[${j}][${a}]`, (row as unknown[])[a]);
      }
      return out;
    },
    fromFull: (flat, k, d) => diagonals(flat, k, d),
  },
  spherical: {
    shape: (k) => `(${k},)`,
    parameters: (k) => k,
    constrain: constrainDiagonal(true),
    keepsUnassignedScatter: false,
    toFull(name, values, k, d, read) {
      if (!Array.isArray(values) || values.length !== k) shapeError(name, "spherical", k, d);
      const out = new Float64Array(k * d * d);
      for (let j = 0; j < k; j++) {
        const v = read.variance(`${name}[${j}]`, (values as unknown[])[j]);
        for (let a = 0; a < d; a++) out[j * d * d + a * d + a] = v;
      }
      return out;
    },
    fromFull: (flat, k, d) => diagonals(flat, k, d).map((v) => v[0]),
  },
};

/** The covariance types, in scikit-learn's order: every list of them (defaults, messages) is this one. */
export const COVARIANCE_TYPES = Object.keys(COVARIANCE_FORMS) as readonly CovarianceType[];
