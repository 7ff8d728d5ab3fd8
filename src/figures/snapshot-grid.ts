import { Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { componentColor, responsibilityColors } from "./colors";
import { ellipseTrace } from "./ellipse";
import { AXIS_STYLE, AxisRanges, gridDomains, panelAxes, panelTitle, planePoints, sharedRanges } from "./shared";
import type { PlotlyAnnotation, PlotlyAxis, PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** What the grid reads from `applyGmm`'s result. */
export interface SnapshotSource {
  coef: GmmParams[];
  rvals: (Matrix | undefined)[];
}

export interface SnapshotGridOptions {
  /** Panels per row (default 3: six snapshots make the 2 × 3 grid). */
  columns?: number;
  /** The figure's title (default: none). */
  title?: string;
  /** Pixel size of the figure (default 960 wide, 330 per row of panels). */
  width?: number;
  height?: number;
}

/**
 * The points of X coloured by their responsibilities (an ink blend: red and blue for the first
 * two components, purple where undecided), with each point's coordinates and responsibilities
 * on hover.
 */
export function responsibilityTrace(X: DataInput, responsibilities: Matrix, axes = { x: "x", y: "y" }): PlotlyTrace {
  const { x, y, n } = planePoints(X);
  if (responsibilities.rows !== n) {
    throw new GmmInputError("responsibilities", `has ${responsibilities.rows} rows, but X has ${n}`);
  }
  const k = responsibilities.columns;
  const hover = Array.from({ length: k }, (_, j) => `r<sub>${j + 1}</sub> = %{customdata[${j}]:.3f}`).join("<br>");
  return {
    type: "scatter",
    mode: "markers",
    x,
    y,
    xaxis: axes.x,
    yaxis: axes.y,
    name: "points",
    showlegend: false,
    marker: { color: responsibilityColors(responsibilities), size: 5 },
    customdata: responsibilities.to2DArray(),
    hovertemplate: `(%{x:.3f}, %{y:.3f})<br>${hover}<extra>point %{pointNumber}</extra>`,
  };
}

/**
 * One component's picture: its mean (×) and its 1σ (solid) and 2σ (dashed) ellipses, in its
 * own colour; the mean's hover shows μⱼ and πⱼ.
 */
export function componentTraces(params: GmmParams, axes = { x: "x", y: "y" }): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  params.mu.forEach((mu, j) => {
    const color = componentColor(j);
    for (const [scale, dash] of [[1, undefined], [2, "dash"]] as const) {
      traces.push(ellipseTrace(mu, params.Sigma[j], { scale, color, dash, xaxis: axes.x, yaxis: axes.y, name: `component ${j + 1}: ${scale}σ` }));
    }
    traces.push({
      type: "scatter",
      mode: "markers",
      x: [mu[0]],
      y: [mu[1]],
      xaxis: axes.x,
      yaxis: axes.y,
      name: `component ${j + 1}: mean`,
      showlegend: false,
      marker: { symbol: "x", size: 12, color, line: { color: "black", width: 1 } },
      hovertemplate: `μ<sub>${j + 1}</sub> = (%{x:.3f}, %{y:.3f})<br>π<sub>${j + 1}</sub> = ${params.pi[j].toFixed(3)}<extra></extra>`,
    });
  });
  return traces;
}

/**
 * The original notebook's grid of EM snapshots as a Plotly figure: one panel per iteration in
 * `histIndex` (titled "Iteration i"), `columns` to a row, every panel on the same axis ranges
 * with equal aspect, the points coloured by that iteration's responsibilities, each
 * component's mean and 1σ/2σ ellipses drawn. Pure: returns `{ data, layout }`.
 */
export function snapshotGrid(X: DataInput, result: SnapshotSource, histIndex: number[], options: SnapshotGridOptions = {}): PlotlyFigure {
  if (!Array.isArray(histIndex) || histIndex.length === 0) throw new GmmInputError("histIndex", "must be a non-empty array of iteration numbers");
  const columns = options.columns ?? 3;
  if (!Number.isInteger(columns) || columns < 1) throw new GmmInputError("options.columns", `must be an integer ≥ 1, got ${String(columns)}`);
  const flat = planePoints(X).input; // read once, not copied again per panel
  histIndex.forEach((it, at) => {
    if (!Number.isInteger(it) || it < 0 || it >= result.coef.length) {
      throw new GmmInputError(`histIndex[${at}]`, `must be an iteration from 0 to ${result.coef.length - 1}, got ${String(it)}`);
    }
    if (result.rvals[it] === undefined) {
      throw new GmmInputError(`histIndex[${at}]`, `iteration ${it}'s responsibilities were not kept (see applyGmm's keep option)`);
    }
  });
  const ranges: AxisRanges = sharedRanges(flat, histIndex.flatMap((it) => result.coef[it].mu));
  const rows = Math.ceil(histIndex.length / columns);
  const domains = gridDomains(rows, columns);
  const data: PlotlyTrace[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const layout: PlotlyLayout = {
    width: options.width ?? 960,
    height: options.height ?? 330 * rows + 40,
    showlegend: false,
    margin: { l: 40, r: 20, t: options.title ? 70 : 40, b: 30 },
    hovermode: "closest",
    plot_bgcolor: "white",
  };
  if (options.title) layout.title = { text: options.title };
  histIndex.forEach((it, panel) => {
    const axes = panelAxes(panel);
    data.push(responsibilityTrace(flat, result.rvals[it]!, axes));
    data.push(...componentTraces(result.coef[it], axes));
    const xaxis: PlotlyAxis = { ...AXIS_STYLE, domain: domains[panel].x, range: [...ranges.x], anchor: axes.y, constrain: "domain" };
    const yaxis: PlotlyAxis = { ...AXIS_STYLE, domain: domains[panel].y, range: [...ranges.y], anchor: axes.x, scaleanchor: axes.x, scaleratio: 1, constrain: "domain" };
    layout[axes.xLayout] = xaxis;
    layout[axes.yLayout] = yaxis;
    annotations.push(panelTitle(`Iteration ${it}`, (domains[panel].x[0] + domains[panel].x[1]) / 2, domains[panel].y[1]));
  });
  layout.annotations = annotations;
  return { data, layout };
}

/** The data alone, in one panel with equal aspect (the generate_data cell's picture). */
export function dataScatter(X: DataInput, options: { title?: string; width?: number; height?: number } = {}): PlotlyFigure {
  const points = planePoints(X);
  const ranges = sharedRanges(points.input);
  const trace: PlotlyTrace = {
    type: "scatter",
    mode: "markers",
    x: points.x,
    y: points.y,
    name: "X",
    marker: { color: "rgb(90, 90, 90)", size: 5 },
    hovertemplate: "(%{x:.3f}, %{y:.3f})<extra>point %{pointNumber}</extra>",
  };
  return {
    data: [trace],
    layout: {
      width: options.width ?? 460,
      height: options.height ?? 440,
      margin: { l: 40, r: 20, t: options.title ? 50 : 20, b: 30 },
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { range: ranges.x, constrain: "domain", zeroline: false },
      yaxis: { range: ranges.y, scaleanchor: "x", scaleratio: 1, constrain: "domain", zeroline: false },
    },
  };
}
