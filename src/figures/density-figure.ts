/**
 * The fitted mixture's density p(x) = Σⱼ πⱼ N(x | μⱼ, Σⱼ) over the data: filled contours of
 * log p(x) (evenly spaced levels of the log are density levels each a fixed factor apart, which
 * show the tails and the peaks alike), each component's mean and 1σ/2σ ellipses, and the points.
 * 2-D data only. A pure function returning { data, layout } for Plotly.
 */
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { checkInteger, is, optionNames } from "../validate";
import type { FigureLabels, FigureLocale } from "./labels";
import { logDensityGrid } from "./mixture-density";
import { planePanelsLayout } from "./plane-panels";
import { checkFigureOptions, checkPlaneParams, figureLabels, planePoints, sharedRanges } from "./shared";
import { colorKey, componentTraces } from "./snapshot-grid";
import type { PlotlyContourTrace, PlotlyMixedFigure, PlotlyTrace } from "./types";

/** The density figure: a contour trace under scatter traces. */
export type DensityFigure = PlotlyMixedFigure;

export interface DensityFigureOptions {
  /** The figure's title (default: the label set's `densityTitle`). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Grid cells per axis over which log p(x) is computed (default 60: plotly.js interpolates the contours smoothly between them). */
  resolution?: number;
  /** Contour levels between the peak's log-density and `depth` below it (default 12). */
  levels?: number;
  /** How far below the peak the contours go, in log-density (default 12: densities down to e⁻¹² of the peak). */
  depth?: number;
  /** Pixel size (default 720 × 640). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<DensityFigureOptions>({
  title: true,
  labels: true,
  resolution: true,
  levels: true,
  depth: true,
  width: true,
  height: true,
});

/** The contours' own options, checked as a table. */
const CONTOUR_OPTIONS = {
  resolution: (name: string, v: unknown) => checkInteger(name, v ?? 60, 2, 1000),
  levels: (name: string, v: unknown) => checkInteger(name, v ?? 12, 2, 100),
  depth: (name: string, v: unknown) => (v === undefined ? 12 : is.number(0.1, 700)(name, v)),
};

/** White where the density is low, to a mid grey at the peak: the components' colours stay readable on it. */
export const DENSITY_COLORSCALE: [number, string][] = [
  [0, "#ffffff"],
  [0.5, "#dedede"],
  [1, "#9a9a9a"],
];

/**
 * Five significant digits of log p (a relative error of 10⁻⁵ in p where |log p| < 1): the
 * contours cannot show more, and the figure's JSON stays small (each notebook output carries it).
 */
const fiveDigits = (v: number) => Number(v.toPrecision(5));

export function densityFigure(X: DataInput, params: GmmParams, options: DensityFigureOptions = {}): DensityFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const resolution = CONTOUR_OPTIONS.resolution("options.resolution", options.resolution);
  const levels = CONTOUR_OPTIONS.levels("options.levels", options.levels);
  const depth = CONTOUR_OPTIONS.depth("options.depth", options.depth);
  const points = planePoints(X);
  checkPlaneParams("params", params);
  const ranges = sharedRanges(points.input, params.mu);
  const grid = logDensityGrid(params, ranges, resolution);
  const peak = fiveDigits(Math.max(...grid.z.map((row) => Math.max(...row))));
  const contour: PlotlyContourTrace = {
    type: "contour",
    x: grid.x.map(fiveDigits),
    y: grid.y.map(fiveDigits),
    z: grid.z.map((row) => row.map(fiveDigits)),
    name: "log p(x)",
    showlegend: false,
    colorscale: DENSITY_COLORSCALE,
    zmin: peak - depth,
    zmax: peak,
    contours: { coloring: "fill", showlines: true, start: peak - depth, end: peak, size: depth / levels },
    line: { color: "rgba(0, 0, 0, 0.35)", width: 0.6 },
    colorbar: { title: { text: labels.logDensity, side: "right" }, thickness: 14, len: 0.8 },
    hovertemplate: "(%{x:.2f}, %{y:.2f})<br>log p = %{z:.2f}<extra></extra>",
  };
  const data: (PlotlyTrace | PlotlyContourTrace)[] = [contour];
  data.push({
    type: "scatter",
    mode: "markers",
    x: points.x,
    y: points.y,
    name: labels.data,
    showlegend: true,
    marker: { color: "rgba(0, 0, 0, 0.6)", size: 4 },
    hovertemplate: "(%{x:.3f}, %{y:.3f})<extra></extra>",
  });
  data.push(...componentTraces(params, { x: "x", y: "y" }));
  const key = colorKey(params.mu.length, labels, false);
  data.push(...key);
  const legendNames = [labels.data, ...key.map((t) => t.name ?? "")];
  const layout = planePanelsLayout({
    titles: [""],
    ranges,
    title: options.title ?? labels.densityTitle,
    width: options.width ?? 720,
    height: options.height ?? 640,
    legend: legendNames,
    right: 40,
  });
  return { data, layout };
}
