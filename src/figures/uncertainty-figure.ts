/**
 * Classification uncertainty, as mclust's uncertainty plot: each point's 1 − maxⱼ rᵢⱼ under the
 * fitted parameters, from 0 (one component is sure) to 1 − 1/k (all equally responsible), shown
 * by the point's shade and size, with the components' means and ellipses and a colour bar. The
 * uncertain points lie where the components overlap.
 */
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { eStepResponsibilities } from "../em/responsibilities";
import { optionNames } from "../validate";
import type { FigureLabels, FigureLocale } from "./labels";
import { planePanelsLayout } from "./plane-panels";
import { checkFigureOptions, checkPlaneParams, figureLabels, planePoints, sharedRanges } from "./shared";
import { colorKey, componentTraces } from "./snapshot-grid";
import type { PlotlyFigure, PlotlyTrace } from "./types";

export type UncertaintyFigure = PlotlyFigure;

export interface UncertaintyFigureOptions {
  /** The figure's title (default: the label set's `uncertaintyTitle`). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 720 × 640). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<UncertaintyFigureOptions>({ title: true, labels: true, width: true, height: true });

/** Light grey for the sure points to black for the most uncertain: a scale of shade only, safe for every colour vision. */
export const UNCERTAINTY_COLORSCALE: [number, string][] = [
  [0, "#d4d4d4"],
  [1, "#000000"],
];

export function uncertaintyFigure(
  X: DataInput,
  params: GmmParams,
  options: UncertaintyFigureOptions = {},
): UncertaintyFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const points = planePoints(X);
  checkPlaneParams("params", params);
  const r = eStepResponsibilities(points.input, params);
  const uncertainty = Array.from({ length: r.rows }, (_, i) => 1 - r.maxRow(i));
  const k = params.mu.length;
  // The most uncertain a point can be: every component equally responsible.
  const ceiling = Math.max(1 - 1 / k, Number.EPSILON);
  const data: PlotlyTrace[] = [
    {
      type: "scatter",
      mode: "markers",
      x: points.x,
      y: points.y,
      name: labels.uncertainty,
      showlegend: false,
      customdata: uncertainty.map((u) => [u]),
      // A number per point: plotly.js maps it through the colour scale; the size grows with it too.
      marker: {
        colorscale: UNCERTAINTY_COLORSCALE,
        cmin: 0,
        cmax: ceiling,
        showscale: true,
        colorbar: { title: { text: labels.uncertainty, side: "right" }, thickness: 14, len: 0.8 },
        line: { width: 0 },
        // Numbers, where the scatter traces of the other figures give colours and one size.
        ...({ color: uncertainty, size: uncertainty.map((u) => 4 + 12 * Math.min(1, u / ceiling)) } as object),
      },
      hovertemplate: "(%{x:.3f}, %{y:.3f})<br>1 − max r = %{customdata[0]:.3f}<extra></extra>",
    },
  ];
  data.push(...componentTraces(params, { x: "x", y: "y" }));
  const key = colorKey(k, labels, false);
  data.push(...key);
  const legendNames = key.map((t) => t.name ?? "");
  const layout = planePanelsLayout({
    titles: [""],
    ranges: sharedRanges(points.input, params.mu),
    title: options.title ?? labels.uncertaintyTitle,
    width: options.width ?? 720,
    height: options.height ?? 640,
    legend: legendNames,
    right: 40,
  });
  return { data, layout };
}
