// Running a notebook with the kernel, for npm start's steps (the teacher's notebook, the student's
// release): scripts/run_notebook.py as a child of the run, with the given values injected after
// the parameters cell, and a failed cell reported in one line.
import { join } from "node:path";
import { jupyterEnv, PYTHON, ROOT } from "../jupyter-env";
import { StepError } from "./errors";
import type { CellFailure, StepContext } from "./output-step";
import { injectedSource } from "./parameters";

/** "the cell "EM 算法 · apply_gmm" (cell 12) failed: GmmSingularCovarianceError: …" */
export function cellFailure(f: CellFailure): string {
  const where =
    f.index === undefined
      ? "a cell"
      : `the cell ${f.section ? `"${f.section}" ` : ""}(cell ${f.index + 1}${f.count ? ` of ${f.count}` : ""})`;
  const what = f.ename ? `${f.ename}: ${f.evalue ?? ""}` : (f.evalue ?? "");
  return `${where} failed: ${what.trim()}`;
}

export interface NotebookRun {
  /** The notebook to run (only read). */
  input: string;
  /** Where the executed copy goes (a staged path; it may be `input` itself). */
  executed: string;
  /** The folder the kernel runs in, where the notebook's relative imports resolve (default: `input`'s). */
  runIn?: string;
  /** What a failure message starts with ("the student's notebook: "), when it is not the lesson's own run. */
  what?: string;
}

/** Runs `run.input` with `ctx`'s kernel and values; throws StepError naming the failed cell. */
export async function runNotebook(ctx: StepContext, run: NotebookRun): Promise<void> {
  const args = [
    join(ROOT, "scripts", "run_notebook.py"),
    run.input,
    "--executed",
    run.executed,
    "--report-fd",
    "3",
    "--parent-pid",
    String(process.pid),
    "--kernel",
    ctx.kernel,
  ];
  if (run.runIn !== undefined) args.push("--run-in", run.runIn);
  if (Object.keys(ctx.values).length > 0) args.push("--inject-source", injectedSource(ctx.values));
  const result = await ctx.spawn(PYTHON, args, { env: jupyterEnv(), reports: true });
  if (result.code === 0) return;
  const what = run.what ?? "";
  const failed = result.reports.find((r) => r.failed !== undefined)?.failed;
  if (failed !== undefined) throw new StepError(`${what}${cellFailure(failed)}`);
  throw new StepError(
    `${what}running the notebook failed (${result.signal ?? `exit code ${result.code}`}); see the messages above`,
  );
}
