/**
 * The layout of a row of panels in the plane (x₁ across, x₂ up) on shared ranges and equal aspect,
 * each titled: what the density, uncertainty, samples and half-steps figures share.
 */
import {
  AXIS_STYLE,
  type AxisRanges,
  BOTTOM_LEGEND,
  FONT,
  gridDomains,
  panelAxes,
  panelTitle,
  stacked,
} from "./shared";
import type { PlotlyAnnotation, PlotlyLayout } from "./types";

export interface PlanePanelsLayout {
  /** One title per panel ("" for none). */
  titles: string[];
  ranges: AxisRanges;
  title?: string;
  width: number;
  height: number;
  /** The legend's entries along the bottom (none: no legend), for the room they take. */
  legend: string[];
  /** Room on the right, e.g. for a colour bar (default 20 px). */
  right?: number;
}

/**
 * About how many rows a horizontal legend of these entries takes in `width` pixels. plotly.js
 * lays such a legend out as a grid whose columns are as wide as its widest entry: its symbol
 * (40 px) and its text (CJK characters 15 px, others 7.5 px at 14 px).
 */
export function legendRows(entries: string[], width: number): number {
  if (entries.length === 0) return 0;
  const entryWidth = (entry: string) => {
    let w = 40;
    for (const ch of entry.replace(/<[^>]*>/g, "")) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 15 : 7.5;
    return w;
  };
  const widest = Math.max(...entries.map(entryWidth));
  const perRow = Math.max(1, Math.floor(Math.max(100, width - 80) / widest));
  return Math.ceil(entries.length / perRow);
}

/** A layout of `titles.length` panels side by side: panel p on axes x(p+1)/y(p+1), the later ones' axes matched to the first's. */
export function planePanelsLayout(o: PlanePanelsLayout): PlotlyLayout {
  const panels = o.titles.length;
  const domains = gridDomains(1, panels, { x: 0.06, y: 0 });
  const titled = o.titles.some((t) => t !== "");
  const layout: PlotlyLayout = {
    width: o.width,
    height: o.height,
    font: FONT,
    showlegend: o.legend.length > 0,
    legend: BOTTOM_LEGEND,
    margin: {
      l: 60,
      r: o.right ?? 20,
      t: (o.title ? 50 : 20) + (titled ? 50 : 0),
      b: 60 + (o.legend.length > 0 ? 24 * legendRows(o.legend, o.width) + 16 : 0),
    },
    hovermode: "closest",
    plot_bgcolor: "white",
  };
  if (o.title) layout.title = { text: o.title, font: { size: 17 } };
  const annotations: PlotlyAnnotation[] = [];
  o.titles.forEach((text, p) => {
    const axes = panelAxes(p);
    layout[axes.xLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].x,
      range: [...o.ranges.x],
      anchor: axes.y,
      title: { text: "x<sub>1</sub>" },
      // Equal aspect by shrinking the plot, not by widening a range past the figure's grid.
      constrain: "domain",
      ...(p > 0 ? { matches: "x" } : {}),
    };
    layout[axes.yLayout] = {
      ...AXIS_STYLE,
      domain: domains[p].y,
      range: [...o.ranges.y],
      anchor: axes.x,
      scaleanchor: axes.x,
      scaleratio: 1,
      constrain: "domain",
      ...(p === 0 ? { title: { text: "x<sub>2</sub>" } } : { matches: "y" }),
    };
    if (text !== "") annotations.push(panelTitle(stacked(text), (domains[p].x[0] + domains[p].x[1]) / 2, 1.02));
  });
  layout.annotations = annotations;
  return layout;
}
