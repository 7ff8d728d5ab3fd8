// The lab pages as one of npm start's output steps (scripts/start/steps.ts): the teacher's notebook
// and the students' release, each as a page whose cells run in the browser (./page-html.ts). No
// kernel: the page runs the cells itself. Values given to npm start go into a cell after the
// parameters cell, as the kernel's run has them (papermill's convention).
import { readFileSync, writeFileSync } from "node:fs";
import { type Notebook, ReleaseError, releaseStudent } from "../class-kit/release";
import { STUDENT_FOLDER } from "../class-kit/step";
import { NOTEBOOK } from "../jupyter-env";
import { StepError } from "../start/errors";
import { MB, type OutputStep } from "../start/output-step";
import { type GivenValues, injectedSource } from "../start/parameters";

export const LAB_PAGE = "gmm-em-lab.html";
const STUDENT_LAB_PAGE = `${STUDENT_FOLDER}/${LAB_PAGE}`;
const TITLE = "高斯混合模型实践 · Gaussian mixture models in practice";

/** `nb` with the given values in a cell of their own after the parameters cell (none given: `nb` itself). */
export function withValues(nb: Notebook, values: GivenValues): Notebook {
  if (Object.keys(values).length === 0) return nb;
  const at = nb.cells.findIndex(
    (c) => c.cell_type === "code" && ((c.metadata.tags as string[] | undefined) ?? []).includes("parameters"),
  );
  if (at < 0) throw new StepError(`${NOTEBOOK} has no cell tagged "parameters" to put the given values after`);
  const cell = {
    cell_type: "code" as const,
    id: "injected-parameters",
    metadata: { tags: ["injected-parameters"] },
    source: injectedSource(values),
    outputs: [],
    execution_count: null,
  };
  return { ...nb, cells: [...nb.cells.slice(0, at + 1), cell, ...nb.cells.slice(at + 1)] };
}

/**
 * The page's builder, loaded when the step runs: esbuild, marked and MathJax take about a
 * CPU-second to load, which runs without this step (and the tests that read its declaration) do not pay.
 */
const pageBuilder = () => require("./page-html") as typeof import("./page-html");

export const labStep: OutputStep = {
  name: "lab",
  summary: "the lesson as a page whose code cells are edited and run in the browser, offline (teacher's and students')",
  needs: [],
  outputs: [
    { file: LAB_PAGE, label: "Lab page", bytes: 6 * MB },
    { file: STUDENT_LAB_PAGE, label: "Student lab page", bytes: 6 * MB },
  ],
  async run(ctx) {
    const source = JSON.parse(readFileSync(NOTEBOOK, "utf8")) as Notebook;
    let student: Notebook;
    try {
      student = releaseStudent(source);
    } catch (e) {
      if (e instanceof ReleaseError) throw new StepError(`the students' release refused ${NOTEBOOK}: ${e.message}`);
      throw e;
    }
    const pages = [
      { file: LAB_PAGE, nb: source, title: TITLE },
      { file: STUDENT_LAB_PAGE, nb: student, title: `${TITLE}（学生版 · students' copy）` },
    ];
    for (const page of pages) {
      const html = await pageBuilder().labPageHtml(withValues(page.nb, ctx.values), {
        file: page.file,
        download: "gmm-em.ipynb",
        title: page.title,
      });
      writeFileSync(ctx.outputs.stage(page.file), html);
    }
  },
};
