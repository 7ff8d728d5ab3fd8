/**
 * Every iteration of an EM run in one figure: a slider (and play/pause) scrubs through the
 * iterations; the points' responsibility colours, the means and the ellipses move together, and
 * a marker walks along the log-likelihood curve beside them.
 *
 * Plotly frames carry only what changes (the colours, the ellipses, the means, the marker), with
 * coordinates rounded to a ten-thousandth of the axis span and colours as "#rrggbb", so that a
 * run of 400 points stays small; ▶ play gives each frame a time in proportion to how far the
 * picture moves into it, so the first, fast iterations play slowly and the settled ones quickly.
 */

import type { DataInput } from "../data/input";
import type { GmmParams } from "../em/params";
import { eStepResponsibilities } from "../em/responsibilities";
import { GmmInputError } from "../errors";
import { formatNumber } from "../format";
import { checkCount, optionNames, shown } from "../validate";
import { componentStyle, hexColor, NO_E_STEP_COLOR, responsibilityColors } from "./colors";
import { ellipseAxes, ellipsePoints } from "./ellipse";
import type { FigureLabels, FigureLocale } from "./labels";
import {
  AXIS_STYLE,
  checkFigureOptions,
  DEFAULT_WIDTH,
  FONT,
  figureLabels,
  logLikelihoodRange,
  panelTitle,
  planePoints,
  rounder,
  sharedRanges,
  stacked,
} from "./shared";
import type { PlotlyAnnotation, PlotlyFigure, PlotlyFrame, PlotlyLayout, PlotlyTrace } from "./types";

/** What the slider reads from `applyGmm`'s result. */
export interface IterationSource {
  /** coef[i]: the parameters after iteration i (coef[0] the start). */
  coef: GmmParams[];
  /** logLikelihood[i]: the log-likelihood under coef[i]. */
  logLikelihood: number[];
}

export interface IterationSliderOptions {
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /**
   * The last iteration on the slider (default: the run's last). A run that goes on after EM has
   * converged adds frames in which nothing moves: end a few iterations after convergence.
   */
  lastIteration?: number;
  /**
   * The log-likelihood axis is scaled to iterations ≥ this one (default 1): a poor start lies far
   * below the rest and would flatten the curve. Earlier values sit below the panel; the slider's
   * label always shows the current value.
   */
  logLikelihoodFrom?: number;
  /**
   * Milliseconds that ▶ play takes in all (default 8000), shared out among the frames in
   * proportion to how far the means and ellipses move into each (at least 60 ms, at most 1.5 s).
   */
  playDuration?: number;
  /** Points per ellipse (default 49; the first is repeated at the end). */
  ellipsePoints?: number;
  /** Pixel size (default 900 × 600). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<IterationSliderOptions>({
  title: true,
  labels: true,
  lastIteration: true,
  logLikelihoodFrom: true,
  playDuration: true,
  ellipsePoints: true,
  width: true,
  height: true,
});

/** A slider's step: `args` go to `Plotly.animate` (the frame's name, then the animation options). */
export interface PlotlySliderStep {
  label: string;
  method: "animate";
  args: [string[], Record<string, unknown>];
}

export interface PlotlySlider {
  active: number;
  steps: PlotlySliderStep[];
  [attribute: string]: unknown;
}

export interface PlotlyUpdateMenu {
  type: "buttons";
  buttons: { label: string; method: "animate"; args: [(string | null)[] | null, Record<string, unknown>] }[];
  [attribute: string]: unknown;
}

/** `iterationSlider`'s figure: frames named "0" … "last", a slider with a step per frame, play/pause. */
export interface IterationSliderFigure extends PlotlyFigure {
  frames: PlotlyFrame[];
  layout: PlotlyLayout & { sliders: PlotlySlider[]; updatemenus: PlotlyUpdateMenu[] };
}

/**
 * The traces, in order: 0 the points; 1 the means (one trace, k markers); then per component j
 * the 1σ and 2σ ellipses, at 2 + 2j and 3 + 2j (above the means, so that a small start shows);
 * the log-likelihood curve; the marker on it. Every frame updates all but the curve.
 */
export function sliderTraceIndices(k: number): {
  points: number;
  ellipses: (j: number, scale: 1 | 2) => number;
  means: number;
  curve: number;
  marker: number;
} {
  return { points: 0, means: 1, ellipses: (j, scale) => 2 + 2 * j + (scale - 1), curve: 2 + 2 * k, marker: 3 + 2 * k };
}

/** Animation options for a step: jump straight to the frame. */
const JUMP = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

/**
 * How far the picture moves into each frame, in units of the axis span: the largest move of a
 * mean plus the change of its ellipse's radii (frame 0: as much as frame 1, so the start is seen).
 */
function frameMovement(coef: GmmParams[], span: number): number[] {
  const radii = coef.map((c) => c.Sigma.map((S) => ellipseAxes(S).radii));
  const moves = coef.map((c, i) => {
    if (i === 0) return 0;
    return (
      Math.max(
        ...c.mu.map(
          (m, j) =>
            Math.hypot(m[0] - coef[i - 1].mu[j][0], m[1] - coef[i - 1].mu[j][1]) +
            Math.abs(radii[i][j][0] - radii[i - 1][j][0]) +
            Math.abs(radii[i][j][1] - radii[i - 1][j][1]),
        ),
      ) / span
    );
  });
  if (moves.length > 1) moves[0] = moves[1];
  return moves;
}

/** Each frame's time in ▶ play: `total` shared out by movement, each from 60 ms to 1.5 s. */
function frameDurations(movement: number[], total: number): number[] {
  const sum = movement.reduce((a, b) => a + b, 0);
  return movement.map((m) =>
    Math.round(Math.min(1500, Math.max(60, sum > 0 ? (total * m) / sum : total / movement.length))),
  );
}

/**
 * The figure: left, the data coloured by the responsibilities under coef[i] (the same ink blend
 * as the snapshot grid; grey at iteration 0, before any E-step), each component's mean and
 * 1σ/2σ ellipses from coef[i]; right, the log-likelihood against the iteration with a marker at
 * logLikelihood[i]. Below, a slider over iterations 0 … `lastIteration` and play/pause buttons.
 * Pure: returns `{ data, layout, frames }`.
 */
export function iterationSlider(
  X: DataInput,
  result: IterationSource,
  options: IterationSliderOptions = {},
): IterationSliderFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const source = checkSource(result);
  const last = options.lastIteration ?? source.coef.length - 1;
  if (!Number.isInteger(last) || last < 0 || last >= source.coef.length) {
    throw new GmmInputError(
      "options.lastIteration",
      `must be an iteration from 0 to ${source.coef.length - 1}, got ${shown(last)}`,
    );
  }
  const coef = source.coef.slice(0, last + 1),
    logLikelihood = source.logLikelihood.slice(0, last + 1);
  const points = planePoints(X);
  const from = options.logLikelihoodFrom ?? 1;
  if (!Number.isInteger(from) || from < 0)
    throw new GmmInputError("options.logLikelihoodFrom", `must be an integer ≥ 0, got ${shown(from)}`);
  const playDuration = options.playDuration ?? 8000;
  if (!(typeof playDuration === "number" && Number.isFinite(playDuration) && playDuration >= 0)) {
    throw new GmmInputError(
      "options.playDuration",
      `must be a finite number of milliseconds ≥ 0, got ${shown(playDuration)}`,
    );
  }
  const k = coef[0].mu.length;
  // Every frame holds each component's 1σ and 2σ ellipse.
  const pointsPerEllipse = checkCount(
    "options.ellipsePoints",
    options.ellipsePoints ?? 49,
    5,
    2 * 8 * 2 * k * coef.length,
    `points on each of the ${2 * k * coef.length} ellipses of ${coef.length} frames`,
    "draw fewer points per ellipse (49 draw a smooth one), or fewer iterations (lastIteration)",
  );

  const ranges = sharedRanges(
    points.input,
    coef.flatMap((c) => c.mu),
  );
  const span = ranges.x[1] - ranges.x[0];
  const round = rounder(span);
  const at = sliderTraceIndices(k);
  const grey = hexColor(NO_E_STEP_COLOR);

  /** What changes from one iteration to the next, in trace order (the curve left out). */
  function moving(i: number): Partial<PlotlyTrace>[] {
    const params = coef[i];
    const color =
      i === 0
        ? grey
        : responsibilityColors(
            eStepResponsibilities(points.input, params),
            `responsibilities under result.coef[${i}]`,
          ).map(hexColor);
    const traces: Partial<PlotlyTrace>[] = [{ marker: { color } }];
    traces.push({
      x: params.mu.map((m) => m[0]),
      y: params.mu.map((m) => m[1]),
      text: params.pi.map((p, j) => `π<sub>${j + 1}</sub> = ${formatNumber(p, 3)}`),
    });
    params.mu.forEach((mu, j) => {
      for (const scale of [1, 2]) {
        const e = ellipsePoints(mu, params.Sigma[j], scale, pointsPerEllipse);
        traces.push({ x: e.x.map(round), y: e.y.map(round) });
      }
    });
    traces.push({ x: [i], y: [logLikelihood[i]] });
    return traces;
  }
  const frameTraces = [at.points, at.means, ...Array.from({ length: 2 * k }, (_, m) => 2 + m), at.marker];
  const frames: PlotlyFrame[] = coef.map((_, i) => ({ name: String(i), data: moving(i), traces: frameTraces }));

  // The figure itself shows iteration 0: frame 0's values on the full traces.
  const first = (trace: number) => frames[0].data[frameTraces.indexOf(trace)];
  const styles = Array.from({ length: k }, (_, j) => componentStyle(j));
  const data: PlotlyTrace[] = [
    {
      type: "scatter",
      mode: "markers",
      x: points.x,
      y: points.y,
      name: "points",
      showlegend: false,
      marker: { color: first(at.points).marker!.color, size: 6 },
      hovertemplate: "(%{x:.3f}, %{y:.3f})<extra>point %{pointNumber}</extra>",
    },
    {
      type: "scatter",
      mode: "markers",
      x: first(at.means).x!,
      y: first(at.means).y!,
      text: first(at.means).text,
      name: "means",
      showlegend: false,
      marker: {
        symbol: styles.map((s) => s.symbol),
        size: 10,
        color: styles.map((s) => s.color),
        line: { color: "black", width: 1 },
      },
      hovertemplate: "μ = (%{x:.3f}, %{y:.3f})<br>%{text}<extra></extra>",
    },
  ];
  for (let j = 0; j < k; j++) {
    for (const scale of [1, 2] as const) {
      const e = first(at.ellipses(j, scale));
      data.push({
        type: "scatter",
        mode: "lines",
        x: e.x!,
        y: e.y!,
        name: `component ${j + 1}: ${scale}σ`,
        showlegend: false,
        hoverinfo: "skip",
        line: { color: styles[j].color, dash: styles[j].dash, width: scale === 1 ? 2.5 : 1.2 },
      });
    }
  }
  data.push({
    type: "scatter",
    mode: "lines",
    xaxis: "x2",
    yaxis: "y2",
    x: logLikelihood.map((_, i) => i),
    y: logLikelihood.slice(),
    name: "log-likelihood",
    showlegend: false,
    line: { color: "black", width: 2 },
    hovertemplate: `${labels.iteration} %{x}: ℓ = %{y:.4f}<extra></extra>`,
  });
  data.push({
    type: "scatter",
    mode: "markers",
    xaxis: "x2",
    yaxis: "y2",
    x: first(at.marker).x!,
    y: first(at.marker).y!,
    name: "current iteration",
    showlegend: false,
    marker: { color: "black", size: 13, symbol: "circle-open", line: { color: "black", width: 2.5 } },
    hovertemplate: `${labels.iteration} %{x}: ℓ = %{y:.4f}<extra></extra>`,
  });

  const logLikelihoodAxis = logLikelihoodRange([logLikelihood], from);
  const steps: PlotlySliderStep[] = coef.map((_, i) => ({
    // The label is what the slider's current value shows (the tick labels are hidden: many of
    // them would overlap), so it carries the iteration's log-likelihood too.
    label: `${labels.iterationNumber(i)}: ℓ = ${formatNumber(logLikelihood[i], 3)}`,
    method: "animate",
    args: [[String(i)], JUMP],
  }));
  const durations = frameDurations(frameMovement(coef, span), playDuration);
  const annotations: PlotlyAnnotation[] = [
    panelTitle(stacked(labels.sliderPanel), 0.25),
    panelTitle(stacked(from > 0 && last >= from ? labels.logLikelihoodFrom(from) : labels.logLikelihood), 0.81),
  ];
  const layout: IterationSliderFigure["layout"] = {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 600,
    font: FONT,
    showlegend: false,
    hovermode: "closest",
    plot_bgcolor: "white",
    margin: { l: 70, r: 20, t: options.title ? 110 : 60, b: 150 },
    xaxis: {
      ...AXIS_STYLE,
      domain: [0, 0.5],
      anchor: "y",
      range: [...ranges.x],
      constrain: "domain",
      title: { text: "x<sub>1</sub>" },
    },
    yaxis: {
      ...AXIS_STYLE,
      domain: [0, 1],
      anchor: "x",
      range: [...ranges.y],
      scaleanchor: "x",
      scaleratio: 1,
      constrain: "domain",
      title: { text: "x<sub>2</sub>" },
    },
    xaxis2: {
      ...AXIS_STYLE,
      domain: [0.62, 1],
      anchor: "y2",
      range: [0, Math.max(1, last)],
      title: { text: labels.iteration },
    },
    yaxis2: {
      ...AXIS_STYLE,
      domain: [0, 1],
      anchor: "x2",
      range: logLikelihoodAxis,
      title: { text: labels.logLikelihood },
    },
    annotations,
    sliders: [
      {
        active: 0,
        steps,
        x: 0.32,
        len: 0.68,
        y: 0,
        yanchor: "top",
        pad: { t: 80 },
        font: { color: "rgba(0, 0, 0, 0)" },
        currentvalue: { visible: true, prefix: "", xanchor: "right", font: { size: 15, color: "#222" } },
        transition: { duration: 0 },
      },
    ],
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        showactive: false,
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        pad: { t: 100 },
        font: { size: 14 },
        buttons: [
          // Every frame from the start, each held for its own time (an array: one entry per frame).
          {
            label: `▶ ${labels.play}`,
            method: "animate",
            args: [
              coef.map((_, i) => String(i)),
              { ...JUMP, frame: durations.map((duration) => ({ duration, redraw: false })) },
            ],
          },
          { label: `❚❚ ${labels.pause}`, method: "animate", args: [[null], JUMP] },
        ],
      },
    ],
  };
  if (options.title) layout.title = { text: options.title, font: { size: 17 } };
  return { data, layout, frames };
}

function checkSource(result: IterationSource): IterationSource {
  if (typeof result !== "object" || result === null)
    throw new GmmInputError("result", "must be applyGmm's result { coef, logLikelihood }");
  const { coef, logLikelihood } = result;
  if (!Array.isArray(coef) || coef.length === 0)
    throw new GmmInputError("result.coef", "must be a non-empty array of parameters");
  const k = coef[0]?.mu?.length;
  coef.forEach((c, i) => {
    if (
      !c ||
      !Array.isArray(c.mu) ||
      c.mu.length !== k ||
      k === 0 ||
      !Array.isArray(c.pi) ||
      c.pi.length !== k ||
      !Array.isArray(c.Sigma) ||
      c.Sigma.length !== k
    ) {
      throw new GmmInputError(`result.coef[${i}]`, `must be { pi, mu, Sigma } for ${k ?? "k"} components, as coef[0]`);
    }
    c.mu.forEach((m, j) => {
      if (!Array.isArray(m) || m.length !== 2 || !m.every(Number.isFinite)) {
        throw new GmmInputError(
          `result.coef[${i}].mu[${j}]`,
          "must be a 2-D point of finite numbers (the figure draws 2-D data)",
        );
      }
    });
  });
  if (!Array.isArray(logLikelihood) || logLikelihood.length !== coef.length) {
    throw new GmmInputError(
      "result.logLikelihood",
      `must have one value per entry of coef (${coef.length}), has ${Array.isArray(logLikelihood) ? logLikelihood.length : "none"}`,
    );
  }
  logLikelihood.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new GmmInputError(`result.logLikelihood[${i}]`, `is not a finite number (${shown(v)})`);
  });
  return { coef, logLikelihood };
}
