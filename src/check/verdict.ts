/**
 * The checks' words: one line for the verdict, in the house style of the notebook's prints
 * (Chinese · English), the seed line, and the line that says the library's function is used below.
 */
import type { Bilingual } from "../words";

/** Which exercise a check is about, as its messages and its grade record name it. */
export interface Exercise {
  /** The grade id, e.g. "e-step". */
  id: string;
  /** Its number in the notebook. */
  exercise: number;
  /** Points when it passes (all or nothing). */
  points: number;
  /** The function the student writes, e.g. "eStep". */
  name: string;
  /** What the library's function is, for "the cells below use the library's …". */
  what: Bilingual;
}

/** What a check found: passed (and what was checked), or what is wrong (and where it showed). */
export type Judgement = { passed: true; checked: Bilingual } | { passed: false; problem: Bilingual; detail?: string };

/** Problems every check can name. */
export const COMMON_PROBLEMS = {
  notAFunction: ["不是函数", "not a function"],
  threw: ["调用时抛出了错误", "it threw an error"],
  loop: ["超时（死循环？）", "too slow (a loop that never ends?)"],
  form: ["形状或类型不对", "wrong shape or type"],
  notANumber: ["得到 NaN 或非数", "NaN or not a number"],
  wrongValue: ["数值不对", "wrong values"],
  checkFailed: ["检查本身出错", "the check itself failed"],
} as const satisfies Record<string, Bilingual>;

/** An exercise whose function throws `GmmNotWrittenError`: the error's own words. */
export const notWritten = (exercise: number): Bilingual => [
  `还没写（练习 ${exercise}）`,
  `not written yet (exercise ${exercise})`,
];

const heading = (e: Exercise) => `练习 ${e.exercise} · Exercise ${e.exercise} (${e.name})`;

/** The verdict line: "✓ 练习 1 · Exercise 1 (eStep): 通过 · passed — …" or "✗ …: <zh> · <en>: <detail>". */
export function verdictLine(e: Exercise, j: Judgement): string {
  if (j.passed) return `✓ ${heading(e)}: 通过 · passed — ${j.checked[0]} · ${j.checked[1]}`;
  return `✗ ${heading(e)}: ${j.problem[0]} · ${j.problem[1]}${j.detail ? ` — ${j.detail}` : ""}`;
}

/** How to run the same cases again. */
export function seedLine(e: Exercise, seed: number): string {
  return `种子 · seed ${seed}: check.${e.name}(${e.name}, { seed: ${seed} }) 重复这些用例 · repeats these cases`;
}

/** After a failure: later cells get the library's function. */
export function fallbackLine(e: Exercise): string {
  // A space between Chinese and Latin letters ("库里的 E 步"), none between Chinese words ("库里的下界").
  const space = /^[A-Za-z]/.test(e.what[0]) ? " " : "";
  return `下面的单元用库里的${space}${e.what[0]} · the cells below use the library's ${e.what[1]}`;
}

/** A number as the messages show it: up to 6 significant digits. */
export function shownNumber(v: unknown): string {
  if (typeof v !== "number")
    return v === undefined ? "undefined" : typeof v === "string" ? JSON.stringify(v) : String(v);
  return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
}
