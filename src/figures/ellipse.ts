import { symmetricEigen, timesPowerOfTwo } from "../density/symmetric-eigen";
import { GmmInputError } from "../errors";
import { checkCount, checkFinite, checkOptionNames, EIGENVALUE_ROUNDING, is, isClose, optionNames } from "../validate";
import type { PlotlyTrace } from "./types";

/** The principal axes of a 2 × 2 covariance: its 1σ ellipse has these radii along these unit directions. */
export interface EllipseAxes {
  /** √λ for each eigenvalue λ of the covariance, largest first. */
  radii: [number, number];
  /** The unit eigenvectors, in the same order as `radii`. */
  directions: [[number, number], [number, number]];
}

/**
 * Σ = V Λ Vᵀ: the set {μ + V Λ^½ u : |u| = 1} is the 1σ ellipse (Mahalanobis distance 1), with
 * radii √λ along the eigenvectors. Sigma must be a symmetric positive semi-definite 2 × 2 matrix.
 */
export function ellipseAxes(Sigma: number[][], name = "Sigma"): EllipseAxes {
  is.string("name", name);
  if (!Array.isArray(Sigma) || Sigma.length !== 2 || Sigma.some((row) => !Array.isArray(row) || row.length !== 2)) {
    throw new GmmInputError(name, "must be a 2 × 2 covariance (the figures draw 2-D data)");
  }
  for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) checkFinite(`${name}[${r}][${c}]`, Sigma[r][c]);
  const { values, vectors: V, exponent } = symmetricEigen(2, (r, c) => Sigma[r][c]);
  // The rounding of the eigenvalues is relative to the diagonal, at the scale they come at.
  const scale = timesPowerOfTwo(Math.max(Math.abs(Sigma[0][0]), Math.abs(Sigma[1][1])), -exponent);
  const order = values[0] >= values[1] ? [0, 1] : [1, 0];
  for (const v of values) {
    if (v < 0 && !isClose(v, 0, EIGENVALUE_ROUNDING, scale))
      throw new GmmInputError(name, `is not positive semi-definite (eigenvalue ${timesPowerOfTwo(v, exponent)})`);
  }
  // √(λ · 2^e) = √λ · 2^(e/2): never overflows, as λ · 2^e may.
  const radius = (j: number) => Math.sqrt(Math.max(values[j], 0)) * 2 ** (exponent / 2);
  const direction = (j: number): [number, number] => [V.get(0, j), V.get(1, j)];
  return { radii: [radius(order[0]), radius(order[1])], directions: [direction(order[0]), direction(order[1])] };
}

/**
 * Points on the ellipse {μ + scale · V Λ^½ (cos t, sin t)}: `scale` = 1 gives the 1σ ellipse,
 * 2 the 2σ one. The first point is repeated at the end, so a line through them closes.
 */
export function ellipsePoints(mu: number[], Sigma: number[][], scale = 1, points = 73): { x: number[]; y: number[] } {
  if (!Array.isArray(mu) || mu.length !== 2) throw new GmmInputError("mu", "must be a 2-vector of finite numbers");
  mu.forEach((v, c) => checkFinite(`mu[${c}]`, v));
  is.number(0)("scale", scale);
  checkEllipsePoints("points", points, 1);
  const { radii, directions } = ellipseAxes(Sigma);
  const x: number[] = [],
    y: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = (2 * Math.PI * (i % (points - 1))) / (points - 1);
    const a = scale * radii[0] * Math.cos(t),
      b = scale * radii[1] * Math.sin(t);
    x.push(mu[0] + a * directions[0][0] + b * directions[1][0]);
    y.push(mu[1] + a * directions[0][1] + b * directions[1][1]);
  }
  // A huge covariance far from the origin: its ellipse is beyond the doubles, and no figure can draw it.
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite))
    throw new GmmInputError(
      "Sigma",
      `is too large to draw: its ${scale}σ ellipse around (${mu.join(", ")}) passes beyond ±1.8e308`,
    );
  return { x, y };
}

/**
 * Checks a count of points per ellipse (≥ 2: the first point is repeated at the end) for `ellipses`
 * ellipses against the library's memory limit: each point is two numbers in the figure.
 */
export function checkEllipsePoints(name: string, points: unknown, ellipses: number): number {
  return checkCount(
    name,
    points,
    2,
    2 * 8 * Math.max(1, ellipses),
    ellipses > 1 ? `points on each of ${ellipses} ellipses` : "ellipse points",
    "draw fewer points per ellipse (73 draw a smooth one)",
  );
}

export interface EllipseTraceOptions {
  /** Multiple of the 1σ ellipse (default 1). */
  scale?: number;
  color?: string;
  /** Dash style of the line (default solid). */
  dash?: string;
  xaxis?: string;
  yaxis?: string;
  name?: string;
}

/** The ellipse as a Plotly line trace (Plotly has no rotated-ellipse shape). */
const TRACE_OPTIONS = {
  scale: is.optional(is.number(0), 1),
  color: is.optional(is.string, undefined),
  dash: is.optional(is.string, undefined),
  xaxis: is.optional(is.string, undefined),
  yaxis: is.optional(is.string, undefined),
  name: is.optional(is.string, undefined),
};
const TRACE_OPTION_NAMES = optionNames<EllipseTraceOptions>({
  scale: true,
  color: true,
  dash: true,
  xaxis: true,
  yaxis: true,
  name: true,
});

export function ellipseTrace(mu: number[], Sigma: number[][], options: EllipseTraceOptions = {}): PlotlyTrace {
  checkOptionNames("options", options, TRACE_OPTION_NAMES);
  is.options(TRACE_OPTIONS)("options", options);
  const scale = options.scale ?? 1;
  const { x, y } = ellipsePoints(mu, Sigma, scale);
  const trace: PlotlyTrace = {
    type: "scatter",
    mode: "lines",
    x,
    y,
    name: options.name ?? `${scale}σ`,
    showlegend: false,
    hoverinfo: "skip",
    line: { color: options.color ?? "black", width: 1.5, ...(options.dash ? { dash: options.dash } : {}) },
  };
  if (options.xaxis) trace.xaxis = options.xaxis;
  if (options.yaxis) trace.yaxis = options.yaxis;
  return trace;
}
