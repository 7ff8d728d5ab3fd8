/**
 * `applyGmm`: the original notebook's `apply_gmm`, the EM loop that keeps every iteration.
 */
import { Matrix } from "ml-matrix";
import type { DataInput } from "../data/input";
import { GmmInputError } from "../errors";
import {
  ARRAY_ROW_BYTES,
  checkInteger,
  checkMemory,
  checkNumber,
  checkOptionNames,
  MATRIX_ROW_BYTES,
  optionNames,
  shown,
} from "../validate";
import type { EmVariant } from "./e-step";
import { EmRun } from "./em-run";
import type { GmmParams } from "./params";

export interface ApplyGmmOptions {
  /** Iterations to run (default 100). Without `tol`, exactly this many, like the original. */
  maxIter?: number;
  /**
   * Stop once the total log-likelihood gains less than `tol` from one iteration to the next
   * (|ℓ_i − ℓ_{i−1}| < tol); the result then says `converged`. Default: none.
   */
  tol?: number;
  /** Added to each covariance's diagonal after each M-step (default 0, as the original). */
  regCovar?: number;
  /**
   * The iterations whose responsibilities `rvals` keeps: `"all"` (default, as the original),
   * `"none"`, or a list such as [0, 1, 5, 10, 25, 40]. The others are `undefined` in `rvals`.
   */
  keep?: number[] | "all" | "none";
  /**
   * `"correct"` (default) or `"original"`: the Python notebook's EM with its two slips (no
   * mixing weights in the E-step; means divided by the wrong column sums, defined when k == d).
   */
  variant?: EmVariant;
  /**
   * Threads for the E-step (worker_threads over shared memory; the call stays synchronous).
   * Default: every core (`os.availableParallelism()`) when n · k ≥ 200 000, else 1; at most the
   * cores available (a larger count is capped). The results do not depend on it: the sums are
   * formed per fixed block of rows and added in block order whatever the thread count. The data
   * is copied once per fit into WebAssembly's memory (shared among the threads); where the
   * JavaScript pass runs instead, flat data over a `SharedArrayBuffer` is used in place. The
   * worker pool stays for the next fit (see docs/library.md).
   */
  threads?: number;
}

export interface ApplyGmmResult {
  /** coef[0] is the start; coef[i] the parameters after iteration i. */
  coef: GmmParams[];
  /**
   * rvals[i]: the n × k responsibilities of iteration i's E-step (from coef[i − 1]), from which
   * coef[i] was estimated; rvals[0] is the uniform 1/k matrix. `undefined` where `keep` left it out.
   */
  rvals: (Matrix | undefined)[];
  /** logLikelihood[i]: the total log-likelihood of X under coef[i]. */
  logLikelihood: number[];
  /** Iterations run (coef.length − 1). */
  nIter: number;
  /** Only with `tol`: whether the log-likelihood's gain fell below it. */
  converged?: boolean;
}

const OPTION_NAMES = optionNames<ApplyGmmOptions>({
  maxIter: true,
  tol: true,
  regCovar: true,
  keep: true,
  variant: true,
  threads: true,
});

/**
 * The original's `apply_gmm(X, pi, mu, Sigma, max_iter=100)`, with the EM done right: fits a
 * Gaussian mixture to the rows of X from the start (pi, mu, Sigma), keeping every iteration's
 * parameters, responsibilities (see `keep`) and log-likelihood.
 *
 * The log-likelihood never falls (beyond rounding, 1e-9 of it): a component that collapses, or
 * that double precision can no longer resolve, stops the fit with a `GmmSingularCovarianceError`
 * (see src/em/scale.ts). Data far from the origin is fitted centred (the correct EM is
 * translation-equivariant; the original's mean update is not, and runs on X as given). What it
 * keeps is checked against the library's memory limit (1 GiB) before it starts.
 */
export function applyGmm(
  X: DataInput,
  pi: number[],
  mu: number[][],
  Sigma: number[][][],
  options: ApplyGmmOptions = {},
): ApplyGmmResult {
  checkOptionNames("options", options, OPTION_NAMES);
  const maxIter = options.maxIter === undefined ? 100 : checkInteger("options.maxIter", options.maxIter, 0);
  const tol = options.tol === undefined ? undefined : checkNumber("options.tol", options.tol, 0);
  const kept = keptIterations(options.keep, maxIter);
  // The run keeps the responsibilities under coef[i], which are rvals[i + 1] (rvals[i] estimated coef[i]).
  const keep = (i: number) => i < maxIter && kept(i + 1);
  const run = new EmRun(X, pi, mu, Sigma, {
    regCovar: options.regCovar,
    variant: options.variant,
    threads: options.threads,
    keep,
  });
  const { n, k } = run;
  try {
    checkKeptMemory(options.keep, maxIter, n, k, run.d);
  } catch (e) {
    run.close();
    throw e;
  }
  const coef: GmmParams[] = [run.params];
  const rvals: (Matrix | undefined)[] = [kept(0) ? new Matrix(n, k).fill(1 / k) : undefined];
  const logLikelihood: number[] = [run.logLikelihood];
  let converged = false;
  try {
    while (run.iteration < maxIter) {
      if (tol !== undefined && run.hasConverged(tol)) {
        converged = true;
        break;
      }
      const responsibilities = run.responsibilities;
      // The last step's E-step forms the log-likelihood only: no M-step follows it.
      run.step({ final: run.iteration + 1 === maxIter });
      coef.push(run.params);
      rvals.push(responsibilities === null ? undefined : toMatrix(responsibilities, n, k));
      logLikelihood.push(run.logLikelihood);
    }
  } finally {
    run.close();
  }
  const result: ApplyGmmResult = { coef, rvals, logLikelihood, nIter: run.iteration };
  if (tol !== undefined) result.converged = converged || run.hasConverged(tol);
  return result;
}

/**
 * What a fit keeps, against the library's memory limit: maxIter + 1 sets of parameters and
 * log-likelihoods, and n × k responsibilities (as a `Matrix`) per kept iteration.
 */
function checkKeptMemory(keep: ApplyGmmOptions["keep"], maxIter: number, n: number, k: number, d: number): void {
  const keptCount = keep === undefined || keep === "all" ? maxIter + 1 : keep === "none" ? 0 : new Set(keep).size;
  const responsibilities = keptCount * n * MATRIX_ROW_BYTES(k);
  // { pi, mu, Sigma } of arrays: pi, mu and Sigma's outer arrays of k, then k rows of d, and k·d more in Sigma.
  const parameters = (maxIter + 1) * (48 + 3 * ARRAY_ROW_BYTES(k) + k * (d + 2) * ARRAY_ROW_BYTES(d) + 8);
  if (responsibilities >= parameters) {
    checkMemory(
      "options.keep",
      responsibilities + parameters,
      `keeping the ${n} × ${k} responsibilities of ${keptCount} iterations`,
      `keep "none" or a list of iterations, or use a smaller maxIter`,
    );
  } else {
    checkMemory(
      "options.maxIter",
      responsibilities + parameters,
      `keeping the parameters of ${maxIter} iterations (applyGmm keeps every one)`,
      "use a smaller maxIter, or GaussianMixture, which keeps only the last",
    );
  }
}

function keptIterations(keep: ApplyGmmOptions["keep"], maxIter: number): (i: number) => boolean {
  if (keep === undefined || keep === "all") return () => true;
  if (keep === "none") return () => false;
  if (!Array.isArray(keep))
    throw new GmmInputError("options.keep", `must be "all", "none" or an array of iteration numbers`);
  const set = new Set<number>();
  keep.forEach((i, at) => {
    if (!Number.isInteger(i) || i < 0 || i > maxIter) {
      throw new GmmInputError(
        `options.keep[${at}]`,
        `must be an iteration number from 0 to maxIter = ${maxIter}, got ${shown(i)}`,
      );
    }
    set.add(i);
  });
  return (i) => set.has(i);
}

function toMatrix(flat: Float64Array, rows: number, columns: number): Matrix {
  const m = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) m.set(i, j, flat[i * columns + j]);
  return m;
}
