/**
 * Exercise 4's check, the lower bound L(q, θ): compared with the library's for q the posterior
 * (then L = ℓ), q random, and q with zeros (where 0 · log 0 must count as 0), with the table of
 * mistakes it recognises.
 */
import { Matrix } from "ml-matrix";
import { logGauss } from "../density/gauss";
import { type Case, type CaseRandom, copy, type Mixture } from "./cases";
import { judgeByTable, type Mistake, typeLabel } from "./mistake-table";
import { reference } from "./reference";
import type { CheckSpec } from "./run-check";

/** The lower bound's arguments, as plain arrays. */
export interface LowerBoundInput extends Mixture {
  X: number[][];
  q: number[][];
}
type LowerBound = typeof reference.lowerBound;

function cases(random: CaseRandom): Case<LowerBoundInput>[] {
  const made = (k: number, d: number, n: number, kind: "posterior" | "random" | "hard" | "some zeros") => {
    const m = random.mixture(k, d);
    const X = random.points(m, n);
    let q = random.responsibilities(n, k);
    if (kind === "posterior") q = reference.eStep(new Matrix(X), m.pi, m.mu, m.Sigma).r;
    if (kind === "hard") q = q.map((row) => row.map((v) => (v === Math.max(...row) ? 1 : 0)));
    if (kind === "some zeros") q = q.map((row, i) => (i % 3 === 0 ? row.map((_, j) => (j === i % k ? 1 : 0)) : row));
    return { name: `k = ${k}, d = ${d}, n = ${n}, q: ${kind}`, input: { ...m, X, q } };
  };
  return [made(2, 2, 30, "posterior"), made(3, 2, 30, "random"), made(2, 3, 25, "hard"), made(3, 2, 30, "some zeros")];
}

/** Σᵢ Σⱼ f(qᵢⱼ, log πⱼ N(xᵢ | μⱼ, Σⱼ)): the bound and its mistakes differ only in f. */
function sumOver(input: LowerBoundInput, f: (q: number, logJoint: number) => number): number {
  const logJoint = input.pi.map((p, j) => logGauss(input.X, input.mu[j], input.Sigma[j]).map((l) => Math.log(p) + l));
  return input.q.reduce((s, row, i) => s + row.reduce((t, q, j) => t + f(q, logJoint[j][i]), 0), 0);
}
const right = (input: LowerBoundInput) => sumOver(input, (q, l) => (q > 0 ? q * (l - Math.log(q)) : 0));

/** The lower bound's recognised mistakes, each made on purpose; the first that matches names the student's. */
export const LOWER_BOUND_MISTAKES: readonly Mistake<LowerBoundInput, number>[] = [
  {
    zh: "0 · log 0 得到 NaN（q 里有 0 时应按 0 算）",
    en: "0 · log 0 gives NaN (where q has zeros it counts as 0)",
    make: (input) => sumOver(input, (q, l) => q * (l - Math.log(q))),
  },
  {
    zh: "漏了熵项 −Σ q log q（那是 Q，不是 L）",
    en: "the entropy term −Σ q log q left out (that is Q, not L)",
    make: (input) => sumOver(input, (q, l) => (q > 0 ? q * l : 0)),
  },
  { zh: "符号反了", en: "the sign is wrong", make: (input) => -right(input) },
];

export const LOWER_BOUND_CHECK: CheckSpec<LowerBoundInput, LowerBound> = {
  exercise: { id: "lower-bound", exercise: 4, points: 1, name: "lowerBound", what: ["下界", "lower bound"] },
  cases,
  args: (input) => [new Matrix(input.X), copy(input.pi), copy(input.mu), copy(input.Sigma), copy(input.q)],
  reference: reference.lowerBound,
  form: (output) => (typeof output === "number" ? null : `应返回数 · should return a number, got ${typeLabel(output)}`),
  judge: (outcomes) =>
    judgeByTable(
      {
        reference: (input) => reference.lowerBound(new Matrix(input.X), input.pi, input.mu, input.Sigma, input.q),
        parts: (v) => ({ L: v }),
        mistakes: LOWER_BOUND_MISTAKES,
        checked: [
          "与库的一致（4 组用例：q 为后验时 L = ℓ，q 随机，q 含 0）",
          "matches the library's (4 cases: q the posterior, where L = ℓ; q random; q with zeros)",
        ],
      },
      outcomes,
    ),
};
