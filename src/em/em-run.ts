/**
 * `EmRun`: EM one iteration at a time. `applyGmm` runs it to the end and keeps every iteration;
 * a caller that shows each iteration as it comes (the live page: step, play, reset) runs it one
 * `step()` at a time, and gets the very numbers `applyGmm` gives.
 */

import { type DataInput, type FlatData, toFlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { checkNumber, checkOptionNames, optionNames, shown } from "../validate";
import { blockCount, type EmVariant } from "./e-step";
import { mStep } from "./m-step";
import {
  computePrecisions,
  type GmmParams,
  type MixtureState,
  type Precisions,
  toGmmParams,
  toMixtureState,
} from "./params";
import {
  centredData,
  checkDataScale,
  checkMeansInReach,
  checkNoConstantColumn,
  findUnresolvable,
  shiftMeans,
} from "./scale";
import type { Sums } from "./sums";
import { checkThreads, defaultThreads, EStepRunner } from "./threads";

export interface EmRunOptions {
  /** Added to each covariance's diagonal after each M-step (default 0, as the original). */
  regCovar?: number;
  /** `"correct"` (default) or `"original"`: the Python notebook's EM with its two slips (see `applyGmm`). */
  variant?: EmVariant;
  /** Threads for the E-step, as `applyGmm`'s `threads` (the results do not depend on it). */
  threads?: number;
  /**
   * Whether to keep the responsibilities under iteration i's parameters (`responsibilities` at
   * iteration i). Default: every iteration's. Leaving them out saves an n × k array per iteration.
   */
  keep?: (iteration: number) => boolean;
  /**
   * Whether each step writes the responsibilities into the array of the step before last instead
   * of a new one (default false): for a caller that reads only the latest two (the live page,
   * which then allocates nothing per step).
   */
  reuseResponsibilities?: boolean;
}

const STEP_OPTION_NAMES = ["final"];
const OPTION_NAMES = optionNames<EmRunOptions>({
  regCovar: true,
  variant: true,
  threads: true,
  keep: true,
  reuseResponsibilities: true,
});

/**
 * EM from the start (pi, mu, Sigma) on the rows of X, checked as `applyGmm` checks them (data far
 * from the origin is fitted centred, and a collapse stops the run with a typed error; see
 * src/em/scale.ts). Each
 * `step()` is one iteration: the M-step from the last E-step's sums, then the E-step under the new
 * parameters, whose log-likelihood is `logLikelihood` and whose sums the next step uses. Call
 * `close()` when done (it ends the E-step's worker threads, if any ran).
 */
export class EmRun {
  /** The iteration reached: `params` are the parameters after it (0: the start). */
  iteration = 0;
  /** The log-likelihood of X under `params` (applyGmm's `logLikelihood[iteration]`). */
  logLikelihood: number;
  /**
   * The responsibilities under `params`, n × k row-major: the E-step of this iteration's
   * parameters, from which the next step estimates its own (applyGmm's `rvals[iteration + 1]`).
   * Null where `keep` left them out.
   */
  responsibilities: Float64Array | null;
  readonly n: number;
  readonly k: number;
  readonly d: number;
  /** The data EM runs on: X, or X less `centre` when X is far from the origin. */
  private readonly X: FlatData;
  /** Where the data was centred (null: not centred); `params` adds it back to the means. */
  private readonly centre: Float64Array | null;
  private readonly variant: EmVariant;
  private readonly regCovar: number;
  /** What a collapse error suggests: a millionth of the data's variance, or more than is set already. */
  private readonly regCovarHint: () => number;
  private readonly keep: (iteration: number) => boolean;
  private readonly reuse: boolean;
  /** With `reuseResponsibilities`: the array the next step writes into (the step before last's). */
  private spare: Float64Array | null = null;
  private readonly runner: EStepRunner;
  private state: MixtureState;
  private precisions: Precisions;
  /** The E-step under `params`: its sums, the next M-step's input (null after a `final` step). */
  private sums: Sums | null;
  private previousLogLikelihood = NaN;

  constructor(X: DataInput, pi: number[], mu: number[][], Sigma: number[][][], options: EmRunOptions = {}) {
    checkOptionNames("options", options, OPTION_NAMES);
    this.regCovar = options.regCovar === undefined ? 0 : checkNumber("options.regCovar", options.regCovar, 0);
    const variant = options.variant ?? "correct";
    if (variant !== "correct" && variant !== "original") {
      throw new GmmInputError("options.variant", `must be "correct" or "original", got ${shown(variant)}`);
    }
    this.variant = variant;
    if (options.keep !== undefined && typeof options.keep !== "function") {
      throw new GmmInputError("options.keep", "must be a function of the iteration number");
    }
    this.keep = options.keep ?? (() => true);
    const reuse = options.reuseResponsibilities ?? false;
    if (typeof reuse !== "boolean")
      throw new GmmInputError("options.reuseResponsibilities", `must be true or false, got ${shown(reuse)}`);
    this.reuse = reuse;
    // Finiteness is checked by checkDataScale's pass: X is read once before EM.
    const flat = toFlatData(X, "X", false);
    const { n, d } = flat;
    const scale = checkDataScale(flat);
    const regCovar = this.regCovar;
    this.regCovarHint = () => Math.max(scale.regCovarHint, 10 * regCovar);
    const state = toMixtureState(pi, mu, Sigma, d);
    const k = state.k;
    checkNoConstantColumn(scale, regCovar);
    checkMeansInReach("mu", state.means, k, scale);
    if (variant === "correct") {
      state.weights.forEach((w, j) => {
        if (w === 0) {
          throw new GmmInputError(
            `pi[${j}]`,
            "is 0: the E-step weighs each component by its weight, so this one would get no responsibility " +
              "and EM could never estimate it; give every component a positive weight, or leave this one out",
          );
        }
      });
    }
    if (variant === "original" && k !== d && k !== 1) {
      throw new GmmInputError(
        "options.variant",
        // numpy fails too: "operands could not be broadcast", or for d = 1 the division broadcasts
        // to k × k and the Sigma assignment fails a line later.
        `"original" divides the k × d matrix rᵀX by the 1 × k column sums of r, which gives k × d ` +
          `means only when k equals d (or k is 1), and numpy raises otherwise; here k = ${k} and d = ${d}`,
      );
    }
    const threads =
      options.threads === undefined ? defaultThreads(n, k) : checkThreads("options.threads", options.threads);
    // The correct EM runs on X centred when X is far from the origin (see scale.ts); `params` gives
    // the means back in X's coordinates. The original's mean update is not translation-equivariant.
    this.centre = variant === "correct" ? scale.centre : null;
    const data = this.centre === null ? flat : centredData(flat, this.centre, Math.min(threads, blockCount(n)) > 1);
    shiftMeans(state, this.centre, -1);
    const precisions = computePrecisions(state, 0, this.regCovarHint);
    const start = findUnresolvable(state, precisions, this.regCovarHint);
    if (start !== null) {
      const j = start.component;
      throw new GmmInputError(
        start.kind === "unresolved" ? `mu[${j}]` : `Sigma[${j}]`,
        `as EM's start, ${start.problem}; start from another covariance`,
      );
    }
    this.X = data;
    this.n = n;
    this.d = d;
    this.k = k;
    this.state = state;
    this.precisions = precisions;
    this.runner = new EStepRunner(data, k, threads);
    try {
      this.responsibilities = this.keep(0) ? new Float64Array(n * k) : null;
      this.sums = this.runner.run(state, this.precisions, { variant, resp: this.responsibilities });
    } catch (e) {
      this.runner.close();
      throw e;
    }
    this.logLikelihood = this.sums[0];
  }

  /** The parameters after `iteration` (a copy, with the original's names): applyGmm's `coef[iteration]`. */
  get params(): GmmParams {
    return toGmmParams(this.state, this.centre);
  }

  /**
   * Whether the last step gained less than `tol` in log-likelihood: |ℓ_i − ℓ_{i−1}| < tol
   * (applyGmm's test for `converged`). False at iteration 0.
   */
  hasConverged(tol: number): boolean {
    checkNumber("tol", tol, 0);
    return this.iteration > 0 && Math.abs(this.logLikelihood - this.previousLogLikelihood) < tol;
  }

  /**
   * One EM iteration. Throws `GmmSingularCovarianceError` (naming the component and the
   * iteration) when a component collapses; the run then stays where it was, at the last iteration.
   * `final`: no step is to follow, so the E-step under the new parameters forms their
   * log-likelihood (and kept responsibilities) without the next M-step's sums; a step after all
   * forms them first.
   */
  step(options: { final?: boolean } = {}): void {
    checkOptionNames("options", options, STEP_OPTION_NAMES);
    if (options.final !== undefined && typeof options.final !== "boolean")
      throw new GmmInputError("options.final", `must be true or false, got ${shown(options.final)}`);
    const iteration = this.iteration + 1;
    const sums = this.sums ?? this.runner.run(this.state, this.precisions, { variant: this.variant });
    const next = mStep(this.X, this.state, this.precisions, sums, {
      variant: this.variant,
      regCovar: this.regCovar,
      iteration,
      regCovarHint: this.regCovarHint,
    });
    const resp = this.keep(iteration) ? ((this.reuse ? this.spare : null) ?? new Float64Array(this.n * this.k)) : null;
    const nextSums = this.runner.run(next.state, next.precisions, {
      variant: this.variant,
      resp,
      withSums: !options.final,
    });
    if (this.reuse && resp !== null) this.spare = this.responsibilities;
    this.state = next.state;
    this.precisions = next.precisions;
    this.responsibilities = resp;
    this.sums = options.final ? null : nextSums;
    this.previousLogLikelihood = this.logLikelihood;
    this.logLikelihood = nextSums[0];
    this.iteration = iteration;
  }

  /** Ends the E-step's worker threads (if any ran); the run can step no further. Idempotent. */
  close(): void {
    this.runner.close();
  }
}
