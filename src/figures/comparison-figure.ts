/**
 * Two (or more) EM runs side by side, as a Plotly figure: where each run's means travelled, and
 * its log-likelihood per iteration. Built for "What went wrong in the original" (原代码的问题):
 * the original's EM and the correct one from the same start.
 */

import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { GmmInputError } from "../errors";
import { optionNames, shown } from "../validate";
import { componentColor } from "./colors";
import { ellipsePoints } from "./ellipse";
import type { FigureLabels, FigureLocale } from "./labels";
import {
  AXIS_STYLE,
  BOTTOM_LEGEND,
  checkFigureOptions,
  DEFAULT_WIDTH,
  escapeHtml,
  FONT,
  figureLabels,
  logLikelihoodRange,
  panelTitle,
  planePoints,
  stacked,
} from "./shared";
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** One run to compare: what `applyGmm` returns, with a name for the legend. */
export interface ComparedRun {
  /** Legend name, e.g. "original" or "correct EM". */
  label: string;
  /** coef[i]: the parameters after iteration i (coef[0] the start). 2-D means. */
  coef: GmmParams[];
  /** logLikelihood[i]: the log-likelihood under coef[i] (as many as coef). */
  logLikelihood: number[];
}

export interface ComparisonFigureOptions {
  /** The data, drawn in light grey under the paths (n × 2). Default: none. */
  X?: DataInput;
  /** The figure's title (default: none). */
  title?: string;
  /**
   * The log-likelihood axis is scaled to iterations ≥ this one (default 1): a poor start is often
   * far below the rest (−23 307 against −1 590 in the original's run) and would flatten the curves.
   * The curves still begin at iteration 0, below the panel's edge; hover shows every value.
   */
  logLikelihoodFrom?: number;
  /**
   * Also draw each run's final 2σ ellipses (component colour, the run's line style), so that the
   * fitted covariances can be compared too (default false). Their traces come after all others.
   */
  finalEllipses?: boolean;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Pixel size (default 900 × 540). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<ComparisonFigureOptions>({
  X: true,
  title: true,
  logLikelihoodFrom: true,
  finalEllipses: true,
  labels: true,
  width: true,
  height: true,
});

/** The comparison: a Plotly figure like the others. */
export type ComparisonFigure = PlotlyFigure;

/** A run is told apart by its line style and end marker; its log-likelihood curve by colour too. */
const RUN_STYLES = [
  { dash: "dash", symbol: "x", curve: "rgb(127, 127, 127)" },
  { dash: "solid", symbol: "circle-open", curve: "black" },
  { dash: "dot", symbol: "diamond-open", curve: "rgb(140, 86, 75)" },
  { dash: "dashdot", symbol: "square-open", curve: "rgb(23, 190, 207)" },
];

const LEGEND_GREY = "rgb(80, 80, 80)";

/**
 * Left panel: the data (optional), and each run's path of each mean μⱼ over the iterations
 * (component colour; line style per run; the start shared, a marker at the end). Right panel:
 * each run's log-likelihood against the iteration. Runs: 1 to 4.
 */
export function comparisonFigure(runs: ComparedRun[], options: ComparisonFigureOptions = {}): ComparisonFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  if (options.finalEllipses !== undefined && typeof options.finalEllipses !== "boolean") {
    throw new GmmInputError("options.finalEllipses", `must be true or false, got ${shown(options.finalEllipses)}`);
  }
  if (!Array.isArray(runs) || runs.length === 0 || runs.length > RUN_STYLES.length) {
    throw new GmmInputError(
      "runs",
      `must be an array of 1 to ${RUN_STYLES.length} runs, got ${Array.isArray(runs) ? runs.length : shown(runs)}`,
    );
  }
  runs.forEach(checkRun);
  const from = options.logLikelihoodFrom ?? 1;
  if (!Number.isInteger(from) || from < 0) {
    throw new GmmInputError("options.logLikelihoodFrom", `must be an integer ≥ 0, got ${shown(from)}`);
  }
  const data: PlotlyTrace[] = [];
  if (options.X !== undefined) {
    const { x, y } = planePoints(options.X, "options.X");
    data.push({
      type: "scatter",
      mode: "markers",
      xaxis: "x",
      yaxis: "y",
      name: labels.data,
      showlegend: false,
      legendgroup: "data",
      x,
      y,
      marker: { color: "rgb(200, 200, 200)", size: 4 },
      hoverinfo: "skip",
    });
  }
  runs.forEach((run, r) => {
    const style = RUN_STYLES[r];
    const k = run.coef[0].mu.length;
    const last = run.coef[run.coef.length - 1];
    for (let j = 0; j < k; j++) {
      data.push({
        type: "scatter",
        mode: "lines+markers",
        xaxis: "x",
        yaxis: "y",
        name: `${run.label}: μ${j + 1}`,
        showlegend: false,
        legendgroup: run.label,
        x: run.coef.map((c) => c.mu[j][0]),
        y: run.coef.map((c) => c.mu[j][1]),
        line: { color: componentColor(j), width: 1.5, dash: style.dash },
        marker: { color: componentColor(j), size: 3 },
        hovertemplate: `${escapeHtml(run.label)}, ${labels.iteration} %{pointNumber}<br>μ<sub>${j + 1}</sub> = (%{x:.3f}, %{y:.3f})<extra></extra>`,
      });
    }
    // The legend's entry for the run: its line style and end marker, in neutral grey (the
    // components' colours belong to the components).
    data.push({
      type: "scatter",
      mode: "lines+markers",
      xaxis: "x",
      yaxis: "y",
      // One null point: Plotly leaves traces with no data out of the legend.
      name: run.label,
      showlegend: true,
      legendgroup: run.label,
      x: [null],
      y: [null],
      line: { color: LEGEND_GREY, width: 1.5, dash: style.dash },
      marker: { color: LEGEND_GREY, size: 9, symbol: style.symbol, line: { color: LEGEND_GREY, width: 2 } },
      hoverinfo: "skip",
    });
    data.push({
      type: "scatter",
      mode: "markers",
      xaxis: "x",
      yaxis: "y",
      name: `${run.label}: final means`,
      showlegend: false,
      legendgroup: run.label,
      x: last.mu.map((m) => m[0]),
      y: last.mu.map((m) => m[1]),
      marker: {
        color: last.mu.map((_, j) => componentColor(j)),
        size: 11,
        symbol: style.symbol,
        line: { color: last.mu.map((_, j) => componentColor(j)), width: 2 },
      },
      hovertemplate: `${escapeHtml(run.label)}, final mean<br>(%{x:.3f}, %{y:.3f})<extra></extra>`,
    });
    data.push({
      type: "scatter",
      mode: "lines",
      xaxis: "x2",
      yaxis: "y2",
      name: `${run.label}: log-likelihood`,
      showlegend: false,
      legendgroup: run.label,
      x: run.logLikelihood.map((_, i) => i),
      y: run.logLikelihood.slice(),
      line: { color: style.curve, width: 2, dash: style.dash },
      hovertemplate: `${escapeHtml(run.label)}<br>${labels.iteration} %{x}: ℓ = %{y:.4f}<extra></extra>`,
    });
  });

  if (options.finalEllipses) {
    runs.forEach((run, r) => {
      const last = run.coef[run.coef.length - 1];
      last.mu.forEach((mu, j) => {
        const Sigma = last.Sigma?.[j];
        if (!Array.isArray(Sigma))
          throw new GmmInputError(
            `runs[${r}].coef[${run.coef.length - 1}].Sigma[${j}]`,
            "is needed to draw the final ellipses",
          );
        const { x, y } = ellipsePoints(mu, Sigma, 2);
        data.push({
          type: "scatter",
          mode: "lines",
          xaxis: "x",
          yaxis: "y",
          name: `${run.label}: final 2σ ellipse ${j + 1}`,
          showlegend: false,
          legendgroup: run.label,
          x,
          y,
          line: { color: componentColor(j), width: 1.5, dash: RUN_STYLES[r].dash },
          hoverinfo: "skip",
        });
      });
    });
  }

  const maxIter = Math.max(...runs.map((run) => run.logLikelihood.length - 1));
  const layout: PlotlyLayout = {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 540,
    font: FONT,
    plot_bgcolor: "white",
    margin: { l: 70, r: 20, t: options.title ? 110 : 60, b: 110 },
    showlegend: true,
    legend: BOTTOM_LEGEND,
    xaxis: { ...AXIS_STYLE, domain: [0, 0.5], anchor: "y", title: { text: "x<sub>1</sub>" } },
    yaxis: {
      ...AXIS_STYLE,
      domain: [0, 1],
      anchor: "x",
      title: { text: "x<sub>2</sub>" },
      scaleanchor: "x",
      scaleratio: 1,
    },
    xaxis2: {
      ...AXIS_STYLE,
      domain: [0.62, 1],
      anchor: "y2",
      title: { text: labels.iteration },
      range: [0, Math.max(1, maxIter)],
    },
    yaxis2: {
      ...AXIS_STYLE,
      domain: [0, 1],
      anchor: "x2",
      title: { text: labels.logLikelihood },
      range: logLikelihoodRange(
        runs.map((run) => run.logLikelihood),
        from,
      ),
    },
    annotations: [
      panelTitle(stacked(options.finalEllipses ? labels.meanPathsAndEllipses : labels.meanPaths), 0.25),
      panelTitle(stacked(from > 0 ? labels.logLikelihoodFrom(from) : labels.logLikelihood), 0.81),
    ],
  };
  if (options.title) layout.title = { text: options.title, font: { size: 17 } };
  return { data, layout };
}

function checkRun(run: ComparedRun, r: number): void {
  const name = `runs[${r}]`;
  if (typeof run !== "object" || run === null) throw new GmmInputError(name, "must be { label, coef, logLikelihood }");
  if (typeof run.label !== "string" || run.label === "")
    throw new GmmInputError(`${name}.label`, "must be a non-empty string");
  if (!Array.isArray(run.coef) || run.coef.length === 0)
    throw new GmmInputError(`${name}.coef`, "must be a non-empty array of parameters");
  if (!Array.isArray(run.logLikelihood) || run.logLikelihood.length !== run.coef.length) {
    throw new GmmInputError(
      `${name}.logLikelihood`,
      `must have one value per entry of coef (${run.coef.length}), has ${Array.isArray(run.logLikelihood) ? run.logLikelihood.length : "none"}`,
    );
  }
  run.logLikelihood.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new GmmInputError(`${name}.logLikelihood[${i}]`, `is not a finite number (${shown(v)})`);
  });
  const k = run.coef[0]?.mu?.length;
  run.coef.forEach((c, i) => {
    if (!c || !Array.isArray(c.mu) || c.mu.length !== k || k === 0) {
      throw new GmmInputError(`${name}.coef[${i}].mu`, `must be ${k ?? "k"} means, as in coef[0]`);
    }
    c.mu.forEach((m, j) => {
      if (!Array.isArray(m) || m.length !== 2 || !m.every(Number.isFinite)) {
        throw new GmmInputError(
          `${name}.coef[${i}].mu[${j}]`,
          "must be a 2-D point of finite numbers (the figure draws 2-D means)",
        );
      }
    });
  });
}
