/**
 * Plotly figure of why one EM step cannot lower the log-likelihood, in the manner of Bishop's PRML
 * Fig. 9.14: along a path θ(t) through the parameters before an EM step (t = 0) and after it
 * (t = 1), the log-likelihood ℓ(θ(t)) and the lower bound
 *   L(q, θ) = Σᵢ Σⱼ qᵢⱼ log(πⱼ N(xᵢ | μⱼ, Σⱼ) / qᵢⱼ)
 * with q the E-step's responsibilities under θ_old. ℓ = L + KL(q ‖ p(z | x, θ)) ≥ L everywhere; the
 * E-step makes the KL zero at θ_old, so L touches ℓ there; the M-step maximises L(q, ·), so L's
 * maximum along any path through θ_new is at t = 1.
 *
 * The path is a straight line in coordinates where every point is a valid mixture: log π (then
 * normalised, so π stays a probability vector for every t), μ, and the Cholesky factor of Σ with
 * its diagonal on a log scale (so Σ = L Lᵀ stays positive definite for every t).
 */

import { type DataInput, toFlatData } from "../data/input";
import { choleskyLower } from "../density/cholesky";
import { logGauss } from "../density/gauss";
import type { GmmParams } from "../em/params";
import { toMixtureState } from "../em/params";
import { eStepResponsibilities } from "../em/responsibilities";
import { GmmInputError } from "../errors";
import { checkCount, optionNames } from "../validate";
import { componentColor } from "./colors";
import type { FigureLabels, FigureLocale } from "./labels";
import { AXIS_STYLE, BOTTOM_LEGEND, checkFigureOptions, FONT, figureLabels } from "./shared";
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** The lower-bound figure: a Plotly figure like the others. */
export type LowerBoundFigure = PlotlyFigure;

export interface LowerBoundFigureOptions {
  /** The figure's title (default: the label set's `lowerBoundTitle`). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Points per unit of t on [−0.5, 1.5] (default 100: a step of 0.01; t = 0 and t = 1 are on the grid). */
  samplesPerUnit?: number;
  /** Pixel size (default 760 × 600). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<LowerBoundFigureOptions>({
  title: true,
  labels: true,
  samplesPerUnit: true,
  width: true,
  height: true,
});

/** Where t runs: half a step before θ_old to half a step past θ_new, as in PRML's figure. */
const T_FROM = -0.5;
const T_TO = 1.5;

/** ℓ and L along the path, on the grid of t. */
export interface LowerBoundCurves {
  t: number[];
  logLikelihood: number[];
  lowerBound: number[];
}

export function lowerBoundFigure(
  X: DataInput,
  before: GmmParams,
  after: GmmParams,
  options: LowerBoundFigureOptions = {},
): LowerBoundFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const curves = lowerBoundCurves(X, before, after, options.samplesPerUnit ?? 100);
  const { t, logLikelihood: ll, lowerBound: L } = curves;
  const at = (value: number) => t.indexOf(value);
  const line = (name: string, y: number[], color: string, dash: string): PlotlyTrace => ({
    type: "scatter",
    mode: "lines",
    name,
    x: t,
    y,
    line: { color, dash, width: 3 },
    hovertemplate: "t = %{x:.2f}<br>%{y:.3f}<extra></extra>",
  });
  const mark = (name: string, x: number, y: number, symbol: string, color: string): PlotlyTrace => ({
    type: "scatter",
    mode: "markers",
    name,
    x: [x],
    y: [y],
    marker: { symbol, size: 13, color, line: { color: "black", width: 1.5 } },
    hovertemplate: "t = %{x}<br>%{y:.3f}<extra></extra>",
  });
  const data: PlotlyTrace[] = [
    line(labels.logLikelihood, ll, componentColor(0), "solid"),
    line(labels.lowerBound, L, componentColor(1), "dash"),
    mark(labels.boundTouches, 0, ll[at(0)], "circle", "black"),
    mark(labels.boundMaximum, 1, L[at(1)], "diamond", componentColor(1)),
    mark(labels.logLikelihoodAfter, 1, ll[at(1)], "square", componentColor(0)),
  ];
  const layout: PlotlyLayout = {
    title: { text: options.title ?? labels.lowerBoundTitle, font: { size: 17 } },
    font: FONT,
    plot_bgcolor: "white",
    xaxis: { ...AXIS_STYLE, title: { text: labels.pathParameter }, tickvals: [-0.5, 0, 0.5, 1, 1.5] },
    yaxis: { ...AXIS_STYLE, title: { text: labels.logLikelihoodAndBound }, range: valueRange(curves) },
    legend: BOTTOM_LEGEND,
    // room under the axis title for the five legend rows
    margin: { t: 70, b: 200 },
    width: options.width ?? 760,
    height: options.height ?? 600,
  };
  return { data, layout };
}

/**
 * ℓ(θ(t)) and L(q, θ(t)) on t = −0.5, …, 1.5 in steps of 1 / `samplesPerUnit`, q the
 * responsibilities under `before`. t = 0 gives `before`, t = 1 gives `after` (to rounding).
 */
export function lowerBoundCurves(
  X: DataInput,
  before: GmmParams,
  after: GmmParams,
  samplesPerUnit = 100,
): LowerBoundCurves {
  const points = toFlatData(X, "X");
  // Each sample is an E-step over X: refused before it allocates or runs past the memory limit.
  const s = checkCount(
    "options.samplesPerUnit",
    samplesPerUnit,
    2,
    (T_TO - T_FROM) * 8 * points.n,
    "samples per unit of t",
    "use fewer samples per unit (100 draws a smooth curve)",
  );
  checkParams("before", before, points.d);
  checkParams("after", after, points.d);
  if (after.pi.length !== before.pi.length)
    throw new GmmInputError("after", `has ${after.pi.length} components, before has ${before.pi.length}`);
  const input = { data: points.data, columns: points.d };
  const q = eStepResponsibilities(input, before).to2DArray();
  const path = parameterPath(before, after);
  // Integers over s, so that t = 0 and t = 1 are exactly on the grid.
  const t = Array.from({ length: (T_TO - T_FROM) * s + 1 }, (_, m) => (m + T_FROM * s) / s);
  const logLikelihood: number[] = [],
    lowerBound: number[] = [];
  for (const tm of t) {
    const logJoint = jointLogDensities(input, path(tm));
    let ll = 0,
      L = 0;
    for (let i = 0; i < points.n; i++) {
      const row = logJoint.map((l) => l[i]);
      const top = Math.max(...row);
      ll += top + Math.log(row.reduce((sum, l) => sum + Math.exp(l - top), 0));
      // q log(p / q), with 0 log 0 = 0
      for (let j = 0; j < row.length; j++) if (q[i][j] > 0) L += q[i][j] * (row[j] - Math.log(q[i][j]));
    }
    logLikelihood.push(ll);
    lowerBound.push(L);
  }
  return { t, logLikelihood, lowerBound };
}

/** log(πⱼ N(xᵢ | μⱼ, Σⱼ)): one array per component j, one value per row i. */
function jointLogDensities(X: DataInput, p: GmmParams): number[][] {
  return p.pi.map((w, j) => Array.from(logGauss(X, p.mu[j], p.Sigma[j]), (l) => Math.log(w) + l));
}

/**
 * θ(t), straight in (log π, μ, log-diagonal Cholesky factor of Σ): π(t) ∝ π_old^(1−t) π_new^t,
 * μ(t) = μ_old + t (μ_new − μ_old), Σ(t) = C(t) C(t)ᵀ where C's off-diagonal moves linearly and
 * its diagonal geometrically. Every θ(t) is a mixture: π > 0 summing to 1, Σ positive definite.
 */
export function parameterPath(before: GmmParams, after: GmmParams): (t: number) => GmmParams {
  const d = before.mu[0].length;
  const factors = (p: GmmParams) => p.Sigma.map((S) => choleskyLower(S.flat(), 0, d)!); // checked positive definite above
  const [Ca, Cb] = [factors(before), factors(after)];
  const lerp = (a: number, b: number, t: number) => a + t * (b - a);
  return (t) => {
    const raw = before.pi.map((a, j) => Math.exp(lerp(Math.log(a), Math.log(after.pi[j]), t)));
    const total = raw.reduce((s, w) => s + w, 0);
    const Sigma = Ca.map((ca, j) => {
      const C = ca.map((a, e) => {
        const b = Cb[j][e];
        return e % (d + 1) === 0 ? Math.exp(lerp(Math.log(a), Math.log(b), t)) : lerp(a, b, t);
      });
      return Array.from({ length: d }, (_, r) =>
        Array.from({ length: d }, (_, c) => {
          let sum = 0;
          for (let m = 0; m <= Math.min(r, c); m++) sum += C[r * d + m] * C[c * d + m];
          return sum;
        }),
      );
    });
    return {
      pi: raw.map((w) => w / total),
      mu: before.mu.map((m, j) => m.map((v, c) => lerp(v, after.mu[j][c], t))),
      Sigma,
    };
  };
}

/** Checks one end of the path as EM's start is checked, naming it; the weights must be > 0 (log π). */
function checkParams(name: string, params: GmmParams, d: number): void {
  if (typeof params !== "object" || params === null)
    throw new GmmInputError(name, "must be mixture parameters { pi, mu, Sigma }");
  try {
    toMixtureState(params.pi, params.mu, params.Sigma, d);
  } catch (e) {
    if (e instanceof GmmInputError)
      throw new GmmInputError(`${name}.${e.argument}`, e.message.slice(e.argument.length + 2));
    throw e;
  }
  params.pi.forEach((w, j) => {
    if (!(w > 0)) throw new GmmInputError(`${name}.pi[${j}]`, `must be > 0 (the path runs in log π), got ${w}`);
  });
}

/** The y axis: the curves over t ∈ [−0.25, 1.25], padded, so a far plunge of L does not flatten the touch. */
function valueRange({ t, logLikelihood, lowerBound }: LowerBoundCurves): [number, number] {
  const shown = t.flatMap((tm, m) => (tm >= -0.25 && tm <= 1.25 ? [logLikelihood[m], lowerBound[m]] : []));
  const low = Math.min(...shown),
    high = Math.max(...shown);
  const pad = 0.08 * (high - low) || 1;
  return [low - pad, high + pad];
}
