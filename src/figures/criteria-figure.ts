/**
 * BIC and AIC side by side: each criterion against the number of components, one line per
 * covariance type (the BIC figure's colours, dashes and markers), the model each picks starred.
 * AIC's penalty, 2 per parameter, is lighter than BIC's log n, so it often picks more components.
 */

import { GmmInputError } from "../errors";
import type { ModelSelection } from "../estimator/select-model";
import { optionNames, shown } from "../validate";
import { checkSelection, criterionTraces } from "./bic-figure";
import type { FigureLabels, FigureLocale } from "./labels";
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
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

export type CriteriaFigure = PlotlyFigure;

export interface CriteriaFigureOptions {
  /** The figure's title (default: the label set's `criteriaTitle`). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 900 × 500). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<CriteriaFigureOptions>({ title: true, labels: true, width: true, height: true });

export function criteriaFigure(selection: ModelSelection, options: CriteriaFigureOptions = {}): CriteriaFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  checkSelection(selection);
  checkValues("selection.aic", selection.aic, selection);
  const bestAic = selection.bestAic as ModelSelection["bestAic"] | undefined;
  if (
    typeof bestAic !== "object" ||
    bestAic === null ||
    !Number.isFinite(bestAic.aic) ||
    !selection.nComponents.includes(bestAic.nComponents)
  )
    throw new GmmInputError(
      "selection.bestAic",
      "must be the fit with the lowest AIC, one of selection.nComponents (selectModel's result)",
    );
  const domains = gridDomains(1, 2, { x: 0.1, y: 0 });
  const panels = [
    { name: "BIC", values: selection.bic, best: { ...selection.best, value: selection.best.bic }, star: labels.best },
    { name: "AIC", values: selection.aic, best: { ...bestAic, value: bestAic.aic }, star: labels.bestAic },
  ];
  const data: PlotlyTrace[] = [];
  const layout: PlotlyLayout = {
    title: { text: options.title ?? labels.criteriaTitle, font: { size: 17 } },
    font: FONT,
    plot_bgcolor: "white",
    showlegend: true,
    legend: BOTTOM_LEGEND,
    margin: { l: 80, r: 20, t: 100, b: 150 },
    width: options.width ?? 900,
    height: options.height ?? 500,
    annotations: panels.map((panel, p) => panelTitle(panel.name, (domains[p].x[0] + domains[p].x[1]) / 2)),
  };
  panels.forEach((panel, p) => {
    const axes = panelAxes(p);
    data.push(
      ...criterionTraces(selection, panel.name, panel.values, panel.best, panel.star, labels, {
        x: axes.x,
        y: axes.y,
        legend: p === 0,
      }),
    );
    layout[axes.xLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].x,
      anchor: axes.y,
      title: { text: labels.numberOfComponents },
      tickmode: "array",
      tickvals: [...selection.nComponents],
    };
    layout[axes.yLayout] = { ...AXIS_STYLE, domain: domains[p].y, anchor: axes.x, title: { text: panel.name } };
  });
  return { data, layout };
}

/** Throws unless `values` is a table like `selection.bic`: a row per covariance type, a finite number or null per k. */
function checkValues(name: string, values: unknown, selection: ModelSelection): void {
  if (!Array.isArray(values) || values.length !== selection.covarianceTypes.length)
    throw new GmmInputError(name, `must have one row per covariance type (${selection.covarianceTypes.length})`);
  values.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== selection.nComponents.length)
      throw new GmmInputError(
        `${name}[${t}]`,
        `must have one value per number of components (${selection.nComponents.length})`,
      );
    row.forEach((v, c) => {
      if (v !== null && !(typeof v === "number" && Number.isFinite(v)))
        throw new GmmInputError(
          `${name}[${t}][${c}]`,
          `must be a finite number or null (a failed fit), got ${shown(v)}`,
        );
    });
  });
}
