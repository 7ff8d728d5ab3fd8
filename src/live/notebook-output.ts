/**
 * The live figure in a notebook: `showLive()` shows the live page (EM in the page: drag the
 * start, step, play) as a cell's output, as `text/html`. Every live output carries the browser
 * build (0.17 MB), run only if the page has none yet: a live output works on its own in a saved
 * notebook, whichever of the session's live outputs are kept (a cell run twice replaces the
 * first, and the kernel cannot know which outputs the saved notebook keeps). It waits for
 * plotly.js, which `loadPlotly()`'s output carries. Where scripts do not run (an untrusted
 * notebook, GitHub's preview) the output says what it needs.
 */

import { checkDisplay, scriptJson, scriptSource } from "../display/html";
import { type HtmlDisplay, notebookDisplay } from "../display/plotly";
import { escapeHtml } from "../figures/shared";
import { libraryBundleSource, liveBundleSource } from "./bundle-source";
import type { LiveOptions } from "./session";
import { words } from "./words";

let liveCount = 0;

/** The class of the live output's div (npm start's export finds the live output by it). */
export const LIVE_OUTPUT_CLASS = "gmm-em-live-output";

export interface LiveHtmlOptions {
  /** The div's id (default: a fresh one per call). */
  id?: string;
  /** Put the browser build into this output too. */
  includeBundle?: boolean;
}

/** The browser build, run unless the page already has it (a notebook's earlier output). */
export function liveBundleHtml(): string {
  return `<script type="text/javascript">if (!window.gmmEmLive) {\n${scriptSource(libraryBundleSource())}\n${scriptSource(liveBundleSource())}\n}</script>`;
}

/**
 * The live figure as an HTML fragment: a div (whose text says what is missing if scripts do not
 * run) and a script that mounts the live page in it once the div, plotly.js and the browser build
 * are all there.
 */
export function liveFigureHtml(options: LiveOptions = {}, html: LiveHtmlOptions = {}): string {
  const id = html.id ?? `gmm-em-live-${Date.now().toString(36)}-${liveCount++}`;
  const script = `(function () {
  var id = ${scriptJson(id)};
  var options = ${scriptJson(options)};
  var tries = 0;
  (function attempt() {
    var div = document.getElementById(id);
    // Classic Notebook runs an output's scripts before attaching it; plotly.js and the browser build
    // may come in other outputs, later.
    if (!div || !window.gmmEmLive || !(window.Plotly && window.Plotly.newPlot)) {
      if (tries++ < 1200) setTimeout(attempt, 50);
      return;
    }
    if (div.getAttribute("data-mounted")) return;
    div.setAttribute("data-mounted", "true");
    div.textContent = "";
    try {
      window.gmmEmLive.mountLive(div, options);
    } catch (e) {
      div.textContent = "gmm-em live page: " + e.message;
      throw e;
    }
  })();
})();`;
  return [
    html.includeBundle ? liveBundleHtml() : "",
    `<div id="${escapeHtml(id)}" class="${LIVE_OUTPUT_CLASS}"><p style="padding:0.5em;border:1px solid #ccc">${escapeHtml(words("noScript"))}</p></div>`,
    `<script type="text/javascript">\n${script}\n</script>`,
  ].join("\n");
}

/**
 * Shows the live page in a notebook (tslab or Deno), starting from `options` (data, start, run
 * options; by default the original's data and its poor start). plotly.js must be in the page
 * (`loadPlotly()`). Resolves once the output is sent.
 */
export async function showLive(
  options: LiveOptions = {},
  display: HtmlDisplay = notebookDisplay("showLive(options, display)"),
): Promise<void> {
  checkDisplay("display", display);
  await display.html(liveFigureHtml(options, { includeBundle: true }));
}
