// The export as one of npm start's output steps (scripts/start.ts): it reads the executed notebook
// the step before it staged, rewrites it with its figures' stills, and stages the page and the PDF.
import type { OutputStep } from "../start";
import { haveChromium } from "./chromium";
import { ExportError, exportNotebook } from "./index";

/** The step, for outputs named `name`.ipynb (staged by an earlier step), `name`.html and `name`.pdf. */
export function exportStep(name: string): OutputStep {
  const html = `${name}.html`,
    pdf = `${name}.pdf`;
  const chromium = haveChromium();
  return {
    outputs: [{ file: html, label: "HTML" }, ...(chromium ? [{ file: pdf, label: "PDF handout" }] : [])],
    async run(ctx) {
      const ipynb = ctx.outputs.stagedPath(`${name}.ipynb`);
      try {
        await exportNotebook(
          {
            executed: ipynb,
            ipynb,
            html: ctx.outputs.stage(html),
            pdf: chromium ? ctx.outputs.stage(pdf) : "",
            name,
          },
          { spawn: (command, args, options) => ctx.spawn(command, args, options) },
        );
      } catch (e) {
        // start.ts is loaded by now (it runs this step); imported here, not above, to keep the modules' load order one-way.
        const { StepError } = await import("../start");
        if (e instanceof ExportError) throw new StepError(`the export failed: ${e.message}`);
        throw e;
      }
    },
  };
}
