// npm run grade -- DIR [--jobs N] [--time-limit S] [--kernel tslab|deno]: grades every *.ipynb
// directly in DIR against the source notebook (notebooks/gmm-em.ipynb, or GMM_EM_NOTEBOOK's):
// each is assembled (./assemble.ts), run in a folder of its own (./run-submission.ts), and its
// checks' grade records become its row (./grade-row.ts) of DIR/grades.csv (./grades-csv.ts).
// Submissions never stop one another: one that is not a notebook, loops or crashes is a flagged
// row. A signal (SIGINT, SIGTERM) stops the kernels, removes the temporary folders, and writes nothing.
import { constants } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { checkSetUp, NOTEBOOK } from "../jupyter-env";
import { Children } from "../start/children";
import { assemble } from "./assemble";
import { type GradeOptions, parseArgs, UsageError, usage } from "./cli";
import { MAX_POINTS } from "./exercises";
import { type GradeRow, gradeRow, zeroRow } from "./grade-row";
import { writeGradesCsv } from "./grades-csv";
import { NotANotebookError, type Notebook, readNotebook } from "./notebook";
import { type RunSettings, runSubmission } from "./run-submission";
import { summary } from "./summary";

async function gradeOne(
  file: string,
  source: Notebook,
  options: GradeOptions,
  settings: RunSettings,
): Promise<GradeRow> {
  let submission: Notebook;
  try {
    submission = readNotebook(join(options.dir, file));
  } catch (e) {
    if (e instanceof NotANotebookError) return zeroRow(file, [`not a notebook: ${e.message}`]);
    return zeroRow(file, [`not read: ${(e as Error).message}`]);
  }
  const assembled = assemble(source, submission);
  try {
    return gradeRow(file, await runSubmission(assembled.notebook, settings), assembled);
  } catch (e) {
    return zeroRow(file, [...assembled.flags, `run failed: ${(e as Error).message}`]);
  }
}

/** Grades each submission, `jobs` at a time, until `stopped()`; the rows in the submissions' order. */
async function gradeAll(
  options: GradeOptions,
  source: Notebook,
  settings: RunSettings,
  stopped: () => boolean,
): Promise<GradeRow[]> {
  const rows: GradeRow[] = new Array(options.submissions.length);
  let next = 0;
  const worker = async () => {
    while (next < options.submissions.length && !stopped()) {
      const at = next++;
      rows[at] = await gradeOne(options.submissions[at], source, options, settings);
      if (!stopped()) console.log(`graded ${options.submissions[at]}: ${rows[at].total} / ${MAX_POINTS}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, options.submissions.length) }, worker));
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage());
    return 0;
  }
  let options: GradeOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`npm run grade: ${e.message}\n\n${usage()}`);
    return 1;
  }
  checkSetUp("npm run grade", options.kernel);
  const source = readNotebook(NOTEBOOK);
  const children = new Children("npm run grade", "stopping the submissions' runs; grades.csv will not be written");
  children.watchSignals();
  const settings: RunSettings = {
    kernel: options.kernel,
    timeLimit: options.timeLimit,
    spawn: (c, a, o) => children.spawn(c, a, o),
  };
  try {
    const rows = await gradeAll(options, source, settings, () => children.stopping !== undefined);
    if (children.stopping !== undefined) {
      console.error(`npm run grade: stopped by ${children.stopping}; nothing written`);
      return 128 + constants.signals[children.stopping];
    }
    const path = writeGradesCsv(options.dir, rows);
    children.releaseSignals();
    // the file relative to here when it is below here, else whole (never "../../…")
    const shown = relative(process.cwd(), path);
    console.log(`\n${summary(rows)}\n\ngrades: ${shown.startsWith("..") || isAbsolute(shown) ? path : shown}`);
    return 0;
  } finally {
    children.stopWatchingParent();
    children.stop();
    await children.stopKernels();
  }
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
