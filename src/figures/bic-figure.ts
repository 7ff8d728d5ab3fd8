/**
 * Plotly figure of a BIC model selection: BIC against the number of components, one line per
 * covariance type, the best model starred. A pure function returning { data, layout } for
 * Plotly.newPlot (or tslab's display), as the notebook's other figure builders.
 */
import type { CovarianceType } from "../em/covariance-type";
import type { ModelSelection } from "../estimator/select-model";
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** The BIC figure: a Plotly figure like the others. */
export type BicFigure = PlotlyFigure;

/** Line colours per covariance type (Plotly's first four defaults, fixed so each type keeps its colour). */
const COLOURS: Record<CovarianceType, string> = {
  full: "#1f77b4",
  tied: "#ff7f0e",
  diag: "#2ca02c",
  spherical: "#d62728",
};

export function bicFigure(selection: ModelSelection, title = "Model selection by BIC (lower is better)"): BicFigure {
  const { nComponents, covarianceTypes, bic, best } = selection;
  const data: PlotlyTrace[] = covarianceTypes.map((type, t): PlotlyTrace => ({
    type: "scatter",
    mode: "lines+markers",
    name: type,
    x: [...nComponents],
    // null leaves a gap where a fit failed.
    y: [...bic[t]],
    line: { color: COLOURS[type] },
    marker: { size: 7 },
    hovertemplate: `${type}, k = %{x}<br>BIC = %{y:.1f}<extra></extra>`,
  }));
  data.push({
    type: "scatter",
    mode: "markers",
    name: `best: ${best.covarianceType}, k = ${best.nComponents}`,
    x: [best.nComponents],
    y: [best.bic],
    marker: { symbol: "star-open", size: 18, color: "black", line: { width: 2 } },
    hovertemplate: `best: ${best.covarianceType}, k = %{x}<br>BIC = %{y:.1f}<extra></extra>`,
  });
  const layout: PlotlyLayout = {
    title: { text: title },
    xaxis: { title: { text: "number of components k" }, tickmode: "array", tickvals: [...nComponents] },
    yaxis: { title: { text: "BIC" } },
    legend: { title: { text: "covariance type" } },
    width: 720,
    height: 440,
  };
  return { data, layout };
}
