/**
 * The worker of test/hostile-inputs.test.ts: loads the entry points, finds their callables, makes
 * `cases` spoiled calls of each from the seed, and reports each call before it starts and when it
 * ends (a GmmError, a well-formed result, or what went wrong), from case `from` on. The parent keeps
 * the clock and the memory limit: a call that hangs or outgrows the worker's heap ends the worker,
 * and the parent names the call it last started, then goes on from the next in a new worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { callables, describe, entryPoints, malformed, seededRandom, spoil } from "./hostile-calls";

export interface CaseReport {
  index: number;
  name: string;
  how: string;
  args: string;
  /** "refused": a GmmError; "ok": a well-formed result; otherwise what went wrong. */
  outcome: string;
  ok: boolean;
}

export type WorkerMessage =
  | { type: "start"; index: number; name: string; how: string; args: string }
  | { type: "end"; report: CaseReport }
  | { type: "done"; callables: string[]; skipped: string[]; missing: string[] };

const { seed, cases, from } = workerData as { seed: number; cases: number; from: number };
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
// The checks print their verdicts to the console: what they return and throw is what is tested here.
console.log = () => undefined;

const modules = entryPoints().map((e) => require(e.source) as Record<string, unknown>);
const lib = Object.assign({}, ...modules) as Record<string, any>;

// A small valid world for the examples: 12 points in the plane, a 2-component start, a short fit.
const X = lib.generateData({ nSamples1: 6, nSamples2: 6, randomState: 3 });
const pi = [0.5, 0.5];
const mu = [
  [-1, 1],
  [1, -1],
];
const Sigma = [
  [
    [1, 0],
    [0, 1],
  ],
  [
    [1, 0.2],
    [0.2, 1],
  ],
];
const fit = lib.applyGmm(X, pi, mu, Sigma, { maxIter: 3 });
const params = fit.coef[2];
const selection = lib.selectModel(X, { nComponents: [1, 2], covarianceTypes: ["full", "diag"], randomState: 0 });
const fitted = () => new lib.GaussianMixture({ nComponents: 2, randomState: 0, maxIter: 20 }).fit(X);
const display = { html: (_: string) => undefined };
const notebook = {
  randomState: 42,
  nSamples1: 100,
  nSamples2: 100,
  variance1: 1,
  variance2: 1,
  pi,
  mu,
  Sigma,
  maxIter: 20,
  tol: 1e-4,
};

/** A fresh, working instance of each exported class, for its methods. */
const make = (name: string): object => {
  switch (name) {
    case "EmRun":
      return new lib.EmRun(X, pi, mu, Sigma);
    case "GaussianMixture":
      return fitted();
    case "NumpyRandomState":
      return new lib.NumpyRandomState(7);
    default:
      throw new Error(`no instance of ${name} to call its methods on: add one to hostile-worker.ts's make`);
  }
};

/** A valid call of each callable: the cases spoil it. */
const EXAMPLES: Record<string, () => unknown[]> = {
  checkRandomSourceName: () => ["options.rng", "numpy"],
  generateData: () => [{ nSamples1: 5, nSamples2: 5, variance1: 1, variance2: 2, randomState: 1, rng: "numpy" }],
  makeBlobs: () => [{ nSamples: 10, centers: 2, nFeatures: 2, clusterStd: 1, randomState: 0 }],
  "new NumpyRandomState": () => [5],
  "NumpyRandomState#nextUint32": () => [],
  "NumpyRandomState#randomSample": () => [],
  "NumpyRandomState#standardNormal": () => [],
  "NumpyRandomState#uniform": () => [0, 2],
  "NumpyRandomState#normal": () => [1, 2],
  "NumpyRandomState#randomInterval": () => [6],
  "NumpyRandomState#randint": () => [6],
  "NumpyRandomState#permutation": () => [5],
  "NumpyRandomState#shuffle": () => [[1, 2, 3, 4]],
  "NumpyRandomState#multivariateNormalIsotropic": () => [[0, 1], 2, 3],
  computeGauss: () => [X, [0, 0], Sigma[1]],
  logGauss: () => [X, [0, 0], Sigma[1]],
  applyGmm: () => [X, pi, mu, Sigma, { maxIter: 3, tol: 1e-3, regCovar: 1e-6, keep: [0, 1], variant: "correct" }],
  "new EmRun": () => [X, pi, mu, Sigma, { regCovar: 1e-6, variant: "correct", threads: 1, keep: () => true }],
  "EmRun#hasConverged": () => [1e-3],
  "EmRun#step": () => [{ final: false }],
  "EmRun#close": () => [],
  "new GaussianMixture": () => [{ nComponents: 2, covarianceType: "diag", tol: 1e-3, maxIter: 10, randomState: 1 }],
  "GaussianMixture#fit": () => [X],
  "GaussianMixture#fitPredict": () => [X],
  "GaussianMixture#predict": () => [X],
  "GaussianMixture#predictProba": () => [X],
  "GaussianMixture#scoreSamples": () => [X],
  "GaussianMixture#score": () => [X],
  "GaussianMixture#bic": () => [X],
  "GaussianMixture#aic": () => [X],
  "GaussianMixture#nParameters": () => [],
  "GaussianMixture#sample": () => [4],
  "GaussianMixture#toJSON": () => [],
  "GaussianMixture.fromJSON": () => [JSON.parse(JSON.stringify(fitted().toJSON()))],
  selectModel: () => [X, { nComponents: [1, 2], covarianceTypes: ["spherical"], randomState: 0 }],
  bicFigure: () => [selection, { title: "BIC", labels: "zh-en", width: 500, height: 400 }],
  criteriaFigure: () => [selection, { title: "BIC, AIC", labels: "zh-en", width: 700, height: 400 }],
  densityFigure: () => [X, params, { resolution: 20, levels: 6, depth: 8, labels: "zh", width: 500, height: 400 }],
  uncertaintyFigure: () => [X, params, { title: "1 − max r", labels: "en", width: 500, height: 400 }],
  samplesFigure: () => [X, params, { nSamples: 20, randomState: 3, labels: "zh-en", width: 700 }],
  halfStepsFigure: () => [X, params, { responsibilities: fit.rvals[1], labels: "en", width: 800 }],
  oneDimensionFigure: () => [
    [0.5, 1, 4, 4.5],
    { pi: [0.5, 0.5], mu: [[0], [3]], Sigma: [[[1]], [[1]]] },
    { pi: [0.4, 0.6], mu: [[1], [4]], Sigma: [[[0.5]], [[0.8]]] },
    { bins: 3, curvePoints: 20, labels: "zh" },
  ],
  emHalfSteps: () => [X, params],
  oneDimensionStep: () => [[0.5, 1, 4, 4.5], { pi: [0.5, 0.5], mu: [[0], [3]], Sigma: [[[1]], [[1]]] }],
  boundaryFigure: () => [X, [{ title: "EM", params, hard: false }], { resolution: 20, labels: "en", width: 600 }],
  lowerBoundFigure: () => [X, fit.coef[1], fit.coef[2], { labels: "zh-en", width: 600 }],
  lowerBoundCurves: () => [X, fit.coef[1], fit.coef[2], 20],
  componentColor: () => [3],
  componentStyle: () => [2],
  responsibilityColors: () => [fit.rvals[1]],
  comparisonFigure: () => [
    [{ label: "EM", coef: fit.coef, logLikelihood: fit.logLikelihood }],
    { X, logLikelihoodFrom: 1, finalEllipses: true, title: "runs", width: 800 },
  ],
  ellipseAxes: () => [Sigma[1]],
  ellipsePoints: () => [mu[0], Sigma[1], 2, 9],
  ellipseTrace: () => [mu[0], Sigma[1], { scale: 2, color: "red", dash: "dot", xaxis: "x2", yaxis: "y2", name: "2σ" }],
  iterationSlider: () => [
    X,
    fit,
    { labels: "zh", lastIteration: 2, logLikelihoodFrom: 1, playDuration: 500, ellipsePoints: 9 },
  ],
  bilingualLabels: () => [lib.FIGURE_LABELS.en, lib.FIGURE_LABELS.zh],
  componentTraces: () => [params, { x: "x", y: "y" }],
  dataScatter: () => [X, { title: "data", labels: "en", width: 400, height: 400 }],
  responsibilityTrace: () => [X, fit.rvals[1], { x: "x", y: "y" }],
  snapshotGrid: () => [X, fit, [0, 1, 3], { columns: 2, title: "EM", labels: "zh-en", width: 700 }],
  formatNumber: () => [Math.PI, 3],
  htmlTable: () => [
    ["k", "BIC"],
    [
      ["full", 12.5],
      ["diag", 3],
    ],
    { digits: 2, caption: "BIC" },
  ],
  loadPlotly: () => [display],
  showTable: () => [["k", "BIC"], [["full", 12.5]], { digits: 2 }, display],
  plotlyFigureHtml: () => [lib.dataScatter(X), { id: "figure-1", includeBundle: false }],
  showFigure: () => [lib.dataScatter(X), display],
  showLive: () => [{ data: { seed: 3, nSamples: 40 }, run: { maxIter: 5 } }, display],
  liveOptionsFromNotebook: () => [notebook],
  livePageHtml: () => [{ data: { kind: "blobs", centers: 3 }, run: { tol: null } }],
  "reference.eStep": () => [X, pi, mu, Sigma],
  "reference.mStep": () => [X, lib.reference.eStep(X, pi, mu, Sigma).r],
  "reference.logSumExp": () => [[1, 2.5, -Infinity]],
  "reference.lowerBound": () => [X, pi, mu, Sigma, lib.reference.eStep(X, pi, mu, Sigma).r],
  "reference.bic": () => [-40, 12, 2, 2],
  "reference.sample": () => [pi, mu, Sigma, 5, seededRandom(7)],
};
// Each check, given the library's own function (which passes), with a seed.
for (const name of ["eStep", "mStep", "logSumExp", "lowerBound", "bic", "sample"])
  EXAMPLES[`check.${name}`] = () => [lib.reference[name], { seed: 1, timeLimit: 500 }];
/** Results that are not finite by definition: log Σ exp over nothing, or over −∞ only, is −∞. */
const INFINITE_BY_DEFINITION: Record<string, unknown> = { "reference.logSumExp": -Infinity };
// The label functions of every locale take what the English ones take.
for (const locale of Object.keys(lib.FIGURE_LABELS)) {
  EXAMPLES[`FIGURE_LABELS.${locale}.iterationNumber`] = () => [3];
  EXAMPLES[`FIGURE_LABELS.${locale}.logLikelihoodFrom`] = () => [1];
  EXAMPLES[`FIGURE_LABELS.${locale}.component`] = () => [2];
  EXAMPLES[`FIGURE_LABELS.${locale}.covarianceTypeName`] = () => ["tied"];
}

/**
 * The notebook's display functions and where their display is: outside a kernel the default one
 * (tslab's) cannot show anything, and what they say then is the kernel lookup's, not an input
 * check's; so a display is always given, a hostile one included.
 */
const DISPLAY_ARGUMENT: Record<string, number> = { loadPlotly: 0, showFigure: 1, showTable: 3, showLive: 1 };

/** Whether `e` is one of the library's errors, by its own GmmError (each entry point's module graph is the same). */
const isGmmError = (e: unknown) => e instanceof (lib.GmmError as new () => Error);

async function main(): Promise<void> {
  const { callables: found, skipped } = callables(modules, make);
  const missing = found.map((c) => c.name).filter((name) => !(name in EXAMPLES));
  const random = seededRandom(seed);
  let index = 0;
  for (const c of found) {
    if (!(c.name in EXAMPLES)) continue;
    for (let t = 0; t < cases; t++, index++) {
      const { args, how } =
        t === 0 ? { args: EXAMPLES[c.name](), how: "the valid example" } : spoil(EXAMPLES[c.name](), random);
      if (index < from) continue; // made all the same: the later cases are the seed's
      const at = DISPLAY_ARGUMENT[c.name];
      if (at !== undefined && args[at] === undefined) args[at] = display;
      const shown = `(${args.map(describe).join(", ")})`;
      post({ type: "start", index, name: c.name, how, args: shown });
      let outcome: string, ok: boolean;
      try {
        let result = c.call(args);
        if (result instanceof Promise) result = await result;
        const problem = INFINITE_BY_DEFINITION[c.name] === result ? null : malformed(result);
        ok = problem === null;
        outcome = ok ? "ok" : `returned a malformed result: ${problem}`;
        // The valid example must work: a case that is refused from the start proves nothing.
        if (t === 0 && !ok) outcome = `the valid example ${outcome}`;
      } catch (e) {
        ok = isGmmError(e) && t > 0;
        outcome = isGmmError(e)
          ? t === 0
            ? `the valid example was refused: ${(e as Error).message}`
            : "refused"
          : `threw ${e instanceof Error ? `${e.name}: ${e.message}` : describe(e)}`;
      }
      post({ type: "end", report: { index, name: c.name, how, args: shown, outcome, ok } });
    }
  }
  post({ type: "done", callables: found.map((c) => c.name), skipped, missing });
}

void main();
