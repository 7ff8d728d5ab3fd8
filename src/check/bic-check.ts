/**
 * Exercise 5's check, BIC for full covariances: compared with the library's on random ℓ, n, k and
 * d, with the table of mistakes it recognises (each miscounts p or mishandles ℓ).
 */
import type { Case, CaseRandom } from "./cases";
import { judgeByTable, type Mistake, typeLabel } from "./mistake-table";
import { reference } from "./reference";
import type { CheckSpec } from "./run-check";

/** BIC's arguments. */
export interface BicInput {
  ll: number;
  n: number;
  k: number;
  d: number;
}
type Bic = typeof reference.bic;

function cases(random: CaseRandom): Case<BicInput>[] {
  const made = (k: number, d: number): BicInput => {
    const n = random.integer(20, 5000);
    return { ll: -random.uniform(0.5, 4) * n, n, k, d };
  };
  const inputs = [
    made(2, 2),
    made(3, 2),
    made(4, 3),
    made(2, 5),
    made(random.integer(2, 6), random.integer(2, 4)),
    made(1, 1),
  ];
  return inputs.map((input) => ({
    name: `ll = ${input.ll.toFixed(2)}, n = ${input.n}, k = ${input.k}, d = ${input.d}`,
    input,
  }));
}

/** −2ℓ + p log n with the parameters counted as `p` says. */
const withCount = (p: (k: number, d: number) => number) => (i: BicInput) => -2 * i.ll + p(i.k, i.d) * Math.log(i.n);
const right = (i: BicInput) => reference.bic(i.ll, i.n, i.k, i.d);
const P = (k: number, d: number) => k - 1 + k * d + (k * d * (d + 1)) / 2;
const SIGN = { zh: "符号反了", en: "a sign is wrong" } as const;

/** BIC's recognised mistakes, each made on purpose; the first that matches names the student's. */
export const BIC_MISTAKES: readonly Mistake<BicInput, number>[] = [
  {
    zh: "协方差数了 d² 个参数，应为 d(d + 1)/2（对称）",
    en: "d² covariance parameters instead of d(d + 1)/2 (it is symmetric)",
    make: withCount((k, d) => k - 1 + k * d + k * d * d),
  },
  {
    zh: "权重数了 k 个参数，应为 k − 1（和为 1）",
    en: "k weights counted instead of k − 1 (they sum to 1)",
    make: withCount((k, d) => P(k, d) + 1),
  },
  { zh: "ℓ 没有乘 2", en: "ℓ not doubled", make: (i) => -i.ll + P(i.k, i.d) * Math.log(i.n) },
  { ...SIGN, make: (i) => 2 * i.ll + P(i.k, i.d) * Math.log(i.n) },
  { ...SIGN, make: (i) => -right(i) },
];

export const BIC_CHECK: CheckSpec<BicInput, Bic> = {
  exercise: { id: "bic", exercise: 5, points: 1, name: "bic", what: ["BIC", "BIC"] },
  cases,
  args: (i) => [i.ll, i.n, i.k, i.d],
  reference: reference.bic,
  form: (output) => (typeof output === "number" ? null : `应返回数 · should return a number, got ${typeLabel(output)}`),
  judge: (outcomes) =>
    judgeByTable(
      {
        reference: right,
        parts: (v) => ({ BIC: v }),
        mistakes: BIC_MISTAKES,
        checked: ["与库的一致（6 组 ℓ、n、k、d）", "matches the library's (6 sets of ℓ, n, k, d)"],
      },
      outcomes,
    ),
};
