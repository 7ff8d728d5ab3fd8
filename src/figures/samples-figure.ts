/**
 * The fitted model as a generator: the data beside as many points drawn from the fitted mixture
 * (`GaussianMixture.sample`'s draw), two panels on the same axes, each with the components'
 * means and ellipses; a sample is coloured by the component that drew it. If the model fits,
 * the two clouds look alike.
 */
import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { toMixtureState } from "../em/params";
import { sampleMixture } from "../estimator/sample";
import { checkInteger, optionNames } from "../validate";
import { componentColor } from "./colors";
import type { FigureLabels, FigureLocale } from "./labels";
import { planePanelsLayout } from "./plane-panels";
import { checkFigureOptions, checkPlaneParams, figureLabels, panelAxes, planePoints, sharedRanges } from "./shared";
import { colorKey, componentTraces } from "./snapshot-grid";
import type { PlotlyFigure, PlotlyTrace } from "./types";

export type SamplesFigure = PlotlyFigure;

export interface SamplesFigureOptions {
  /** How many points to draw (default: as many as X has rows). */
  nSamples?: number;
  /** The seed of numpy's generator that draws them (default 0: the same figure every time). */
  randomState?: number;
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 900 × 520). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<SamplesFigureOptions>({
  nSamples: true,
  randomState: true,
  title: true,
  labels: true,
  width: true,
  height: true,
});

/** The points drawn for the figure: X (rows of 2) and each one's component y. */
export function drawSamples(params: GmmParams, nSamples: number, randomState: number): { X: number[][]; y: number[] } {
  checkPlaneParams("params", params);
  const state = toMixtureState(params.pi, params.mu, params.Sigma, 2);
  return sampleMixture(state, nSamples, randomState, "options.nSamples");
}

export function samplesFigure(X: DataInput, params: GmmParams, options: SamplesFigureOptions = {}): SamplesFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const points = planePoints(X);
  const nSamples = options.nSamples ?? points.n;
  const randomState = checkInteger("options.randomState", options.randomState ?? 0, 0, 2 ** 32 - 1);
  const samples = drawSamples(params, nSamples, randomState);
  const left = panelAxes(0),
    right = panelAxes(1);
  const data: PlotlyTrace[] = [
    {
      type: "scatter",
      mode: "markers",
      x: points.x,
      y: points.y,
      xaxis: left.x,
      yaxis: left.y,
      name: labels.data,
      showlegend: false,
      marker: { color: "rgba(0, 0, 0, 0.6)", size: 5 },
      hovertemplate: "(%{x:.3f}, %{y:.3f})<extra></extra>",
    },
    {
      type: "scatter",
      mode: "markers",
      x: samples.X.map((p) => p[0]),
      y: samples.X.map((p) => p[1]),
      xaxis: right.x,
      yaxis: right.y,
      name: labels.samples,
      showlegend: false,
      marker: { color: samples.y.map((j) => componentColor(j)), size: 5, opacity: 0.75 },
      customdata: samples.y.map((j) => [j + 1]),
      hovertemplate: "(%{x:.3f}, %{y:.3f})<br>component %{customdata[0]}<extra></extra>",
    },
  ];
  data.push(...componentTraces(params, left), ...componentTraces(params, right));
  const key = colorKey(params.mu.length, labels, false);
  data.push(...key);
  const legendNames = key.map((t) => t.name ?? "");
  const layout = planePanelsLayout({
    titles: [labels.data, labels.samples],
    // Both clouds in view: the samples' tails may reach past the data.
    ranges: sharedRanges(points.input, [...params.mu, ...samples.X]),
    title: options.title,
    width: options.width ?? 900,
    height: options.height ?? 520,
    legend: legendNames,
  });
  return { data, layout };
}
