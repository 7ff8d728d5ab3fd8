/**
 * Exercise 6's check, sampling from a mixture: judged by statistics of large samples (each
 * component's share, mean and covariance, the points told apart by the nearest mean, the means
 * far apart), the form of a small sample, and that the same `random` gives the same draws.
 * A recognised mistake is a mixture that the mistaken sampler draws from: the student's statistics
 * agree with it where they disagree with the right one.
 */
import { type Case, CaseRandom, cholesky, copy, type Mixture } from "./cases";
import { tableForm, typeLabel } from "./mistake-table";
import { reference } from "./reference";
import { type CheckSpec, type Outcome, thrownText } from "./run-check";
import { COMMON_PROBLEMS, type Judgement, shownNumber } from "./verdict";

/** sample's arguments: the mixture, n, and the seed of the `random` it is given. */
export interface SampleInput extends Mixture {
  n: number;
  randomSeed: number;
}
type Sample = typeof reference.sample;

/**
 * A statistic is off when it is more than this many standard errors from what the mixture gives.
 * The two large samples have 38 statistics (18 + 20); under the right mixture each is off with
 * probability 5.7e-7 (normal tails), so a right sampler fails about once in 45 000 runs.
 */
const Z_LIMIT = 5;

/** A mistake: its words, and the mixture its wrong sampler draws from. */
export interface SampleMistake {
  zh: string;
  en: string;
  drawsFrom: (m: Mixture) => Mixture;
}

const product = (A: number[][], B: number[][]) =>
  A.map((row) => B[0].map((_, c) => row.reduce((s, v, t) => s + v * B[t][c], 0)));

/** sample's recognised mistakes: the first whose mixture the statistics agree with names the student's. */
export const SAMPLE_MISTAKES: readonly SampleMistake[] = [
  {
    zh: "用了 Σ 而不是它的平方根（Cholesky 因子 L）：样本的协方差成了 Σ²",
    en: "Σ used where its square root (the Cholesky factor L) belongs: the draws' covariance is Σ²",
    drawsFrom: (m) => ({ ...m, Sigma: m.Sigma.map((S) => product(S, S)) }),
  },
  {
    zh: "分量是等概率选的，没有按 π",
    en: "components chosen uniformly instead of by π",
    drawsFrom: (m) => ({ ...m, pi: m.pi.map(() => 1 / m.pi.length) }),
  },
  {
    zh: "所有坐标共用一个正态数",
    en: "one normal shared by all coordinates",
    drawsFrom: (m) => ({
      ...m,
      Sigma: m.Sigma.map((S) => {
        const column = cholesky(S).map((row) => row.reduce((s, v) => s + v, 0));
        return column.map((a) => column.map((b) => a * b));
      }),
    }),
  },
];

function cases(random: CaseRandom): Case<SampleInput>[] {
  /** Means about 60 apart along the first axis: a point is nearer another component's mean only beyond 7σ. */
  const separated = (pi: number[], d: number): Mixture => ({
    pi,
    mu: pi.map((_, j) => Array.from({ length: d }, (_, c) => (c === 0 ? 60 * j : 0) + random.uniform(-3, 3))),
    // Variances from 1.5: Σ² is then well apart from Σ.
    Sigma: pi.map(() => random.covariance(d, 1.5, 4)),
  });
  const seed = () => random.integer(0, 2 ** 31);
  const a = { ...separated([0.2, 0.5, 0.3], 2), n: 6_000, randomSeed: seed() };
  const b = { ...separated([0.75, 0.25], 3), n: 4_000, randomSeed: seed() };
  const small = { ...separated([0.5, 0.5], 2), n: 5, randomSeed: seed() };
  return [
    { name: `k = 3, d = 2, n = ${a.n}`, input: a },
    { name: `k = 2, d = 3, n = ${b.n}`, input: b },
    { name: "k = 2, d = 2, n = 5", input: small },
    { name: `k = 3, d = 2, n = ${a.n}, the same random again`, input: a },
  ];
}

/** The first statistic of `X` more than Z_LIMIT standard errors from what `m` gives, or null. */
export function statisticOff(X: number[][], m: Mixture): string | null {
  const k = m.pi.length,
    d = m.mu[0].length,
    n = X.length;
  const groups: number[][][] = m.pi.map(() => []);
  for (const x of X) {
    let best = 0,
      nearest = Infinity;
    for (let j = 0; j < k; j++) {
      let distance = 0;
      for (let c = 0; c < d; c++) distance += (x[c] - m.mu[j][c]) ** 2;
      if (distance < nearest) [best, nearest] = [j, distance];
    }
    groups[best].push(x);
  }
  const off = (what: string, got: number, expected: number, se: number) =>
    Math.abs(got - expected) > Z_LIMIT * se
      ? `${what} = ${shownNumber(got)}，应为 · expected ${shownNumber(expected)} ± ${shownNumber(se)}`
      : null;
  for (let j = 0; j < k; j++) {
    const G = groups[j],
      nj = G.length,
      S = m.Sigma[j];
    const share = off(
      `分量 ${j} 的比例 · share of component ${j}`,
      nj / n,
      m.pi[j],
      Math.sqrt((m.pi[j] * (1 - m.pi[j])) / n),
    );
    if (share || nj < 2) return share ?? `分量 ${j} 几乎没有点 · component ${j} has almost no points`;
    const mean = Array.from({ length: d }, (_, c) => G.reduce((s, x) => s + x[c], 0) / nj);
    for (let c = 0; c < d; c++) {
      const problem = off(`mu[${j}][${c}] 的样本均值 · sample mean`, mean[c], m.mu[j][c], Math.sqrt(S[c][c] / nj));
      if (problem) return problem;
    }
    for (let a = 0; a < d; a++)
      for (let b = a; b < d; b++) {
        const cov = G.reduce((s, x) => s + (x[a] - mean[a]) * (x[b] - mean[b]), 0) / nj;
        const se = Math.sqrt((S[a][a] * S[b][b] + S[a][b] ** 2) / nj);
        const problem = off(`Sigma[${j}][${a}][${b}] 的样本协方差 · sample covariance`, cov, S[a][b], se);
        if (problem) return problem;
      }
  }
  return null;
}

function judge(outcomes: Outcome<SampleInput>[]): Judgement {
  const threw = outcomes.find((o) => "threw" in o);
  if (threw && "threw" in threw)
    return { passed: false, problem: COMMON_PROBLEMS.threw, detail: `${thrownText(threw.threw)} (${threw.case.name})` };
  const badForm = outcomes.find((o) => "form" in o && o.form !== null);
  if (badForm && "form" in badForm)
    return { passed: false, problem: COMMON_PROBLEMS.form, detail: `${badForm.form} (${badForm.case.name})` };
  const draws = outcomes.map((o) => (o as { value: number[][] }).value);
  for (let t = 0; t < draws.length; t++) {
    const i = draws[t].findIndex((x) => !x.every(Number.isFinite));
    if (i >= 0)
      return {
        passed: false,
        problem: COMMON_PROBLEMS.notANumber,
        detail: `X[${i}] = [${draws[t][i].join(", ")}] (${outcomes[t].case.name})`,
      };
  }
  if (!draws[0].every((x, i) => x.every((v, c) => v === draws[3][i][c])))
    return {
      passed: false,
      problem: ["同一个 random 给出了不同的样本", "the same random gives other draws"],
      detail: "只用参数 random，不用 Math.random · use the argument random, not Math.random",
    };
  const large = [0, 1];
  const offFrom = (m: (input: SampleInput) => Mixture) =>
    large.map((t) => statisticOff(draws[t], m(outcomes[t].case.input)));
  const right = offFrom((input) => input);
  if (right.every((p) => p === null))
    return {
      passed: true,
      checked: [
        `两组大样本（6000 与 4000 个点）各分量的比例、均值、协方差都在 ${Z_LIMIT} 个标准误差之内；同一个 random 给出同样的样本`,
        `two large samples (6000 and 4000 draws): each component's share, mean and covariance within ${Z_LIMIT} standard errors; the same random gives the same draws`,
      ],
    };
  for (const mistake of SAMPLE_MISTAKES)
    if (offFrom(mistake.drawsFrom).every((p) => p === null))
      return { passed: false, problem: [mistake.zh, mistake.en] };
  const t = right.findIndex((p) => p !== null);
  return { passed: false, problem: COMMON_PROBLEMS.wrongValue, detail: `${right[t]} (${outcomes[t].case.name})` };
}

export const SAMPLE_CHECK: CheckSpec<SampleInput, Sample> = {
  exercise: { id: "sample", exercise: 6, points: 1, name: "sample", what: ["抽样", "sampler"] },
  cases,
  args: (input) => [
    copy(input.pi),
    copy(input.mu),
    copy(input.Sigma),
    input.n,
    new CaseRandom(input.randomSeed).random,
  ],
  reference: reference.sample,
  form: (output, input) =>
    typeof output === "object" && output !== null && !Array.isArray(output)
      ? `应返回 n × d 的数组 · should return an n × d array, got ${typeLabel(output)}`
      : tableForm("X", output, input.n, input.mu[0].length, "n × d"),
  judge,
};
