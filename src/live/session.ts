/**
 * The live page's model, without the page: the data, the start, and EM run one step at a time
 * from it (`EmRun`, the loop `applyGmm` runs, so a step here gives applyGmm's very numbers).
 * Every value a student types is checked by the library's own checks, whose messages name what
 * is wrong; a collapse during the run is kept as what it is: the component, the iteration, the
 * library's message.
 */
import type { Matrix } from "ml-matrix";
import type { FlatMatrix } from "../data/input";
import type { EmVariant } from "../em/e-step";
import { EmRun } from "../em/em-run";
import type { GmmParams } from "../em/params";
import { GmmError, GmmInputError, GmmSingularCovarianceError, roughly } from "../errors";
import { GaussianMixture } from "../estimator/gaussian-mixture";
import { checkInteger, checkNumber } from "../validate";
import { LESSON_DATA, LIVE_LIMITS, type LiveData, liveDataPoints } from "./live-data";

/** The start: the original's names. */
export interface LiveStart {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

export interface LiveRunOptions {
  /** Stop once |ℓ_i − ℓ_{i−1}| < tol (applyGmm's `tol`); null: never (run to maxIter). */
  tol: number | null;
  maxIter: number;
  regCovar: number;
  variant: EmVariant;
}

export interface LiveOptions {
  data?: Partial<LiveData>;
  start?: LiveStart;
  run?: Partial<LiveRunOptions>;
}

/** EM's two halves: the E-step (the responsibilities from the parameters) and the M-step (the parameters from them). */
export type EmHalf = "e" | "m";

/** What the run is doing: ready to step, or stopped, and why. */
export type LiveStatus = "ready" | "converged" | "max-iter" | "collapsed" | "invalid" | "failed";

/** A problem to show: the library's message, and what it names. */
export interface LiveProblem {
  message: string;
  /** The argument at fault (GmmInputError's), e.g. "pi" or "Sigma[1]". */
  argument?: string;
  /** The collapsed component (counting from 0, as the library does) and the iteration. */
  component?: number;
  iteration?: number;
  /** The regCovar the collapse's message suggests, as a number and as the message writes it; absent where regCovar cannot help. */
  cure?: { value: number; text: string };
}

/** The notebook's parameters cell's start (the original's deliberately poor one) and run options: the page's defaults (see LESSON_DATA). */
export const POOR_START: LiveStart = {
  pi: [0.1, 0.9],
  mu: [
    [0.1, 0],
    [0, 0],
  ],
  Sigma: [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
};
export const DEFAULT_RUN: LiveRunOptions = { tol: 1e-3, maxIter: 100, regCovar: 0, variant: "correct" };

/** Checks the run options as applyGmm checks its own (tol, maxIter); regCovar and variant are EmRun's to check. */
function checkRunOptions(run: LiveRunOptions): LiveRunOptions {
  if (run.tol !== null) checkNumber("options.tol", run.tol, 0);
  checkInteger("options.maxIter", run.maxIter, LIVE_LIMITS.maxIter[0]);
  if (run.maxIter > LIVE_LIMITS.maxIter[1])
    throw new GmmInputError(
      "options.maxIter",
      `is ${run.maxIter}; the page runs at most ${LIVE_LIMITS.maxIter[1]} iterations`,
    );
  return run;
}

/** `e` as a problem to show, when it is one of the library's errors (anything else is a bug: rethrown). */
export function problemOf(e: unknown): LiveProblem {
  if (e instanceof GmmSingularCovarianceError) {
    const problem: LiveProblem = { message: e.message, component: e.component, iteration: e.iteration };
    if (e.regCovar !== null) problem.cure = { value: e.regCovar, text: roughly(e.regCovar) };
    return problem;
  }
  if (e instanceof GmmInputError) return { message: e.message, argument: e.argument };
  if (e instanceof GmmError) return { message: e.message };
  throw e;
}

/**
 * The data, the start, and the run from it. Changing the data or the start starts the run
 * again from iteration 0. `eStep()` and `mStep()` run one half of an iteration each, in turn
 * (`nextHalf`); `step()` runs to the end of the iteration: E then M, or the M-step after an E-step.
 */
export class LiveSession {
  data: LiveData;
  X: Matrix;
  /** X as one flat buffer, n × 2 (what the figures read without a copy). */
  points: FlatMatrix;
  start: LiveStart;
  runOptions: LiveRunOptions;
  status: LiveStatus = "ready";
  problem: LiveProblem | null = null;
  /** ℓ of every iteration so far (applyGmm's `logLikelihood`). */
  logLikelihood: number[] = [];
  /** Every iteration's means so far (the paths the means travel). */
  meanPaths: number[][][] = [];
  /** The half that comes next: an iteration is an E-step, then the M-step that ends it. */
  nextHalf: EmHalf = "e";
  private run: EmRun | null = null;
  /** q: the responsibilities of the last E-step (null before the first), the distribution the bound L(q, θ) is of. */
  private q: Float64Array | null = null;

  /** Throws the library's error when the data options are wrong; a wrong start or run option shows as `problem`. */
  constructor(options: LiveOptions = {}) {
    this.data = { ...LESSON_DATA, ...options.data };
    this.X = liveDataPoints(this.data);
    this.points = flatPoints(this.X);
    this.start = copyStart(options.start ?? POOR_START);
    this.runOptions = checkRunOptions({ ...DEFAULT_RUN, ...options.run });
    this.restart();
  }

  get k(): number {
    return this.start.pi.length;
  }

  /** The iterations whose M-step is done (0: the start). */
  get iteration(): number {
    return this.run?.iteration ?? 0;
  }

  /** The parameters of the iteration reached (the start when the run could not begin). */
  get params(): GmmParams {
    return this.run?.params ?? copyStart(this.start);
  }

  /**
   * The responsibilities of the last E-step, n × k row-major: after an E-step, those under
   * `params` (applyGmm's `rvals[iteration + 1]`); after an M-step, those it estimated `params`
   * from (`rvals[iteration]`); null before the first E-step.
   */
  get responsibilities(): Float64Array | null {
    return this.q;
  }

  /** New data options (checked, then drawn: the old data stays if they are wrong, and the error is thrown). */
  setData(patch: Partial<LiveData>): void {
    // A split given for one size and kind of data is not kept for another.
    const resplit = patch.nSamples1 === undefined && (patch.nSamples !== undefined || patch.kind !== undefined);
    const data = { ...this.data, ...patch, ...(resplit ? { nSamples1: null } : {}) };
    this.X = liveDataPoints(data);
    this.points = flatPoints(this.X);
    this.data = data;
    this.restart();
  }

  /** New run options: tol and maxIter checked here (thrown); regCovar and variant by the run (a problem). */
  setRunOptions(patch: Partial<LiveRunOptions>): void {
    this.runOptions = checkRunOptions({ ...this.runOptions, ...patch });
    this.restart();
  }

  setStart(start: LiveStart): void {
    this.start = copyStart(start);
    this.restart();
  }

  /**
   * A step at which the data's coordinates read well: a thousandth of the power of ten at or below
   * their span (0.01 for the original's data). Means placed on the plot are rounded to it.
   */
  get readableStep(): number {
    const { data } = this.points;
    let span = 0;
    for (let c = 0; c < 2; c++) {
      let low = Infinity,
        high = -Infinity;
      for (let i = c; i < data.length; i += 2) {
        low = Math.min(low, data[i]);
        high = Math.max(high, data[i]);
      }
      span = Math.max(span, high - low);
    }
    return 10 ** (Math.floor(Math.log10(span > 0 ? span : 1)) - 3);
  }

  /** Moves the start mean of component j (the run starts again), rounded to `readableStep`. */
  setMean(j: number, point: number[]): void {
    const start = copyStart(this.start);
    start.mu[j] = this.readable(point);
    this.setStart(start);
  }

  private readable(point: number[]): number[] {
    const step = this.readableStep;
    const decimals = Math.max(0, -Math.floor(Math.log10(step)));
    return point.map((v) => Number((Math.round(v / step) * step).toFixed(decimals)));
  }

  /**
   * k components: the first min(k, old k) keep their means and covariances; each new one starts
   * on the data point farthest from the means so far, with the last covariance; equal weights.
   */
  setK(k: number): void {
    checkInteger("k", k, LIVE_LIMITS.k[0]);
    if (k > LIVE_LIMITS.k[1])
      throw new GmmInputError("k", `is ${k}; the page shows at most ${LIVE_LIMITS.k[1]} components`);
    const mu = this.start.mu.slice(0, k).map((m) => m.slice());
    const Sigma = this.start.Sigma.slice(0, k).map((S) => S.map((row) => row.slice()));
    const rows = this.X.to2DArray();
    while (mu.length < k) {
      mu.push(this.readable(farthestPoint(rows, mu)));
      Sigma.push(
        Sigma.length > 0
          ? Sigma[Sigma.length - 1].map((row) => row.slice())
          : [
              [1, 0],
              [0, 1],
            ],
      );
    }
    this.setStart({ pi: equalWeights(k), mu, Sigma });
  }

  /** The original's poor start (k = 2). */
  poorStart(): void {
    this.setStart(POOR_START);
  }

  /**
   * The means scikit-learn's k-means++ seeding picks (the estimator's own, `initParams:
   * "k-means++"`, seeded with the data's seed: data points, rounded to `readableStep`), equal
   * weights, the covariances as they are.
   */
  kmeansPlusPlusStart(): void {
    const k = this.k;
    const seeded = new GaussianMixture({
      nComponents: k,
      initParams: "k-means++",
      randomState: this.data.seed,
      maxIter: 0,
    }).fit(this.X);
    this.setStart({ pi: equalWeights(k), mu: seeded.means.map((m) => this.readable(m)), Sigma: this.start.Sigma });
  }

  /** Back to iteration 0 from the start, with the current data and options. */
  restart(): void {
    this.run?.close();
    this.run = null;
    this.q = null;
    this.nextHalf = "e";
    this.logLikelihood = [];
    this.meanPaths = [];
    this.problem = null;
    this.status = "ready";
    try {
      const { regCovar, variant } = this.runOptions;
      // The page reads the latest responsibilities and, while a step runs, those before them.
      this.run = new EmRun(this.X, this.start.pi, this.start.mu, this.start.Sigma, {
        regCovar,
        variant,
        threads: 1,
        reuseResponsibilities: true,
      });
    } catch (e) {
      this.problem = problemOf(e);
      this.status = "invalid";
      return;
    }
    this.record();
    this.checkStopped();
  }

  /** Whether another step can be taken. */
  get canStep(): boolean {
    return this.status === "ready";
  }

  /**
   * The E-step, if it comes next: the responsibilities under the parameters (which stay, as
   * does ℓ, theirs: after an E-step the bound L(q, θ) equals ℓ). Returns whether it stepped.
   */
  eStep(): boolean {
    if (!this.canStep || this.run === null || this.nextHalf !== "e") return false;
    // The run formed them with ℓ under these parameters (one pass gives both).
    this.q = this.run.responsibilities;
    this.nextHalf = "m";
    return true;
  }

  /**
   * The M-step, if it comes next: the parameters from the responsibilities (which stay), and ℓ
   * under them; it ends the iteration. The run stops (`status`) at maxIter, when the gain in ℓ
   * falls below tol ("converged", as applyGmm's), or when a component collapses (its error is
   * the `problem`). Returns whether it stepped.
   */
  mStep(): boolean {
    if (!this.canStep || this.run === null || this.nextHalf !== "m") return false;
    try {
      this.run.step();
    } catch (e) {
      this.problem = problemOf(e);
      this.status = e instanceof GmmSingularCovarianceError ? "collapsed" : "failed";
      return false;
    }
    this.nextHalf = "e";
    this.record();
    this.checkStopped();
    return true;
  }

  /** To the end of the iteration, if the run can go on: the E-step (unless done), then the M-step. Returns whether it stepped. */
  step(): boolean {
    if (this.nextHalf === "e" && !this.eStep()) return false;
    return this.mStep();
  }

  private record(): void {
    this.logLikelihood.push(this.run!.logLikelihood);
    this.meanPaths.push(this.run!.params.mu);
  }

  private checkStopped(): void {
    const { tol, maxIter } = this.runOptions;
    if (tol !== null && this.run!.hasConverged(tol)) this.status = "converged";
    else if (this.run!.iteration >= maxIter) this.status = "max-iter";
  }

  close(): void {
    this.run?.close();
  }
}

function flatPoints(X: Matrix): FlatMatrix {
  const data = new Float64Array(X.rows * X.columns);
  for (let i = 0; i < X.rows; i++) for (let c = 0; c < X.columns; c++) data[i * X.columns + c] = X.get(i, c);
  return { data, columns: X.columns };
}

function equalWeights(k: number): number[] {
  return new Array<number>(k).fill(1 / k);
}

function copyStart(s: LiveStart): LiveStart {
  return { pi: s.pi.slice(), mu: s.mu.map((m) => m.slice()), Sigma: s.Sigma.map((S) => S.map((row) => row.slice())) };
}

/** The row of X farthest from every point in `from` (the first row when `from` is empty). */
function farthestPoint(rows: number[][], from: number[][]): number[] {
  if (from.length === 0) return rows[0];
  const distance = (x: number[]) => Math.min(...from.map((c) => Math.hypot(x[0] - c[0], x[1] - c[1])));
  return rows.reduce((best, x) => (distance(x) > distance(best) ? x : best));
}
