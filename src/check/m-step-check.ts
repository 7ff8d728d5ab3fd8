/**
 * Exercise 2's check, the M-step: π, μ and Σ compared with the library's from given
 * responsibilities, with k = d (where the original's broadcast runs) among the cases, and the
 * table of mistakes it recognises.
 */
import { Matrix } from "ml-matrix";
import { type Case, type CaseRandom, copy } from "./cases";
import { judgeByTable, type Mistake, tableForm, typeLabel, vectorForm } from "./mistake-table";
import { reference } from "./reference";
import type { CheckSpec } from "./run-check";

/** The M-step's arguments, as plain arrays. */
export interface MStepInput {
  X: number[][];
  r: number[][];
}
type MStep = typeof reference.mStep;
type MStepOutput = ReturnType<MStep>;

function cases(random: CaseRandom): Case<MStepInput>[] {
  return [
    [2, 2, 30],
    [3, 2, 40],
    [2, 3, 25],
    [3, 3, 30],
  ].map(([k, d, n]) => {
    const m = random.mixture(k, d);
    return {
      name: `k = ${k}, d = ${d}, n = ${n}`,
      input: { X: random.points(m, n), r: random.responsibilities(n, k) },
    };
  });
}

/** The sums the M-step divides: Nⱼ, Σᵢ rᵢⱼ xᵢ, and Σᵢ wᵢⱼ (xᵢ − mⱼ)(xᵢ − mⱼ)ᵀ for weights w and centres m. */
const N = ({ r }: MStepInput) => r[0].map((_, j) => r.reduce((s, row) => s + row[j], 0));
const firstMoments = ({ X, r }: MStepInput) =>
  r[0].map((_, j) => X[0].map((_, c) => X.reduce((s, x, i) => s + r[i][j] * x[c], 0)));
const scatter = (X: number[][], w: (i: number) => number, m: number[]) =>
  m.map((_, a) => m.map((_, b) => X.reduce((s, x, i) => s + w(i) * (x[a] - m[a]) * (x[b] - m[b]), 0)));
const right = (input: MStepInput) => reference.mStep(new Matrix(input.X), input.r);
/** The library's answer with one part replaced: the other parts cannot tell it from the right one. */
const withPart = (input: MStepInput, part: Partial<MStepOutput>): MStepOutput => ({ ...right(input), ...part });

const UNWEIGHTED = { zh: "Σ 没有按 r 加权", en: "Σ not weighted by r" } as const;

/** The M-step's recognised mistakes, each made on purpose; the first whose parts match names the student's. */
export const M_STEP_MISTAKES: readonly Mistake<MStepInput, MStepOutput>[] = [
  {
    zh: "μⱼ 的第 c 个坐标除以了 N_c（原代码的第二个错误：numpy 的广播，k = d 时能运行）",
    en: "μⱼc divided by N_c (the original's second slip: numpy's broadcast, which runs when k = d)",
    make: (input) => withPart(input, { mu: firstMoments(input).map((s) => s.map((v, c) => v / N(input)[c])) }),
    on: ["mu"],
  },
  {
    zh: "均值除以了 n 而不是 Nⱼ",
    en: "mean divided by n instead of Nⱼ",
    make: (input) => withPart(input, { mu: firstMoments(input).map((s) => s.map((v) => v / input.X.length)) }),
    on: ["mu"],
  },
  {
    zh: "无偏协方差（除以 Nⱼ − 1）而不是最大似然估计（除以 Nⱼ）",
    en: "the unbiased covariance (divided by Nⱼ − 1) instead of the MLE (Nⱼ)",
    make: (input) => {
      const { mu } = right(input);
      const Sigma = mu.map((m, j) =>
        scatter(input.X, (i) => input.r[i][j], m).map((row) => row.map((v) => v / (N(input)[j] - 1))),
      );
      return withPart(input, { Sigma });
    },
    on: ["Sigma"],
  },
  {
    zh: "π = Nⱼ，没有除以 n",
    en: "π = Nⱼ, not divided by n",
    make: (input) => withPart(input, { pi: N(input) }),
    on: ["pi"],
  },
  ...[(_: MStepInput, j: number) => N(_)[j], (input: MStepInput) => input.X.length].map(
    (divisor): Mistake<MStepInput, MStepOutput> => ({
      ...UNWEIGHTED,
      make: (input) => {
        const { mu } = right(input);
        const Sigma = mu.map((m, j) =>
          scatter(input.X, () => 1, m).map((row) => row.map((v) => v / divisor(input, j))),
        );
        return withPart(input, { Sigma });
      },
      on: ["Sigma"],
    }),
  ),
];

export const M_STEP_CHECK: CheckSpec<MStepInput, MStep> = {
  exercise: { id: "m-step", exercise: 2, points: 2, name: "mStep", what: ["M 步", "M-step"] },
  cases,
  args: (input) => [new Matrix(input.X), copy(input.r)],
  reference: reference.mStep,
  form(output, input) {
    if (typeof output !== "object" || output === null)
      return `应返回 { pi, mu, Sigma } · should return { pi, mu, Sigma }, got ${typeLabel(output)}`;
    const { pi, mu, Sigma } = output as Partial<Record<string, unknown>>;
    const k = input.r[0].length,
      d = input.X[0].length;
    const SigmaForm = () => {
      if (!Array.isArray(Sigma) || Sigma.length !== k)
        return `Sigma 应为 ${k} 个 ${d} × ${d} 矩阵 · should be ${k} matrices of ${d} × ${d} (k of d × d), got ${typeLabel(Sigma)}`;
      for (let j = 0; j < k; j++) {
        const problem = tableForm(`Sigma[${j}]`, Sigma[j], d, d, "d × d");
        if (problem) return problem;
      }
      return null;
    };
    return vectorForm("pi", pi, k, "k") ?? tableForm("mu", mu, k, d, "k × d") ?? SigmaForm();
  },
  judge: (outcomes) =>
    judgeByTable(
      {
        reference: right,
        parts: (o) => ({ pi: o.pi, mu: o.mu, Sigma: o.Sigma }),
        mistakes: M_STEP_MISTAKES,
        checked: [
          "π、μ、Σ 与库的一致（4 组用例，含 k = d）",
          "π, μ and Σ match the library's (4 cases, k = d among them)",
        ],
      },
      outcomes,
    ),
};
