/**
 * The library's answers to the exercises, with exactly the exercises' signatures: what a check
 * compares the student's function with, and what it returns for later cells when that function
 * does not pass. Built on the library's E-step, densities and covariance forms.
 */
import type { Matrix } from "ml-matrix";
import { toFlatData } from "../data/input";
import { logGauss } from "../density/gauss";
import { COVARIANCE_FORMS } from "../em/covariance-type";
import { eStep as eStepPass } from "../em/e-step-pass";
import { computePrecisions, toMixtureState } from "../em/params";
import { GmmInputError } from "../errors";
import { ARRAY_ROW_BYTES, checkFinite, checkInteger, checkMemory, shown } from "../validate";
import { cholesky } from "./cases";

/** Exercise 1: rᵢⱼ = πⱼ N(xᵢ | μⱼ, Σⱼ) / Σₘ πₘ N(xᵢ | μₘ, Σₘ) in log space, and ℓ = Σᵢ log Σⱼ πⱼ N(xᵢ | μⱼ, Σⱼ). */
function eStep(X: Matrix, pi: number[], mu: number[][], Sigma: number[][][]): { r: number[][]; ll: number } {
  const flat = toFlatData(X);
  const state = toMixtureState(pi, mu, Sigma, flat.d);
  const resp = new Float64Array(flat.n * state.k);
  const sums = eStepPass(flat, state, computePrecisions(state, 0), { resp, withSums: false });
  const r = Array.from({ length: flat.n }, (_, i) => Array.from(resp.subarray(i * state.k, (i + 1) * state.k)));
  return { r, ll: sums[0] };
}

/** Exercise 2: Nⱼ = Σᵢ rᵢⱼ, πⱼ = Nⱼ / n, μⱼ = Σᵢ rᵢⱼ xᵢ / Nⱼ, Σⱼ = Σᵢ rᵢⱼ (xᵢ − μⱼ)(xᵢ − μⱼ)ᵀ / Nⱼ (two passes). */
function mStep(X: Matrix, r: number[][]): { pi: number[]; mu: number[][]; Sigma: number[][][] } {
  const { data, n, d } = toFlatData(X);
  const k = checkResponsibilities("r", r, n);
  const x = (i: number, c: number) => data[i * d + c];
  const dims = Array.from({ length: d }, (_, c) => c);
  const N = Array.from({ length: k }, (_, j) => r.reduce((s, row) => s + row[j], 0));
  N.forEach((Nj, j) => {
    if (!(Nj > 0))
      throw new GmmInputError("r", `column ${j} sums to 0: component ${j} has no responsibility to estimate it from`);
  });
  const weighted = (j: number, f: (i: number) => number) => r.reduce((s, row, i) => s + row[j] * f(i), 0);
  const mu = N.map((Nj, j) => dims.map((c) => weighted(j, (i) => x(i, c)) / Nj));
  const Sigma = mu.map((m, j) =>
    dims.map((a) => dims.map((b) => weighted(j, (i) => (x(i, a) - m[a]) * (x(i, b) - m[b])) / N[j])),
  );
  const result = { pi: N.map((Nj) => Nj / n), mu, Sigma };
  if (![...mu.flat(), ...Sigma.flat(2)].every(Number.isFinite))
    throw new GmmInputError(
      "X",
      "its values are too large for the weighted sums of squares (they overflow past 1.8e308)",
    );
  return result;
}

/** Checks n rows of k responsibilities (finite, ≥ 0; k ≥ 1 the same in every row) and returns k. */
function checkResponsibilities(name: string, r: unknown, n: number): number {
  if (!Array.isArray(r) || r.length !== n || !Array.isArray(r[0]) || r[0].length === 0)
    throw new GmmInputError(
      name,
      `must be ${n} rows of responsibilities (n × k, one row per row of X), got ${shown(r)}`,
    );
  const k = r[0].length;
  r.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== k)
      throw new GmmInputError(`${name}[${i}]`, `must be ${k} responsibilities (as row 0), got ${shown(row)}`);
    row.forEach((v: unknown, j) => {
      if (!(typeof v === "number" && Number.isFinite(v) && v >= 0))
        throw new GmmInputError(`${name}[${i}][${j}]`, `must be a finite number ≥ 0, got ${shown(v)}`);
    });
  });
  return k;
}

/** Exercise 3: log Σᵢ exp aᵢ, shifted by the largest entry so that nothing overflows; [] and all −∞ give −∞. */
function logSumExp(a: number[]): number {
  if (!Array.isArray(a)) throw new GmmInputError("a", `must be an array of numbers, got ${shown(a)}`);
  a.forEach((v: unknown, i) => {
    if (!(typeof v === "number" && (Number.isFinite(v) || v === -Infinity)))
      throw new GmmInputError(`a[${i}]`, `must be a finite number or −Infinity (a log of 0), got ${shown(v)}`);
  });
  const top = a.reduce((m, v) => Math.max(m, v), -Infinity);
  if (top === -Infinity) return top;
  return top + Math.log(a.reduce((s, v) => s + Math.exp(v - top), 0));
}

/** Exercise 4: L(q, θ) = Σᵢ Σⱼ qᵢⱼ (log πⱼ N(xᵢ | μⱼ, Σⱼ) − log qᵢⱼ), with 0 log 0 = 0. */
function lowerBound(X: Matrix, pi: number[], mu: number[][], Sigma: number[][][], q: number[][]): number {
  const flat = toFlatData(X);
  const state = toMixtureState(pi, mu, Sigma, flat.d);
  const k = checkResponsibilities("q", q, flat.n);
  if (k !== state.k) throw new GmmInputError("q", `has ${k} columns, but pi has ${state.k} weights (k must agree)`);
  const points = { data: flat.data, columns: flat.d };
  const logJoint = pi.map((p, j) => logGauss(points, mu[j], Sigma[j]).map((l) => Math.log(p) + l));
  let L = 0;
  q.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) if (row[j] > 0) L += row[j] * (logJoint[j][i] - Math.log(row[j]));
  });
  if (!Number.isFinite(L)) throw new GmmInputError("q", `gives L = ${L}: its terms overflow past 1.8e308`);
  return L;
}

/** Exercise 5: BIC = −2ℓ + p log n, p = (k − 1) + k·d + k·d(d + 1)/2 (full covariances). */
function bic(ll: number, n: number, k: number, d: number): number {
  checkFinite("ll", ll);
  checkInteger("n", n, 1, 2 ** 53);
  checkInteger("k", k, 1, 2 ** 31);
  checkInteger("d", d, 1, 2 ** 31);
  const p = k - 1 + k * d + COVARIANCE_FORMS.full.parameters(k, d);
  const value = -2 * ll + p * Math.log(n);
  if (!Number.isFinite(value))
    throw new GmmInputError("ll", `gives BIC = ${value}: −2ℓ + p log n overflows past 1.8e308`);
  return value;
}

/**
 * Exercise 6: n draws, each a component j with probability πⱼ (one `random()`), then μⱼ + L z with
 * Σⱼ = L Lᵀ and z standard normal (Box–Muller from two `random()`s per coordinate).
 */
function sample(pi: number[], mu: number[][], Sigma: number[][][], n: number, random: () => number): number[][] {
  if (!Array.isArray(mu) || !Array.isArray(mu[0]))
    throw new GmmInputError("mu", `must be an array of means (number[][]), got ${shown(mu)}`);
  const d = mu[0].length;
  toMixtureState(pi, mu, Sigma, d);
  checkInteger("n", n, 0);
  checkMemory("n", n * ARRAY_ROW_BYTES(d), `${n} draws of dimension ${d}`, "draw fewer");
  if (typeof random !== "function")
    throw new GmmInputError("random", `must be a function giving numbers in [0, 1), got ${shown(random)}`);
  const uniform = () => {
    const u: unknown = random();
    if (!(typeof u === "number" && u >= 0 && u < 1))
      throw new GmmInputError("random", `must give numbers in [0, 1), gave ${shown(u)}`);
    return u;
  };
  const L = Sigma.map(cholesky);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: n }, () => {
    const u = uniform();
    let j = 0;
    for (let c = pi[0]; u >= c && j < pi.length - 1; ) c += pi[++j];
    const z = Array.from({ length: d }, normal);
    return mu[j].map((m, a) => m + L[j][a].reduce((s, v, b) => s + v * z[b], 0));
  });
}

/** The library's answers to exercises 1–6, with their signatures. */
export const reference = { eStep, mStep, logSumExp, lowerBound, bic, sample } as const;
