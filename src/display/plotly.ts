import { readFileSync } from "fs";
import type { PlotlyFigureJson } from "../figures/types";
import { escapeHtml } from "../figures/shared";
import { scriptJson, scriptSource } from "./html";

/**
 * How figures reach the page. plotly.js (about 10 MB) travels in one output only — the one
 * `plotlyBundleHtml` makes — and each figure's own output is small: its div, its data, and a
 * script that draws it as soon as both the div and `window.Plotly` exist. A figure whose
 * output is shown before the bundle's (outputs rendered out of order, or the notebook
 * reopened) puts its drawing in a page-wide queue that the bundle empties when it has run.
 */
const GLOBAL = "__gmmEmPlotly";

let bundleText: string | undefined;

/** The plotly.js browser bundle as text (it is a browser script: `require` of it throws in Node). */
export function plotlyBundleSource(): string {
  if (bundleText === undefined) bundleText = readFileSync(require.resolve("plotly.js-dist/plotly.js"), "utf8");
  return bundleText;
}

/** plotly.js's version, from its package. */
export function plotlyVersion(): string {
  return (JSON.parse(readFileSync(require.resolve("plotly.js-dist/package.json"), "utf8")) as { version: string }).version;
}

/** The queue that figures wait in until plotly.js has run (page-wide, shared by every output). */
const QUEUE_SETUP = `var g = window.${GLOBAL} = window.${GLOBAL} || { queue: [] };`;

/**
 * The output that carries plotly.js: a one-line note, the bundle (run unless the page already
 * has plotly.js), then every figure that was waiting for it is drawn.
 */
export function plotlyBundleHtml(): string {
  const version = plotlyVersion();
  return [
    `<div class="gmm-em-plotly-bundle" style="color:#777;font-size:smaller">plotly.js ${escapeHtml(version)} loaded for this notebook's figures (offline, inline).</div>`,
    `<script type="text/javascript">if (!(window.Plotly && window.Plotly.newPlot)) {\n${scriptSource(plotlyBundleSource())}\n}</script>`,
    `<script type="text/javascript">(function () { ${QUEUE_SETUP} var f; while ((f = g.queue.shift())) { try { f(window.Plotly); } catch (e) { console.error(e); } } })();</script>`,
  ].join("\n");
}

let figureCount = 0;

export interface FigureHtmlOptions {
  /** The div's id (default: a fresh one per call; ids must be unique in the page). */
  id?: string;
  /** Put plotly.js into this output too (the bundle's output, then the figure's). */
  includeBundle?: boolean;
}

/**
 * A figure as an HTML fragment: a div (whose text tells what is missing if scripts do not run)
 * and a script that draws the figure into it with plotly.js — now if the page has it, or when
 * the bundle's output runs. The figure's data is JSON escaped for an inline script.
 */
export function plotlyFigureHtml(figure: PlotlyFigureJson, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? `gmm-em-figure-${process.pid}-${Date.now().toString(36)}-${figureCount++}`;
  const width = typeof figure.layout.width === "number" ? `${figure.layout.width}px` : "100%";
  const height = typeof figure.layout.height === "number" ? `${figure.layout.height}px` : "450px";
  const script = `(function () {
  ${QUEUE_SETUP}
  var id = ${scriptJson(id)};
  var figure = ${scriptJson(figure)};
  function draw(Plotly) {
    var tries = 0;
    (function attempt() {
      var div = document.getElementById(id);
      // Classic Notebook runs an output's scripts before attaching the output to the page.
      if (!div) { if (tries++ < 600) setTimeout(attempt, 50); return; }
      div.textContent = "";
      Plotly.newPlot(div, { data: figure.data, layout: figure.layout, frames: figure.frames, config: { responsive: false, displaylogo: false } })
        .then(function () { div.setAttribute("data-rendered", "true"); }); // for tests and readers' scripts
    })();
  }
  if (window.Plotly && window.Plotly.newPlot) draw(window.Plotly); else g.queue.push(draw);
})();`;
  return [
    options.includeBundle ? plotlyBundleHtml() : "",
    `<div id="${escapeHtml(id)}" class="gmm-em-figure" style="width:${width};height:${height};">` +
      `Figure: waiting for plotly.js (it comes with the notebook's first figure output; run all cells, and trust the notebook).</div>`,
    `<script type="text/javascript">\n${script}\n</script>`,
  ].join("\n");
}

/** What tslab's `display` offers that we use. */
export interface HtmlDisplay {
  html(s: string): void;
}

function tslabDisplay(): HtmlDisplay {
  try {
    // Resolved only when called: the library itself does not need tslab.
    return (require("tslab") as { display: HtmlDisplay }).display;
  } catch (e) {
    throw new Error(`showFigure: no display given and tslab cannot be loaded (${(e as Error).message}); pass one, e.g. showFigure(fig, tslab.display)`);
  }
}

let bundleShown = false;

/**
 * Sends plotly.js to the notebook once, as its own output (call it in the first cell). Outputs
 * shown later, earlier, or after reopening the notebook all draw once it has run. Without it,
 * `showFigure` sends plotly.js with the first figure of the kernel session.
 */
export function loadPlotly(display: HtmlDisplay = tslabDisplay()): void {
  display.html(plotlyBundleHtml());
  bundleShown = true;
}

/** Displays a figure inline in a tslab notebook (text/html), carrying plotly.js only if no output of this kernel session has yet. */
export function showFigure(figure: PlotlyFigureJson, display: HtmlDisplay = tslabDisplay()): void {
  display.html(plotlyFigureHtml(figure, { includeBundle: !bundleShown }));
  bundleShown = true;
}
