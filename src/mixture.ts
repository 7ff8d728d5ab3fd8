/**
 * `GaussianMixture`: scikit-learn's estimator of the same name, in camelCase, on the library's one
 * E-step (estep.ts) and one M-step (mstep.ts). The EM loop follows scikit-learn 1.2's
 * `BaseMixture.fit_predict` step for step, so a deterministic start gives the same iterations.
 */
import { Matrix } from "ml-matrix";
import { GmmInputError, GmmNotFittedError } from "./errors";
import { DataInput, FlatData, checkInteger, checkNumber, checkOptionNames, toFlatData } from "./input";
import type { MixtureState } from "./params";
import { Precisions, accumulateRows, computePrecisions, eStep, statsLength } from "./estep";
import { EStepRunner, checkThreads, defaultThreads } from "./threads";
import { COVARIANCE_TYPES, CovarianceType, estimateParameters, mStep, responsibilitySums } from "./mstep";
import { precisionCholesky } from "./cholesky";
import { NumpyRandomState } from "./numpy-random";
import { kmeansLabels, kmeansPlusPlus } from "./kmeans";

/** How the starting responsibilities are drawn, as scikit-learn's `init_params`. */
export type InitParams = "kmeans" | "k-means++" | "random" | "random_from_data";

export const INIT_PARAMS: readonly InitParams[] = ["kmeans", "k-means++", "random", "random_from_data"];

/**
 * Covariances (or precisions) shaped as scikit-learn's for each covariance type:
 * full k × d × d, tied d × d, diag k × d, spherical k.
 */
export type CovarianceArray = number[][][] | number[][] | number[];

export interface GaussianMixtureOptions {
  /** Number of components k (default 1). */
  nComponents?: number;
  /** `"full"` (default), `"tied"`, `"diag"` or `"spherical"`. */
  covarianceType?: CovarianceType;
  /** Stop when the mean log-likelihood per sample changes by less than this (default 1e-3). */
  tol?: number;
  /** Added to the covariances' diagonal (default 1e-6). */
  regCovar?: number;
  /** EM iterations at most, per initialisation (default 100). */
  maxIter?: number;
  /** Initialisations; the one with the highest lower bound is kept (default 1). */
  nInit?: number;
  /** `"kmeans"` (default), `"k-means++"`, `"random"` or `"random_from_data"`. */
  initParams?: InitParams;
  /** Starting weights (k), instead of those of `initParams`. */
  weightsInit?: number[] | Float64Array;
  /** Starting means (k × d). */
  meansInit?: number[][] | Matrix;
  /** Starting precisions (inverse covariances), shaped as `covariances` for the covariance type (tied: also a `Matrix`). */
  precisionsInit?: CovarianceArray | Matrix;
  /**
   * Seed (integer 0 … 2³² − 1) of numpy's generator for the initialisation and `sample`; the
   * same seed draws the same random numbers as scikit-learn's `random_state`. Default: a fresh seed.
   */
  randomState?: number;
  /** Start each `fit` from the last fit's parameters (and ignore `nInit`). Default false. */
  warmStart?: boolean;
  /** Called after each EM iteration with its number (from 1) and lower bound, for progress. */
  onIteration?: (iteration: number, lowerBound: number) => void;
  /**
   * Threads for the E-step during `fit`, as `applyGmm`'s `threads`: default all cores when
   * n · k is large, one otherwise. The result does not depend on it, bit for bit.
   */
  threads?: number;
}

const OPTION_NAMES = [
  "nComponents", "covarianceType", "tol", "regCovar", "maxIter", "nInit", "initParams",
  "weightsInit", "meansInit", "precisionsInit", "randomState", "warmStart", "onIteration", "threads",
] as const;

/** scikit-learn adds 10·eps (float64) to each N_k in every M-step. */
const NK_OFFSET = 10 * Number.EPSILON;

/** A model's saved form (`toJSON`), read back by `GaussianMixture.fromJSON`. */
export interface GaussianMixtureJSON {
  format: "gmm-em/GaussianMixture";
  version: 1;
  options: Omit<GaussianMixtureOptions, "onIteration">;
  fitted: {
    weights: number[];
    means: number[][];
    covariances: CovarianceArray;
    precisionsCholesky: CovarianceArray;
    converged: boolean;
    nIter: number;
    lowerBound: number;
  } | null;
}

interface Fitted {
  state: MixtureState;
  precisions: Precisions;
}

interface ResolvedOptions {
  nComponents: number;
  covarianceType: CovarianceType;
  tol: number;
  regCovar: number;
  maxIter: number;
  nInit: number;
  initParams: InitParams;
  weightsInit?: number[];
  meansInit?: number[][];
  precisionsInit?: CovarianceArray;
  randomState?: number;
  warmStart: boolean;
  onIteration?: (iteration: number, lowerBound: number) => void;
  threads?: number;
}

/**
 * A Gaussian mixture fitted by EM, as scikit-learn's `sklearn.mixture.GaussianMixture`.
 *
 *     const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
 *     gm.means; gm.predict(X); gm.bic(X);
 */
export class GaussianMixture {
  readonly options: Readonly<ResolvedOptions>;
  /** Mixing weights (k). */
  weights: number[] = [];
  /** Means (k × d). */
  means: number[][] = [];
  /** Covariances, shaped per `covarianceType` (full k × d × d, tied d × d, diag k × d, spherical k). */
  covariances: CovarianceArray = [];
  /** Precisions (inverse covariances), shaped as `covariances`. */
  precisions: CovarianceArray = [];
  /**
   * Cholesky factors of the precisions as scikit-learn's `precisions_cholesky_`: for full and
   * tied the upper triangular (L⁻¹)ᵀ where Sigma = L Lᵀ; for diag and spherical 1 / √variance.
   */
  precisionsCholesky: CovarianceArray = [];
  /** Whether the kept fit's lower bound changed by less than `tol` (as scikit-learn: any initialisation's). */
  converged = false;
  /** EM iterations of the kept initialisation. */
  nIter = 0;
  /** Mean log-likelihood per sample computed in the E-step of the kept initialisation's last iteration. */
  lowerBound = -Infinity;
  /** Number of features (d) seen in `fit`. */
  nFeaturesIn = 0;

  private fitted: Fitted | null = null;

  constructor(options: GaussianMixtureOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** Fits the mixture to the rows of X by EM; returns this. */
  fit(X: DataInput): this {
    this.fitPredict(X);
    return this;
  }

  /** Fits, then returns the most probable component of each row of X. */
  fitPredict(X: DataInput): Int32Array {
    const flat = toFlatData(X);
    const o = this.options;
    const { n, d } = flat;
    if (n < 2) throw new GmmInputError("X", `has ${n} sample; fitting needs at least 2`);
    if (n < o.nComponents) {
      throw new GmmInputError("options.nComponents", `is ${o.nComponents}, more than the ${n} samples of X (needs n samples ≥ nComponents)`);
    }
    const doInit = !(o.warmStart && this.fitted !== null);
    if (!doInit && d !== this.nFeaturesIn) {
      throw new GmmInputError("X", `has ${d} features, but the warm start's model has ${this.nFeaturesIn}`);
    }
    const inits = checkInits(o, d);
    const nInit = doInit ? o.nInit : 1;
    const rng = new NumpyRandomState(o.randomState ?? freshSeed());
    let maxLowerBound = -Infinity;
    let converged = false;
    let best: Fitted | null = null;
    let bestNIter = 0;
    let current: Fitted = this.fitted as Fitted;
    const runner = new EStepRunner(flat, o.nComponents, o.threads ?? defaultThreads(n, o.nComponents));
    try {
      for (let init = 0; init < nInit; init++) {
        if (doInit) current = initialize(flat, o, inits, rng);
        let lowerBound = doInit ? -Infinity : this.lowerBound;
        if (o.maxIter === 0) {
          best = current;
          bestNIter = 0;
          continue;
        }
        let nIter = 0;
        for (nIter = 1; nIter <= o.maxIter; nIter++) {
          const previous = lowerBound;
          const stats = runner.run(current.state, current.precisions, "correct", null);
          current = mStep(flat, current.state, current.precisions, stats, "correct", o.regCovar, nIter, {
            covarianceType: o.covarianceType,
            nkOffset: NK_OFFSET,
          });
          lowerBound = stats[0] / n;
          o.onIteration?.(nIter, lowerBound);
          if (Math.abs(lowerBound - previous) < o.tol) {
            converged = true;
            break;
          }
        }
        nIter = Math.min(nIter, o.maxIter);
        if (lowerBound > maxLowerBound || maxLowerBound === -Infinity) {
          maxLowerBound = lowerBound;
          best = current;
          bestNIter = nIter;
        }
      }
    } finally {
      runner.close();
    }
    if (!converged && o.maxIter > 0) {
      process.emitWarning(
        `GaussianMixture: initialization ${nInit} did not converge in maxIter = ${o.maxIter} iterations ` +
          `(tol = ${o.tol}). Try other initial parameters, a larger maxIter or tol, or check for degenerate data.`,
        { type: "ConvergenceWarning", code: "GMM_NOT_CONVERGED" },
      );
    }
    this.setFitted(best!, d);
    this.converged = converged;
    this.nIter = bestNIter;
    this.lowerBound = maxLowerBound;
    // scikit-learn ends with an E-step so that fitPredict(X) equals fit(X).predict(X).
    return this.predict(asInput(flat));
  }

  /** The most probable component of each row of X. */
  predict(X: DataInput): Int32Array {
    const { resp, k, n } = this.responsibilities(X, "predict");
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (resp[i * k + j] > resp[i * k + best]) best = j;
      labels[i] = best;
    }
    return labels;
  }

  /** The n × k posterior probabilities (responsibilities) of the components for each row of X. */
  predictProba(X: DataInput): number[][] {
    const { resp, k, n } = this.responsibilities(X, "predictProba");
    const out: number[][] = [];
    for (let i = 0; i < n; i++) out.push(Array.from(resp.subarray(i * k, (i + 1) * k)));
    return out;
  }

  /** log p(x) of each row of X under the mixture. */
  scoreSamples(X: DataInput): Float64Array {
    const { flat, fitted } = this.checkData(X, "scoreSamples");
    const { state, precisions } = fitted;
    const out = new Float64Array(flat.n);
    const stats = new Float64Array(statsLength(state.k, state.d));
    // The E-step over one row at a time, without the M-step's sums: its log-likelihood is that row's log p(x).
    for (let i = 0; i < flat.n; i++) {
      stats[0] = 0;
      accumulateRows(flat, state, precisions, "correct", i, i + 1, stats, null, 0, false);
      out[i] = stats[0];
    }
    return out;
  }

  /** Mean log-likelihood per row of X. */
  score(X: DataInput): number {
    const s = this.scoreSamples(X);
    let total = 0;
    for (let i = 0; i < s.length; i++) total += s[i];
    return total / s.length;
  }

  /** Bayesian information criterion on X: −2 log L + p log n (lower is better). */
  bic(X: DataInput): number {
    const { flat } = this.checkData(X, "bic");
    return -2 * this.score(asInput(flat)) * flat.n + this.nParameters() * Math.log(flat.n);
  }

  /** Akaike information criterion on X: −2 log L + 2p (lower is better). */
  aic(X: DataInput): number {
    const { flat } = this.checkData(X, "aic");
    return -2 * this.score(asInput(flat)) * flat.n + 2 * this.nParameters();
  }

  /** Free parameters: k − 1 weights, k·d means and the covariances' own count per type. */
  nParameters(): number {
    const fitted = this.requireFitted("nParameters");
    const { k, d } = fitted.state;
    const cov = {
      full: (k * d * (d + 1)) / 2,
      tied: (d * (d + 1)) / 2,
      diag: k * d,
      spherical: k,
    }[this.options.covarianceType];
    return cov + k * d + k - 1;
  }

  /**
   * n points drawn from the fitted mixture, grouped by component as scikit-learn's `sample`
   * (X, and each point's component y). Seeded by `randomState`: the same model and seed give the
   * same points on every call (scikit-learn's draws differ: it samples through numpy's SVD).
   */
  sample(n = 1): { X: number[][]; y: number[] } {
    const fitted = this.requireFitted("sample");
    checkInteger("n", n, 1);
    const { k, d, weights, means, covariances } = fitted.state;
    const rng = new NumpyRandomState(this.options.randomState ?? freshSeed());
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.randomSample();
      let j = 0, cumulative = weights[0];
      while (u >= cumulative && j < k - 1) cumulative += weights[++j];
      counts[j]++;
    }
    const X: number[][] = [];
    const y: number[] = [];
    const z = new Float64Array(d);
    for (let j = 0; j < k; j++) {
      const L = choleskyLower(covariances, j * d * d, d);
      for (let s = 0; s < counts[j]; s++) {
        for (let c = 0; c < d; c++) z[c] = rng.standardNormal();
        const x = new Array<number>(d);
        for (let r = 0; r < d; r++) {
          let v = means[j * d + r];
          for (let c = 0; c <= r; c++) v += L[r * d + c] * z[c];
          x[r] = v;
        }
        X.push(x);
        y.push(j);
      }
    }
    return { X, y };
  }

  /** The options and fitted state as plain JSON (`onIteration` is not saved). */
  toJSON(): GaussianMixtureJSON {
    const { onIteration: _dropped, ...options } = this.options;
    const saved: GaussianMixtureJSON["options"] = {};
    for (const [key, value] of Object.entries(options)) if (value !== undefined) (saved as Record<string, unknown>)[key] = value;
    return {
      format: "gmm-em/GaussianMixture",
      version: 1,
      options: saved,
      fitted: this.fitted === null ? null : {
        weights: this.weights,
        means: this.means,
        covariances: this.covariances,
        precisionsCholesky: this.precisionsCholesky,
        converged: this.converged,
        nIter: this.nIter,
        lowerBound: this.lowerBound,
      },
    };
  }

  /** A model back from `toJSON` (or its JSON text): the same predictions, scores and samples. */
  static fromJSON(json: GaussianMixtureJSON | string): GaussianMixture {
    const obj = (typeof json === "string" ? JSON.parse(json) : json) as GaussianMixtureJSON;
    if (typeof obj !== "object" || obj === null || obj.format !== "gmm-em/GaussianMixture" || obj.version !== 1) {
      throw new GmmInputError("json", `is not a saved GaussianMixture (format "gmm-em/GaussianMixture", version 1)`);
    }
    const model = new GaussianMixture(obj.options);
    if (obj.fitted !== null && obj.fitted !== undefined) {
      const f = obj.fitted;
      const k = model.options.nComponents;
      if (!Array.isArray(f.means) || f.means.length !== k || !Array.isArray(f.means[0])) {
        throw new GmmInputError("json.fitted.means", `must be ${k} means`);
      }
      const d = f.means[0].length;
      const weights = checkWeights("json.fitted.weights", f.weights, k);
      const means = checkMeans("json.fitted.means", f.means, k, d);
      const covariances = covariancesToFull("json.fitted.covariances", f.covariances, model.options.covarianceType, k, d);
      const state: MixtureState = { k, d, weights, means, covariances };
      model.setFitted({ state, precisions: computePrecisions(state, 0) }, d);
      model.converged = Boolean(f.converged);
      model.nIter = checkInteger("json.fitted.nIter", f.nIter, 0);
      model.lowerBound = typeof f.lowerBound === "number" ? f.lowerBound : -Infinity;
    }
    return model;
  }

  private setFitted(fitted: Fitted, d: number): void {
    this.fitted = fitted;
    this.nFeaturesIn = d;
    const { state, precisions } = fitted;
    const { k } = state;
    const type = this.options.covarianceType;
    this.weights = Array.from(state.weights);
    this.means = [];
    for (let j = 0; j < k; j++) this.means.push(Array.from(state.means.subarray(j * d, (j + 1) * d)));
    const matrix = (flat: Float64Array, o: number, transpose: boolean): number[][] => {
      const m: number[][] = [];
      for (let r = 0; r < d; r++) {
        const row: number[] = [];
        for (let c = 0; c < d; c++) row.push(transpose ? flat[o + c * d + r] : flat[o + r * d + c]);
        m.push(row);
      }
      return m;
    };
    // Precision P = (L⁻¹)ᵀ L⁻¹.
    const precision = new Float64Array(k * d * d);
    for (let j = 0; j < k; j++) {
      const o = j * d * d;
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          let s = 0;
          for (let m = Math.max(r, c); m < d; m++) s += precisions.inverseLower[o + m * d + r] * precisions.inverseLower[o + m * d + c];
          precision[o + r * d + c] = s;
        }
      }
    }
    const diagonals = (flat: Float64Array): number[][] =>
      Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, a) => flat[j * d * d + a * d + a]));
    switch (type) {
      case "full":
        this.covariances = Array.from({ length: k }, (_, j) => matrix(state.covariances, j * d * d, false));
        this.precisions = Array.from({ length: k }, (_, j) => matrix(precision, j * d * d, false));
        this.precisionsCholesky = Array.from({ length: k }, (_, j) => matrix(precisions.inverseLower, j * d * d, true));
        break;
      case "tied":
        this.covariances = matrix(state.covariances, 0, false);
        this.precisions = matrix(precision, 0, false);
        this.precisionsCholesky = matrix(precisions.inverseLower, 0, true);
        break;
      case "diag":
        this.covariances = diagonals(state.covariances);
        this.precisions = diagonals(precision);
        this.precisionsCholesky = diagonals(precisions.inverseLower);
        break;
      case "spherical":
        this.covariances = diagonals(state.covariances).map((v) => v[0]);
        this.precisions = diagonals(precision).map((v) => v[0]);
        this.precisionsCholesky = diagonals(precisions.inverseLower).map((v) => v[0]);
        break;
    }
  }

  private requireFitted(method: string): Fitted {
    if (this.fitted === null) throw new GmmNotFittedError(method);
    return this.fitted;
  }

  private checkData(X: DataInput, method: string): { flat: FlatData; fitted: Fitted } {
    const fitted = this.requireFitted(method);
    const flat = toFlatData(X);
    if (flat.d !== this.nFeaturesIn) {
      throw new GmmInputError("X", `has ${flat.d} features, but the model was fitted on ${this.nFeaturesIn}`);
    }
    return { flat, fitted };
  }

  private responsibilities(X: DataInput, method: string): { resp: Float64Array; k: number; n: number } {
    const { flat, fitted } = this.checkData(X, method);
    const k = fitted.state.k;
    const resp = new Float64Array(flat.n * k);
    eStep(flat, fitted.state, fitted.precisions, "correct", resp);
    return { resp, k, n: flat.n };
  }
}

/** Flat data back as a `DataInput` (no copy). */
function asInput(flat: FlatData): DataInput {
  return { data: flat.data, columns: flat.d };
}

function freshSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

function resolveOptions(options: GaussianMixtureOptions): ResolvedOptions {
  checkOptionNames("options", options, OPTION_NAMES);
  const covarianceType = options.covarianceType ?? "full";
  if (!COVARIANCE_TYPES.includes(covarianceType)) {
    throw new GmmInputError("options.covarianceType", `must be one of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}, got ${JSON.stringify(covarianceType)}`);
  }
  const initParams = options.initParams ?? "kmeans";
  if (!INIT_PARAMS.includes(initParams)) {
    throw new GmmInputError("options.initParams", `must be one of ${INIT_PARAMS.map((t) => `"${t}"`).join(", ")}, got ${JSON.stringify(initParams)}`);
  }
  if (options.randomState !== undefined) {
    const s = options.randomState;
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 4294967295) {
      throw new GmmInputError("options.randomState", `must be an integer from 0 to 2^32 − 1, got ${String(s)}`);
    }
  }
  if (options.warmStart !== undefined && typeof options.warmStart !== "boolean") {
    throw new GmmInputError("options.warmStart", `must be true or false, got ${String(options.warmStart)}`);
  }
  if (options.onIteration !== undefined && typeof options.onIteration !== "function") {
    throw new GmmInputError("options.onIteration", "must be a function (iteration, lowerBound) => void");
  }
  const inits: Pick<ResolvedOptions, "weightsInit" | "meansInit" | "precisionsInit"> = {};
  for (const name of ["weightsInit", "meansInit", "precisionsInit"] as const) {
    if (options[name] === undefined) continue;
    const value = plainArrays(options[name]);
    if (!Array.isArray(value)) throw new GmmInputError(`options.${name}`, "must be an array (or a Matrix / Float64Array)");
    (inits as Record<string, unknown>)[name] = value;
  }
  return {
    nComponents: checkInteger("options.nComponents", options.nComponents ?? 1, 1),
    covarianceType,
    tol: checkNumber("options.tol", options.tol ?? 1e-3, 0),
    regCovar: checkNumber("options.regCovar", options.regCovar ?? 1e-6, 0),
    maxIter: checkInteger("options.maxIter", options.maxIter ?? 100, 0),
    nInit: checkInteger("options.nInit", options.nInit ?? 1, 1),
    initParams,
    ...inits,
    randomState: options.randomState,
    warmStart: options.warmStart ?? false,
    onIteration: options.onIteration,
    threads: options.threads === undefined ? undefined : checkThreads("options.threads", options.threads),
  };
}

/** Matrices and typed arrays as plain nested arrays (a copy: later changes by the caller do not reach the model). */
function plainArrays(v: unknown): unknown {
  if (Matrix.isMatrix(v)) return (v as Matrix).to2DArray();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
  if (Array.isArray(v)) return v.map(plainArrays);
  return v;
}

interface Inits {
  weights?: Float64Array;
  means?: Float64Array;
  covariances?: Float64Array;
}

/** The user's starting parameters, checked against k and d as scikit-learn's `_check_parameters`. */
function checkInits(o: ResolvedOptions, d: number): Inits {
  const k = o.nComponents;
  const inits: Inits = {};
  if (o.weightsInit !== undefined) inits.weights = checkWeights("options.weightsInit", o.weightsInit, k);
  if (o.meansInit !== undefined) inits.means = checkMeans("options.meansInit", o.meansInit, k, d);
  if (o.precisionsInit !== undefined) {
    inits.covariances = precisionsToCovariances("options.precisionsInit", o.precisionsInit, o.covarianceType, k, d);
  }
  return inits;
}

function checkFinite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new GmmInputError(name, `is not a finite number (${String(v)})`);
  return v;
}

function checkWeights(name: string, w: unknown, k: number): Float64Array {
  if (!Array.isArray(w) || w.length !== k) {
    throw new GmmInputError(name, `must have shape (${k},) (one weight per component), got ${Array.isArray(w) ? `length ${w.length}` : String(w)}`);
  }
  const out = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    out[j] = checkFinite(`${name}[${j}]`, w[j]);
    if (out[j] < 0 || out[j] > 1) throw new GmmInputError(`${name}[${j}]`, `is ${out[j]}, outside [0, 1]`);
    sum += out[j];
  }
  if (Math.abs(1 - sum) > 1e-8) throw new GmmInputError(name, `sums to ${sum}, not 1: the weights must be normalised`);
  return out;
}

function checkMeans(name: string, m: unknown, k: number, d: number): Float64Array {
  if (!Array.isArray(m) || m.length !== k) {
    throw new GmmInputError(name, `must have shape (${k}, ${d}) (k × d), got ${Array.isArray(m) ? `${m.length} rows` : String(m)}`);
  }
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const row = m[j];
    if (!Array.isArray(row) || row.length !== d) {
      throw new GmmInputError(`${name}[${j}]`, `must have ${d} values (the data's features), got ${Array.isArray(row) ? row.length : String(row)}`);
    }
    for (let c = 0; c < d; c++) out[j * d + c] = checkFinite(`${name}[${j}][${c}]`, row[c]);
  }
  return out;
}

/** A d × d symmetric matrix (to numpy's allclose) at `out[offset]`, symmetrised. */
function readSymmetric(name: string, S: unknown, d: number, out: Float64Array, offset: number): void {
  if (!Array.isArray(S) || S.length !== d) throw new GmmInputError(name, `must be a ${d} × ${d} matrix`);
  for (let r = 0; r < d; r++) {
    const row = S[r];
    if (!Array.isArray(row) || row.length !== d) throw new GmmInputError(`${name}[${r}]`, `must have ${d} values (a ${d} × ${d} matrix)`);
    for (let c = 0; c < d; c++) out[offset + r * d + c] = checkFinite(`${name}[${r}][${c}]`, row[c]);
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < r; c++) {
      const a = out[offset + r * d + c], b = out[offset + c * d + r];
      if (Math.abs(a - b) > 1e-8 + 1e-5 * Math.abs(b)) {
        throw new GmmInputError(`${name}[${r}][${c}]`, `is ${a} but ${name}[${c}][${r}] is ${b}: must be symmetric`);
      }
      out[offset + r * d + c] = out[offset + c * d + r] = 0.5 * (a + b);
    }
  }
}

/**
 * The k full covariances, row-major, from an array shaped per covariance type holding either
 * covariances or (when `inverse`) precisions, which are inverted.
 */
function toFullMatrices(
  name: string, values: unknown, type: CovarianceType, k: number, d: number, inverse: boolean,
): Float64Array {
  const dd = d * d;
  const out = new Float64Array(k * dd);
  const what = inverse ? "precision" : "covariance";
  const shape = { full: `(${k}, ${d}, ${d})`, tied: `(${d}, ${d})`, diag: `(${k}, ${d})`, spherical: `(${k},)` }[type];
  const bad = (): never => {
    throw new GmmInputError(name, `must have shape ${shape} for covarianceType "${type}"`);
  };
  if (!Array.isArray(values)) bad();
  const arr = values as unknown[];
  const positive = (n: string, v: unknown): number => {
    const x = checkFinite(n, v);
    if (!(x > 0)) throw new GmmInputError(n, `is ${x}: a ${what} must be positive`);
    return inverse ? 1 / x : x;
  };
  const fullFrom = (n: string, S: unknown, offset: number): void => {
    readSymmetric(n, S, d, out, offset);
    // The factor A with AᵀA = M⁻¹ (the `inverseLower` of M) gives M⁻¹ = AᵀA; it also tests M > 0.
    const p = precisionCholesky(out, offset, d);
    if (p === null) throw new GmmInputError(n, `is not positive definite: a ${what} must be`);
    if (!inverse) return;
    const A = p.inverseLower;
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        let s = 0;
        for (let m = Math.max(r, c); m < d; m++) s += A[m * d + r] * A[m * d + c];
        out[offset + r * d + c] = s;
      }
    }
  };
  switch (type) {
    case "full":
      if (arr.length !== k) bad();
      for (let j = 0; j < k; j++) fullFrom(`${name}[${j}]`, arr[j], j * dd);
      break;
    case "tied":
      if (arr.length !== d) bad();
      fullFrom(name, arr, 0);
      for (let j = 1; j < k; j++) out.copyWithin(j * dd, 0, dd);
      break;
    case "diag":
      if (arr.length !== k) bad();
      for (let j = 0; j < k; j++) {
        const row = arr[j];
        if (!Array.isArray(row) || row.length !== d) bad();
        for (let a = 0; a < d; a++) out[j * dd + a * d + a] = positive(`${name}[${j}][${a}]`, (row as unknown[])[a]);
      }
      break;
    case "spherical":
      if (arr.length !== k) bad();
      for (let j = 0; j < k; j++) {
        const v = positive(`${name}[${j}]`, arr[j]);
        for (let a = 0; a < d; a++) out[j * dd + a * d + a] = v;
      }
      break;
  }
  return out;
}

function precisionsToCovariances(name: string, p: unknown, type: CovarianceType, k: number, d: number): Float64Array {
  return toFullMatrices(name, p, type, k, d, true);
}

function covariancesToFull(name: string, c: unknown, type: CovarianceType, k: number, d: number): Float64Array {
  return toFullMatrices(name, c, type, k, d, false);
}

/** Lower Cholesky factor L of the covariance at `offset` (L = inverse of `inverseLower`). */
function choleskyLower(cov: Float64Array, offset: number, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) {
      let s = 0.5 * (cov[offset + r * d + c] + cov[offset + c * d + r]);
      for (let m = 0; m < c; m++) s -= L[r * d + m] * L[c * d + m];
      L[r * d + c] = r === c ? Math.sqrt(s) : s / L[c * d + c];
    }
  }
  return L;
}

/**
 * scikit-learn's `_initialize_parameters` then `_initialize`: responsibilities from `initParams`,
 * weights, means and covariances estimated from them by the M-step, each replaced by the user's
 * `weightsInit`, `meansInit`, `precisionsInit` where given.
 */
function initialize(X: FlatData, o: ResolvedOptions, inits: Inits, rng: NumpyRandomState): Fitted {
  const { d } = X;
  const k = o.nComponents;
  const resp = initialResponsibilities(X, k, o.initParams, rng);
  const { means: centres, stats } = responsibilitySums(X, resp, k);
  const sums: MixtureState = { k, d, weights: new Float64Array(k).fill(1 / k), means: centres, covariances: new Float64Array(k * d * d) };
  const estimated = estimateParameters(X, sums, null, stats, "correct", o.regCovar, 0, {
    covarianceType: o.covarianceType,
    nkOffset: NK_OFFSET,
  });
  // scikit-learn's _initialize takes the weights as (N_j + 10·eps) / n, not renormalised: after a
  // point initialisation (one row per component) they are 1 / n each and sum to k / n, which the
  // first E-step's log-likelihood shows. Start there too; the first M-step renormalises.
  for (let j = 0; j < k; j++) estimated.weights[j] = (stats[1 + j] + NK_OFFSET) / X.n;
  if (o.covarianceType === "tied") addUnassignedScatter(X, resp, k, estimated);
  const state: MixtureState = {
    k,
    d,
    weights: inits.weights ?? estimated.weights,
    means: inits.means ?? estimated.means,
    covariances: inits.covariances ?? estimated.covariances,
  };
  return { state, precisions: computePrecisions(state, 0) };
}

/**
 * scikit-learn's tied covariance is (XᵀX − Σ_j N_j μ_j μ_jᵀ) / Σ_j N_j, which is the pooled
 * within-component scatter only when every row's responsibilities sum to 1. The point
 * initialisations ("random_from_data", "k-means++") give one row to each component and none to
 * the rest, whose x xᵀ then stays in: a broad starting covariance rather than regCovar·I. We add
 * that term, Σ_i (1 − Σ_j r_ij) x_i x_iᵀ / Σ_j N_j, to start where scikit-learn starts.
 */
function addUnassignedScatter(X: FlatData, resp: Float64Array, k: number, estimated: MixtureState): void {
  const { n, d, data } = X;
  const extra = new Float64Array(d * d);
  let any = false;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += resp[i * k + j];
    const left = 1 - s;
    if (left === 0) continue;
    any = true;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) extra[a * d + b] += left * data[i * d + a] * data[i * d + b];
  }
  if (!any) return;
  const nkSum = sumOfResponsibilities(resp) + k * NK_OFFSET;
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < d * d; t++) estimated.covariances[j * d * d + t] += extra[t] / nkSum;
  }
}

function sumOfResponsibilities(resp: Float64Array): number {
  let s = 0;
  for (let i = 0; i < resp.length; i++) s += resp[i];
  return s;
}

/** The n × k starting responsibilities of `initParams`, drawn as scikit-learn draws them. */
function initialResponsibilities(X: FlatData, k: number, initParams: InitParams, rng: NumpyRandomState): Float64Array {
  const { n } = X;
  const resp = new Float64Array(n * k);
  switch (initParams) {
    case "kmeans": {
      const labels = kmeansLabels(X, k, rng);
      for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
      break;
    }
    case "random":
      for (let i = 0; i < n * k; i++) resp[i] = rng.randomSample();
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += resp[i * k + j];
        for (let j = 0; j < k; j++) resp[i * k + j] /= s;
      }
      break;
    case "random_from_data": {
      const indices = rng.permutation(n).slice(0, k);
      indices.forEach((i, j) => (resp[i * k + j] = 1));
      break;
    }
    case "k-means++": {
      const indices = kmeansPlusPlus(X, k, rng);
      indices.forEach((i, j) => (resp[i * k + j] = 1));
      break;
    }
  }
  return resp;
}
