/**
 * What the figure builders share: reading 2-D data and their options (words, sizes, titles),
 * axis ranges and styles, panel layout and titles, rounding for compact frames, and escaping
 * text that Plotly shows as HTML.
 */
import { type DataInput, toFlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { checkOptionNames, is, shown } from "../validate";
import { checkLabelSet, FIGURE_LABELS, type FigureLabels, type FigureLocale } from "./labels";
import type { PlotlyAnnotation } from "./types";

/**
 * The figures' text: at least 14 px everywhere (legible on a projector), in a font list that
 * has Chinese glyphs on Linux (Noto Sans CJK), macOS and Windows.
 */
export const FONT = {
  family:
    '"Open Sans", verdana, arial, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
  size: 14,
  color: "#222",
};

/** Default width of the wide figures: the classic Notebook's output area on a 1024-px projector. */
export const DEFAULT_WIDTH = 900;

/**
 * Checks a builder's options: known names only (`known`, from the options type), and the
 * common ones — `title` a string, `width`/`height` finite pixel sizes ≥ 100 — when given.
 */
export function checkFigureOptions(options: unknown, known: readonly string[], name = "options"): void {
  checkOptionNames(name, options, known);
  const o = options as Record<string, unknown>;
  if (o.title !== undefined && typeof o.title !== "string")
    throw new GmmInputError(`${name}.title`, `must be a string, got ${shown(o.title)}`);
  for (const size of ["width", "height"]) {
    const v = o[size];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 100)) {
      throw new GmmInputError(`${name}.${size}`, `must be a finite number of pixels ≥ 100, got ${shown(v)}`);
    }
  }
}

/** The label set an option names: a locale (`"en"`, `"zh"`, `"zh-en"`) or a whole `FigureLabels`. */
export function figureLabels(value: unknown, name = "options.labels"): FigureLabels {
  if (value === undefined) return FIGURE_LABELS.en;
  if (typeof value === "string") {
    if (!Object.prototype.hasOwnProperty.call(FIGURE_LABELS, value)) {
      throw new GmmInputError(
        name,
        `must be one of ${Object.keys(FIGURE_LABELS)
          .map((l) => JSON.stringify(l))
          .join(", ")} or a label set, got ${shown(value)}`,
      );
    }
    return FIGURE_LABELS[value as FigureLocale];
  }
  if (typeof value !== "object" || value === null)
    throw new GmmInputError(name, `must be a locale or a label set, got ${shown(value)}`);
  return checkLabelSet(name, value);
}

/** Throws unless `params` is { pi, mu, Sigma } of one mixture in the plane: k weights, k 2-D means, k 2 × 2 matrices. */
export function checkPlaneParams(name: string, params: unknown): void {
  const p = params as { pi?: unknown; mu?: unknown; Sigma?: unknown };
  if (typeof params !== "object" || params === null || !Array.isArray(p.mu) || p.mu.length === 0)
    throw new GmmInputError(name, `must be { pi, mu, Sigma } of a mixture in the plane, got ${shown(params)}`);
  const k = p.mu.length;
  for (const key of ["pi", "Sigma"] as const) {
    const v = p[key];
    if (!Array.isArray(v) || v.length !== k)
      throw new GmmInputError(`${name}.${key}`, `must have one entry per component (${k}), got ${shown(v)}`);
  }
  p.mu.forEach((m: unknown, j) => {
    if (!Array.isArray(m) || m.length !== 2 || !m.every((v) => typeof v === "number" && Number.isFinite(v)))
      throw new GmmInputError(`${name}.mu[${j}]`, `must be a 2-D point of finite numbers, got ${shown(m)}`);
  });
  (p.pi as unknown[]).forEach((w, j) => {
    if (!(typeof w === "number" && w >= 0 && w <= 1))
      throw new GmmInputError(`${name}.pi[${j}]`, `must be a weight in [0, 1], got ${shown(w)}`);
  });
}

/** Throws unless `axes` names a panel's Plotly axes, as the trace builders take them: { x: "x2", y: "y2", … }. */
export function PANEL_AXES(name: string, axes: unknown): void {
  if (typeof axes !== "object" || axes === null) throw new GmmInputError(name, `must be { x, y }, got ${shown(axes)}`);
  is.string(`${name}.x`, (axes as { x?: unknown }).x);
  is.string(`${name}.y`, (axes as { y?: unknown }).y);
}

/** 2-D points as the figures read them: n rows, x and y interleaved. */
interface PlanePoints {
  data: Float64Array;
  n: number;
  /** The same points as `DataInput` (no copy). */
  input: DataInput;
  x: number[];
  y: number[];
}

/** Reads X (named `name` in errors) as 2-D points: the figures draw the plane only. */
export function planePoints(X: DataInput, name = "X"): PlanePoints {
  const { data, n, d } = toFlatData(X, name);
  if (d !== 2) throw new GmmInputError(name, `must have 2 columns to be drawn, has ${d}`);
  return {
    data,
    n,
    input: { data, columns: 2 },
    x: Array.from({ length: n }, (_, i) => data[2 * i]),
    y: Array.from({ length: n }, (_, i) => data[2 * i + 1]),
  };
}

export interface AxisRanges {
  x: [number, number];
  y: [number, number];
}

/**
 * Axis ranges that every panel of a figure shares, so motion between panels is visible: the
 * data's bounding box (plus any extra points, e.g. means), padded by `padding` of its span on
 * each side, then widened to the same span in x and y so that equal aspect shows it whole.
 */
export function sharedRanges(X: DataInput, extraPoints: number[][] = [], padding = 0.08): AxisRanges {
  const { data, n } = planePoints(X);
  if (n === 0 && extraPoints.length === 0) throw new GmmInputError("X", "has no rows to draw");
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  const include = (x: number, y: number) => {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  };
  for (let i = 0; i < n; i++) include(data[2 * i], data[2 * i + 1]);
  for (const p of extraPoints) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) include(p[0], p[1]);
  const span = Math.max(x1 - x0, y1 - y0, 1e-9) * (1 + 2 * padding);
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  return { x: [cx - span / 2, cx + span / 2], y: [cy - span / 2, cy + span / 2] };
}

/**
 * The range of a log-likelihood axis that shows iterations ≥ `from` (a poor start's first value is
 * often far below the rest and would flatten the curves), padded by 5 % of the span.
 */
export function logLikelihoodRange(curves: number[][], from: number): [number, number] {
  const shown = curves.flatMap((ll) => ll.slice(Math.min(from, ll.length - 1)));
  const low = Math.min(...shown),
    high = Math.max(...shown);
  const pad = 0.05 * (high - low) || Math.max(1e-6, 1e-6 * Math.abs(high));
  return [low - pad, high + pad];
}

/** The axes' look in the panels: light grid, a frame, no zero line. */
export const AXIS_STYLE = {
  showgrid: true,
  gridcolor: "#eee",
  zeroline: false,
  showline: true,
  linecolor: "#999",
  mirror: true,
};

/** One panel's axis names: the first is "x"/"y", then "x2"/"y2", … (Plotly's convention). */
export function panelAxes(panel: number): { x: string; y: string; xLayout: string; yLayout: string } {
  const suffix = panel === 0 ? "" : String(panel + 1);
  return { x: `x${suffix}`, y: `y${suffix}`, xLayout: `xaxis${suffix}`, yLayout: `yaxis${suffix}` };
}

/**
 * The domains of a rows × columns grid of panels in paper coordinates ([0, 1]), row 0 on top,
 * with `gap` between panels (and room for the panel titles above each row).
 */
export function gridDomains(
  rows: number,
  columns: number,
  gap = { x: 0.05, y: 0.12 },
): { x: [number, number]; y: [number, number] }[] {
  const w = (1 - gap.x * (columns - 1)) / columns;
  const h = (1 - gap.y * (rows - 1)) / rows;
  const domains: { x: [number, number]; y: [number, number] }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x0 = c * (w + gap.x),
        y1 = 1 - r * (h + gap.y);
      domains.push({ x: [x0, Math.min(1, x0 + w)], y: [Math.max(0, y1 - h), y1] });
    }
  }
  return domains;
}

/** A bilingual label ("中文 · English") on two lines, for titles over narrow panels. */
export function stacked(text: string): string {
  return text.split(" · ").join("<br>");
}

/** A horizontal legend along the bottom edge of the figure, whatever its panels' layout. */
export const BOTTOM_LEGEND = {
  orientation: "h",
  x: 0,
  xanchor: "left",
  yref: "container",
  y: 0.01,
  yanchor: "bottom",
  font: { size: 14 },
};

/** A panel's title: text centred at paper x, just above the top (`y`, default 1.02). */
export function panelTitle(text: string, x: number, y = 1.02): PlotlyAnnotation {
  return {
    text,
    x,
    y,
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    showarrow: false,
    font: { size: 15 },
  };
}

/**
 * Rounds to a power of ten at most a ten-thousandth of `span` (the axis range): a tenth of a pixel
 * on a 1 000-pixel plot, and far fewer characters in the frames than 17 significant digits.
 */
export function rounder(span: number): (v: number) => number {
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(span / 1e4))));
  return (v) => Number(v.toFixed(decimals));
}

/** Escapes text for HTML element content and attribute values (Plotly's text is a subset of HTML). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
