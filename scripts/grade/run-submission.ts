// One submission's run: the assembled notebook, executed headless by scripts/run_notebook.py in a
// temporary folder of its own ($TMPDIR/gmm-em-grade-*, removed after, also when a signal stops the
// grader) laid out as the project is (notebooks/ beside dist/, so that the notebook's
// `../dist/index.js` resolves), with a time limit per cell and errors allowed; its checks append
// their grade records to GMM_EM_GRADE_FILE in that folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jupyterEnv, PYTHON, ROOT } from "../jupyter-env";
import type { KernelName } from "../kernels";
import type { ChildReport, ChildResult, SpawnOptions } from "../start/output-step";
import type { Notebook } from "./notebook";

/** Where and how a cell failed, as run_notebook.py reports it. */
export type CellReport = NonNullable<ChildReport["cell_error"]>;

export interface RunOutcome {
  /** The grade file's lines, in the order the checks wrote them. */
  records: string[];
  /** The cells that threw. */
  errors: CellReport[];
  /** The cell that ran past the time limit (the run stopped there). */
  timedOut?: CellReport & { seconds?: number };
  /** The cell that was running when the run stopped otherwise (the kernel died). */
  stopped?: CellReport;
  /** How the run ended when it ended otherwise still (run_notebook.py itself failed). */
  crash?: string;
}

export interface RunSettings {
  kernel: KernelName;
  /** Seconds a cell may run. */
  timeLimit: number;
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<ChildResult>;
}

/** The project's parts the notebook reaches from its folder: `../dist/index.js`, and the packages dist/ imports. */
const LINKED = ["dist", "node_modules", "package.json"];

export async function runSubmission(notebook: Notebook, settings: RunSettings): Promise<RunOutcome> {
  const folder = mkdtempSync(join(tmpdir(), "gmm-em-grade-"));
  try {
    for (const name of LINKED) symlinkSync(join(ROOT, name), join(folder, name));
    mkdirSync(join(folder, "notebooks"));
    const input = join(folder, "notebooks", "submission.ipynb");
    writeFileSync(input, JSON.stringify(notebook));
    const gradeFile = join(folder, "grades.jsonl");
    writeFileSync(gradeFile, "");
    const args = [
      join(ROOT, "scripts", "run_notebook.py"),
      input,
      "--executed",
      join(folder, "executed.ipynb"),
      "--kernel",
      settings.kernel,
      "--timeout",
      String(settings.timeLimit),
      "--allow-errors",
      "--report-fd",
      "3",
      "--parent-pid",
      String(process.pid),
    ];
    const run = await settings.spawn(PYTHON, args, {
      env: jupyterEnv({ ...process.env, GMM_EM_GRADE_FILE: gradeFile }),
      cwd: folder,
      reports: true,
    });
    const outcome: RunOutcome = {
      records: readFileSync(gradeFile, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== ""),
      errors: run.reports.flatMap((r) => (r.cell_error ? [r.cell_error] : [])),
    };
    const timedOut = run.reports.find((r) => r.timed_out)?.timed_out;
    const stopped = run.reports.find((r) => r.stopped)?.stopped;
    if (timedOut) outcome.timedOut = timedOut;
    else if (stopped) outcome.stopped = stopped;
    else if (run.code !== 0) outcome.crash = run.signal ? `stopped by ${run.signal}` : `ended with code ${run.code}`;
    return outcome;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
