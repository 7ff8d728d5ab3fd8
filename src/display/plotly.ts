import { readFileSync } from "node:fs";
import { GmmInputError } from "../errors";
import { escapeHtml } from "../figures/shared";
import type { PlotlyFigureJson } from "../figures/types";
import { checkOptionNames, optionNames, shown } from "../validate";
import {
  checkDisplay,
  checkFigureHtmlOptions,
  checkFigureJson,
  type HtmlTableOptions,
  htmlTable,
  scriptJson,
  scriptSource,
} from "./html";
import { checkPlotlyBundle, checkTraceTypes, PLOTLY_BUNDLES, type PlotlyBundle } from "./plotly-bundles";

/**
 * How figures reach the page. plotly.js (its cartesian bundle, minified: about 1.5 MB, with the
 * scatter, contour and histogram traces, sliders, buttons, frames and annotations our figures use;
 * or the full bundle, on request: see plotly-bundles.ts) travels in one output only — the one `plotlyBundleHtml` makes — and each figure's own output is small: its div, its
 * data, and a script that draws it as soon as both the div and `window.Plotly` exist. A figure
 * whose output is shown before the bundle's (outputs rendered out of order, or the notebook
 * reopened) puts its drawing in a page-wide queue that the bundle empties when it has run.
 *
 * Inside the div, a placeholder stands where scripts do not run (an untrusted notebook, GitHub's
 * preview, a page with JavaScript off): a line of text, or a still image of the figure that
 * `withFigureStill` puts there (npm start renders one per figure). The drawing script lays the
 * placeholder over the plot while plotly.js draws, then hides it: the live figure takes its place
 * without the page jumping.
 */
const GLOBAL = "__gmmEmPlotly";

const bundleTexts: Partial<Record<PlotlyBundle, string>> = {};

/** Where a bundle's package file is; the full bundle's package is installed only on request. */
function bundlePath(bundle: PlotlyBundle, file: string): string {
  const { package: name } = PLOTLY_BUNDLES[bundle];
  try {
    return require.resolve(`${name}/${file}`);
  } catch {
    throw new GmmInputError(
      "options.bundle",
      `is "${bundle}", but its package is not installed: npm install ${name} (an optional peer dependency of gmm-em)`,
    );
  }
}

/** A plotly.js browser bundle as text (it is a browser script: `require` of it throws in Node). */
export function plotlyBundleSource(bundle: PlotlyBundle = "cartesian"): string {
  checkPlotlyBundle("bundle", bundle);
  const text = bundleTexts[bundle] ?? readFileSync(bundlePath(bundle, PLOTLY_BUNDLES[bundle].file), "utf8");
  bundleTexts[bundle] = text;
  return text;
}

/** plotly.js's version, from the bundle's package. */
function plotlyVersion(bundle: PlotlyBundle): string {
  return (JSON.parse(readFileSync(bundlePath(bundle, "package.json"), "utf8")) as { version: string }).version;
}

/** The queue that figures wait in until plotly.js has run (page-wide, shared by every output). */
const QUEUE_SETUP = `var g = window.${GLOBAL} = window.${GLOBAL} || { queue: [] };`;

/**
 * The output that carries plotly.js: a one-line note, the bundle (run unless the page already
 * has plotly.js — the full bundle also replaces a smaller one, which lacks its traces), then
 * every figure that was waiting for it is drawn.
 */
export function plotlyBundleHtml(bundle: PlotlyBundle = "cartesian"): string {
  checkPlotlyBundle("bundle", bundle);
  const version = plotlyVersion(bundle);
  const needed =
    bundle === "full"
      ? `!(window.Plotly && window.Plotly.newPlot) || (window.${GLOBAL} || {}).bundle !== "full"`
      : "!(window.Plotly && window.Plotly.newPlot)";
  return [
    `<div class="gmm-em-plotly-bundle" style="color:#777;font-size:smaller">plotly.js ${escapeHtml(version)} (${bundle}) loaded for this notebook's figures (offline, inline).</div>`,
    // At the top level, not in a function: the bundle finds require.js's define there, as on its own.
    `<script type="text/javascript">if (${needed}) {\n${scriptSource(plotlyBundleSource(bundle))}\n;(window.${GLOBAL} = window.${GLOBAL} || { queue: [] }).bundle = ${JSON.stringify(bundle)};\n}</script>`,
    `<script type="text/javascript">(function () { ${QUEUE_SETUP} var f; while ((f = g.queue.shift())) { try { f(window.Plotly); } catch (e) { console.error(e); } } })();</script>`,
  ].join("\n");
}

let figureCount = 0;

/**
 * Significant digits a figure's numbers keep in the page: a point 10 units out is placed to 10⁻⁴,
 * far below a pixel (a panel spans about 17 units in 240 px).
 */
export const FIGURE_DIGITS = 5;

/**
 * The figure as a notebook output carries it: every number rounded to FIGURE_DIGITS significant
 * digits. A double written out takes up to 24 characters, five digits about 8, and the figures'
 * data are most of a saved notebook.
 */
export function figureForPage<T>(figure: T): T {
  const round = (v: unknown): unknown => {
    if (typeof v === "number") return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(FIGURE_DIGITS)) : v;
    if (Array.isArray(v)) return v.map(round);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([key, value]) => [key, round(value)]));
    return v;
  };
  return round(figure) as T;
}

export interface FigureHtmlOptions {
  /** The div's id (default: a fresh one per call; ids must be unique in the page). */
  id?: string;
  /** Put plotly.js into this output too (the bundle's output, then the figure's). */
  includeBundle?: boolean;
  /**
   * The plotly.js bundle the page has (or that `includeBundle` puts in): `"cartesian"` (default)
   * or `"full"`. A trace type it cannot draw is refused.
   */
  bundle?: PlotlyBundle;
}

/** The class of a figure's placeholder, the first child of its div. */
const STILL_CLASS = "gmm-em-figure-static";

/** What a figure's placeholder says where no script has run and no still image was put in. */
const WAITING_TEXT =
  "Figure: waiting for plotly.js (it comes with the notebook's first figure output; run all cells, and trust the notebook).";

/**
 * A figure as an HTML fragment: a div holding the placeholder (text until a still image is put
 * in), and a script that draws the figure into the div with plotly.js — now if the page has it,
 * or when the bundle's output runs. The figure's data is JSON escaped for an inline script.
 */
/** A layout size as CSS pixels ("720px"), undefined when not given; refused when not a size. */
function pixels(name: string, size: unknown): string | undefined {
  if (size === undefined || size === null) return undefined;
  if (typeof size !== "number" || !Number.isFinite(size) || size <= 0)
    throw new GmmInputError(name, `must be a positive number of pixels, got ${shown(size)}`);
  return `${size}px`;
}

export function plotlyFigureHtml(figure: PlotlyFigureJson, options: FigureHtmlOptions = {}): string {
  checkFigureJson("figure", figure);
  checkFigureHtmlOptions(options);
  const bundle = options.bundle ?? "cartesian";
  checkTraceTypes("figure", figure, bundle);
  const id = options.id ?? `gmm-em-figure-${process.pid}-${Date.now().toString(36)}-${figureCount++}`;
  const width = pixels("figure.layout.width", figure.layout.width) ?? "100%";
  const height = pixels("figure.layout.height", figure.layout.height) ?? "450px";
  // Over the plot while it draws, then hidden (kept for printing: see the exported page's CSS).
  const coverStill =
    "still.style.position = 'absolute'; still.style.left = '0'; still.style.top = '0'; still.style.zIndex = '1'; " +
    "still.style.background = '#fff'; still.style.height = '100%'; still.style.overflow = 'hidden';";
  const script = `(function () {
  ${QUEUE_SETUP}
  var id = ${scriptJson(id)};
  var figure = ${scriptJson(figureForPage(figure))};
  function draw(Plotly) {
    var tries = 0;
    (function attempt() {
      var div = document.getElementById(id);
      // Classic Notebook runs an output's scripts before attaching the output to the page.
      if (!div) { if (tries++ < 600) setTimeout(attempt, 50); return; }
      var still = div.querySelector(${scriptJson(`.${STILL_CLASS}`)});
      if (still) { ${coverStill} }
      Plotly.newPlot(div, { data: figure.data, layout: figure.layout, frames: figure.frames, config: { responsive: false, displaylogo: false } })
        .then(function () {
          if (still) still.style.display = "none";
          div.setAttribute("data-rendered", "true"); // for tests and readers' scripts
        });
    })();
  }
  if (window.Plotly && window.Plotly.newPlot) draw(window.Plotly); else g.queue.push(draw);
})();`;
  return [
    options.includeBundle ? plotlyBundleHtml(bundle) : "",
    `<div id="${escapeHtml(id)}" class="gmm-em-figure" style="position:relative;width:${width};min-height:${height};">` +
      `<div class="${STILL_CLASS}">${escapeHtml(WAITING_TEXT)}</div></div>`,
    `<script type="text/javascript">\n${script}\n</script>`,
  ].join("\n");
}

/** A still image of a figure, for its placeholder. */
export interface FigureStill {
  /** The image, as a data: URL (the output must carry it: nothing is fetched). */
  src: string;
  /** Its size in CSS pixels (the figure's). */
  width: number;
  height: number;
  /** What it shows, for a reader who cannot see it. */
  alt: string;
  /** A line under the image (e.g. that the slider moves in the live figure). */
  note?: string;
}

/** The ids of the figures in an HTML fragment made by `plotlyFigureHtml`, in order. */
export function figureIds(html: string): string[] {
  return [...html.matchAll(/<div id="([^"]*)" class="gmm-em-figure"/g)].map((m) => m[1]);
}

/**
 * The fragment with figure `id`'s placeholder holding `still` instead of its text. Where scripts
 * run, the live figure replaces it as before; where they do not, the reader sees the image.
 */
export function withFigureStill(html: string, id: string, still: FigureStill): string {
  const open = `<div id="${escapeHtml(id)}" class="gmm-em-figure"`;
  const at = html.indexOf(open);
  if (at < 0) throw new GmmInputError("id", `no figure with id ${JSON.stringify(id)} in the HTML`);
  const start = html.indexOf(`<div class="${STILL_CLASS}">`, at);
  const end = start < 0 ? -1 : html.indexOf("</div>", start);
  if (start < 0 || end < 0)
    throw new GmmInputError("html", `figure ${JSON.stringify(id)} has no placeholder (not made by plotlyFigureHtml)`);
  if (!/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(still.src)) {
    throw new GmmInputError(
      "still.src",
      `must be a base64 data: URL of a PNG, JPEG or WebP image, got ${JSON.stringify(still.src.slice(0, 40))}…`,
    );
  }
  for (const side of ["width", "height"] as const) {
    if (!(still[side] > 0 && Number.isFinite(still[side])))
      throw new GmmInputError(`still.${side}`, `must be a positive number, got ${still[side]}`);
  }
  // width and height as attributes too: a sanitizer that drops styles keeps them, and the page keeps its layout while the image loads.
  const image =
    `<img src="${still.src}" width="${Math.round(still.width)}" height="${Math.round(still.height)}" alt="${escapeHtml(still.alt)}" ` +
    `style="max-width:100%;height:auto;display:block">`;
  const note = still.note
    ? `<p class="gmm-em-figure-note" style="margin:0.3em 0;color:#555;font-size:smaller">${escapeHtml(still.note)}</p>`
    : "";
  return `${html.slice(0, start)}<div class="${STILL_CLASS}">${image}${note}${html.slice(end)}`;
}

/**
 * What a notebook's display offers that we use: `html` sends one `text/html` output. tslab's
 * `display` is one (it sends at once); Deno's kernel sends asynchronously, so `html` may return a
 * promise, which the show functions pass on: `await showFigure(fig)` has the output sent before
 * the cell ends (Deno's kernel drops or misplaces what comes after).
 */
export interface HtmlDisplay {
  /** Sends `s` as one `text/html` output; what it returns is awaited (a promise, or nothing). */
  html(s: string): unknown;
}

/** Deno's `Deno.jupyter`, the part we use (it is a global only in Deno's Jupyter kernel). */
interface DenoJupyter {
  display(bundle: Record<string, string>, options: { raw: true }): PromiseLike<unknown>;
}

/** The display of Deno's kernel: one `text/html` output, as tslab's `display.html` sends. */
function denoDisplay(jupyter: DenoJupyter): HtmlDisplay {
  return { html: (s) => jupyter.display({ "text/html": s }, { raw: true }) };
}

/**
 * The display of the kernel this runs in: Deno's (`Deno.jupyter`) or tslab's; the default of the
 * notebook's display functions. `call` is how to pass one instead (e.g.
 * "showFigure(fig, display)"), for the error when neither kernel is there.
 */
export function notebookDisplay(call = "showFigure(fig, display)"): HtmlDisplay {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno;
  if (deno?.jupyter) return denoDisplay(deno.jupyter);
  try {
    // Resolved only when called: the library itself does not need tslab.
    return (require("tslab") as { display: HtmlDisplay }).display;
  } catch (e) {
    const caller = call.slice(0, call.indexOf("("));
    throw new Error(
      `${caller}: no display given, not in Deno's Jupyter kernel, and tslab cannot be loaded (${(e as Error).message}); pass one, e.g. ${call}`,
    );
  }
}

/** Shows `htmlTable(columns, rows, options)` as a cell's output; resolves once it is sent. */
export async function showTable(
  columns: string[],
  rows: (string | number)[][],
  options: HtmlTableOptions = {},
  display: HtmlDisplay = notebookDisplay("showTable(columns, rows, options, display)"),
): Promise<void> {
  checkDisplay("display", display);
  await display.html(htmlTable(columns, rows, options));
}

/** The bundle this kernel session has sent (null: none yet). */
let bundleShown: PlotlyBundle | null = null;

export interface LoadPlotlyOptions {
  /**
   * `"cartesian"` (default: 1.5 MB, scatter, contour, histogram, heatmap, bar, box… — every figure
   * of this library) or `"full"` (4.8 MB, every plotly.js trace type: 3-D, maps, polar…; needs
   * `npm install plotly.js-dist-min`).
   */
  bundle?: PlotlyBundle;
}

const LOAD_OPTION_NAMES = optionNames<LoadPlotlyOptions>({ bundle: true });

/**
 * Sends plotly.js to the notebook as its own output (call it in the imports cell, which every
 * session runs first: its output, sent anew each time, is the carrier the saved notebook keeps).
 * Outputs shown later, earlier, or after reopening the notebook all draw once it has run. Without
 * it, `showFigure` sends the cartesian bundle with the first figure of the kernel session.
 *
 *     await loadPlotly();                                  // the cartesian bundle
 *     await loadPlotly(undefined, { bundle: "full" });     // every trace type (plotly.js-dist-min)
 */
export async function loadPlotly(
  display: HtmlDisplay = notebookDisplay("loadPlotly(display)"),
  options: LoadPlotlyOptions = {},
): Promise<void> {
  checkDisplay("display", display);
  checkOptionNames("options", options, LOAD_OPTION_NAMES);
  const bundle = checkPlotlyBundle("options.bundle", options.bundle ?? "cartesian");
  const html = plotlyBundleHtml(bundle);
  // A smaller bundle after the full one would not replace it (the page keeps the full one).
  if (bundleShown !== "full") bundleShown = bundle;
  await display.html(html);
}

/**
 * Displays a figure inline in a notebook (tslab or Deno: text/html), carrying plotly.js only if
 * no output of this kernel session has yet. A trace type the bundle sent cannot draw is refused
 * (a `GmmInputError` naming the trace and the option that loads the full bundle). Resolves once
 * the output is sent.
 */
export async function showFigure(
  figure: PlotlyFigureJson,
  display: HtmlDisplay = notebookDisplay("showFigure(fig, display)"),
): Promise<void> {
  checkFigureJson("figure", figure);
  checkDisplay("display", display);
  const bundle = bundleShown ?? "cartesian";
  const html = plotlyFigureHtml(figure, { includeBundle: bundleShown === null, bundle });
  bundleShown = bundle;
  await display.html(html);
}
