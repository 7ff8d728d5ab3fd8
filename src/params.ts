import { GmmInputError } from "./errors";
import { precisionCholesky } from "./cholesky";

/** Mixture parameters with the original notebook's names: weights `pi`, means `mu`, covariances `Sigma`. */
export interface GmmParams {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

/** Mixture parameters as the hot loops read them: flat, row-major. */
export interface MixtureState {
  k: number;
  d: number;
  /** k mixing weights. */
  weights: Float64Array;
  /** k × d means. */
  means: Float64Array;
  /** k × d × d covariances. */
  covariances: Float64Array;
}

const WEIGHT_SUM_TOLERANCE = 1e-9;
const SYMMETRY_TOLERANCE = 1e-9;

function isNumberArray(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Checks a d-vector of finite numbers. */
export function checkVector(name: string, v: unknown, d: number): ArrayLike<number> {
  if (!isNumberArray(v)) throw new GmmInputError(name, "must be an array of numbers");
  if (v.length !== d) throw new GmmInputError(name, `has dimension ${v.length}, but the data has ${d}`);
  for (let c = 0; c < d; c++) {
    const x = v[c];
    if (typeof x !== "number" || !Number.isFinite(x)) throw new GmmInputError(`${name}[${c}]`, `is not a finite number (${String(x)})`);
  }
  return v;
}

/**
 * Checks a d × d covariance (finite, symmetric to 1e-9 relative, positive definite) and writes
 * it, symmetrised, at `offset` of `out`.
 */
export function checkCovariance(name: string, S: unknown, d: number, out: Float64Array, offset: number): void {
  if (!Array.isArray(S)) throw new GmmInputError(name, `must be a ${d} × ${d} array of rows`);
  if (S.length !== d) throw new GmmInputError(name, `has ${S.length} rows, but the data has dimension ${d} (expected ${d} × ${d})`);
  for (let r = 0; r < d; r++) {
    const row = S[r];
    if (!isNumberArray(row)) throw new GmmInputError(`${name}[${r}]`, "must be an array of numbers");
    if (row.length !== d) throw new GmmInputError(`${name}[${r}]`, `has ${row.length} values, expected ${d} (a ${d} × ${d} matrix)`);
    for (let c = 0; c < d; c++) {
      const x = row[c];
      if (typeof x !== "number" || !Number.isFinite(x)) throw new GmmInputError(`${name}[${r}][${c}]`, `is not a finite number (${String(x)})`);
    }
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < r; c++) {
      const a = S[r][c] as number, b = S[c][r] as number;
      const scale = Math.sqrt(Math.abs((S[r][r] as number) * (S[c][c] as number)));
      if (Math.abs(a - b) > SYMMETRY_TOLERANCE * Math.max(scale, Math.abs(a), Math.abs(b), Number.MIN_VALUE)) {
        throw new GmmInputError(`${name}[${r}][${c}]`, `is ${a} but ${name}[${c}][${r}] is ${b}: a covariance must be symmetric`);
      }
    }
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) out[offset + r * d + c] = 0.5 * ((S[r][c] as number) + (S[c][r] as number));
  }
  if (precisionCholesky(out, offset, d) === null) {
    throw new GmmInputError(name, "is not positive definite (its Cholesky factorisation fails)");
  }
}

/**
 * Checks mixture parameters against each other and against the data dimension `d`:
 * the same k in pi, mu and Sigma; weights ≥ 0 summing to 1 (to 1e-9); means of dimension d;
 * covariances d × d, symmetric and positive definite.
 */
export function toMixtureState(pi: unknown, mu: unknown, Sigma: unknown, d: number): MixtureState {
  if (!isNumberArray(pi)) throw new GmmInputError("pi", "must be an array of mixing weights");
  const k = pi.length;
  if (k === 0) throw new GmmInputError("pi", "is empty: a mixture needs at least one component");
  if (!Array.isArray(mu)) throw new GmmInputError("mu", "must be an array of means (number[][])");
  if (!Array.isArray(Sigma)) throw new GmmInputError("Sigma", "must be an array of covariances (number[][][])");
  if (mu.length !== k) throw new GmmInputError("mu", `has ${mu.length} means, but pi has ${k} weights (k must agree)`);
  if (Sigma.length !== k) throw new GmmInputError("Sigma", `has ${Sigma.length} covariances, but pi has ${k} weights (k must agree)`);
  const weights = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const w = pi[j];
    if (typeof w !== "number" || !Number.isFinite(w)) throw new GmmInputError(`pi[${j}]`, `is not a finite number (${String(w)})`);
    if (w < 0) throw new GmmInputError(`pi[${j}]`, `is negative (${w}): weights must be ≥ 0`);
    weights[j] = w;
    sum += w;
  }
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    throw new GmmInputError("pi", `sums to ${sum}, not 1 (to 1e-9)`);
  }
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(k * d * d);
  for (let j = 0; j < k; j++) {
    const m = checkVector(`mu[${j}]`, mu[j], d);
    for (let c = 0; c < d; c++) means[j * d + c] = m[c];
    checkCovariance(`Sigma[${j}]`, Sigma[j], d, covariances, j * d * d);
  }
  return { k, d, weights, means, covariances };
}

/** The flat state as the original's `{ pi, mu, Sigma }` of plain arrays (a copy). */
export function toGmmParams(state: MixtureState): GmmParams {
  const { k, d, weights, means, covariances } = state;
  // Plain loops: called once per EM iteration, where Array.from over subarrays showed in profiles.
  const row = (a: Float64Array, at: number): number[] => {
    const out = new Array<number>(d);
    for (let c = 0; c < d; c++) out[c] = a[at + c];
    return out;
  };
  const pi = new Array<number>(k);
  const mu = new Array<number[]>(k);
  const Sigma = new Array<number[][]>(k);
  for (let j = 0; j < k; j++) {
    pi[j] = weights[j];
    mu[j] = row(means, j * d);
    const S = new Array<number[]>(d);
    for (let r = 0; r < d; r++) S[r] = row(covariances, j * d * d + r * d);
    Sigma[j] = S;
  }
  return { pi, mu, Sigma };
}
