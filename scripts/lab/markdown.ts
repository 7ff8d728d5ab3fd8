// The lab page's cells as HTML, made when the page is written: markdown cells rendered by marked,
// their formulas typeset as SVG by the export's MathJax (./../export/typeset.ts), so that the page
// needs neither; each code cell a placeholder with its source (what a reader without JavaScript
// sees), where the page's script puts its editor.
import { marked } from "marked";
import { escapeHtml } from "../../src/figures/shared";
import { typesetter } from "../export/page-tools";
import { type Notebook, sourceOf } from "./page/notebook-file";

/**
 * Markdown with its formulas kept out of marked's way (it would read `_` and `*` inside them as
 * emphasis): each $…$ and $$…$$ is set aside, the rest rendered, then each put back, escaped.
 */
function markdownHtml(text: string): string {
  const formulas: string[] = [];
  const kept = text.replace(/\$\$[\s\S]+?\$\$|(?<!\\)\$(?!\s)(?:\\\$|[^$\n])+?\$/g, (formula) => {
    formulas.push(formula);
    return `@@FORMULA${formulas.length - 1}@@`;
  });
  const html = marked.parse(kept, { async: false, gfm: true }) as string;
  return html.replace(/@@FORMULA(\d+)@@/g, (_, i: string) => escapeHtml(formulas[Number(i)]));
}

export interface CellsHtml {
  /** The cells, one <section> each, in the notebook's order. */
  html: string;
  /** The typeset formulas' stylesheet (MathJax's SVG output). */
  style: string;
  formulas: number;
}

export function cellsHtml(notebook: Notebook): CellsHtml {
  const sections = notebook.cells.map((cell, i) =>
    cell.cell_type === "code"
      ? `<section class="lab-cell lab-code jp-CodeCell" data-cell="${i}"><pre class="lab-source">${escapeHtml(sourceOf(cell))}</pre></section>`
      : `<section class="lab-cell lab-markdown" data-cell="${i}">${markdownHtml(sourceOf(cell))}</section>`,
  );
  const typeset = typesetter().typesetPage(
    `<!DOCTYPE html><html><head></head><body>${sections.join("\n")}</body></html>`,
  );
  if (typeset.errors.length > 0) throw new Error(`the lab page: MathJax cannot read ${typeset.errors.join("; ")}`);
  const between = (open: string, close: string) => {
    const start = typeset.html.indexOf(open);
    return start < 0 ? "" : typeset.html.slice(start + open.length, typeset.html.indexOf(close, start));
  };
  return {
    html: between("<body>", "</body>"),
    style: between('<style id="MJX-SVG-styles">', "</style>"),
    formulas: typeset.formulas,
  };
}
