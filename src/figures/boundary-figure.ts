/**
 * Hard and soft assignment side by side: k-means' clusters against EM's responsibilities, each
 * with its decision boundary — where two components are equally responsible — drawn as a line.
 * Built for the notebook's k-means section.
 */
import { Matrix } from "ml-matrix";
import type { DataInput } from "../data/input";
import { logGauss } from "../density/gauss";
import type { GmmParams } from "../em/params";
import { eStepResponsibilities } from "../em/responsibilities";
import { GmmInputError } from "../errors";
import { checkInteger, checkMemory, optionNames } from "../validate";

/** What the boundary's grid takes per point: its two coordinates, copied once, and two responsibilities. */
const GRID_POINT_BYTES = 8 * (2 + 2 + 2);

import type { FigureLabels, FigureLocale } from "./labels";
import {
  AXIS_STYLE,
  type AxisRanges,
  BOTTOM_LEGEND,
  checkFigureOptions,
  checkPlaneParams,
  DEFAULT_WIDTH,
  FONT,
  figureLabels,
  gridDomains,
  panelAxes,
  panelTitle,
  planePoints,
  sharedRanges,
  stacked,
} from "./shared";
import { colorKey, componentTraces, responsibilityTrace } from "./snapshot-grid";
import type { PlotlyAnnotation, PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./types";

/** One panel: a mixture's parameters, and whether its points are assigned hard (to the likeliest component). */
export interface BoundaryPanel {
  /** The panel's title. */
  title: string;
  params: GmmParams;
  /** Hard assignment (k-means): each point wholly to its likeliest component, no ellipses drawn. Default false. */
  hard?: boolean;
}

export interface BoundaryFigureOptions {
  /** The figure's title (default: none). */
  title?: string;
  /** The words: a locale (`"en"` default, `"zh"`, `"zh-en"`) or a `FigureLabels` set. */
  labels?: FigureLocale | FigureLabels;
  /** Grid cells per axis in which the boundary is traced (default 160). */
  resolution?: number;
  /** Pixel size (default 900 × 580). */
  width?: number;
  height?: number;
}

const OPTION_NAMES = optionNames<BoundaryFigureOptions>({
  title: true,
  labels: true,
  resolution: true,
  width: true,
  height: true,
});

/** Each row's responsibilities made hard: 1 for the likeliest component, 0 for the others. */
export function hardAssignment(responsibilities: Matrix): Matrix {
  const hard = new Matrix(responsibilities.rows, responsibilities.columns);
  for (let i = 0; i < responsibilities.rows; i++) hard.set(i, responsibilities.maxRowIndex(i)[1], 1);
  return hard;
}

/**
 * The curve where components 1 and 2 of a two-component mixture are equally responsible,
 * log π₁N(x | μ₁, Σ₁) = log π₂N(x | μ₂, Σ₂), traced by marching squares over `ranges` on a
 * `resolution` × `resolution` grid: short segments, separated by nulls. A straight line when
 * both components share one covariance (k-means: Σ = εI), a conic otherwise.
 */
export function decisionBoundary(
  params: GmmParams,
  ranges: AxisRanges,
  resolution: number,
): { x: (number | null)[]; y: (number | null)[] } {
  const m = resolution + 1;
  const grid = new Float64Array(2 * m * m);
  const at = (r: number, c: number) => [
    ranges.x[0] + ((ranges.x[1] - ranges.x[0]) * c) / resolution,
    ranges.y[0] + ((ranges.y[1] - ranges.y[0]) * r) / resolution,
  ];
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) grid.set(at(r, c), 2 * (r * m + c));
  const flat = { data: grid, columns: 2 };
  const l1 = logGauss(flat, params.mu[0], params.Sigma[0]),
    l2 = logGauss(flat, params.mu[1], params.Sigma[1]);
  const shift = Math.log(params.pi[0]) - Math.log(params.pi[1]);
  const f = (r: number, c: number) => l1[r * m + c] - l2[r * m + c] + shift;
  const x: (number | null)[] = [],
    y: (number | null)[] = [];
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const corners: [number, number][] = [
        [r, c],
        [r, c + 1],
        [r + 1, c + 1],
        [r + 1, c],
      ];
      const crossings: number[][] = [];
      for (let e = 0; e < 4; e++) {
        const [a, b] = [corners[e], corners[(e + 1) % 4]];
        const fa = f(a[0], a[1]),
          fb = f(b[0], b[1]);
        if (fa < 0 !== fb < 0) {
          const t = fa / (fa - fb);
          const pa = at(a[0], a[1]),
            pb = at(b[0], b[1]);
          crossings.push([pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]);
        }
      }
      for (let s = 0; s + 1 < crossings.length; s += 2) {
        x.push(crossings[s][0], crossings[s + 1][0], null);
        y.push(crossings[s][1], crossings[s + 1][1], null);
      }
    }
  }
  return { x, y };
}

/**
 * One panel per entry of `panels`, side by side on shared axes with equal aspect: the points
 * coloured by the responsibilities under the panel's parameters (hard panels: one colour per
 * point), the means, the 1σ/2σ ellipses (soft panels), and — for two components — the decision
 * boundary as a black line. A colour key below. Pure: returns `{ data, layout }`.
 */
export function boundaryFigure(
  X: DataInput,
  panels: BoundaryPanel[],
  options: BoundaryFigureOptions = {},
): PlotlyFigure {
  checkFigureOptions(options, OPTION_NAMES);
  const labels = figureLabels(options.labels);
  const resolution = checkInteger("options.resolution", options.resolution ?? 160, 2);
  checkMemory(
    "options.resolution",
    (resolution + 1) ** 2 * GRID_POINT_BYTES,
    `a grid of ${resolution + 1} × ${resolution + 1} points`,
    "use a smaller resolution (160 draws a smooth boundary)",
  );
  if (!Array.isArray(panels) || panels.length === 0)
    throw new GmmInputError("panels", "must be a non-empty array of { title, params, hard? }");
  panels.forEach((p, i) => {
    if (typeof p !== "object" || p === null || typeof p.title !== "string")
      throw new GmmInputError(`panels[${i}].title`, "must be a string");
    checkPlaneParams(`panels[${i}].params`, p.params);
  });
  const flat = planePoints(X).input;
  const ranges = sharedRanges(
    flat,
    panels.flatMap((p) => p.params.mu),
  );
  const domains = gridDomains(1, panels.length, { x: 0.08, y: 0 });
  const data: PlotlyTrace[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const layout: PlotlyLayout = {
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 580,
    font: FONT,
    showlegend: true,
    legend: BOTTOM_LEGEND,
    margin: { l: 60, r: 20, t: options.title ? 110 : 70, b: 80 + 22 * (panels[0].params.mu.length + 2) },
    hovermode: "closest",
    plot_bgcolor: "white",
  };
  if (options.title) layout.title = { text: options.title, font: { size: 17 } };
  panels.forEach((panel, p) => {
    const axes = panelAxes(p);
    const soft = eStepResponsibilities(flat, panel.params);
    data.push(responsibilityTrace(flat, panel.hard ? hardAssignment(soft) : soft, axes));
    const components = componentTraces(panel.params, axes);
    const k = panel.params.mu.length;
    data.push(...(panel.hard ? components.slice(0, k) : components));
    if (k === 2) {
      const line = decisionBoundary(panel.params, ranges, resolution);
      data.push({
        type: "scatter",
        mode: "lines",
        ...line,
        xaxis: axes.x,
        yaxis: axes.y,
        name: `boundary ${p + 1}`,
        showlegend: false,
        hoverinfo: "skip",
        line: { color: "black", width: 2.5 },
      });
    }
    layout[axes.xLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].x,
      range: [...ranges.x],
      anchor: axes.y,
      title: { text: "x<sub>1</sub>" },
    };
    layout[axes.yLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].y,
      range: [...ranges.y],
      anchor: axes.x,
      scaleanchor: axes.x,
      scaleratio: 1,
      ...(p === 0 ? { title: { text: "x<sub>2</sub>" } } : {}),
    };
    annotations.push(panelTitle(stacked(panel.title), (domains[p].x[0] + domains[p].x[1]) / 2, domains[p].y[1]));
  });
  data.push(...colorKey(panels[0].params.mu.length, labels, false));
  data.push({
    type: "scatter",
    mode: "lines",
    x: [null],
    y: [null],
    name: labels.boundary,
    showlegend: true,
    hoverinfo: "skip",
    line: { color: "black", width: 2.5 },
  });
  layout.annotations = annotations;
  return { data, layout };
}
