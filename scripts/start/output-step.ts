// What an output step of npm start is: its name, the files it writes, the steps it needs, and how
// it runs. The steps themselves are declared in ./steps.ts (and the export's in
// scripts/export/step.ts); this module holds only their shape, so that a step's module and the
// declaration both import it and neither imports the other.
import type { KernelName } from "../kernels";
import type { OutputSet } from "./output-folder";
import type { GivenValues } from "./parameters";

/** A megabyte, for the files' sizes. */
export const MB = 1024 * 1024;

/** One file a step writes into the output folder. */
export interface OutputFile {
  /** Its name in the output folder. */
  file: string;
  /** What it is, printed beside its path at the end of a run (e.g. "HTML"). */
  label: string;
  /** Written only when Chromium is there (scripts/export/chromium.ts); otherwise the step says why and leaves it out. */
  needsChromium?: boolean;
  /** About how large it is, with room to spare (the lesson's are about half of this): the output folder must have this free. */
  bytes: number;
}

/** What a child process reports on fd 3, one JSON object a line (scripts/run_notebook.py's reports). */
export interface ChildReport {
  /** The kernel's process group, to stop when the run ends. */
  kernel?: number;
  /** The kernel's connection file, to remove when the run ends. */
  connection_file?: string;
  /** The cell that failed. */
  failed?: CellFailure;
  /** A cell that failed, the run going on (run_notebook.py --allow-errors: the grader's runs). */
  cell_error?: CellFailure;
  /** The cell that ran longer than the time limit: the run stopped there. */
  timed_out?: CellFailure & { seconds?: number };
  /** The cell that was running when the run stopped otherwise (with --allow-errors: a kernel that died). */
  stopped?: CellFailure;
}

/** Where and how a cell failed, as scripts/run_notebook.py reports it. */
export interface CellFailure {
  /** The cell's index in the notebook, and the number of cells. */
  index?: number;
  count?: number;
  /** The heading of the section the cell is in. */
  section?: string | null;
  ename?: string | null;
  evalue?: string;
}

/** A child process's end, and the reports it made on fd 3 (when asked to). */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  reports: ChildReport[];
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** fd 3 is a pipe whose JSON lines are collected (`ChildResult.reports`). */
  reports?: boolean;
}

/** What an output step is given. */
export interface StepContext {
  /** The given parameter values (by the cell's variable names). */
  values: GivenValues;
  /** The kernel that runs the notebook. */
  kernel: KernelName;
  /** The names of the run's steps (all, or those --only chose and the steps they need). */
  steps: readonly string[];
  /**
   * Resolves when step `name` has ended (at once when it is not in the run; rejects when it failed):
   * for a step that reuses what another made (the students' export, the teacher's stills) without
   * needing its files, so that it starts without waiting for it.
   */
  ended(name: string): Promise<void>;
  /** Where the run's files go: `outputs.stage(file)` for each of the step's files, `outputs.stagedPath(file)` for an earlier step's. */
  outputs: OutputSet;
  /**
   * Starts a child process in a process group of its own, which a signal to npm start stops
   * (SIGTERM, then SIGKILL after a grace period); stdout and stderr go to the console. With
   * `reports`, fd 3 is a pipe whose JSON lines are collected; a line {"kernel": pid} names a
   * process group to stop when the run ends.
   */
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<ChildResult>;
  /**
   * Registers `close`, which ends something the step started that is not a child process of its
   * own (the export's Chromium), to be called when a signal stops the run; returns the function
   * that unregisters it (call it when the thing has ended).
   */
  onStop(close: () => Promise<void>): () => void;
}

/** One step of a run: the files it writes into the output folder, and how. */
export interface OutputStep {
  /** What `--only` calls it (e.g. "notebook"). */
  name: string;
  /** What it makes, for the usage (e.g. "the page and the A4 handout"). */
  summary: string;
  /** The steps whose staged files it reads: they run before it, and `--only` runs them with it. */
  needs: string[];
  /** The files it writes, by name in the output folder. */
  outputs: OutputFile[];
  /** Writes each of `outputs` to `ctx.outputs.stage(file)`, whole; throws `StepError` to fail the run. */
  run(ctx: StepContext): Promise<void>;
  /** A line printed after the written files (read from what the step staged, before they are committed). */
  result?(outputs: OutputSet): string;
}
