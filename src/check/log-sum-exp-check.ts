/**
 * Exercise 3's check, logSumExp: compared with the library's on ordinary arrays, on entries of
 * ±1000 (where exp overflows or underflows without the shift by the largest entry), on −∞ entries
 * and on the empty array, with the table of mistakes it recognises.
 */
import type { Case, CaseRandom } from "./cases";
import { judgeByTable, type Mistake, typeLabel } from "./mistake-table";
import { reference } from "./reference";
import type { CheckSpec } from "./run-check";

type LogSumExp = typeof reference.logSumExp;

/** −∞ entries or nothing at all: what the shift by the largest entry must handle on its own. */
const special = (c: Case<number[]>) => c.input.length === 0 || c.input.includes(-Infinity);

function cases(random: CaseRandom): Case<number[]>[] {
  const ordinary = [1, 3, 5, 8].map((n) => Array.from({ length: n }, () => 3 * random.normal()));
  const big = (sign: number) => Array.from({ length: 4 }, () => sign * 1000 + random.uniform(-2, 2));
  const inputs = [
    ...ordinary,
    big(1),
    big(-1),
    [-Infinity, random.normal(), random.normal()],
    [-Infinity, -Infinity],
    [],
  ];
  const shown = (a: number[]) => `[${a.map((v) => (Number.isFinite(v) ? v.toFixed(2) : String(v))).join(", ")}]`;
  return inputs.map((input) => ({ name: `a = ${shown(input)}`, input }));
}

const naive = (a: number[]) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
const top = (a: number[]) => Math.max(...a);

/** logSumExp's recognised mistakes, each made on purpose; the first that matches names the student's. */
export const LOG_SUM_EXP_MISTAKES: readonly Mistake<number[], number>[] = [
  {
    zh: "没有先减去最大值：±1000 的项上溢或下溢",
    en: "no shift by the largest entry: entries of ±1000 overflow or underflow",
    make: naive,
    cases: (c) => !special(c),
  },
  {
    zh: "减去的最大值没有加回来",
    en: "the largest entry subtracted but not added back",
    make: (a) => naive(a.map((v) => v - top(a))),
    cases: (c) => !special(c),
  },
  {
    zh: "−∞ 的项或空数组处理错了（应得 −∞）",
    en: "−∞ entries or the empty array mishandled (the answer is −∞)",
    make: reference.logSumExp,
    cases: (c) => !special(c),
  },
];

export const LOG_SUM_EXP_CHECK: CheckSpec<number[], LogSumExp> = {
  exercise: { id: "log-sum-exp", exercise: 3, points: 1, name: "logSumExp", what: ["logSumExp", "logSumExp"] },
  cases,
  args: (input) => [[...input]],
  reference: reference.logSumExp,
  form: (output) => (typeof output === "number" ? null : `应返回数 · should return a number, got ${typeLabel(output)}`),
  judge: (outcomes) =>
    judgeByTable(
      {
        reference: reference.logSumExp,
        parts: (v) => ({ value: v }),
        mistakes: LOG_SUM_EXP_MISTAKES,
        checked: [
          "与库的一致（9 组用例：±1000 的项、−∞ 的项、空数组）",
          "matches the library's (9 cases: entries of ±1000, −∞ entries, [])",
        ],
      },
      outcomes,
    ),
};
