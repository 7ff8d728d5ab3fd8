// npm start's output steps, declared once: OUTPUT_STEPS below. Each step names itself (what
// `--only` takes), the files it writes with their labels, and the steps whose files it reads. The
// usage, the output folder's checks, the run, the final listing and the tests all read this
// declaration: a new output is one more entry.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LiveOptions } from "../../src/index";
import { studentStep } from "../class-kit/step";
import { haveChromium } from "../export/chromium";
import { slidesStep } from "../export/slides";
import { EXPORT_STEP, exportStep } from "../export/step";
import { StillCache } from "../export/still-cache";
import { NOTEBOOK, ROOT } from "../jupyter-env";
import { labStep } from "../lab/step";
import { UsageError } from "./errors";
import { MB, type OutputStep } from "./output-step";
import { checkParameters, type GivenValues, parametersCell } from "./parameters";
import { runNotebook } from "./run-notebook";

export const EXECUTED = "gmm-em.ipynb";
export const LIVE_PAGE = "gmm-em-live.html";

/** The notebook's result line ("Final (iteration …): π = …"), from an executed notebook's printed output. */
export function resultLine(executedPath: string): string | undefined {
  const nb = JSON.parse(readFileSync(executedPath, "utf8")) as {
    cells: { outputs?: { output_type: string; text?: string | string[] }[] }[];
  };
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type !== "stream") continue;
      const text = Array.isArray(out.text) ? out.text.join("") : (out.text ?? "");
      const line = text.split("\n").find((l) => l.startsWith("Final (iteration "));
      if (line) return line;
    }
  }
  return undefined;
}

/** The notebook, executed by nbclient with the chosen kernel (scripts/run_notebook.py), trusted. */
const notebookStep: OutputStep = {
  name: "notebook",
  summary: "the notebook, executed headless with the kernel (tslab by default), trusted",
  needs: [],
  outputs: [{ file: EXECUTED, label: "Executed notebook", bytes: 6 * MB }],
  run: (ctx) => runNotebook(ctx, { input: NOTEBOOK, executed: ctx.outputs.stage(EXECUTED) }),
  result: (outputs) => resultLine(outputs.stagedPath(EXECUTED)) ?? "(the notebook printed no result line)",
};

/**
 * What the live page opens on: the notebook's parameters cell with the values npm start was given
 * (every one the page shows: the data, the start, maxIter and tol), as the notebook's run takes them.
 */
export function livePageOptions(values: GivenValues): LiveOptions {
  const { liveOptionsFromNotebook } = require(join(ROOT, "dist")) as typeof import("../../src/index");
  // Plain JSON (as the page takes it): checkParameters evaluates the cell in a context of its own, with its own Array.
  return JSON.parse(JSON.stringify(liveOptionsFromNotebook(checkParameters(parametersCell(NOTEBOOK), values))));
}

/** The live page, one self-contained HTML file, opening on the run's parameters (the library's livePageHtml). */
const liveStep: OutputStep = {
  name: "live",
  summary: "the live page (EM in a browser, offline, from the same parameters)",
  needs: [],
  outputs: [{ file: LIVE_PAGE, label: "Live page", bytes: 2.5 * MB }],
  async run(ctx) {
    const { livePageHtml } = require(join(ROOT, "dist", "jupyter")) as typeof import("../../src/jupyter");
    writeFileSync(ctx.outputs.stage(LIVE_PAGE), livePageHtml(livePageOptions(ctx.values)));
  },
};

/** The teacher's export's stills, reused by the students' export (the same figures). */
const stills = new StillCache();
const student = studentStep({ name: "gmm-em", livePage: LIVE_PAGE, stillsFrom: { step: EXPORT_STEP, stills } });
const pageStep = exportStep(notebookStep, { keyFor: student, stills });

/**
 * A run's steps, in order: a step comes after the steps it needs, whose staged files it reads. A
 * step starts once those are done: the students' run starts with the teacher's (./schedule.ts).
 */
export const OUTPUT_STEPS: readonly OutputStep[] = [
  notebookStep,
  pageStep,
  liveStep,
  slidesStep(pageStep, EXECUTED),
  student,
  labStep,
];

/** The steps named in `only` and the steps they need, in the declaration's order (all of them without `only`). */
export function selectSteps(only?: readonly string[]): OutputStep[] {
  if (only === undefined) return [...OUTPUT_STEPS];
  const byName = new Map(OUTPUT_STEPS.map((s) => [s.name, s]));
  const chosen = new Set<string>();
  const add = (name: string) => {
    const step = byName.get(name);
    if (step === undefined)
      throw new UsageError(`--only: unknown step ${JSON.stringify(name)}; known: ${[...byName.keys()].join(", ")}`);
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const need of step.needs) add(need);
  };
  for (const name of only) add(name);
  return OUTPUT_STEPS.filter((s) => chosen.has(s.name));
}

/** The names of the files `steps` write, in order; without Chromium, not those that need it. */
export function outputFiles(steps: readonly OutputStep[] = OUTPUT_STEPS, chromium = haveChromium()): string[] {
  return steps.flatMap((s) => s.outputs.filter((o) => chromium || !o.needsChromium).map((o) => o.file));
}
