/**
 * EM on the line: a histogram of the 1-D points (normalised as a probability density), each
 * weighted component πⱼ N(x | μⱼ, σⱼ²) and their sum p(x), for the parameters before a step and
 * after it, in two panels on the same axes. The sum is what the histogram should look like.
 */

import { checkLinePoints } from "../em/one-step";
import type { GmmParams } from "../em/params";
import { GmmInputError } from "../errors";
import { checkInteger, checkWeights, optionNames, shown } from "../validate";
import { componentStyle } from "./colors";
import type { FigureLabels, FigureLocale } from "./labels";
import { legendRows } from "./plane-panels";
import {
  AXIS_STYLE,
  BOTTOM_LEGEND,
  checkFigureOptions,
  FONT,
  figureLabels,
  gridDomains,
  panelAxes,
  panelTitle,
} from "./shared";
import type {
  PlotlyAnnotation,
  PlotlyAxis,
  PlotlyHistogramTrace,
  PlotlyLayout,
  PlotlyMixedFigure,
  PlotlyTrace,
} from "./types";

export type OneDimensionFigure = PlotlyMixedFigure;

export interface OneDimensionFigureOptions {
  /** Histogram bins over the points' range (default √n, from 5 to 60). */
  bins?: number;
  /** Points on each curve (default 301). */
  curvePoints?: number;
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 900 × 460). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<OneDimensionFigureOptions>({
  bins: true,
  curvePoints: true,
  title: true,
  labels: true,
  width: true,
  height: true,
});

/** A mixture on the line: k weights, means and variances. */
interface LineMixture {
  pi: Float64Array;
  mu: number[];
  variance: number[];
}

/** Reads `params` (named `name`) as a mixture on the line: means [m], covariances [[v]] with v > 0. */
export function lineMixture(name: string, params: GmmParams): LineMixture {
  const p = params as Partial<GmmParams> | null;
  if (typeof p !== "object" || p === null || !Array.isArray(p.mu) || p.mu.length === 0 || !Array.isArray(p.Sigma))
    throw new GmmInputError(name, `must be { pi, mu, Sigma } of a mixture on the line, got ${shown(params)}`);
  const k = p.mu.length;
  const pi = checkWeights(`${name}.pi`, p.pi, k, "rounding");
  if (p.Sigma.length !== k)
    throw new GmmInputError(`${name}.Sigma`, `must have one entry per component (${k}), got ${shown(p.Sigma)}`);
  const mu = p.mu.map((m, j) => {
    if (!Array.isArray(m) || m.length !== 1 || !Number.isFinite(m[0]))
      throw new GmmInputError(`${name}.mu[${j}]`, `must be [m], a 1-D mean, got ${shown(m)}`);
    return m[0];
  });
  const variance = p.Sigma.map((S, j) => {
    const v = Array.isArray(S) && S.length === 1 && Array.isArray(S[0]) && S[0].length === 1 ? S[0][0] : undefined;
    if (!(typeof v === "number" && Number.isFinite(v) && v > 0))
      throw new GmmInputError(`${name}.Sigma[${j}]`, `must be [[v]], a variance v > 0, got ${shown(S)}`);
    return v;
  });
  return { pi, mu, variance };
}

/**
 * The histogram's heights as plotly.js draws them with `histnorm: "probability density"`: each
 * bin's count / (n · size), the bins [start + b·size, start + (b + 1)·size), the last one closed.
 */
export function densityHistogram(x: number[], start: number, size: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of x) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - start) / size)))]++;
  return counts.map((c) => c / (x.length * size));
}

/** πⱼ N(t | μⱼ, σⱼ²) at each t. */
export function weightedComponent(m: LineMixture, j: number, t: number[]): number[] {
  const { pi, mu, variance } = m;
  return t.map(
    (v) => (pi[j] * Math.exp((-0.5 * (v - mu[j]) ** 2) / variance[j])) / Math.sqrt(2 * Math.PI * variance[j]),
  );
}

export function oneDimensionFigure(
  x: number[],
  before: GmmParams,
  after: GmmParams,
  options: OneDimensionFigureOptions = {},
): OneDimensionFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  checkLinePoints("x", x);
  const mixtures = [lineMixture("before", before), lineMixture("after", after)];
  const bins = checkInteger(
    "options.bins",
    options.bins ?? Math.min(60, Math.max(5, Math.round(Math.sqrt(x.length)))),
    1,
    1000,
  );
  const curvePoints = checkInteger("options.curvePoints", options.curvePoints ?? 301, 2, 100_000);
  const low = Math.min(...x),
    high = Math.max(...x);
  // The curves reach 3σ past each mean, so that a component far from the points is seen whole.
  const reach = mixtures.flatMap((m) =>
    m.mu.flatMap((mu, j) => [mu - 3 * Math.sqrt(m.variance[j]), mu + 3 * Math.sqrt(m.variance[j])]),
  );
  const from = Math.min(low, ...reach),
    to = Math.max(high, ...reach);
  // Each point a weighted mean of the ends: finite whenever they are (to − from itself can overflow).
  const t = Array.from({ length: curvePoints }, (_, i) => {
    const s = i / (curvePoints - 1);
    return from * (1 - s) + to * s;
  });
  const binSize = (high - low) / bins || 1;
  // The y range is set, not left to plotly.js: both panels show the tallest bar and curve of either.
  let top = Math.max(...densityHistogram(x, low, binSize, bins));
  const domains = gridDomains(1, 2, { x: 0.06, y: 0 });
  const data: (PlotlyTrace | PlotlyHistogramTrace)[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const layout: PlotlyLayout = {
    width: options.width ?? 900,
    height: options.height ?? 460,
    font: FONT,
    showlegend: true,
    legend: BOTTOM_LEGEND,
    margin: { l: 70, r: 20, t: options.title ? 100 : 50, b: 130 },
    hovermode: "closest",
    plot_bgcolor: "white",
    barmode: "overlay",
  };
  if (options.title) layout.title = { text: options.title, font: { size: 17 } };
  mixtures.forEach((m, p) => {
    const axes = panelAxes(p);
    const first = p === 0;
    data.push({
      type: "histogram",
      x: [...x],
      xaxis: axes.x,
      yaxis: axes.y,
      name: labels.data,
      legendgroup: "data",
      showlegend: first,
      histnorm: "probability density",
      xbins: { start: low, end: Math.min(high + binSize / 2, Number.MAX_VALUE), size: binSize },
      marker: { color: "rgb(200, 200, 200)", line: { color: "white", width: 1 } },
      hovertemplate: "%{x}: %{y:.3f}<extra></extra>",
    });
    const sum = new Array<number>(t.length).fill(0);
    m.mu.forEach((_, j) => {
      const y = weightedComponent(m, j, t);
      y.forEach((v, i) => {
        sum[i] += v;
      });
      const { color, dash } = componentStyle(j);
      data.push({
        type: "scatter",
        mode: "lines",
        x: t,
        y,
        xaxis: axes.x,
        yaxis: axes.y,
        name: `${labels.component(j + 1)}: π<sub>${j + 1}</sub> N(x | μ<sub>${j + 1}</sub>, σ<sub>${j + 1}</sub><sup>2</sup>)`,
        legendgroup: `component ${j}`,
        showlegend: first,
        line: { color, dash, width: 2.5 },
        hovertemplate: "x = %{x:.3f}<br>%{y:.4f}<extra></extra>",
      });
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x: t,
      y: sum,
      xaxis: axes.x,
      yaxis: axes.y,
      name: labels.mixture,
      legendgroup: "mixture",
      showlegend: first,
      line: { color: "black", width: 3 },
      hovertemplate: "x = %{x:.3f}<br>p(x) = %{y:.4f}<extra></extra>",
    });
    top = Math.max(top, ...sum);
    layout[axes.xLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].x,
      range: [from, to],
      anchor: axes.y,
      title: { text: "x" },
      ...(first ? {} : { matches: "x" }),
    };
    layout[axes.yLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].y,
      anchor: axes.x,
      ...(first ? { title: { text: labels.probabilityDensity } } : { matches: "y" }),
    };
    annotations.push(panelTitle(first ? labels.before : labels.after, (domains[p].x[0] + domains[p].x[1]) / 2));
  });
  for (const p of [0, 1]) (layout[panelAxes(p).yLayout] as PlotlyAxis).range = [0, 1.08 * top];
  const names = data.filter((t) => t.showlegend !== false).map((t) => t.name ?? "");
  layout.margin = { ...layout.margin, b: 70 + 24 * legendRows(names, layout.width as number) };
  layout.annotations = annotations;
  return { data, layout };
}
