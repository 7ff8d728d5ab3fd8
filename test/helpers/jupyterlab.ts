// JupyterLab's output renderer in the tests: JupyterLab itself (and Notebook 7, built on its
// components) cannot be installed here, but its packages can. test/frontends/jupyterlab-page.ts,
// bundled by esbuild into a page of its own, renders a notebook's outputs with JupyterLab's
// OutputArea and RenderMimeRegistry; the cells' trust is what a Jupyter server would tell
// JupyterLab about the notebook (its signature, checked in the project's .jupyter/).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { jupyterEnv, PYTHON, ROOT } from "../../scripts/jupyter-env";
import { scriptSource } from "../../src/display/html";
import type { CellOutputs } from "../frontends/jupyterlab-page";
import { watchedPage } from "./browser";

export type { CellOutputs };

const ENTRY = join(ROOT, "test", "frontends", "jupyterlab-page.ts");
/** Built once per content: the bundle depends on the entry and on the packages it takes in. */
const CACHE = join(ROOT, "node_modules", ".cache", "gmm-em");
/** JupyterLab's own styles for rendered outputs (its theme's variables are not there: defaults apply). */
const STYLES = ["@jupyterlab/rendermime/style/base.css", "@jupyterlab/outputarea/style/base.css"];
const SCOPES = ["@jupyterlab", "@lumino", "@jupyter"];

/** name@version of every package in the scopes the page bundles. */
function bundledVersions(): string[] {
  return SCOPES.flatMap((scope) => {
    const dir = join(ROOT, "node_modules", scope);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((name) => {
      const pkg = JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8")) as { version: string };
      return `${scope}/${name}@${pkg.version}`;
    });
  });
}

/** The page's path: built into node_modules/.cache/gmm-em/ the first time, under a hash of what it is made of. */
export async function jupyterLabPage(): Promise<string> {
  const hash = createHash("sha256")
    .update(readFileSync(ENTRY))
    .update(bundledVersions().join("\n"))
    .digest("hex")
    .slice(0, 16);
  const path = join(CACHE, `jupyterlab-page-${hash}.html`);
  if (existsSync(path)) return path;
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "error",
    // The styles come in as text below; the icons of JupyterLab's toolbar are SVG text in its modules.
    loader: { ".css": "empty", ".svg": "text" },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const css = STYLES.map((s) => readFileSync(require.resolve(s), "utf8")).join("\n");
  const html =
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>JupyterLab's output renderer</title>` +
    `<style>${css}\nbody { font-family: sans-serif; margin: 8px; }</style></head>\n` +
    `<body><div id="notebook"></div>\n<script>${scriptSource(result.outputFiles[0].text)}</script></body></html>\n`;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, html);
  renameSync(partial, path); // whole or not at all, for a file that reads it at the same time
  return path;
}

// What jupyter_server's contents manager does before it sends a notebook to JupyterLab: read it
// with nbformat (which joins the lines of multi-line strings: JupyterLab gets strings), then
// (mark_trusted_cells) check the signature and set every code cell's metadata.trusted to it.
const MARK_CELLS = `
import json, sys
import nbformat
from nbformat.sign import NotebookNotary
nb = nbformat.reads(sys.stdin.read(), as_version=4)
notary = NotebookNotary()
notary.mark_cells(nb, notary.check_signature(nb))
json.dump([{"outputs": c.outputs, "trusted": bool(c.metadata.get("trusted"))} for c in nb.cells if c.cell_type == "code"], sys.stdout)
`;

/**
 * The code cells of the notebook `json` (its text), each with its outputs and the trust a Jupyter
 * server gives it: trusted if the notebook's signature is in the project's .jupyter/ (a copy
 * npm start wrote and signed), untrusted otherwise (a copy from another machine).
 */
export function cellsAsServed(json: string): CellOutputs[] {
  const run = spawnSync(PYTHON, ["-c", MARK_CELLS], {
    input: json,
    env: jupyterEnv(),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`marking the cells' trust failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as CellOutputs[];
}

/**
 * A watched page (test/helpers/browser.ts: requests off the machine refused) showing `cells` as
 * JupyterLab renders them; `shown` is how many outputs each cell shows. Give it back with `release`.
 */
export async function openInJupyterLab(
  browser: Browser,
  cells: CellOutputs[],
): Promise<{ page: Page; errors: string[]; external: string[]; shown: number[] }> {
  const path = await jupyterLabPage();
  const watched = await watchedPage(browser, { width: 1100, height: 900 });
  await watched.page.goto(pathToFileURL(path).href);
  const shown = await watched.page.evaluate(
    (all) =>
      (window as unknown as { gmmEmJupyterLab: { render(c: typeof all): number[] } }).gmmEmJupyterLab.render(all),
    cells,
  );
  return { ...watched, shown };
}
