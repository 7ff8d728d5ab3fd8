// npm start's slides: the executed notebook (with its figures' stills, after the export step) as
// reveal.js slides in one HTML file that needs nothing else — reveal.js, its notes plugin and its
// theme inlined, plotly.js once (the notebook's own output), formulas typeset as SVG — to show from
// a USB stick on a projector, offline. nbconvert's SlidesExporter groups the cells into slides by
// their metadata.slideshow, with a template of our own (scripts/export/notebook_slides.py says
// what goes on a slide); here reveal.js goes in and the formulas are typeset.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scriptSource } from "../../src/display/html";
import { jupyterEnv, PYTHON } from "../jupyter-env";
import { StepError } from "../start/errors";
import { MB, type OutputStep } from "../start/output-step";
import { styleCutter, typesetter } from "./page-tools";

/** Where the template puts reveal.js's styles and its scripts. */
const STYLES_MARK = "<!-- gmm-em: reveal.js styles -->";
const SCRIPTS_MARK = "<!-- gmm-em: reveal.js -->";

/** reveal.js's files, from its package (what its exports name). */
const revealFile = (name: string): string => readFileSync(require.resolve(name), "utf8");

/**
 * reveal.js's stylesheet and its white theme, without the theme's embedded Latin font (half a
 * megabyte): the slides use the page's font stack, which finds Chinese glyphs.
 */
export function revealStyles(): string {
  const theme = revealFile("reveal.js/theme/white.css").replace(/@font-face\s*\{[^}]*\}/g, "");
  return `<style type="text/css">\n${revealFile("reveal.js/reveal.css")}\n${theme}\n</style>`;
}

/** reveal.js and its speaker-notes plugin (press S), as inline scripts. */
export function revealScripts(): string {
  return ["reveal.js", "reveal.js/plugin/notes"]
    .map((name) => `<script type="text/javascript">\n${scriptSource(revealFile(name))}\n</script>`)
    .join("\n");
}

/** `html` with `mark` replaced by `by`; the template must have put it there once. */
function replaceOnce(html: string, mark: string, by: string): string {
  const parts = html.split(mark);
  if (parts.length !== 2) throw new StepError(`the slides' template has ${parts.length - 1} of ${mark}, not one`);
  return parts[0] + by + parts[1];
}

/** The step after `exportStep` (whose .ipynb, with the figures' stills, it reads): it writes `name`-slides.html. */
export function slidesStep(exportStep: OutputStep, ipynb: string): OutputStep {
  const name = ipynb.replace(/\.ipynb$/, "");
  const file = `${name}-slides.html`;
  return {
    name: "slides",
    summary: "the slides (reveal.js, one file, offline)",
    needs: [exportStep.name],
    outputs: [{ file, label: "Slides", bytes: 6 * MB }],
    async run(ctx) {
      const html = ctx.outputs.stage(file);
      const convert = await ctx.spawn(
        PYTHON,
        [join(__dirname, "notebook_slides.py"), ctx.outputs.stagedPath(ipynb), html, name],
        { env: jupyterEnv() },
      );
      if (convert.code !== 0)
        throw new StepError(
          `writing the slides failed (${convert.signal ?? `exit code ${convert.code}`}); see the messages above`,
        );
      const typeset = typesetter().typesetPage(readFileSync(html, "utf8"));
      if (typeset.errors.length > 0)
        throw new StepError(
          `MathJax could not read ${typeset.errors.length} formula(s) of the slides: ${typeset.errors.join(" | ")}`,
        );
      // reveal.js's scripts go in after the styles are cut (its notes plugin holds a <style> in a
      // string), and the classes they set count as used
      const scripts = revealScripts();
      const styled = styleCutter().withMinifiedStyles(replaceOnce(typeset.html, STYLES_MARK, revealStyles()), scripts);
      writeFileSync(html, replaceOnce(styled, SCRIPTS_MARK, scripts));
    },
  };
}
