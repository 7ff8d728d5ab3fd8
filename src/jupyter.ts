/**
 * gmm-em/jupyter: what needs a notebook kernel or Node.js's files. Figures shown in a notebook
 * (plotly.js read from disk, sent once), the live page as a notebook output or as a page of its
 * own (the browser build read from disk). Everything else is in `gmm-em`, which runs anywhere.
 *
 * @packageDocumentation
 */

// Figures and tables in a notebook (tslab's or Deno's kernel, found by itself), or in a page written by Node.
export type { FigureHtmlOptions, HtmlDisplay } from "./display/plotly";
export { loadPlotly, plotlyFigureHtml, showFigure, showTable } from "./display/plotly";

// The live page: as a notebook's output, or as a file of its own.
export { showLive } from "./live/notebook-output";
export { livePageHtml } from "./live/standalone-page";
