/**
 * The small part of Plotly's figure schema that the builders produce: plain JSON, so a figure
 * can be tested without a browser and sent to plotly.js as is (`Plotly.newPlot(div, data, layout)`).
 */
export interface PlotlyTrace {
  type: "scatter";
  mode: "markers" | "lines" | "lines+markers";
  /** null leaves a gap (e.g. a fit that failed). */
  x: (number | null)[];
  y: (number | null)[];
  /** The subplot's axes, e.g. "x2" / "y2" (the first panel is "x" / "y"). */
  xaxis?: string;
  yaxis?: string;
  name?: string;
  showlegend?: boolean;
  legendgroup?: string;
  marker?: {
    color?: string | string[];
    size?: number;
    symbol?: string | string[];
    line?: { color?: string | string[]; width?: number };
    /** Other marker attributes (opacity, a colour scale, …). */
    [attribute: string]: unknown;
  };
  line?: { color?: string; width?: number; dash?: string };
  /** Per-point extra values for the hover text (e.g. a point's responsibilities). */
  customdata?: number[][];
  hovertemplate?: string;
  hoverinfo?: string;
  [attribute: string]: unknown;
}

/** A filled contour plot of z over the grid x × y: z[r][c] is the value at (x[c], y[r]). */
export interface PlotlyContourTrace {
  type: "contour";
  x: number[];
  y: number[];
  z: number[][];
  xaxis?: string;
  yaxis?: string;
  name?: string;
  showlegend?: boolean;
  [attribute: string]: unknown;
}

/** A histogram of x, binned by plotly.js (`xbins` says where). */
export interface PlotlyHistogramTrace {
  type: "histogram";
  x: number[];
  xaxis?: string;
  yaxis?: string;
  name?: string;
  showlegend?: boolean;
  [attribute: string]: unknown;
}

/** A figure whose traces may be contours or histograms as well as scatters. */
export interface PlotlyMixedFigure {
  data: (PlotlyTrace | PlotlyContourTrace | PlotlyHistogramTrace)[];
  layout: PlotlyLayout;
}

export interface PlotlyAxis {
  range?: [number, number];
  domain?: [number, number];
  anchor?: string;
  scaleanchor?: string;
  scaleratio?: number;
  constrain?: "range" | "domain";
  title?: { text: string; [attribute: string]: unknown };
  zeroline?: boolean;
  showticklabels?: boolean;
  [attribute: string]: unknown;
}

export interface PlotlyAnnotation {
  text: string;
  x: number;
  y: number;
  xref: string;
  yref: string;
  xanchor?: string;
  yanchor?: string;
  showarrow: boolean;
  font?: { size?: number; color?: string };
  [attribute: string]: unknown;
}

export interface PlotlyLayout {
  title?: { text: string; [attribute: string]: unknown };
  width?: number;
  height?: number;
  showlegend?: boolean;
  annotations?: PlotlyAnnotation[];
  margin?: { l?: number; r?: number; t?: number; b?: number };
  /** xaxis, xaxis2, …, yaxis, yaxis2, … */
  [axisOrAttribute: string]: unknown;
}

/**
 * One animation frame: new values for some traces — `data[m]` is merged into trace `traces[m]`
 * of the figure — shown by `Plotly.animate(div, [name])` (a slider step or a play button).
 */
export interface PlotlyFrame {
  name: string;
  data: Partial<PlotlyTrace>[];
  traces: number[];
  layout?: PlotlyLayout;
}

/**
 * Any Plotly figure as plain JSON: what the display helpers (`showFigure`, `plotlyFigureHtml`)
 * take — the library's `PlotlyFigure`s, or a figure of your own with any of Plotly's attributes.
 */
export interface PlotlyFigureJson {
  data: object[];
  layout: { [attribute: string]: unknown };
  frames?: object[];
}

/** A Plotly figure: what `Plotly.newPlot` takes. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  /** Animation frames (see `PlotlyFrame`); layout.sliders / layout.updatemenus play them. */
  frames?: PlotlyFrame[];
}
