// The lab page (out/gmm-em-lab.html): the notebook as one self-contained HTML file whose code cells
// are edited and run in the page, offline. Inline: plotly.js (cartesian), the library's browser
// build (run on the page for the live figure, and the first half of the worker's script), the
// live page's script, the worker's script (./page/worker.ts with Sucrase and acorn, as text: the
// page makes the worker from it), the page's script (./page/app.ts with CodeMirror), the
// notebook's JSON (for the originals and the download), and the cells' HTML (./markdown.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { scriptJson, scriptSource } from "../../src/display/html";
import { plotlyBundleSource } from "../../src/display/plotly";
import { escapeHtml } from "../../src/figures/shared";
import { libraryBundleSource, liveBundleSource } from "../../src/live/bundle-source";
import { PAGE_SCRIPT } from "../build-browser";
import { cellsHtml } from "./markdown";
import type { Notebook } from "./page/notebook-file";

const PAGE = join(__dirname, "page");

/** The page's two scripts, bundled and minified by esbuild (once per process). */
let bundles: Promise<{ app: string; worker: string }> | undefined;

function bundle(entry: string): Promise<string> {
  return build({ ...PAGE_SCRIPT, entryPoints: [join(PAGE, entry)] }).then((result) => result.outputFiles[0].text);
}

export function labScripts(): Promise<{ app: string; worker: string }> {
  bundles ??= Promise.all([bundle("app.ts"), bundle("worker.ts")]).then(([app, worker]) => ({ app, worker }));
  return bundles;
}

export interface LabPageOptions {
  /** The page's file in the output folder: its saved edits are kept under this name. */
  file: string;
  /** The downloaded notebook's file name. */
  download: string;
  title: string;
}

const script = (source: string, attributes = "") => `<script${attributes}>\n${scriptSource(source)}\n</script>`;

/** The page for `notebook` (as nbformat's JSON reads it). */
export async function labPageHtml(notebook: Notebook, options: LabPageOptions): Promise<string> {
  const { app, worker } = await labScripts();
  const cells = cellsHtml(notebook);
  const style = `${readFileSync(join(PAGE, "lab.css"), "utf8")}\n${cells.style}`;
  const scripts = [
    script(plotlyBundleSource()),
    script(libraryBundleSource(), ' id="lab-library"'),
    script(liveBundleSource()),
    script(worker, ' type="text/plain" id="lab-worker"'),
    `<script type="application/json" id="lab-notebook">${scriptJson(notebook, "notebook")}</script>`,
    `<script type="application/json" id="lab-settings">${scriptJson({ file: options.file, download: options.download })}</script>`,
    script(app),
  ].join("\n");
  const values: Record<string, string> = {
    title: escapeHtml(options.title),
    style: `<style>${style}</style>`,
    cells: cells.html,
    scripts,
  };
  // One pass, so that nothing inserted (a formula, a script) is read as a placeholder.
  return readFileSync(join(PAGE, "lab.html"), "utf8").replace(
    /(?:<!--)?\{\{(\w+)\}\}(?:-->)?/g,
    (_, name: string) => values[name],
  );
}
