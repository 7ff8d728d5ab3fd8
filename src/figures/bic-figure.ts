/**
 * Plotly figure of a BIC model selection: BIC against the number of components, one line per
 * covariance type (its own colour, dash and marker, so the lines stay apart without colour too),
 * the best model starred. A pure function returning { data, layout } for Plotly.newPlot (or
 * tslab's display), as the notebook's other figure builders.
 */

import { COVARIANCE_TYPES, type CovarianceType } from "../em/covariance-type";
import { GmmInputError } from "../errors";
import type { ModelSelection } from "../estimator/select-model";
import { optionNames, shown } from "../validate";
import { componentColor } from "./colors";
import type { FigureLabels, FigureLocale } from "./labels";
import { AXIS_STYLE, checkFigureOptions, FONT, figureLabels } from "./shared";
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** What the BIC figure reads of `selectModel`'s result. */
export type BicSelection = Omit<ModelSelection, "aic" | "bestAic">;

/** The BIC figure: a Plotly figure like the others. */
export type BicFigure = PlotlyFigure;

export interface BicFigureOptions {
  /** The figure's title (default: the label set's `bicTitle`). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 760 × 480). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<BicFigureOptions>({ title: true, labels: true, width: true, height: true });

/** Each covariance type's line: a palette colour, a dash and a marker, fixed so each type keeps its look. */
const STYLES: Record<CovarianceType, { color: string; dash: string; symbol: string }> = {
  full: { color: componentColor(1), dash: "solid", symbol: "circle" },
  tied: { color: componentColor(0), dash: "dash", symbol: "square" },
  diag: { color: componentColor(2), dash: "dot", symbol: "diamond" },
  spherical: { color: componentColor(3), dash: "dashdot", symbol: "triangle-up" },
};

/** The covariance types as the error for an unknown one lists them: "a, b, c or d". */
const TYPE_CHOICES = `${COVARIANCE_TYPES.slice(0, -1).join(", ")} or ${COVARIANCE_TYPES[COVARIANCE_TYPES.length - 1]}`;

export function bicFigure(selection: BicSelection, options: BicFigureOptions = {}): BicFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  checkSelection(selection);
  const { nComponents, bic, best } = selection;
  const data = criterionTraces(selection, "BIC", bic, { ...best, value: best.bic }, labels.best, labels, {
    x: "x",
    y: "y",
    legend: true,
  });
  const layout: PlotlyLayout = {
    title: { text: options.title ?? labels.bicTitle, font: { size: 17 } },
    font: FONT,
    plot_bgcolor: "white",
    xaxis: { ...AXIS_STYLE, title: { text: labels.numberOfComponents }, tickmode: "array", tickvals: [...nComponents] },
    yaxis: { ...AXIS_STYLE, title: { text: "BIC" } },
    legend: { title: { text: labels.covarianceType }, font: { size: 14 } },
    width: options.width ?? 760,
    height: options.height ?? 480,
  };
  return { data, layout };
}

/**
 * One criterion's lines, one per covariance type (null leaves a gap where a fit failed), and the
 * star on its best model, on the axes `axes` names; in the legend when `axes.legend`.
 */
export function criterionTraces(
  selection: BicSelection,
  criterion: string,
  values: (number | null)[][],
  best: { nComponents: number; covarianceType: CovarianceType; value: number },
  star: string,
  labels: FigureLabels,
  axes: { x: string; y: string; legend: boolean },
): PlotlyTrace[] {
  const onAxes = axes.x === "x" ? {} : { xaxis: axes.x, yaxis: axes.y };
  const data: PlotlyTrace[] = selection.covarianceTypes.map(
    (type, t): PlotlyTrace => ({
      type: "scatter",
      mode: "lines+markers",
      name: labels.covarianceTypeName(type),
      x: [...selection.nComponents],
      y: [...values[t]],
      ...onAxes,
      ...(axes.legend ? {} : { showlegend: false }),
      legendgroup: type,
      line: { color: STYLES[type].color, dash: STYLES[type].dash, width: 2.5 },
      marker: { size: 9, symbol: STYLES[type].symbol, color: STYLES[type].color },
      hovertemplate: `${type}, k = %{x}<br>${criterion} = %{y:.1f}<extra></extra>`,
    }),
  );
  data.push({
    type: "scatter",
    mode: "markers",
    name: `${star}: ${labels.covarianceTypeName(best.covarianceType)}, k = ${best.nComponents}`,
    x: [best.nComponents],
    y: [best.value],
    ...onAxes,
    marker: { symbol: "star-open", size: 20, color: "black", line: { width: 2 } },
    hovertemplate: `${best.covarianceType}, k = %{x}<br>${criterion} = %{y:.1f}<extra></extra>`,
  });
  return data;
}

/** Throws unless `selection` is selectModel's result, as far as the BIC figure reads it. */
export function checkSelection(selection: BicSelection): void {
  const s = selection as Partial<BicSelection> | null;
  if (typeof s !== "object" || s === null)
    throw new GmmInputError("selection", "must be selectModel's result { nComponents, covarianceTypes, bic, best }");
  if (!Array.isArray(s.nComponents) || s.nComponents.length === 0)
    throw new GmmInputError("selection.nComponents", "must be a non-empty array (selectModel's result)");
  s.nComponents.forEach((k, c) => {
    if (!(typeof k === "number" && Number.isInteger(k) && k >= 1))
      throw new GmmInputError(`selection.nComponents[${c}]`, `must be an integer ≥ 1, got ${shown(k)}`);
  });
  if (!Array.isArray(s.covarianceTypes) || s.covarianceTypes.length === 0)
    throw new GmmInputError("selection.covarianceTypes", "must be a non-empty array (selectModel's result)");
  s.covarianceTypes.forEach((type, t) => {
    if (!COVARIANCE_TYPES.includes(type))
      throw new GmmInputError(`selection.covarianceTypes[${t}]`, `must be ${TYPE_CHOICES}, got ${shown(type)}`);
  });
  if (!Array.isArray(s.bic) || s.bic.length !== s.covarianceTypes.length) {
    throw new GmmInputError("selection.bic", `must have one row per covariance type (${s.covarianceTypes.length})`);
  }
  s.bic.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== s.nComponents!.length)
      throw new GmmInputError(
        `selection.bic[${t}]`,
        `must have one value per number of components (${s.nComponents!.length})`,
      );
    row.forEach((v, c) => {
      if (v !== null && !(typeof v === "number" && Number.isFinite(v)))
        throw new GmmInputError(
          `selection.bic[${t}][${c}]`,
          `must be a finite number or null (a failed fit), got ${shown(v)}`,
        );
    });
  });
  const best = s.best;
  if (typeof best !== "object" || best === null || !Number.isFinite(best.bic) || !Number.isInteger(best.nComponents)) {
    throw new GmmInputError(
      "selection.best",
      "must be the best fit { nComponents, covarianceType, bic } (selectModel's result)",
    );
  }
}
