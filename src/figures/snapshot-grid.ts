import { Matrix } from "ml-matrix";
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { eStepResponsibilities } from "../em/responsibilities";
import { GmmInputError } from "../errors";
import { formatNumber } from "../format";
import { optionNames, shown } from "../validate";
import { componentStyle, NO_E_STEP_COLOR, responsibilityColors } from "./colors";
import { ellipseTrace } from "./ellipse";
import type { FigureLabels, FigureLocale } from "./labels";
import {
  AXIS_STYLE,
  type AxisRanges,
  BOTTOM_LEGEND,
  checkFigureOptions,
  checkPlaneParams,
  DEFAULT_WIDTH,
  FONT,
  figureLabels,
  gridDomains,
  PANEL_AXES,
  panelAxes,
  panelTitle,
  planePoints,
  sharedRanges,
} from "./shared";
import type { PlotlyAnnotation, PlotlyAxis, PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** What the grid reads from `applyGmm`'s result. */
export interface SnapshotSource {
  /** coef[i]: the parameters after iteration i (coef[0] the start). */
  coef: GmmParams[];
  /** logLikelihood[i]: the log-likelihood under coef[i], shown in panel i's title. */
  logLikelihood: number[];
}

export interface SnapshotGridOptions {
  /** Panels per row (default 3: six snapshots make the 2 × 3 grid). */
  columns?: number;
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size of the figure (default 900 wide, 290 per row of panels plus the key). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<SnapshotGridOptions>({
  columns: true,
  title: true,
  labels: true,
  width: true,
  height: true,
});

/**
 * The points of X coloured by responsibilities (an ink blend of the components' colours:
 * vermillion and blue for the first two, dark grey-brown where undecided), with each point's
 * coordinates and responsibilities on hover; `null` responsibilities: all points grey (the start,
 * before any E-step).
 */
export function responsibilityTrace(
  X: DataInput,
  responsibilities: Matrix | null,
  axes = { x: "x", y: "y" },
): PlotlyTrace {
  PANEL_AXES("axes", axes);
  const { x, y, n } = planePoints(X);
  if (responsibilities !== null && !Matrix.isMatrix(responsibilities))
    throw new GmmInputError("responsibilities", `must be an n × k Matrix or null, got ${shown(responsibilities)}`);
  if (responsibilities !== null && responsibilities.rows !== n) {
    throw new GmmInputError("responsibilities", `has ${responsibilities.rows} rows, but X has ${n}`);
  }
  const trace: PlotlyTrace = {
    type: "scatter",
    mode: "markers",
    x,
    y,
    xaxis: axes.x,
    yaxis: axes.y,
    name: "points",
    showlegend: false,
    marker: { color: responsibilities === null ? NO_E_STEP_COLOR : responsibilityColors(responsibilities), size: 6 },
    hovertemplate: "(%{x:.3f}, %{y:.3f})<extra>point %{pointNumber}</extra>",
  };
  if (responsibilities !== null) {
    const hover = Array.from(
      { length: responsibilities.columns },
      (_, j) => `r<sub>${j + 1}</sub> = %{customdata[${j}]:.3f}`,
    ).join("<br>");
    trace.customdata = responsibilities.to2DArray();
    trace.hovertemplate = `(%{x:.3f}, %{y:.3f})<br>${hover}<extra>point %{pointNumber}</extra>`;
  }
  return trace;
}

/**
 * One component's picture per component: its mean (its own marker symbol) and, drawn above it
 * so that a small start stays visible, its 1σ (thick) and 2σ (thin) ellipses, in its colour and
 * dash; the mean's hover shows μⱼ and πⱼ.
 */
export function componentTraces(params: GmmParams, axes = { x: "x", y: "y" }): PlotlyTrace[] {
  checkPlaneParams("params", params);
  PANEL_AXES("axes", axes);
  const means: PlotlyTrace[] = [],
    ellipses: PlotlyTrace[] = [];
  params.mu.forEach((mu, j) => {
    const { color, dash, symbol } = componentStyle(j);
    means.push({
      type: "scatter",
      mode: "markers",
      x: [mu[0]],
      y: [mu[1]],
      xaxis: axes.x,
      yaxis: axes.y,
      name: `component ${j + 1}: mean`,
      showlegend: false,
      marker: { symbol, size: 9, color, line: { color: "black", width: 1 } },
      hovertemplate: `μ<sub>${j + 1}</sub> = (%{x:.3f}, %{y:.3f})<br>π<sub>${j + 1}</sub> = ${formatNumber(params.pi[j], 3)}<extra></extra>`,
    });
    for (const scale of [1, 2] as const) {
      const trace = ellipseTrace(mu, params.Sigma[j], {
        scale,
        color,
        dash,
        xaxis: axes.x,
        yaxis: axes.y,
        name: `component ${j + 1}: ${scale}σ`,
      });
      trace.line!.width = scale === 1 ? 2.5 : 1.2;
      ellipses.push(trace);
    }
  });
  return [...means, ...ellipses];
}

/**
 * The colour key: one legend entry per component (its colour, dash and mean symbol), one for the
 * ellipses, and — when `start` — one for the grey points of the start, before any E-step.
 */
export function colorKey(k: number, labels: FigureLabels, start: boolean): PlotlyTrace[] {
  const entry = (name: string, extra: Partial<PlotlyTrace>): PlotlyTrace => ({
    type: "scatter",
    x: [null],
    y: [null],
    name,
    showlegend: true,
    hoverinfo: "skip",
    mode: "markers",
    ...extra,
  });
  const key = Array.from({ length: k }, (_, j) => {
    const { color, dash, symbol } = componentStyle(j);
    return entry(labels.component(j + 1), {
      mode: "lines+markers",
      line: { color, dash, width: 2.5 },
      marker: { color, symbol, size: 11, line: { color: "black", width: 1 } },
    });
  });
  key.push(entry(labels.ellipses, { mode: "lines", line: { color: "rgb(90, 90, 90)", width: 2.5 } }));
  if (start) key.push(entry(labels.noEStep, { marker: { color: NO_E_STEP_COLOR, size: 9 } }));
  return key;
}

/**
 * The original notebook's grid of EM snapshots as a Plotly figure: one panel per iteration in
 * `histIndex` (titled with the iteration and its log-likelihood ℓ), `columns` to a row, every panel
 * on the same axis ranges with equal aspect. Panel i draws coef[i] — each component's mean and
 * 1σ/2σ ellipses — and colours the points by the responsibilities that these same parameters
 * give (the next E-step's); at iteration 0, before any E-step, the points are grey. A colour key
 * and a caption say so. Pure: returns `{ data, layout }`.
 */
export function snapshotGrid(
  X: DataInput,
  result: SnapshotSource,
  histIndex: number[],
  options: SnapshotGridOptions = {},
): PlotlyFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  if (!Array.isArray(histIndex) || histIndex.length === 0)
    throw new GmmInputError("histIndex", "must be a non-empty array of iteration numbers");
  const columns = options.columns ?? 3;
  // A panel a column at the most: wider grids would only be empty columns (and a huge count, a long loop).
  if (!Number.isInteger(columns) || columns < 1 || columns > Math.max(3, histIndex.length))
    throw new GmmInputError(
      "options.columns",
      `must be an integer from 1 to the number of panels (${Math.max(3, histIndex.length)}), got ${shown(columns)}`,
    );
  if (
    typeof result !== "object" ||
    result === null ||
    !Array.isArray(result.coef) ||
    !Array.isArray(result.logLikelihood)
  ) {
    throw new GmmInputError("result", "must be applyGmm's result { coef, logLikelihood }");
  }
  const flat = planePoints(X).input; // read once, not copied again per panel
  histIndex.forEach((it, at) => {
    if (!Number.isInteger(it) || it < 0 || it >= result.coef.length) {
      throw new GmmInputError(
        `histIndex[${at}]`,
        `must be an iteration from 0 to ${result.coef.length - 1}, got ${shown(it)}`,
      );
    }
    checkPlaneParams(`result.coef[${it}]`, result.coef[it]);
    if (!Number.isFinite(result.logLikelihood[it])) {
      throw new GmmInputError(
        `result.logLikelihood[${it}]`,
        `is not a finite number (${shown(result.logLikelihood[it])})`,
      );
    }
  });
  const k = result.coef[histIndex[0]].mu.length;
  const ranges: AxisRanges = sharedRanges(
    flat,
    histIndex.flatMap((it) => result.coef[it].mu),
  );
  const rows = Math.ceil(histIndex.length / columns);
  const domains = gridDomains(rows, columns, { x: 0.06, y: 0.16 });
  const data: PlotlyTrace[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const top = options.title ? 135 : 100;
  // Room for the x-axis title and the colour key below it, an entry a line (bilingual entries are long).
  const bottom = 80 + 22 * (k + 1 + (histIndex.includes(0) ? 1 : 0));
  const layout: PlotlyLayout = {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 290 * rows + top + bottom,
    font: FONT,
    showlegend: true,
    legend: BOTTOM_LEGEND,
    margin: { l: 60, r: 20, t: top, b: bottom },
    hovermode: "closest",
    plot_bgcolor: "white",
  };
  if (options.title)
    layout.title = { text: options.title, font: { size: 17 }, yref: "container", y: 0.99, yanchor: "top" };
  histIndex.forEach((it, panel) => {
    const axes = panelAxes(panel);
    const params = result.coef[it];
    data.push(responsibilityTrace(flat, it === 0 ? null : eStepResponsibilities(flat, params), axes));
    data.push(...componentTraces(params, axes));
    const bottomRow = Math.floor(panel / columns) === rows - 1 || panel + columns >= histIndex.length;
    const xaxis: PlotlyAxis = {
      ...AXIS_STYLE,
      domain: domains[panel].x,
      range: [...ranges.x],
      anchor: axes.y,
      ...(bottomRow ? { title: { text: "x<sub>1</sub>" } } : {}),
    };
    const yaxis: PlotlyAxis = {
      ...AXIS_STYLE,
      domain: domains[panel].y,
      range: [...ranges.y],
      anchor: axes.x,
      scaleanchor: axes.x,
      scaleratio: 1,
      ...(panel % columns === 0 ? { title: { text: "x<sub>2</sub>" } } : {}),
    };
    layout[axes.xLayout] = xaxis;
    layout[axes.yLayout] = yaxis;
    const title = `${labels.iterationNumber(it)}<br>ℓ = ${formatNumber(result.logLikelihood[it], 2)}`;
    annotations.push(panelTitle(title, (domains[panel].x[0] + domains[panel].x[1]) / 2, domains[panel].y[1]));
  });
  data.push(...colorKey(k, labels, histIndex.includes(0)));
  // The caption, between the title and the panels: what the colours are.
  annotations.push({
    text: labels.gridCaption,
    x: 0.5,
    y: 1,
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    yshift: 48,
    showarrow: false,
    font: { size: 14, color: "#444" },
  });
  layout.annotations = annotations;
  return { data, layout };
}

export interface DataScatterOptions {
  title?: string;
  labels?: FigureLocale | FigureLabels;
  width?: number;
  height?: number;
}

const DATA_SCATTER_OPTIONS = optionNames<DataScatterOptions>({ title: true, labels: true, width: true, height: true });

/** The data alone, in one panel with equal aspect (the generate_data cell's picture). */
export function dataScatter(X: DataInput, options: DataScatterOptions = {}): PlotlyFigure {
  checkFigureOptions(options, DATA_SCATTER_OPTIONS);
  const labels = figureLabels(options.labels);
  const points = planePoints(X);
  const ranges = sharedRanges(points.input);
  const trace: PlotlyTrace = {
    type: "scatter",
    mode: "markers",
    x: points.x,
    y: points.y,
    name: labels.data,
    marker: { color: "rgb(90, 90, 90)", size: 6 },
    hovertemplate: "(%{x:.3f}, %{y:.3f})<extra>point %{pointNumber}</extra>",
  };
  return {
    data: [trace],
    layout: {
      width: options.width ?? 520,
      height: options.height ?? 500,
      font: FONT,
      margin: { l: 60, r: 20, t: options.title ? 60 : 20, b: 50 },
      ...(options.title ? { title: { text: options.title, font: { size: 17 } } } : {}),
      xaxis: { ...AXIS_STYLE, range: ranges.x, constrain: "domain", title: { text: "x<sub>1</sub>" } },
      yaxis: {
        ...AXIS_STYLE,
        range: ranges.y,
        scaleanchor: "x",
        scaleratio: 1,
        constrain: "domain",
        title: { text: "x<sub>2</sub>" },
      },
      plot_bgcolor: "white",
    },
  };
}
