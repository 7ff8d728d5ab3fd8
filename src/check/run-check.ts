/**
 * How every check runs: its cases from a seed, the student's function called on each under the
 * time limit, the judgement, the printed verdict, the grade record, and the function later cells
 * should use (the student's when it passed, else the library's). Never throws for what the
 * student's function does; a bad `options` is a `GmmInputError`.
 */
import { GmmInputError } from "../errors";
import { checkOptionNames, optionNames, shown } from "../validate";
import { type Case, CaseRandom, seedOf } from "./cases";
import { writeGradeRecord } from "./grade-record";
import { callWithin } from "./time-limit";
import {
  COMMON_PROBLEMS,
  type Exercise,
  fallbackLine,
  type Judgement,
  notWritten,
  seedLine,
  verdictLine,
} from "./verdict";

/** A check's options. */
export interface CheckOptions {
  /** The seed of the cases (default: a fresh one, printed, so that the same cases can be run again). */
  seed?: number;
  /** How long one call of the student's function may take, in ms (default 2000; Node only). */
  timeLimit?: number;
}
const CHECK_OPTIONS = optionNames<CheckOptions>({ seed: true, timeLimit: true });
const DEFAULT_TIME_LIMIT = 2000;
const MAX_TIME_LIMIT = 2 ** 31 - 1;

/** What the student's function did on one case: its value (with what is wrong with its form, if anything) or what it threw. */
export type Outcome<I> = { case: Case<I> } & ({ value: unknown; form: string | null } | { threw: unknown });

/** One exercise's check: its cases, how its function is called, what its output must look like, and how it is judged. */
export interface CheckSpec<I, F extends (...args: never[]) => unknown> {
  exercise: Exercise;
  cases(random: CaseRandom): Case<I>[];
  /** The arguments of one call (fresh copies: a function may change what it is given). */
  args(input: I): Parameters<F>;
  reference: F;
  /** What is wrong with the form of an output (shape, type), or null. */
  form(output: unknown, input: I): string | null;
  /** The verdict once every case has been called (none looped, none unwritten). */
  judge(outcomes: Outcome<I>[]): Judgement;
}

/** A thrown value as a message shows it: "TypeError: x is undefined". */
export function thrownText(e: unknown): string {
  if (typeof e === "object" && e !== null && "message" in e)
    return `${String((e as Error).name ?? "Error")}: ${String((e as Error).message)}`;
  return `${shown(e)}`;
}

function isNotWritten(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as Error).name === "GmmNotWrittenError";
}

/** Calls `f` on every case; a loop or an unwritten exercise ends the calls with its judgement. */
function judgeCalls<I, F extends (...args: never[]) => unknown>(
  spec: CheckSpec<I, F>,
  f: unknown,
  seed: number,
  timeLimit: number,
): Judgement {
  if (typeof f !== "function")
    return { passed: false, problem: COMMON_PROBLEMS.notAFunction, detail: `${spec.exercise.name} = ${shown(f)}` };
  const outcomes: Outcome<I>[] = [];
  for (const c of spec.cases(new CaseRandom(seed))) {
    const result = callWithin(f as F, spec.args(c.input), timeLimit);
    if ("timedOut" in result)
      return {
        passed: false,
        problem: COMMON_PROBLEMS.loop,
        detail: `${timeLimit} ms 后停止 · stopped after ${timeLimit} ms (${c.name})`,
      };
    if ("threw" in result) {
      if (isNotWritten(result.threw)) return { passed: false, problem: notWritten(spec.exercise.exercise) };
      outcomes.push({ case: c, threw: result.threw });
    } else outcomes.push({ case: c, value: result.value, form: spec.form(result.value, c.input) });
  }
  return spec.judge(outcomes);
}

/** Runs `spec` on the student's `f`: prints the verdict, writes the grade record, returns what later cells should use. */
export function runCheck<I, F extends (...args: never[]) => unknown>(
  spec: CheckSpec<I, F>,
  f: unknown,
  options: unknown,
): F {
  const o = (options ?? {}) as CheckOptions;
  checkOptionNames("options", o, CHECK_OPTIONS);
  const seed = seedOf(o.seed);
  const timeLimit = o.timeLimit ?? DEFAULT_TIME_LIMIT;
  // node:vm takes a timeout up to 2³¹ − 1 ms (about 24 days).
  if (typeof timeLimit !== "number" || !(timeLimit > 0 && timeLimit <= MAX_TIME_LIMIT))
    throw new GmmInputError(
      "options.timeLimit",
      `must be a number of milliseconds from 1 to ${MAX_TIME_LIMIT}, got ${shown(timeLimit)}`,
    );
  let judgement: Judgement;
  try {
    judgement = judgeCalls(spec, f, seed, Math.ceil(timeLimit));
  } catch (e) {
    // The check's own code failed (a student's output it did not foresee): say so, never throw.
    judgement = { passed: false, problem: COMMON_PROBLEMS.checkFailed, detail: thrownText(e) };
  }
  const { exercise } = spec;
  const messages = [verdictLine(exercise, judgement), seedLine(exercise, seed)];
  if (!judgement.passed) messages.push(fallbackLine(exercise));
  for (const line of messages) console.log(line);
  writeGradeRecord({
    id: exercise.id,
    exercise: exercise.exercise,
    points: judgement.passed ? exercise.points : 0,
    max: exercise.points,
    passed: judgement.passed,
    messages,
    seed,
  });
  return judgement.passed ? (f as F) : spec.reference;
}
