/// <reference lib="dom" />
// The page a test opens to see a notebook's outputs as JupyterLab (and Notebook 7, built on its
// components) shows them: each code cell's outputs in JupyterLab's own OutputArea, rendered by its
// RenderMimeRegistry with the standard renderers and the default sanitizer. Bundled for Chromium
// by esbuild (test/helpers/jupyterlab.ts); it defines `window.gmmEmJupyterLab`.
//
// As in JupyterLab, a cell's outputs are trusted or not as the Jupyter server marked the cell
// (`metadata.trusted`, from the notebook's signature): an untrusted output's HTML is sanitized and
// its scripts dropped, a trusted one's scripts are run. The output area is rendered first and
// attached to the page after, as a notebook attaches its cells: the scripts run on attaching.
import type { IOutput } from "@jupyterlab/nbformat";
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";

/** A code cell's outputs and its trust, as JupyterLab reads them from the server. */
export interface CellOutputs {
  outputs: IOutput[];
  trusted: boolean;
}

/** Renders each cell's outputs into the page's #notebook, in order; returns how many outputs each shows. */
function render(cells: CellOutputs[]): number[] {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  const host = document.getElementById("notebook");
  if (host === null) throw new Error("the page has no #notebook");
  return cells.map((cell, index) => {
    const model = new OutputAreaModel({ values: cell.outputs, trusted: cell.trusted });
    const area = new OutputArea({ model, rendermime });
    area.node.dataset.cell = String(index);
    Widget.attach(area, host);
    return area.widgets.length;
  });
}

(window as unknown as { gmmEmJupyterLab: { render: typeof render } }).gmmEmJupyterLab = { render };
