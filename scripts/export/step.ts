// The export as one of npm start's output steps (scripts/start/steps.ts): it reads the executed
// notebook the notebook's step staged, rewrites it with its figures' stills, and stages the page
// and the PDF. When the run also writes the students' files, the page and the PDF are the
// teacher's key: they open with a note naming the students' sheet (./key-note.ts).
import { basename } from "node:path";
import { StepError } from "../start/errors";
import { MB, type OutputStep, type StepContext } from "../start/output-step";
import { haveChromium } from "./chromium";
import { ExportError, type ExportPaths, exportNotebook } from "./index";
import type { StillCache } from "./still-cache";

/** The export step's name (what --only takes). */
export const EXPORT_STEP = "export";

/**
 * The step after `notebook` (whose file is `name`.ipynb): it writes `name`.html and, with Chromium,
 * `name`.pdf; `keyFor`: the step of the students' files, whose sheet (.pdf) and notebook (.ipynb) the key
 * names; `stills`: where the figures' stills it draws are kept for the students' export.
 */
export function exportStep(
  notebook: OutputStep,
  { keyFor, stills }: { keyFor?: OutputStep; stills?: StillCache } = {},
): OutputStep {
  const ipynb = notebook.outputs[0].file;
  const name = ipynb.replace(/\.ipynb$/, "");
  const html = `${name}.html`,
    pdf = `${name}.pdf`;
  return {
    name: EXPORT_STEP,
    summary: "the page and the A4 handout (scripts/export/)",
    needs: [notebook.name],
    outputs: [
      { file: html, label: "HTML", bytes: 8 * MB },
      { file: pdf, label: "PDF handout", needsChromium: true, bytes: 8 * MB },
    ],
    async run(ctx) {
      const studentFile = (ext: string) => keyFor?.outputs.find((o) => o.file.endsWith(ext))?.file;
      const [sheet, studentNotebook] = [studentFile(".pdf"), studentFile(".ipynb")];
      // Named as the output folder's files ("out/student/gmm-em.pdf"), when this run writes them.
      const folder = basename(ctx.outputs.dir);
      const keyNote =
        keyFor !== undefined && ctx.steps.includes(keyFor.name) && sheet && studentNotebook
          ? { sheet: `${folder}/${sheet}`, notebook: `${folder}/${studentNotebook}` }
          : undefined;
      await exportStaged(ctx, { ipynb, html, pdf, name, keyNote }, stills, "the export");
    },
  };
}

/**
 * The export of a step's executed notebook, staged as `files.ipynb` (rewritten with its stills), to
 * its staged page and, with Chromium, its PDF: what the teacher's and the students' steps both do.
 * `what` names it when it fails.
 */
export async function exportStaged(
  ctx: StepContext,
  files: Pick<ExportPaths, "ipynb" | "html" | "pdf" | "name" | "livePage" | "keyNote">,
  stills: StillCache | undefined,
  what: string,
): Promise<void> {
  const executed = ctx.outputs.stagedPath(files.ipynb);
  try {
    await exportNotebook(
      {
        ...files,
        executed,
        ipynb: executed,
        html: ctx.outputs.stage(files.html),
        pdf: haveChromium() ? ctx.outputs.stage(files.pdf) : "",
      },
      { spawn: (command, args, options) => ctx.spawn(command, args, options), onStop: ctx.onStop, stills },
    );
  } catch (e) {
    if (e instanceof ExportError) throw new StepError(`${what} failed: ${e.message}`);
    throw e;
  }
}
