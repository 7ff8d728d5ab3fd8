/**
 * Every iteration of an EM run in one figure: a slider (and play/pause) scrubs through the
 * iterations; the points' responsibility colours, the means and the ellipses move together, and
 * a marker walks along the log-likelihood curve beside them.
 *
 * Plotly frames carry only what changes (the colours, the ellipses, the means, the marker), with
 * coordinates rounded to a ten-thousandth of the axis span and colours as "#rrggbb", so that the
 * notebook's run (400 points, 100 iterations) stays well under a megabyte and plays smoothly.
 */
import { Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { componentColor, hexColor, responsibilityColors } from "./colors";
import { ellipsePoints } from "./ellipse";
import { AXIS_STYLE, logLikelihoodRange, panelTitle, planePoints, rounder, sharedRanges } from "./shared";
import type { PlotlyAnnotation, PlotlyFigure, PlotlyFrame, PlotlyLayout, PlotlyTrace } from "./types";

/** What the slider reads from `applyGmm`'s result (run with the default keep: "all"). */
export interface IterationSource {
  /** coef[i]: the parameters after iteration i (coef[0] the start). */
  coef: GmmParams[];
  /** rvals[i]: iteration i's responsibilities (n × k), for every i. */
  rvals: (Matrix | undefined)[];
  /** logLikelihood[i]: the log-likelihood under coef[i]. */
  logLikelihood: number[];
}

export interface IterationSliderOptions {
  /** The figure's title (default: none). */
  title?: string;
  /**
   * The log-likelihood axis is scaled to iterations ≥ this one (default 1): a poor start lies far
   * below the rest and would flatten the curve. Earlier values sit below the panel; the slider's
   * label always shows the current value.
   */
  logLikelihoodFrom?: number;
  /** Milliseconds per iteration when playing (default 100: the notebook's run in ten seconds). */
  frameDuration?: number;
  /** Points per ellipse (default 49; the first is repeated at the end). */
  ellipsePoints?: number;
  /** Pixel size (default 960 × 560). */
  width?: number;
  height?: number;
}

/** A slider's step: `args` go to `Plotly.animate` (the frame's name, then the animation options). */
export interface PlotlySliderStep {
  label: string;
  method: "animate";
  args: [string[], Record<string, unknown>];
}

export interface PlotlySlider {
  active: number;
  steps: PlotlySliderStep[];
  [attribute: string]: unknown;
}

export interface PlotlyUpdateMenu {
  type: "buttons";
  buttons: { label: string; method: "animate"; args: [(string | null)[] | null, Record<string, unknown>] }[];
  [attribute: string]: unknown;
}

/** `iterationSlider`'s figure: frames named "0" … "nIter", a slider with a step per frame, play/pause. */
export interface IterationSliderFigure extends PlotlyFigure {
  frames: PlotlyFrame[];
  layout: PlotlyLayout & { sliders: PlotlySlider[]; updatemenus: PlotlyUpdateMenu[] };
}

/**
 * The traces, in order: 0 the points; then per component j the 1σ (solid) and 2σ (dashed)
 * ellipses, at 1 + 2j and 2 + 2j; the means (one trace, k markers); the log-likelihood curve; the
 * marker on it. Every frame updates all but the curve.
 */
export function sliderTraceIndices(k: number): { points: number; ellipses: (j: number, scale: 1 | 2) => number; means: number; curve: number; marker: number } {
  return { points: 0, ellipses: (j, scale) => 1 + 2 * j + (scale - 1), means: 1 + 2 * k, curve: 2 + 2 * k, marker: 3 + 2 * k };
}

/** Animation options for a step: jump straight to the frame. */
const JUMP = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

/**
 * The figure: left, the data coloured by iteration i's responsibilities (the same ink blend as
 * the snapshot grid), each component's mean (×) and 1σ/2σ ellipses from coef[i]; right, the
 * log-likelihood against the iteration with a marker at logLikelihood[i]. Below, a slider over
 * every iteration 0 … nIter and play/pause buttons. Pure: returns `{ data, layout, frames }`.
 */
export function iterationSlider(X: DataInput, result: IterationSource, options: IterationSliderOptions = {}): IterationSliderFigure {
  const { coef, rvals, logLikelihood } = checkSource(result);
  const points = planePoints(X);
  const n = points.n;
  const from = options.logLikelihoodFrom ?? 1;
  if (!Number.isInteger(from) || from < 0) throw new GmmInputError("options.logLikelihoodFrom", `must be an integer ≥ 0, got ${String(from)}`);
  const frameDuration = options.frameDuration ?? 100;
  if (!(Number.isFinite(frameDuration) && frameDuration >= 0)) throw new GmmInputError("options.frameDuration", `must be a number of milliseconds ≥ 0, got ${String(frameDuration)}`);
  const pointsPerEllipse = options.ellipsePoints ?? 49;
  if (!Number.isInteger(pointsPerEllipse) || pointsPerEllipse < 5) throw new GmmInputError("options.ellipsePoints", `must be an integer ≥ 5, got ${String(pointsPerEllipse)}`);
  const k = coef[0].mu.length;
  rvals.forEach((r, i) => {
    if (r!.rows !== n || r!.columns !== k) {
      throw new GmmInputError(`result.rvals[${i}]`, `must be ${n} × ${k} (a row per point of X, a column per component), is ${r!.rows} × ${r!.columns}`);
    }
  });

  const ranges = sharedRanges(points.input, coef.flatMap((c) => c.mu));
  const round = rounder(ranges.x[1] - ranges.x[0]);
  const at = sliderTraceIndices(k);
  const nIter = coef.length - 1;

  /** What changes from one iteration to the next, in trace order (the curve left out). */
  function moving(i: number): Partial<PlotlyTrace>[] {
    const params = coef[i];
    const traces: Partial<PlotlyTrace>[] = [{ marker: { color: responsibilityColors(rvals[i]!, `result.rvals[${i}]`).map(hexColor) } }];
    params.mu.forEach((mu, j) => {
      for (const scale of [1, 2]) {
        const e = ellipsePoints(mu, params.Sigma[j], scale, pointsPerEllipse);
        traces.push({ x: e.x.map(round), y: e.y.map(round) });
      }
    });
    traces.push({
      x: params.mu.map((m) => m[0]),
      y: params.mu.map((m) => m[1]),
      text: params.pi.map((p, j) => `π<sub>${j + 1}</sub> = ${p.toFixed(3)}`),
    });
    traces.push({ x: [i], y: [logLikelihood[i]] });
    return traces;
  }
  const frameTraces = [at.points, ...Array.from({ length: 2 * k }, (_, m) => 1 + m), at.means, at.marker];
  const frames: PlotlyFrame[] = coef.map((_, i) => ({ name: String(i), data: moving(i), traces: frameTraces }));

  // The figure itself shows iteration 0: frame 0's values on the full traces.
  const first = (trace: number) => frames[0].data[frameTraces.indexOf(trace)];
  const data: PlotlyTrace[] = [{
    type: "scatter", mode: "markers",
    x: points.x,
    y: points.y,
    name: "points", showlegend: false,
    marker: { color: first(at.points).marker!.color, size: 5 },
    hovertemplate: "(%{x:.3f}, %{y:.3f})<extra>point %{pointNumber}</extra>",
  }];
  for (let j = 0; j < k; j++) {
    for (const scale of [1, 2] as const) {
      const e = first(at.ellipses(j, scale));
      data.push({
        type: "scatter", mode: "lines", x: e.x!, y: e.y!,
        name: `component ${j + 1}: ${scale}σ`, showlegend: false, hoverinfo: "skip",
        line: { color: componentColor(j), width: 1.5, ...(scale === 2 ? { dash: "dash" } : {}) },
      });
    }
  }
  const colors = Array.from({ length: k }, (_, j) => componentColor(j));
  data.push({
    type: "scatter", mode: "markers", x: first(at.means).x!, y: first(at.means).y!, text: first(at.means).text,
    name: "means", showlegend: false,
    marker: { symbol: "x", size: 12, color: colors, line: { color: "black", width: 1 } },
    hovertemplate: "μ = (%{x:.3f}, %{y:.3f})<br>%{text}<extra></extra>",
  });
  data.push({
    type: "scatter", mode: "lines", xaxis: "x2", yaxis: "y2",
    x: logLikelihood.map((_, i) => i), y: logLikelihood.slice(),
    name: "log-likelihood", showlegend: false, line: { color: "black", width: 1.5 },
    hovertemplate: "iteration %{x}: %{y:.4f}<extra></extra>",
  });
  data.push({
    type: "scatter", mode: "markers", xaxis: "x2", yaxis: "y2", x: first(at.marker).x!, y: first(at.marker).y!,
    name: "current iteration", showlegend: false,
    marker: { color: "black", size: 12, symbol: "circle-open", line: { color: "black", width: 2.5 } },
    hovertemplate: "iteration %{x}: %{y:.4f}<extra></extra>",
  });

  const logLikelihoodAxis = logLikelihoodRange([logLikelihood], from);
  const steps: PlotlySliderStep[] = coef.map((_, i) => ({
    // The label is what the slider's current value shows (the tick labels are hidden: a hundred
    // of them would overlap), so it carries the iteration's log-likelihood too.
    label: `iteration ${i}: log-likelihood ${logLikelihood[i].toFixed(3)}`,
    method: "animate",
    args: [[String(i)], JUMP],
  }));
  const annotations: PlotlyAnnotation[] = [
    panelTitle("responsibilities, means (×), 1σ and 2σ ellipses", 0.25),
    panelTitle(from > 0 && nIter >= from ? `log-likelihood (axis from iteration ${from})` : "log-likelihood", 0.8),
  ];
  const layout: IterationSliderFigure["layout"] = {
    width: options.width ?? 960,
    height: options.height ?? 560,
    showlegend: false,
    hovermode: "closest",
    plot_bgcolor: "white",
    margin: { l: 60, r: 20, t: options.title ? 80 : 40, b: 130 },
    xaxis: { ...AXIS_STYLE, domain: [0, 0.5], anchor: "y", range: [...ranges.x], constrain: "domain", title: { text: "x<sub>1</sub>" } },
    yaxis: { ...AXIS_STYLE, domain: [0, 1], anchor: "x", range: [...ranges.y], scaleanchor: "x", scaleratio: 1, constrain: "domain", title: { text: "x<sub>2</sub>" } },
    xaxis2: { ...AXIS_STYLE, domain: [0.6, 1], anchor: "y2", range: [0, Math.max(1, nIter)], title: { text: "iteration" } },
    yaxis2: { ...AXIS_STYLE, domain: [0, 1], anchor: "x2", range: logLikelihoodAxis, title: { text: "log-likelihood" } },
    annotations,
    sliders: [{
      active: 0,
      steps,
      x: 0.2, len: 0.8, y: 0, yanchor: "top", pad: { t: 60 },
      font: { color: "rgba(0, 0, 0, 0)" },
      currentvalue: { visible: true, prefix: "", xanchor: "left", font: { size: 14, color: "#333" } },
      transition: { duration: 0 },
    }],
    updatemenus: [{
      type: "buttons",
      direction: "left",
      showactive: false,
      x: 0, y: 0, xanchor: "left", yanchor: "top", pad: { t: 80 },
      buttons: [
        { label: "▶ play", method: "animate", args: [null, { ...JUMP, fromcurrent: true, frame: { duration: frameDuration, redraw: false } }] },
        { label: "❚❚ pause", method: "animate", args: [[null], JUMP] },
      ],
    }],
  };
  if (options.title) layout.title = { text: options.title };
  return { data, layout, frames };
}

function checkSource(result: IterationSource): { coef: GmmParams[]; rvals: Matrix[]; logLikelihood: number[] } {
  if (typeof result !== "object" || result === null) throw new GmmInputError("result", "must be applyGmm's result { coef, rvals, logLikelihood }");
  const { coef, rvals, logLikelihood } = result;
  if (!Array.isArray(coef) || coef.length === 0) throw new GmmInputError("result.coef", "must be a non-empty array of parameters");
  const k = coef[0]?.mu?.length;
  coef.forEach((c, i) => {
    if (!c || !Array.isArray(c.mu) || c.mu.length !== k || k === 0 || !Array.isArray(c.pi) || c.pi.length !== k || !Array.isArray(c.Sigma) || c.Sigma.length !== k) {
      throw new GmmInputError(`result.coef[${i}]`, `must be { pi, mu, Sigma } for ${k ?? "k"} components, as coef[0]`);
    }
    c.mu.forEach((m, j) => {
      if (!Array.isArray(m) || m.length !== 2 || !m.every(Number.isFinite)) {
        throw new GmmInputError(`result.coef[${i}].mu[${j}]`, "must be a 2-D point of finite numbers (the figure draws 2-D data)");
      }
    });
  });
  if (!Array.isArray(rvals) || rvals.length !== coef.length) {
    throw new GmmInputError("result.rvals", `must have one entry per entry of coef (${coef.length}), has ${Array.isArray(rvals) ? rvals.length : "none"}`);
  }
  rvals.forEach((r, i) => {
    if (r === undefined) throw new GmmInputError(`result.rvals[${i}]`, `iteration ${i}'s responsibilities were not kept: run applyGmm with keep: "all" (the default)`);
    if (!(r instanceof Matrix)) throw new GmmInputError(`result.rvals[${i}]`, "must be a Matrix of responsibilities");
  });
  if (!Array.isArray(logLikelihood) || logLikelihood.length !== coef.length) {
    throw new GmmInputError("result.logLikelihood", `must have one value per entry of coef (${coef.length}), has ${Array.isArray(logLikelihood) ? logLikelihood.length : "none"}`);
  }
  logLikelihood.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new GmmInputError(`result.logLikelihood[${i}]`, `is not a finite number (${String(v)})`);
  });
  return { coef, rvals: rvals as Matrix[], logLikelihood };
}
