/**
 * One EM iteration as its two halves, as Bishop's PRML Fig. 9.8 (b) and (c): three panels on
 * the same axes — before (the points coloured by the old responsibilities, or grey before any
 * E-step), after the E-step (the colours are the new responsibilities; the ellipses have not
 * moved), after the M-step (the ellipses have moved to the new parameters; the colours have not
 * changed). The E-step and M-step are the EM loop's own.
 */
import { Matrix } from "ml-matrix";
import type { DataInput } from "../data/input";
import { emHalfSteps } from "../em/one-step";
import type { GmmParams } from "../em/params";
import { GmmInputError } from "../errors";
import { optionNames, shown } from "../validate";
import type { FigureLabels, FigureLocale } from "./labels";
import { planePanelsLayout } from "./plane-panels";
import { checkFigureOptions, checkPlaneParams, figureLabels, panelAxes, planePoints, sharedRanges } from "./shared";
import { colorKey, componentTraces, responsibilityTrace } from "./snapshot-grid";
import type { PlotlyFigure, PlotlyTrace } from "./types";

export type HalfStepsFigure = PlotlyFigure;

export interface HalfStepsFigureOptions {
  /**
   * The responsibilities the first panel's colours show (the E-step before `params` were
   * estimated); default none: grey points, as before the first E-step.
   */
  responsibilities?: Matrix;
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 900 × 470). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<HalfStepsFigureOptions>({
  responsibilities: true,
  title: true,
  labels: true,
  width: true,
  height: true,
});

export function halfStepsFigure(
  X: DataInput,
  params: GmmParams,
  options: HalfStepsFigureOptions = {},
): HalfStepsFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const points = planePoints(X);
  checkPlaneParams("params", params);
  const old = options.responsibilities ?? null;
  if (old !== null && !Matrix.isMatrix(old))
    throw new GmmInputError("options.responsibilities", `must be an n × k Matrix, got ${shown(old)}`);
  const step = emHalfSteps(points.input, params);
  const panels: { r: Matrix | null; params: GmmParams }[] = [
    { r: old, params },
    { r: step.responsibilities, params },
    { r: step.responsibilities, params: step.after },
  ];
  const data: PlotlyTrace[] = [];
  panels.forEach((panel, p) => {
    const axes = panelAxes(p);
    data.push(responsibilityTrace(points.input, panel.r, axes), ...componentTraces(panel.params, axes));
  });
  const key = colorKey(params.mu.length, labels, old === null);
  data.push(...key);
  const legendNames = key.map((t) => t.name ?? "");
  const layout = planePanelsLayout({
    titles: [labels.beforeStep, labels.afterEStep, labels.afterMStep],
    ranges: sharedRanges(points.input, [...params.mu, ...step.after.mu]),
    title: options.title,
    width: options.width ?? 900,
    height: options.height ?? 470,
    legend: legendNames,
  });
  return { data, layout };
}
