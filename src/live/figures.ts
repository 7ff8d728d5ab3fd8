/**
 * The live page's two figures, made of the library's figure builders: the plane (the points
 * coloured by the last E-step's responsibilities, the paths the means have
 * travelled, each component's mean and 1σ/2σ ellipses) and the log-likelihood curve with the
 * current iteration marked. Pure: Plotly `{ data, layout }` like every figure of the library.
 * The page draws their layouts (axes, grid, titles) with plotly.js once, and paints their traces
 * on a canvas at every step (`canvas.ts`): plotly.js restyling 2 000 points takes some 100 ms,
 * a canvas a few.
 */
import type { Matrix } from "ml-matrix";
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { blendInk, componentColor, componentStyle, NO_E_STEP_RGB } from "../figures/colors";
import type { FigureLabels } from "../figures/labels";
import { AXIS_STYLE, type AxisRanges, FONT, logLikelihoodRange, sharedRanges, stacked } from "../figures/shared";
import { componentTraces, responsibilityTrace } from "../figures/snapshot-grid";
import type { PlotlyLayout, PlotlyTrace } from "../figures/types";

/** Margins around the plot areas, in pixels (room for tick labels and axis titles). */
export const PLANE_MARGIN = { l: 52, r: 14, t: 14, b: 48 };
export const CURVE_MARGIN = { l: 104, r: 14, t: 14, b: 52 };

interface LivePlaneView {
  X: DataInput;
  params: GmmParams;
  /** The last E-step's responsibilities (n × k); null before the first E-step or when the start cannot run: grey points. */
  responsibilities: Matrix | null;
  /** meanPaths[i][j]: component j's mean after iteration i. */
  meanPaths: number[][][];
  /** False when a covariance cannot be drawn (a start the library rejected): means only. */
  ellipses: boolean;
}

/** The plane's axis ranges: the data, and any extra points (e.g. the start means), equal spans in x and y. */
export function planeRanges(X: DataInput, extraPoints: number[][] = []): AxisRanges {
  return sharedRanges(X, extraPoints);
}

/**
 * The plane's traces, in painting order: the points in the ink of the last E-step's
 * responsibilities (grey before the first), each mean's path, then each component's mean and
 * ellipses.
 */
export function livePlaneTraces(view: LivePlaneView): PlotlyTrace[] {
  return [responsibilityTrace(view.X, view.responsibilities), ...liveOverlayTraces(view)];
}

/**
 * The plane's traces above the points (`livePlaneTraces` less its first): each mean's path, then
 * each component's mean and ellipses. The page paints the points itself (`pointInks`).
 */
export function liveOverlayTraces(view: Omit<LivePlaneView, "X" | "responsibilities">): PlotlyTrace[] {
  const k = view.params.mu.length;
  const traces: PlotlyTrace[] = [];
  if (view.meanPaths.length > 1) {
    for (let j = 0; j < k; j++) {
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `path of μ${j + 1}`,
        showlegend: false,
        hoverinfo: "skip",
        x: view.meanPaths.map((m) => m[j][0]),
        y: view.meanPaths.map((m) => m[j][1]),
        line: { color: componentColor(j), width: 1.5 },
      });
    }
  }
  if (view.ellipses) traces.push(...componentTraces(view.params));
  else {
    traces.push({
      type: "scatter",
      mode: "markers",
      name: "means",
      showlegend: false,
      x: view.params.mu.map((m) => (Number.isFinite(m[0]) ? m[0] : null)),
      y: view.params.mu.map((m) => (Number.isFinite(m[1]) ? m[1] : null)),
      marker: {
        symbol: view.params.mu.map((_, j) => componentStyle(j).symbol),
        size: 9,
        color: view.params.mu.map((_, j) => componentColor(j)),
        line: { color: "black", width: 1 },
      },
    });
  }
  return traces;
}

/**
 * The points' inks as `livePlaneTraces` colours them, r, g, b bytes per point: the blend of each
 * row of the n × k responsibilities (row-major, as the E-step writes them), or grey for all
 * before the first E-step (null). Into `into` when it is given (3n bytes), else a new array.
 */
export function pointInks(
  responsibilities: Float64Array | null,
  n: number,
  k: number,
  into = new Uint8ClampedArray(3 * n),
): Uint8ClampedArray {
  for (let i = 0; i < n; i++) {
    if (responsibilities === null) into.set(NO_E_STEP_RGB, 3 * i);
    else blendInk(responsibilities, i * k, k, into, 3 * i);
  }
  return into;
}

/** The plane's layout: a square plot area `side` pixels wide on `ranges`, nothing to zoom or drag. */
export function livePlaneLayout(ranges: AxisRanges, side: number): PlotlyLayout {
  const axis = { ...AXIS_STYLE, fixedrange: true, constrain: "range" as const };
  return {
    width: side + PLANE_MARGIN.l + PLANE_MARGIN.r,
    height: side + PLANE_MARGIN.t + PLANE_MARGIN.b,
    margin: { ...PLANE_MARGIN },
    font: FONT,
    showlegend: false,
    dragmode: false,
    hovermode: false,
    plot_bgcolor: "white",
    xaxis: { ...axis, range: [...ranges.x], title: { text: "x<sub>1</sub>" } },
    yaxis: { ...axis, range: [...ranges.y], title: { text: "x<sub>2</sub>" } },
  };
}

/** The curve's traces: ℓ against the iteration, and a ring on the current one. */
export function liveCurveTraces(logLikelihood: number[]): PlotlyTrace[] {
  const last = logLikelihood.length - 1;
  return [
    {
      type: "scatter",
      mode: "lines",
      name: "log-likelihood",
      showlegend: false,
      x: logLikelihood.map((_, i) => i),
      y: logLikelihood.slice(),
      line: { color: "black", width: 2 },
    },
    {
      type: "scatter",
      mode: "markers",
      name: "current iteration",
      showlegend: false,
      x: last >= 0 ? [last] : [],
      y: last >= 0 ? [logLikelihood[last]] : [],
      marker: { color: "black", size: 13, symbol: "circle-open", line: { color: "black", width: 2.5 } },
    },
  ];
}

export interface CurveRanges {
  x: [number, number];
  y: [number, number];
}

/** Iteration axes end at one of these, so that the axis moves seldom while EM runs. */
const ITERATION_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/**
 * The curve's axis ranges: iterations from 0 to the next stop past the last one; ℓ from
 * iteration 1 on (a poor start's first value lies far below the rest and would flatten the
 * curve), kept from `previous` while the curve stays inside it, so that the axes do not move at
 * every step.
 */
export function curveRanges(logLikelihood: number[], previous: CurveRanges | null = null): CurveRanges {
  const last = Math.max(1, logLikelihood.length - 1);
  const xEnd = ITERATION_STOPS.find((s) => s >= last) ?? last;
  const x: [number, number] = [0, xEnd];
  if (logLikelihood.length === 0) return { x, y: previous?.y ?? [-1, 1] };
  const shown = logLikelihood.slice(Math.min(1, logLikelihood.length - 1));
  const low = Math.min(...shown),
    high = Math.max(...shown);
  if (previous !== null && low >= previous.y[0] && high <= previous.y[1]) return { x, y: previous.y };
  const [y0, y1] = logLikelihoodRange([logLikelihood], 1);
  // Room above for the climb still to come: a fifth of the span seen so far.
  return { x, y: [y0, y1 + 0.2 * (y1 - y0)] };
}

/** The curve's layout: `width` × `height` pixels on `ranges`, with the figures' words (`labels`: e.g. `FIGURE_LABELS["zh-en"]`). */
export function liveCurveLayout(
  ranges: CurveRanges,
  width: number,
  height: number,
  labels: FigureLabels,
): PlotlyLayout {
  const axis = { ...AXIS_STYLE, fixedrange: true };
  return {
    width,
    height,
    margin: { ...CURVE_MARGIN },
    font: FONT,
    showlegend: false,
    dragmode: false,
    hovermode: false,
    plot_bgcolor: "white",
    xaxis: { ...axis, range: [...ranges.x], title: { text: labels.iteration } },
    yaxis: { ...axis, range: [...ranges.y], title: { text: stacked(labels.logLikelihood) }, exponentformat: "none" },
  };
}
