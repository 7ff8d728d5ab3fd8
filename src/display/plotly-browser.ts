/**
 * What `plotly.ts` is in a browser bundle (package.json's "browser" field puts this file in its
 * place): showing a figure in a notebook needs Node.js (tslab, and plotly.js read from disk), so each
 * function is here by name only and throws a `GmmEnvironmentError` saying what to do instead.
 */
import { GmmEnvironmentError } from "../errors";
import type * as plotly from "./plotly";

export type { FigureHtmlOptions, FigureStill, HtmlDisplay } from "./plotly";

/** A function of `plotly.ts` that says, when called, that it needs Node.js. */
function nodeOnly(name: string): (...args: unknown[]) => never {
  return () => {
    throw new GmmEnvironmentError(
      name,
      "needs Node.js (it writes a figure for a notebook, with plotly.js read from disk)",
      "In a page, draw a figure with plotly.js: Plotly.newPlot(div, figure.data, figure.layout).",
    );
  };
}

export const plotlyBundleSource: typeof plotly.plotlyBundleSource = nodeOnly("plotlyBundleSource");
export const plotlyBundleHtml: typeof plotly.plotlyBundleHtml = nodeOnly("plotlyBundleHtml");
export const plotlyFigureHtml: typeof plotly.plotlyFigureHtml = nodeOnly("plotlyFigureHtml");
export const figureIds: typeof plotly.figureIds = nodeOnly("figureIds");
export const withFigureStill: typeof plotly.withFigureStill = nodeOnly("withFigureStill");
export const notebookDisplay: typeof plotly.notebookDisplay = nodeOnly("notebookDisplay");
export const showTable: typeof plotly.showTable = nodeOnly("showTable");
export const loadPlotly: typeof plotly.loadPlotly = nodeOnly("loadPlotly");
export const showFigure: typeof plotly.showFigure = nodeOnly("showFigure");
