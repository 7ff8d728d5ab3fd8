/**
 * `GaussianMixture`: scikit-learn's estimator of the same name, in camelCase, on the library's one
 * E-step and one M-step. The EM loop follows scikit-learn 1.2's `BaseMixture.fit_predict` step for
 * step, so a deterministic start gives the same iterations.
 */

import { type DataInput, type FlatData, toFlatData } from "../data/input";
import { NumpyRandomState } from "../data/numpy-random";
import { precisionFromInverseLower } from "../density/cholesky";
import { COVARIANCE_FORMS, COVARIANCES, type CovarianceArray } from "../em/covariance-type";
import { accumulateRows, blockCount } from "../em/e-step";
import { eStep } from "../em/e-step-pass";
import { mStep, SKLEARN_NK_OFFSET } from "../em/m-step";
import { computePrecisions, type FactoredState, type MixtureState } from "../em/params";
import {
  centredData,
  checkDataScale,
  checkMeansInReach,
  checkNoConstantColumn,
  checkResolvable,
  shiftMeans,
} from "../em/scale";
import { emptySums } from "../em/sums";
import { defaultThreads, EStepRunner } from "../em/threads";
import { GmmInputError, GmmNotFittedError } from "../errors";
import { checkInteger, checkMeans, checkOptionNames, checkWeights, shown } from "../validate";
import { warnNotConverged } from "./convergence-warning";
import { checkInits, initialize } from "./initialize";
import { type GaussianMixtureOptions, notifyIteration, type ResolvedOptions, resolveOptions, seedOf } from "./options";
import { sampleMixture } from "./sample";

/** The fields `toJSON` writes, all of which `fromJSON` reads. */
const SAVED_FIELDS = ["format", "version", "options", "fitted"];
const FITTED_FIELDS = ["weights", "means", "covariances", "precisionsCholesky", "converged", "nIter", "lowerBound"];

/** Throws unless `value` is an object with exactly the fields `fields`. */
function checkSavedFields(name: string, value: unknown, fields: readonly string[]): void {
  checkOptionNames(name, value, fields);
  for (const field of fields)
    if (!(field in (value as object))) throw new GmmInputError(`${name}.${field}`, "is missing");
}

/** `make()`, with the argument of a `GmmInputError` it throws named from `prefix` (e.g. "json.options.tol"). */
function withPrefix<T>(prefix: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof GmmInputError)) throw e;
    throw new GmmInputError(`${prefix}${e.argument}`, e.message.slice(e.argument.length + 2));
  }
}

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

/**
 * A Gaussian mixture fitted by EM, as scikit-learn's `sklearn.mixture.GaussianMixture`.
 *
 *     const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
 *     gm.means; gm.predict(X); gm.bic(X);
 */
export class GaussianMixture {
  /**
   * The options as given, checked, with scikit-learn's defaults filled in.
   * @inlineType ResolvedOptions
   */
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

  private fitted: FactoredState | null = null;

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
    // Finiteness is checked by checkDataScale's pass below: X is read once before EM.
    const flat = toFlatData(X, "X", false);
    const o = this.options;
    const { n, d } = flat;
    if (n < 2) throw new GmmInputError("X", `has ${n} sample; fitting needs at least 2`);
    if (n < o.nComponents) {
      throw new GmmInputError(
        "options.nComponents",
        `is ${o.nComponents}, more than the ${n} samples of X (needs n samples ≥ nComponents)`,
      );
    }
    const doInit = !(o.warmStart && this.fitted !== null);
    if (!doInit && d !== this.nFeaturesIn) {
      throw new GmmInputError("X", `has ${d} features, but the warm start's model has ${this.nFeaturesIn}`);
    }
    const scale = checkDataScale(flat);
    checkNoConstantColumn(scale, o.regCovar);
    const inits = checkInits(o, d);
    if (inits.means !== undefined) checkMeansInReach("options.meansInit", inits.means, o.nComponents, scale);
    const nInit = doInit ? o.nInit : 1;
    const rng = new NumpyRandomState(seedOf(o.randomState));
    // EM runs on X centred when X is far from the origin (see em/scale.ts); the fitted means are
    // in X's coordinates again.
    const { centre } = scale;
    // What a collapse error suggests: a millionth of the data's variance, or more than is set already.
    const regCovarHint = () => Math.max(scale.regCovarHint, 10 * o.regCovar);
    const threads = o.threads ?? defaultThreads(n, o.nComponents);
    const data = centre === null ? flat : centredData(flat, centre, Math.min(threads, blockCount(n)) > 1);
    if (inits.means !== undefined && centre !== null) inits.means = inits.means.map((m, t) => m - centre[t % d]);
    let maxLowerBound = -Infinity;
    let converged = false;
    let best: FactoredState | null = null;
    let bestNIter = 0;
    let current: FactoredState = this.fitted === null ? (null as never) : shifted(this.fitted, centre, -1);
    const runner = new EStepRunner(data, o.nComponents, threads);
    try {
      for (let init = 0; init < nInit; init++) {
        if (doInit) current = initialize(data, o, inits, rng, regCovarHint);
        checkResolvable(current.state, current.precisions, 0, regCovarHint);
        let lowerBound = doInit ? -Infinity : this.lowerBound;
        if (o.maxIter === 0) {
          best = current;
          bestNIter = 0;
          continue;
        }
        let nIter = 0;
        for (nIter = 1; nIter <= o.maxIter; nIter++) {
          const previous = lowerBound;
          const sums = runner.run(current.state, current.precisions);
          current = mStep(data, current.state, current.precisions, sums, {
            regCovar: o.regCovar,
            iteration: nIter,
            covarianceType: o.covarianceType,
            nkOffset: SKLEARN_NK_OFFSET,
            regCovarHint,
          });
          lowerBound = sums[0] / n;
          if (o.onIteration) notifyIteration(o.onIteration, nIter, lowerBound);
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
      warnNotConverged(
        `GaussianMixture: initialization ${nInit} did not converge in maxIter = ${o.maxIter} iterations ` +
          `(tol = ${o.tol}). Try other initial parameters, a larger maxIter or tol, or check for degenerate data.`,
      );
    }
    this.setFitted(shifted(best!, centre, 1), d);
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
    const sums = emptySums(state.k, state.d);
    const logLikelihoodOnly = { withSums: false };
    // The E-step over one row at a time, without the M-step's sums: its log-likelihood is that row's log p(x).
    for (let i = 0; i < flat.n; i++) {
      sums[0] = 0;
      accumulateRows(flat, state, precisions, i, i + 1, sums, logLikelihoodOnly);
      out[i] = sums[0];
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
    return COVARIANCE_FORMS[this.options.covarianceType].parameters(k, d) + k * d + k - 1;
  }

  /**
   * n points drawn from the fitted mixture, grouped by component as scikit-learn's `sample`
   * (X, and each point's component y). Seeded by `randomState`: the same model and seed give the
   * same points on every call (scikit-learn's draws differ: it samples through numpy's SVD).
   */
  sample(n = 1): { X: number[][]; y: number[] } {
    const fitted = this.requireFitted("sample");
    return sampleMixture(fitted.state, n, seedOf(this.options.randomState));
  }

  /** The options and fitted state as plain JSON (`onIteration` is not saved). */
  toJSON(): GaussianMixtureJSON {
    const { onIteration: _dropped, ...options } = this.options;
    const saved: GaussianMixtureJSON["options"] = {};
    for (const [key, value] of Object.entries(options))
      if (value !== undefined) (saved as Record<string, unknown>)[key] = value;
    return {
      format: "gmm-em/GaussianMixture",
      version: 1,
      options: saved,
      fitted:
        this.fitted === null
          ? null
          : {
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
    let obj: GaussianMixtureJSON;
    try {
      obj = (typeof json === "string" ? JSON.parse(json) : json) as GaussianMixtureJSON;
    } catch (e) {
      throw new GmmInputError("json", `is not JSON (${(e as Error).message})`);
    }
    if (typeof obj !== "object" || obj === null || obj.format !== "gmm-em/GaussianMixture" || obj.version !== 1) {
      throw new GmmInputError("json", `is not a saved GaussianMixture (format "gmm-em/GaussianMixture", version 1)`);
    }
    // As strict as the options objects: a field toJSON does not write is a mistake, not ignored.
    checkSavedFields("json", obj, SAVED_FIELDS);
    if (typeof obj.options !== "object" || obj.options === null || "onIteration" in obj.options)
      throw new GmmInputError("json.options", "must be the saved options (toJSON's; onIteration is not saved)");
    const model = withPrefix("json.", () => new GaussianMixture(obj.options));
    if (obj.fitted !== null) {
      const f = obj.fitted;
      checkSavedFields("json.fitted", f, FITTED_FIELDS);
      if (typeof f.converged !== "boolean")
        throw new GmmInputError("json.fitted.converged", `must be true or false, got ${shown(f.converged)}`);
      // JSON writes −Infinity (an unfinished fit's bound) as null.
      if (f.lowerBound !== null && !(typeof f.lowerBound === "number" && Number.isFinite(f.lowerBound)))
        throw new GmmInputError(
          "json.fitted.lowerBound",
          `must be a finite number or null, got ${shown(f.lowerBound)}`,
        );
      if (!Array.isArray(f.precisionsCholesky))
        throw new GmmInputError(
          "json.fitted.precisionsCholesky",
          `must be an array, got ${shown(f.precisionsCholesky)}`,
        );
      const k = model.options.nComponents;
      if (!Array.isArray(f.means) || f.means.length !== k || !Array.isArray(f.means[0])) {
        throw new GmmInputError("json.fitted.means", `must be ${k} means`);
      }
      const d = f.means[0].length;
      const weights = checkWeights("json.fitted.weights", f.weights, k, "scikit-learn");
      const means = checkMeans("json.fitted.means", f.means, k, d);
      const covariances = COVARIANCE_FORMS[model.options.covarianceType].toFull(
        "json.fitted.covariances",
        f.covariances,
        k,
        d,
        COVARIANCES,
      );
      const state: MixtureState = { k, d, weights, means, covariances };
      model.setFitted({ state, precisions: computePrecisions(state, 0) }, d);
      model.converged = f.converged;
      model.nIter = checkInteger("json.fitted.nIter", f.nIter, 0);
      model.lowerBound = f.lowerBound ?? -Infinity;
    }
    return model;
  }

  private setFitted(fitted: FactoredState, d: number): void {
    this.fitted = fitted;
    this.nFeaturesIn = d;
    const { state, precisions } = fitted;
    const { k } = state;
    const form = COVARIANCE_FORMS[this.options.covarianceType];
    this.weights = Array.from(state.weights);
    this.means = [];
    for (let j = 0; j < k; j++) this.means.push(Array.from(state.means.subarray(j * d, (j + 1) * d)));
    const precision = new Float64Array(k * d * d);
    for (let j = 0; j < k; j++) precisionFromInverseLower(precisions.inverseLower, j * d * d, d, precision, j * d * d);
    this.covariances = form.fromFull(state.covariances, k, d, false);
    this.precisions = form.fromFull(precision, k, d, false);
    // scikit-learn's precisions_cholesky_: (L⁻¹)ᵀ for full and tied, the diagonal for the others.
    this.precisionsCholesky = form.fromFull(precisions.inverseLower, k, d, true);
  }

  private requireFitted(method: string): FactoredState {
    if (this.fitted === null) throw new GmmNotFittedError(method);
    return this.fitted;
  }

  private checkData(X: DataInput, method: string): { flat: FlatData; fitted: FactoredState } {
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
    eStep(flat, fitted.state, fitted.precisions, { resp });
    return { resp, k, n: flat.n };
  }
}

/** A copy of `fitted` with `centre` added to (`sign` 1) or taken from (−1) its means; the same when `centre` is null. */
function shifted(fitted: FactoredState, centre: Float64Array | null, sign: 1 | -1): FactoredState {
  if (centre === null) return fitted;
  const state = { ...fitted.state, means: fitted.state.means.slice() };
  shiftMeans(state, centre, sign);
  return { state, precisions: fitted.precisions };
}

/** Flat data back as a `DataInput` (no copy). */
function asInput(flat: FlatData): DataInput {
  return { data: flat.data, columns: flat.d };
}
