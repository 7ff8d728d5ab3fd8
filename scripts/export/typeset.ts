// The exported page's formulas, typeset into the page itself: MathJax (mathjax-full, run here in
// Node) turns the markdown cells' $…$ and $$…$$ into SVG, with one shared cache of glyph shapes
// and MathML beside each formula for screen readers and copying. The page then needs no MathJax,
// no font and no network to show them. Code cells (their source and outputs) are left alone.

import { AssistiveMmlHandler } from "mathjax-full/js/a11y/assistive-mml";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html";
import { TeX } from "mathjax-full/js/input/tex";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages";
import { mathjax } from "mathjax-full/js/mathjax";
import { SVG } from "mathjax-full/js/output/svg";

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

export interface Typeset {
  html: string;
  /** How many formulas were typeset, and the TeX of those MathJax could not read (shown in red in the page). */
  formulas: number;
  errors: string[];
}

/** `html` (a whole page) with the formulas of its markdown typeset as SVG. */
export function typesetPage(html: string): Typeset {
  const doc = mathjax.document(html, {
    // Jupyter's delimiters, as its own MathJax configuration has them; \$ is a dollar sign.
    // (without noerrors/noundefined, which would show bad TeX as text instead of reporting it)
    InputJax: new TeX({
      packages: AllPackages.filter((p) => p !== "noerrors" && p !== "noundefined"),
      inlineMath: [
        ["$", "$"],
        ["\\(", "\\)"],
      ],
      displayMath: [
        ["$$", "$$"],
        ["\\[", "\\]"],
      ],
      processEscapes: true,
    }),
    OutputJax: new SVG({ fontCache: "global" }),
    ignoreHtmlClass: "jp-CodeCell",
  });
  doc.render();
  const errors: string[] = [];
  let formulas = 0;
  for (const item of doc.math) {
    formulas++;
    let failed = false;
    item.root.walkTree((node) => {
      if (node.isKind("merror")) failed = true;
    });
    if (failed) errors.push(item.math);
  }
  return {
    html: `${adaptor.doctype(doc.document)}\n${adaptor.outerHTML(adaptor.root(doc.document))}`,
    formulas,
    errors,
  };
}
