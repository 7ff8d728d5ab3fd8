/**
 * Judging by comparison: the student's outputs against the library's, then against each recognised
 * mistake made on purpose (a declarative table per check), then the generic problems (it threw,
 * wrong shape, NaN, wrong values), each named with the first place it showed.
 */
import type { Bilingual } from "../words";
import type { Case } from "./cases";
import type { Outcome } from "./run-check";
import { thrownText } from "./run-check";
import { COMMON_PROBLEMS, type Judgement, shownNumber } from "./verdict";

/** A recognised mistake: its words, and the wrong answer it gives, made on purpose. */
export interface Mistake<I, O> {
  zh: string;
  en: string;
  /** The output of the mistake made on purpose. */
  make: (input: I) => O;
  /** The parts of the output that show it (default every part): the rest may be right or wrong. */
  on?: readonly string[];
  /** The cases that show it (default every case); on the others the function may do anything. */
  cases?: (c: Case<I>) => boolean;
}

/** A check that judges by comparison. `parts` names each part of an output (e.g. { r, ll }). */
export interface ComparisonTable<I, O> {
  reference: (input: I) => O;
  parts: (output: O) => Record<string, unknown>;
  mistakes: readonly Mistake<I, O>[];
  /** What a pass says was checked. */
  checked: Bilingual;
}

/** Two numbers the same to rounding (1e-7 relative), NaN equal to NaN, each infinity to itself. */
export function close(a: unknown, b: unknown): boolean {
  if (typeof a !== "number" || typeof b !== "number") return false;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The numbers of a nested array, each with where it is ("r[3][1]"). */
function entries(name: string, v: unknown, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(v)) v.forEach((e, i) => entries(`${name}[${i}]`, e, out));
  else out.push([name, v]);
  return out;
}

/** The first entry of `parts` (restricted to `on`) that differs from `expected`'s, or null. */
function firstDifference(
  got: Record<string, unknown>,
  expected: Record<string, unknown>,
  on: readonly string[] = Object.keys(expected),
): { where: string; got: unknown; expected: unknown } | null {
  for (const part of on) {
    const g = entries(part, got[part]),
      e = entries(part, expected[part]);
    if (g.length !== e.length) return { where: part, got: `${g.length} numbers`, expected: `${e.length}` };
    for (let t = 0; t < e.length; t++)
      if (g[t][0] !== e[t][0] || !close(g[t][1], e[t][1])) return { where: g[t][0], got: g[t][1], expected: e[t][1] };
  }
  return null;
}

/** The verdict of a comparison check on the outcomes of its cases. */
export function judgeByTable<I, O>(table: ComparisonTable<I, O>, outcomes: Outcome<I>[]): Judgement {
  const good = (o: Outcome<I>): o is Outcome<I> & { value: O; form: null } => "value" in o && o.form === null;
  const partsOf = (o: Outcome<I>) => table.parts((o as { value: O }).value);
  const expected = outcomes.map((o) => table.parts(table.reference(o.case.input)));
  if (outcomes.every((o, t) => good(o) && firstDifference(partsOf(o), expected[t]) === null))
    return { passed: true, checked: table.checked };
  for (const m of table.mistakes) {
    const shown = outcomes.filter((o) => m.cases?.(o.case) ?? true);
    const matches = (o: Outcome<I>) =>
      good(o) && firstDifference(partsOf(o), table.parts(m.make(o.case.input)), m.on) === null;
    if (shown.length > 0 && shown.every(matches)) return { passed: false, problem: [m.zh, m.en] };
  }
  const threw = outcomes.find((o) => "threw" in o);
  if (threw && "threw" in threw)
    return { passed: false, problem: COMMON_PROBLEMS.threw, detail: `${thrownText(threw.threw)} (${threw.case.name})` };
  const badForm = outcomes.find((o) => "value" in o && o.form !== null);
  if (badForm && "form" in badForm)
    return { passed: false, problem: COMMON_PROBLEMS.form, detail: `${badForm.form} (${badForm.case.name})` };
  for (let t = 0; t < outcomes.length; t++) {
    const diff = firstDifference(partsOf(outcomes[t]), expected[t]);
    if (diff === null) continue;
    const nan = typeof diff.got !== "number" || (Number.isNaN(diff.got) && !Number.isNaN(diff.expected));
    return {
      passed: false,
      problem: nan ? COMMON_PROBLEMS.notANumber : COMMON_PROBLEMS.wrongValue,
      detail: `${diff.where} = ${shownNumber(diff.got)}，应为 · expected ${shownNumber(diff.expected)} (${outcomes[t].case.name})`,
    };
  }
  return { passed: false, problem: COMMON_PROBLEMS.wrongValue };
}

/** What is wrong with `v` as a rows × cols table of numbers ("r"), or null. */
export function tableForm(name: string, v: unknown, rows: number, cols: number, shape: string): string | null {
  if (!Array.isArray(v)) return `${name} 应为数组 · should be an array (${shape}), got ${typeLabel(v)}`;
  if (v.length !== rows || !v.every((row) => Array.isArray(row) && row.length === cols)) {
    const got = v.every(Array.isArray) ? `${v.length} × ${(v[0] as unknown[] | undefined)?.length ?? 0}` : typeLabel(v);
    return `${name} 应为 · should be ${rows} × ${cols} (${shape}), got ${got}`;
  }
  return numbersForm(name, v);
}

/** What is wrong with `v` as an array of `length` numbers, or null. */
export function vectorForm(name: string, v: unknown, length: number, shape: string): string | null {
  if (!Array.isArray(v) || v.length !== length)
    return `${name} 应为 · should be ${length} numbers (${shape}), got ${Array.isArray(v) ? `${v.length}` : typeLabel(v)}`;
  return numbersForm(name, v);
}

/** The first entry of a table (an array of rows) that is not a number, or null. */
function numbersForm(name: string, v: unknown[]): string | null {
  for (let i = 0; i < v.length; i++) {
    const row = v[i];
    if (!Array.isArray(row)) {
      if (typeof row !== "number") return `${name}[${i}] = ${typeLabel(row)}, 应为数 · should be a number`;
      continue;
    }
    for (let c = 0; c < row.length; c++)
      if (typeof row[c] !== "number") return `${name}[${i}][${c}] = ${typeLabel(row[c])}, 应为数 · should be a number`;
  }
  return null;
}

/** What a value is, briefly: "undefined", "a string", "an object". */
export function typeLabel(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === "object" ? "an object" : `a ${typeof v} (${shownNumber(v)})`;
}
