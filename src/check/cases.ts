/**
 * The checks' cases, made at run time from a seed: random mixtures (weights, well-conditioned
 * covariances) and points drawn from them, with numpy's generator so that a seed printed by a
 * check gives the same cases again anywhere.
 */
import { NumpyRandomState } from "../data/numpy-random";
import { choleskyLower } from "../density/cholesky";
import { GmmInputError } from "../errors";
import { shown } from "../validate";

/** One case of a check: what the student's function is given, and what the case is, for messages. */
export interface Case<I> {
  /** What the case is: the messages name it, e.g. "k = 2, d = 2, n = 30". */
  name: string;
  input: I;
}

/** Mixture parameters as the exercises take them. */
export interface Mixture {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

/** The largest seed: numpy's generator takes 0 … 2³² − 1; a short one is easier to type back. */
const SEED_LIMIT = 1_000_000;

/** A fresh seed (each check run makes new cases), or the given one checked. */
export function seedOf(seed: unknown): number {
  if (seed === undefined) return Math.floor(Math.random() * SEED_LIMIT);
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    throw new GmmInputError("options.seed", `must be an integer from 0 to 4294967295, got ${shown(seed)}`);
  return seed;
}

/** numpy's generator with the helpers the cases use. */
export class CaseRandom {
  private readonly rng: NumpyRandomState;
  constructor(seed: number) {
    this.rng = new NumpyRandomState(seed);
  }
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.rng.randomSample();
  }
  /** An integer from low to high, both included. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.rng.randomSample() * (high - low + 1));
  }
  normal(): number {
    return this.rng.standardNormal();
  }
  /** A uniform in [0, 1), as `sample`'s `random` gives it. */
  readonly random = (): number => this.rng.randomSample();

  /** Weights bounded away from 0 and from one another's equality: each in about [0.1, 0.6] before normalising. */
  weights(k: number): number[] {
    const w = Array.from({ length: k }, () => this.uniform(0.15, 1));
    const total = w.reduce((s, v) => s + v, 0);
    return w.map((v) => v / total);
  }

  /** A d × d covariance R diag(v) Rᵀ: variances in [0.5, 3], a random rotation-like mix (d ≥ 2: correlated). */
  covariance(d: number, low = 0.5, high = 3): number[][] {
    // B Bᵀ of a random B is positive semi-definite and correlated; scaled, plus low·I, it is well conditioned.
    const B = Array.from({ length: d }, () => Array.from({ length: d }, () => this.normal()));
    const S = B.map((bi) => B.map((bj) => bi.reduce((s, v, c) => s + v * bj[c], 0) / d));
    const top = Math.max(...S.map((row, a) => row[a]));
    return S.map((row, a) => row.map((v, b) => (v / top) * (high - low) + (a === b ? low : 0)));
  }

  /** A mixture of k components in d dimensions with means `spread` apart on average. */
  mixture(k: number, d: number, spread = 4): Mixture {
    return {
      pi: this.weights(k),
      mu: Array.from({ length: k }, () => Array.from({ length: d }, () => this.uniform(-spread, spread))),
      Sigma: Array.from({ length: k }, () => this.covariance(d)),
    };
  }

  /** n points of a mixture: each component by its weight, then μ + L z. */
  points(m: Mixture, n: number): number[][] {
    const d = m.mu[0].length;
    const L = m.Sigma.map(cholesky);
    return Array.from({ length: n }, () => {
      const u = this.rng.randomSample();
      let j = 0;
      for (let c = m.pi[0]; u >= c && j < m.pi.length - 1; ) c += m.pi[++j];
      const z = Array.from({ length: d }, () => this.normal());
      return m.mu[j].map((mc, r) => mc + L[j][r].reduce((s, v, c) => s + v * z[c], 0));
    });
  }

  /** n rows of k responsibilities: positive, each row summing to 1. */
  responsibilities(n: number, k: number): number[][] {
    return Array.from({ length: n }, () => {
      const row = Array.from({ length: k }, () => this.uniform(0.01, 1));
      const total = row.reduce((s, v) => s + v, 0);
      return row.map((v) => v / total);
    });
  }
}

/** The lower Cholesky factor L (Σ = L Lᵀ) of a positive definite matrix, as rows. */
export function cholesky(S: number[][]): number[][] {
  const d = S.length;
  const L = choleskyLower(S.flat(), 0, d);
  if (L === null) throw new GmmInputError("Sigma", `not positive definite: ${shown(S)}`);
  return S.map((_, r) => Array.from(L.subarray(r * d, (r + 1) * d)));
}

/** A deep copy of plain arrays, so that a function that changes its arguments changes no other call's. */
export function copy<T>(value: T): T {
  return Array.isArray(value) ? (value.map(copy) as T) : value;
}
