// npm start [-- --seed 7 --variance1 2 … --out-dir DIR --only STEP,… --kernel tslab|deno]: runs
// notebooks/gmm-em.ipynb headless with the tslab kernel (or Deno's) and writes what its output steps make
// (declared in ./steps.ts: `npm start -- --help` lists them) into out/. Given values go into a
// cell after the one tagged `parameters` (papermill's convention); they are checked
// (./parameters.ts), with the output folder (./output-folder.ts), before any kernel starts.
// notebooks/ is only read, and no file the project tracks is ever written.
//
// Steps that do not need each other's files run at once (./schedule.ts). What a run writes, it
// writes through one OutputSet (./output-folder.ts): each step writes its
// files to temporary paths in the output folder, and only when every step has succeeded are they
// all renamed into place together; on a failure or a signal (SIGINT, SIGTERM, SIGHUP) they are
// removed, every child process (and the kernel) is stopped (./children.ts), and the previous
// run's files stay as they were; a step that fails stops the others the same way.
import { constants } from "node:os";
import { relative } from "node:path";
import { sweepChromiumFolders } from "../export/chromium";
import { checkSetUp } from "../jupyter-env";
import { Children } from "./children";
import { type CommandLine, readCommandLine } from "./cli";
import { StepError } from "./errors";
import { OutputSet } from "./output-folder";
import type { StepContext } from "./output-step";
import { fileErrorCause } from "./room";
import { runSteps } from "./schedule";
import { OUTPUT_STEPS } from "./steps";

type Run = Extract<CommandLine, { kind: "run" }>;

/** Runs the steps into the output folder; the exit code (128 + the signal's number when stopped by one). */
async function run({ values, options }: Run): Promise<number> {
  // What a killed run's Chromium left in $TMPDIR (the output folder's staged files: OutputSet's sweep).
  sweepChromiumFolders();
  const children = new Children();
  // Every step's files, not only this run's: what a killed run of other steps left is removed too.
  const outputs = new OutputSet(
    options.outDir,
    OUTPUT_STEPS.flatMap((s) => s.outputs.map((o) => o.file)),
  );
  children.watchSignals();
  const ctx: Omit<StepContext, "ended"> = {
    values,
    kernel: options.kernel,
    steps: options.steps.map((s) => s.name),
    outputs,
    spawn: (c, a, o) => children.spawn(c, a, o),
    onStop: (close) => children.onStop(close),
  };
  const folder = relative(process.cwd(), options.outDir) || ".";
  let status = 0;
  try {
    await runSteps(options.steps, (step, ended) => step.run({ ...ctx, ended }), {
      stopped: () => children.stopping !== undefined,
      onFailure: () => children.stop(false, true),
    });
    if (children.stopping === undefined) {
      const results = options.steps.flatMap((s) => (s.result ? [s.result(outputs)] : []));
      const written = outputs.commit();
      // Written: from here a signal just ends the process (there is nothing left to undo).
      children.releaseSignals();
      for (const step of options.steps) {
        for (const o of step.outputs) {
          if (written.includes(o.file))
            console.log(`${`${o.label}:`.padEnd(19)}${relative(process.cwd(), outputs.finalPath(o.file))}`);
        }
      }
      for (const line of results) console.log(line);
    }
  } catch (e) {
    if (children.stopping === undefined) {
      // A file-system problem met during the run (a disk that filled): one line, naming the folder.
      const cause = fileErrorCause(e);
      const what = cause === undefined ? undefined : `${(e as NodeJS.ErrnoException).path ?? `${folder}/`}: ${cause}`;
      console.error(`npm start: ${e instanceof StepError ? e.message : (what ?? (e as Error).stack ?? String(e))}`);
      console.error(`npm start: nothing written; ${folder}/ holds what it held before`);
      status = 1;
    }
  } finally {
    children.stopWatchingParent();
    children.stop();
    outputs.discard();
    await children.stopKernels();
  }
  if (children.stopping !== undefined) {
    console.error(`npm start: stopped by ${children.stopping}; ${folder}/ holds what it held before`);
    return 128 + constants.signals[children.stopping];
  }
  return status;
}

export async function main(argv: string[]): Promise<number> {
  const command = readCommandLine(argv);
  if (command.kind === "help") {
    console.log(command.stdout);
    return command.exitCode;
  }
  if (command.kind === "refused") {
    console.error(command.stderr);
    return command.exitCode;
  }
  checkSetUp("npm start", command.options.kernel);
  return run(command);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
