// The students' files as one of npm start's output steps (scripts/start/steps.ts): the release of
// the lesson (./release.ts) is written where its executed copy goes, run with the same values in
// the lesson's folder (where its imports resolve), and exported as the teacher's is: the page and
// the A4 sheet, without the answers.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { exportStaged } from "../export/step";
import type { StillCache } from "../export/still-cache";
import { NOTEBOOK } from "../jupyter-env";
import { StepError } from "../start/errors";
import { MB, type OutputStep } from "../start/output-step";
import { runNotebook } from "../start/run-notebook";
import { type Notebook, notebookJson, ReleaseError, releaseStudent } from "./release";

/** The folder of the output folder that holds the students' files. */
export const STUDENT_FOLDER = "student";

/**
 * The step that writes student/`name`.ipynb (executed), .html and, with Chromium, .pdf; `livePage`:
 * the live page's file in the output folder, which the students' page links to.
 */
export function studentStep({
  name,
  livePage,
  stillsFrom,
}: {
  name: string;
  livePage: string;
  /** The teacher's export and where it keeps its stills: the students' export waits for it and reuses them. */
  stillsFrom?: { step: string; stills: StillCache };
}): OutputStep {
  const ipynb = `${STUDENT_FOLDER}/${name}.ipynb`,
    html = `${STUDENT_FOLDER}/${name}.html`,
    pdf = `${STUDENT_FOLDER}/${name}.pdf`;
  return {
    name: "student",
    summary:
      "the students' release (docs/class-kit.md): solutions stubbed, run with the same values, its page and A4 sheet",
    needs: [],
    outputs: [
      { file: ipynb, label: "Student notebook", bytes: 6 * MB },
      { file: html, label: "Student HTML", bytes: 8 * MB },
      { file: pdf, label: "Student PDF", needsChromium: true, bytes: 8 * MB },
    ],
    async run(ctx) {
      const executed = ctx.outputs.stage(ipynb);
      try {
        writeFileSync(executed, notebookJson(releaseStudent(JSON.parse(readFileSync(NOTEBOOK, "utf8")) as Notebook)));
      } catch (e) {
        if (e instanceof ReleaseError) throw new StepError(`the students' release refused ${NOTEBOOK}: ${e.message}`);
        throw e;
      }
      await runNotebook(ctx, { input: executed, executed, runIn: dirname(NOTEBOOK), what: "the students' notebook: " });
      // Its figures are the teacher's: drawn once, by the teacher's export (when the run has it).
      if (stillsFrom !== undefined) await ctx.ended(stillsFrom.step);
      await exportStaged(
        ctx,
        { ipynb, html, pdf, name, livePage: `../${livePage}` },
        stillsFrom?.stills,
        "the students' export",
      );
    },
  };
}
