/**
 * Exercise 1's check, the E-step: r and ℓ compared with the library's on mixtures of 1–3 dimensions,
 * one case with a point 40σ from every component (where an E-step without log-sum-exp divides 0 by 0),
 * and the table of mistakes it recognises.
 */
import { Matrix } from "ml-matrix";
import { type Case, type CaseRandom, cholesky, copy, type Mixture } from "./cases";
import { judgeByTable, type Mistake, tableForm, typeLabel } from "./mistake-table";
import { reference } from "./reference";
import type { CheckSpec } from "./run-check";

/** The E-step's arguments, as plain arrays. */
export interface EStepInput extends Mixture {
  X: number[][];
}
type EStep = typeof reference.eStep;
type EStepOutput = ReturnType<EStep>;

const LOG_2PI = Math.log(2 * Math.PI);

/** The Mahalanobis distance a far point keeps from every component: exp(−40²/2) underflows to 0. */
const FAR_SIGMAS = 40;

/** (x − m)ᵀ A (x − m) for A = Σ⁻¹ (as |L⁻¹ (x − m)|², Σ = L Lᵀ) or A = Σ itself (a mistake's). */
function quadratic(x: number[], m: number[], S: number[][], A: "inverse" | "Sigma"): number {
  const v = x.map((xc, c) => xc - m[c]);
  if (A === "Sigma") return v.reduce((s, va, a) => s + va * v.reduce((t, vb, b) => t + S[a][b] * vb, 0), 0);
  const L = cholesky(S);
  const y: number[] = [];
  v.forEach((va, a) => y.push((va - y.reduce((s, yb, b) => s + L[a][b] * yb, 0)) / L[a][a]));
  return y.reduce((s, ya) => s + ya * ya, 0);
}

/** A point at least `FAR_SIGMAS` standard deviations from every component of `m`. */
function farPoint(random: CaseRandom, m: Mixture): number[] {
  const d = m.mu[0].length;
  const centre = m.mu[0].map((_, c) => m.mu.reduce((s, mj) => s + mj[c], 0) / m.mu.length);
  const u = Array.from({ length: d }, () => random.normal());
  const norm = Math.hypot(...u);
  for (let R = 1; ; R *= 1.05) {
    const x = centre.map((c, a) => c + (R * u[a]) / norm);
    if (m.mu.every((mj, j) => quadratic(x, mj, m.Sigma[j], "inverse") >= FAR_SIGMAS ** 2)) return x;
  }
}

function cases(random: CaseRandom): Case<EStepInput>[] {
  const made = ([k, d, n]: number[]) => {
    const m = random.mixture(k, d);
    return { name: `k = ${k}, d = ${d}, n = ${n}`, input: { ...m, X: random.points(m, n) } };
  };
  const near = [
    [2, 2, 30],
    [3, 2, 40],
    [2, 3, 25],
    [3, 1, 20],
  ].map(made);
  const m = random.mixture(2, 2);
  const X = [...random.points(m, 19), farPoint(random, m)];
  return [
    ...near,
    {
      name: `k = 2, d = 2, n = 20, X[19] 离各分量 ${FAR_SIGMAS}σ · ${FAR_SIGMAS}σ from every component`,
      input: { ...m, X },
    },
  ];
}

/** log N(x | μ, Σ) with the quadratic form's matrix and log det given: the correct density and two mistaken ones. */
function logDensities(input: EStepInput, A: "inverse" | "Sigma", logDetSign: 1 | -1): number[][] {
  const d = input.mu[0].length;
  return input.mu.map((m, j) => {
    const S = input.Sigma[j];
    const logDet = 2 * cholesky(S).reduce((s, row, a) => s + Math.log(row[a]), 0);
    return input.X.map((x) => -0.5 * (d * LOG_2PI + logDetSign * logDet + quadratic(x, m, S, A)));
  });
}

/** Rows from per-component columns ([j][i] → [i][j]), each row through `row`. */
const byRow = (cols: number[][], row: (values: number[]) => number[]) =>
  cols[0].map((_, i) => row(cols.map((c) => c[i])));
const logSum = (v: number[]) => {
  const top = Math.max(...v);
  return top === -Infinity ? top : top + Math.log(v.reduce((s, x) => s + Math.exp(x - top), 0));
};
const normalisedInLogs = (v: number[]) => v.map((x) => Math.exp(x - logSum(v)));
const withPi = (input: EStepInput, logs: number[][]) => logs.map((col, j) => col.map((l) => Math.log(input.pi[j]) + l));
const rOnly = (r: number[][]): EStepOutput => ({ r, ll: Number.NaN });

/** Without log-sum-exp: π N divided by its sum, which is 0 for a far point (then NaN, or 0 where the student guards it). */
const direct = (input: EStepInput, guarded: boolean) =>
  rOnly(
    byRow(withPi(input, logDensities(input, "inverse", 1)), (v) => {
      const p = v.map(Math.exp);
      const s = p.reduce((a, b) => a + b, 0);
      return p.map((x) => (guarded && s === 0 ? 0 : x / s));
    }),
  );

const NO_LOG_SUM_EXP = {
  zh: `没有用 log-sum-exp：离各分量 ${FAR_SIGMAS}σ 的点得到 NaN 或 0 的行`,
  en: `no log-sum-exp: a point ${FAR_SIGMAS}σ from every component gets a row of NaN or 0`,
} as const;
const INVERSE = {
  zh: "该用 Σ⁻¹ 的地方用了 Σ（密度算在逆矩阵下）",
  en: "Σ used where Σ⁻¹ belongs (the density under the inverse)",
} as const;

/** The E-step's recognised mistakes, each made on purpose; the first whose parts match names the student's. */
export const E_STEP_MISTAKES: readonly Mistake<EStepInput, EStepOutput>[] = [
  {
    zh: "r 里漏了 π（r ∝ N：原代码的第一个错误）",
    en: "π left out of r (r ∝ N: the original's first slip)",
    make: (input) => rOnly(byRow(logDensities(input, "inverse", 1), normalisedInLogs)),
    on: ["r"],
  },
  {
    zh: "r 的行之和不是 1（π N 没有归一化）",
    en: "rows of r do not sum to 1 (π N not normalised)",
    make: (input) => rOnly(byRow(withPi(input, logDensities(input, "inverse", 1)), (v) => v.map(Math.exp))),
    on: ["r"],
  },
  {
    ...INVERSE,
    make: (input) => rOnly(byRow(withPi(input, logDensities(input, "Sigma", 1)), normalisedInLogs)),
    on: ["r"],
  },
  {
    ...INVERSE,
    make: (input) => rOnly(byRow(withPi(input, logDensities(input, "Sigma", -1)), normalisedInLogs)),
    on: ["r"],
  },
  { ...NO_LOG_SUM_EXP, make: (input) => direct(input, false), on: ["r"] },
  { ...NO_LOG_SUM_EXP, make: (input) => direct(input, true), on: ["r"] },
  { zh: "r 对了，但 ℓ 不对", en: "r is right, but ℓ is wrong", make: (input) => eStepOf(input), on: ["r"] },
];

const eStepOf = (input: EStepInput) => reference.eStep(new Matrix(input.X), input.pi, input.mu, input.Sigma);

export const E_STEP_CHECK: CheckSpec<EStepInput, EStep> = {
  exercise: { id: "e-step", exercise: 1, points: 2, name: "eStep", what: ["E 步", "E-step"] },
  cases,
  args: (input) => [new Matrix(input.X), copy(input.pi), copy(input.mu), copy(input.Sigma)],
  reference: reference.eStep,
  form(output, input) {
    if (typeof output !== "object" || output === null)
      return `应返回 { r, ll } · should return { r, ll }, got ${typeLabel(output)}`;
    const { r, ll } = output as { r?: unknown; ll?: unknown };
    if (typeof ll !== "number") return `ll = ${typeLabel(ll)}, 应为数 · should be a number`;
    return tableForm("r", r, input.X.length, input.pi.length, "n × k");
  },
  judge: (outcomes) =>
    judgeByTable(
      {
        reference: eStepOf,
        parts: (o) => ({ r: o.r, ll: o.ll }),
        mistakes: E_STEP_MISTAKES,
        checked: [
          `r 和 ℓ 与库的一致（5 组用例，d = 1…3，含一个离各分量 ${FAR_SIGMAS}σ 的点）`,
          `r and ℓ match the library's (5 cases, d = 1…3, one with a point ${FAR_SIGMAS}σ from every component)`,
        ],
      },
      outcomes,
    ),
};
