/**
 * `GaussianMixture`'s options: their types, their defaults (scikit-learn's), and their checks.
 */
import { Matrix } from "ml-matrix";
import { checkNumpySeed } from "../data/numpy-random";
import { COVARIANCE_TYPES, type CovarianceArray, type CovarianceType } from "../em/covariance-type";
import { checkThreads } from "../em/threads";
import { GmmInputError } from "../errors";
import { checkInteger, checkNumber, checkOptionNames, optionNames, shown } from "../validate";

/** How the starting responsibilities are drawn, as scikit-learn's `init_params`. */
export type InitParams = "kmeans" | "k-means++" | "random" | "random_from_data";

const INIT_PARAMS: readonly InitParams[] = ["kmeans", "k-means++", "random", "random_from_data"];

export interface GaussianMixtureOptions {
  /** Number of components k (default 1). */
  nComponents?: number;
  /** The form of the covariances, a `CovarianceType` (default `"full"`). */
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

/** The option names, checked against `GaussianMixtureOptions` by the compiler. */
const GAUSSIAN_MIXTURE_OPTION_NAMES = optionNames<GaussianMixtureOptions>({
  nComponents: true,
  covarianceType: true,
  tol: true,
  regCovar: true,
  maxIter: true,
  nInit: true,
  initParams: true,
  weightsInit: true,
  meansInit: true,
  precisionsInit: true,
  randomState: true,
  warmStart: true,
  onIteration: true,
  threads: true,
});

/** The options with their defaults filled in and checked (the starting parameters as plain arrays). */
export interface ResolvedOptions {
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

/** Checks the options and fills in the defaults. */
export function resolveOptions(options: GaussianMixtureOptions): ResolvedOptions {
  checkOptionNames("options", options, GAUSSIAN_MIXTURE_OPTION_NAMES);
  const covarianceType = options.covarianceType ?? "full";
  if (!COVARIANCE_TYPES.includes(covarianceType)) {
    throw new GmmInputError(
      "options.covarianceType",
      `must be one of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}, got ${shown(covarianceType)}`,
    );
  }
  const initParams = options.initParams ?? "kmeans";
  if (!INIT_PARAMS.includes(initParams)) {
    throw new GmmInputError(
      "options.initParams",
      `must be one of ${INIT_PARAMS.map((t) => `"${t}"`).join(", ")}, got ${shown(initParams)}`,
    );
  }
  if (options.randomState !== undefined) checkNumpySeed("options.randomState", options.randomState);
  if (options.warmStart !== undefined && typeof options.warmStart !== "boolean") {
    throw new GmmInputError("options.warmStart", `must be true or false, got ${shown(options.warmStart)}`);
  }
  if (options.onIteration !== undefined && typeof options.onIteration !== "function") {
    throw new GmmInputError("options.onIteration", "must be a function (iteration, lowerBound) => void");
  }
  const inits: Pick<ResolvedOptions, "weightsInit" | "meansInit" | "precisionsInit"> = {};
  for (const name of ["weightsInit", "meansInit", "precisionsInit"] as const) {
    if (options[name] === undefined) continue;
    const value = plainArrays(options[name]);
    if (!Array.isArray(value))
      throw new GmmInputError(`options.${name}`, "must be an array (or a Matrix / Float64Array)");
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

/**
 * Calls `onIteration`. The fit runs synchronously: it cannot wait for a Promise, nor see it fail
 * later (an unhandled rejection would end the process), so a callback that returns one (an async
 * function) stops the fit with an error saying so, and the Promise's outcome is left to settle unseen.
 */
export function notifyIteration(
  onIteration: (iteration: number, lowerBound: number) => unknown,
  iteration: number,
  lowerBound: number,
): void {
  const returned = onIteration(iteration, lowerBound);
  if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") {
    Promise.resolve(returned).catch(() => undefined);
    throw new GmmInputError(
      "options.onIteration",
      "returned a Promise (an async function?): fit runs synchronously and can neither wait for it nor report its failure; " +
        "pass a function that does its work before it returns",
    );
  }
}

/** Matrices and typed arrays as plain nested arrays (a copy: later changes by the caller do not reach the model). */
function plainArrays(v: unknown): unknown {
  if (Matrix.isMatrix(v)) return (v as Matrix).to2DArray();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
  if (Array.isArray(v)) return v.map(plainArrays);
  return v;
}

/** `randomState`, or a fresh seed for numpy's generator when none was given. */
export function seedOf(randomState: number | undefined): number {
  return randomState ?? Math.floor(Math.random() * 4294967296);
}
