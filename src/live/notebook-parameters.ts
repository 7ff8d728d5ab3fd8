/**
 * The live page's start from the lesson's parameters cell: what `npm start` and the notebook's live
 * cell open the live page on.
 */
import type { RandomSourceName } from "../data/generate-data";
import { GmmInputError } from "../errors";
import { is, shown } from "../validate";
import { LIVE_LIMITS, type LiveData } from "./live-data";
import { type LiveOptions, LiveSession } from "./session";

/** What the parameters cell holds, as `npm start` checks it; the start's values are the session's to check. */
const NOTEBOOK_PARAMETERS = {
  randomState: is.integer(0),
  nSamples1: is.integer(0),
  nSamples2: is.integer(0),
  variance1: is.number(0),
  variance2: is.number(0),
  rng: is.optional(is.oneOf<RandomSourceName>("numpy", "seedrandom"), undefined),
  pi: is.arrayOf(is.number()),
  mu: is.arrayOf(is.arrayOf(is.number())),
  Sigma: is.arrayOf(is.arrayOf(is.arrayOf(is.number()))),
  maxIter: is.integer(0),
  tol: is.optional(is.number(0), undefined),
};

/** The notebook's parameters cell (as `npm start` checked it): what the live page can open on. */
export interface NotebookParameters {
  randomState: number;
  nSamples1: number;
  nSamples2: number;
  variance1: number;
  variance2: number;
  /** The random source the points are drawn with (default "numpy", the original's). */
  rng?: RandomSourceName;
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
  maxIter: number;
  /** The stopping rule the notebook's fits use (applyGmm's `tol`), when it has one. */
  tol?: number;
}

/**
 * The live page's start from the notebook's parameters, every one the page shows: the seed, the
 * random source, the variances and the two clusters' sizes (the kind "unequal" when the first
 * holds a sixth of the points), the start (k ≤ 6), maxIter and tol. The page draws the very points
 * the notebook draws. Whatever the page cannot show (e.g. 10 000 points) keeps the page's own
 * default (the parameters cell's: see LESSON_DATA).
 */
export function liveOptionsFromNotebook(p: NotebookParameters): LiveOptions {
  if (typeof p !== "object" || p === null)
    throw new GmmInputError("p", `must be the notebook's parameters, got ${shown(p)}`);
  // The cell may hold more (histIndex, …): only these are read, each by its constraint.
  for (const [key, constraint] of Object.entries(NOTEBOOK_PARAMETERS))
    constraint(`p.${key}`, (p as unknown as Record<string, unknown>)[key]);
  const n = p.nSamples1 + p.nSamples2;
  const data: Partial<LiveData> = {
    kind: p.nSamples1 !== Math.floor(n / 2) && p.nSamples1 === Math.round(n / 6) ? "unequal" : "original",
    seed: p.randomState,
    rng: p.rng ?? "numpy",
    variance1: p.variance1,
    variance2: p.variance2,
  };
  if (n >= LIVE_LIMITS.nSamples[0] && n <= LIVE_LIMITS.nSamples[1]) {
    data.nSamples = n;
    data.nSamples1 = p.nSamples1;
  }
  const options: LiveOptions = { data, start: { pi: p.pi, mu: p.mu, Sigma: p.Sigma }, run: { maxIter: p.maxIter } };
  if (p.tol !== undefined) options.run!.tol = p.tol;
  // What the page would reject, it does not get: each part checked as the page checks it.
  const accepted = (o: LiveOptions) => {
    try {
      const session = new LiveSession(o);
      const ok = session.status !== "invalid";
      session.close();
      return ok;
    } catch {
      return false;
    }
  };
  if (!accepted({ data: options.data })) options.data = {};
  if (p.pi.length > LIVE_LIMITS.k[1] || !accepted({ data: options.data, start: options.start })) delete options.start;
  if (!accepted({ data: options.data, run: options.run })) delete options.run;
  return options;
}
