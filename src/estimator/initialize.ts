/**
 * The estimator's starting point, as scikit-learn's `_initialize_parameters`: responsibilities
 * drawn by `initParams` (k-means labels, random values, or points), the parameters the M-step
 * estimates from them, and the starting parameters the user gave in their place.
 */
import type { FlatData } from "../data/input";
import type { NumpyRandomState } from "../data/numpy-random";
import { COVARIANCE_FORMS, PRECISIONS } from "../em/covariance-type";
import { estimateParameters, SKLEARN_NK_OFFSET } from "../em/m-step";
import { computePrecisions, type FactoredState, type MixtureState } from "../em/params";
import type { RegCovarHint } from "../em/scale";
import { emptySums, type Sums, sumsLayout } from "../em/sums";
import { checkMeans, checkWeights } from "../validate";
import { kmeansLabels, kmeansPlusPlus } from "./kmeans";
import type { InitParams, ResolvedOptions } from "./options";

/** The starting parameters the user gave, checked, as flat arrays. */
interface Inits {
  weights?: Float64Array;
  means?: Float64Array;
  covariances?: Float64Array;
}

/** The user's starting parameters, checked against k and d as scikit-learn's `_check_parameters`. */
export function checkInits(o: ResolvedOptions, d: number): Inits {
  const k = o.nComponents;
  const inits: Inits = {};
  if (o.weightsInit !== undefined)
    inits.weights = checkWeights("options.weightsInit", o.weightsInit, k, "scikit-learn");
  if (o.meansInit !== undefined) inits.means = checkMeans("options.meansInit", o.meansInit, k, d);
  if (o.precisionsInit !== undefined) {
    inits.covariances = COVARIANCE_FORMS[o.covarianceType].toFull(
      "options.precisionsInit",
      o.precisionsInit,
      k,
      d,
      PRECISIONS,
    );
  }
  return inits;
}

/**
 * scikit-learn's `_initialize_parameters` then `_initialize`: responsibilities from `initParams`,
 * weights, means and covariances estimated from them by the M-step, each replaced by the user's
 * `weightsInit`, `meansInit`, `precisionsInit` where given. `regCovarHint`: what an error for a
 * singular start suggests.
 */
export function initialize(
  X: FlatData,
  o: ResolvedOptions,
  inits: Inits,
  rng: NumpyRandomState,
  regCovarHint: RegCovarHint = () => 1e-6,
): FactoredState {
  const { d } = X;
  const k = o.nComponents;
  const resp = initialResponsibilities(X, k, o.initParams, rng);
  const { means: centres, sums } = responsibilitySums(X, resp, k);
  const { nk } = sumsLayout(k, d);
  const about: MixtureState = {
    k,
    d,
    weights: new Float64Array(k).fill(1 / k),
    means: centres,
    covariances: new Float64Array(k * d * d),
  };
  const estimated = estimateParameters(X, about, null, sums, {
    regCovar: o.regCovar,
    covarianceType: o.covarianceType,
    nkOffset: SKLEARN_NK_OFFSET,
  });
  // scikit-learn's _initialize takes the weights as (N_j + 10·eps) / n, not renormalised: after a
  // point initialisation (one row per component) they are 1 / n each and sum to k / n, which the
  // first E-step's log-likelihood shows. Start there too; the first M-step renormalises.
  for (let j = 0; j < k; j++) estimated.weights[j] = (sums[nk + j] + SKLEARN_NK_OFFSET) / X.n;
  if (COVARIANCE_FORMS[o.covarianceType].keepsUnassignedScatter) addUnassignedScatter(X, resp, k, estimated);
  const state: MixtureState = {
    k,
    d,
    weights: inits.weights ?? estimated.weights,
    means: inits.means ?? estimated.means,
    covariances: inits.covariances ?? estimated.covariances,
  };
  return { state, precisions: computePrecisions(state, 0, regCovarHint) };
}

/**
 * For the forms that keep it (`keepsUnassignedScatter`): scikit-learn's tied covariance is
 * (XᵀX − Σ_j N_j μ_j μ_jᵀ) / Σ_j N_j, which is the pooled within-component scatter only when
 * every row's responsibilities sum to 1. The point initialisations ("random_from_data",
 * "k-means++") give one row to each component and none to the rest, whose x xᵀ then stays in:
 * a broad starting covariance rather than regCovar·I. We add that term,
 * Σ_i (1 − Σ_j r_ij) x_i x_iᵀ / Σ_j N_j, to start where scikit-learn starts. The term depends on
 * where the origin is: for X far from it (fitted centred, see em/scale.ts) it is taken about X's
 * centre, where scikit-learn's would be x xᵀ of a point 1e4 spreads away — a start nearly
 * singular along it.
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
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) extra[a * d + b] += left * data[i * d + a] * data[i * d + b];
  }
  if (!any) return;
  const nkSum = sumOfResponsibilities(resp) + k * SKLEARN_NK_OFFSET;
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

/**
 * The M-step's sums (see `Sums`; the log-likelihood left 0) from responsibilities given
 * as an n × k matrix (an initialisation: k-means labels, random ones), taken about each
 * component's own weighted mean (two passes), which are returned as the state's means for `mStep`.
 */
function responsibilitySums(X: FlatData, resp: Float64Array, k: number): { means: Float64Array; sums: Sums } {
  const { n, d, data } = X;
  const { nk: nkAt, firstMoment: sxAt, secondMoment: sxxAt } = sumsLayout(k, d);
  const sums = emptySums(k, d);
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j];
      if (r === 0) continue;
      sums[nkAt + j] += r;
      for (let c = 0; c < d; c++) means[j * d + c] += r * data[i * d + c];
    }
  }
  for (let j = 0; j < k; j++) {
    const nk = sums[nkAt + j];
    for (let c = 0; c < d; c++) means[j * d + c] = nk > 0 ? means[j * d + c] / nk : 0;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j];
      if (r === 0) continue;
      for (let c = 0; c < d; c++) diff[c] = data[i * d + c] - means[j * d + c];
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a];
        sums[sxAt + j * d + a] += ra;
        for (let b = a; b < d; b++) sums[sxxAt + j * d * d + a * d + b] += ra * diff[b];
      }
    }
  }
  return { means, sums };
}
