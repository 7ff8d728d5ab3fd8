// The grader's command line: the usage, and the arguments read and checked before any kernel
// starts. A usage error (no DIR, DIR missing, no notebooks in it, a bad option) exits 1 with the usage.
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_KERNEL, KERNEL_NAMES, type KernelName } from "../kernels";

/** Seconds a cell may run by default: the lesson's slowest cell takes a few seconds on a busy machine. */
export const DEFAULT_TIME_LIMIT = 60;
/** Kernels at once by default: one per core, at most two (each kernel keeps a core busy). */
export const DEFAULT_JOBS = Math.max(1, Math.min(2, availableParallelism()));

export function usage(): string {
  return `Usage: npm run grade -- DIR [--jobs N] [--time-limit S] [--kernel ${KERNEL_NAMES.join("|")}]
Grades every *.ipynb directly in DIR (the students' copies of notebooks/gmm-em.ipynb): each runs
headless as the source notebook with its exercise cells replaced by the submission's (the check
cells are the source's), and its checks give the points. Writes DIR/grades.csv (one row a
submission: points per exercise, total, flags, messages) and prints a summary.
  --jobs N         notebooks run at once (default ${DEFAULT_JOBS})
  --time-limit S   seconds a cell may run before the run stops there (default ${DEFAULT_TIME_LIMIT})
  --kernel NAME    the kernel that runs them: ${KERNEL_NAMES.join(" or ")} (default ${DEFAULT_KERNEL})
Flags name what the teacher should look at: "not a notebook", "edited beyond its exercise cells"
(those edits do not run), "error in SECTION", "stopped: SECTION ran longer than S s" (the points
before it count), "not graded: EXERCISE". Ctrl-C stops every run and writes nothing.
Exit status: 0 when every submission was graded (flags or not), 1 on a usage error, 2 when
npm run setup is needed, 128 + the signal's number when stopped by one.`;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export interface GradeOptions {
  dir: string;
  /** The submissions' file names, sorted. */
  submissions: string[];
  jobs: number;
  timeLimit: number;
  kernel: KernelName;
}

function positiveInteger(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not a whole number from 1 to ${max}`);
  return n;
}

/** Reads the command line; throws `UsageError` saying what is wrong. */
export function parseArgs(argv: readonly string[]): GradeOptions {
  let dir: string | undefined;
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      if (dir !== undefined)
        throw new UsageError(`one folder only (given ${JSON.stringify(dir)} and ${JSON.stringify(arg)})`);
      dir = arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = arg.slice(0, eq < 0 ? undefined : eq);
    if (!["--jobs", "--time-limit", "--kernel"].includes(flag)) throw new UsageError(`unknown option ${flag}`);
    if (given.has(flag)) throw new UsageError(`${flag} given twice`);
    if (eq >= 0) given.set(flag, arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) given.set(flag, argv[++i]);
    else throw new UsageError(`${flag} needs a value`);
  }
  const kernelText = given.get("--kernel") ?? DEFAULT_KERNEL;
  const kernel = KERNEL_NAMES.find((k) => k === kernelText);
  if (kernel === undefined)
    throw new UsageError(`--kernel: unknown kernel ${JSON.stringify(kernelText)}; known: ${KERNEL_NAMES.join(", ")}`);
  const jobs = given.has("--jobs") ? positiveInteger("--jobs", given.get("--jobs") as string, 64) : DEFAULT_JOBS;
  const timeLimit = given.has("--time-limit")
    ? positiveInteger("--time-limit", given.get("--time-limit") as string, 3600)
    : DEFAULT_TIME_LIMIT;
  if (dir === undefined) throw new UsageError("no folder of submissions given");
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${dir}: no such folder`);
  const submissions = readdirSync(folder)
    .filter((f) => f.endsWith(".ipynb") && statSync(join(folder, f)).isFile())
    .sort();
  if (submissions.length === 0) throw new UsageError(`${dir}: no *.ipynb in it`);
  return { dir: folder, submissions, jobs, timeLimit, kernel };
}
