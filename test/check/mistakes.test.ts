// Each recognised mistake, written as a student writes it (not the check's own making of it), is
// named by its message on several seeds; and each check's table of mistakes differs from the right
// answer on its cases (a mistake the cases cannot show could never be named).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { determinant, Matrix } from "ml-matrix";
import { BIC_CHECK, BIC_MISTAKES } from "../../src/check/bic-check";
import { type Case, CaseRandom } from "../../src/check/cases";
import { E_STEP_CHECK, E_STEP_MISTAKES } from "../../src/check/e-step-check";
import { LOG_SUM_EXP_CHECK, LOG_SUM_EXP_MISTAKES } from "../../src/check/log-sum-exp-check";
import { LOWER_BOUND_CHECK, LOWER_BOUND_MISTAKES, type LowerBoundInput } from "../../src/check/lower-bound-check";
import { M_STEP_CHECK, M_STEP_MISTAKES } from "../../src/check/m-step-check";
import { close, type Mistake } from "../../src/check/mistake-table";
import { reference } from "../../src/check/reference";
import { SAMPLE_MISTAKES } from "../../src/check/sample-check";
import { computeGauss, logGauss } from "../../src/density/gauss";
import { type CheckName, runChecked } from "../helpers/checks";

const SEEDS = [0, 1, 2, 3, 4];

/** log Σ exp, as a student who knows the trick writes it. */
const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};
const cols = (X: Matrix, pi: number[], mu: number[][], Sigma: number[][][], withPi = true) =>
  pi.map((p, j) => Array.from(logGauss(X, mu[j], Sigma[j]), (l) => (withPi ? Math.log(p) : 0) + l));
const rows = (c: number[][]) => c[0].map((_, i) => c.map((col) => col[i]));

type EStep = typeof reference.eStep;
type MStep = typeof reference.mStep;
type Sample = typeof reference.sample;

/** The E-step with its density computed by hand, with Σ where Σ⁻¹ belongs in the quadratic form. */
const eStepSigmaNotInverse: EStep = (X, pi, mu, Sigma) => {
  const x = X.to2DArray();
  const logs = x.map((xi) =>
    pi.map((p, j) => {
      const v = xi.map((c, a) => c - mu[j][a]);
      const q = v.reduce((s, va, a) => s + va * v.reduce((t, vb, b) => t + Sigma[j][a][b] * vb, 0), 0);
      return Math.log(p) - 0.5 * (xi.length * Math.log(2 * Math.PI) + Math.log(determinant(new Matrix(Sigma[j]))) + q);
    }),
  );
  return { r: logs.map((row) => row.map((l) => Math.exp(l - lse(row)))), ll: logs.reduce((s, row) => s + lse(row), 0) };
};

/** Without log-sum-exp: π N over its sum (0 / 0 = NaN far away, or 0 where `guard`). */
const eStepDirect =
  (guard: boolean): EStep =>
  (X, pi, mu, Sigma) => {
    const p = pi.map((w, j) => Array.from(computeGauss(X, mu[j], Sigma[j]), (v) => w * v));
    const r = rows(p).map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => (guard && s === 0 ? 0 : v / s));
    });
    return { r, ll: rows(p).reduce((s, row) => s + Math.log(row.reduce((a, b) => a + b, 0)), 0) };
  };

const E_STEP_WRONG: [string, EStep][] = [
  [
    "π left out of r",
    (X, pi, mu, Sigma) => ({
      r: rows(cols(X, pi, mu, Sigma, false)).map((row) => row.map((l) => Math.exp(l - lse(row)))),
      ll: rows(cols(X, pi, mu, Sigma)).reduce((s, row) => s + lse(row), 0),
    }),
  ],
  [
    "rows of r do not sum to 1",
    (X, pi, mu, Sigma) => ({
      r: rows(cols(X, pi, mu, Sigma)).map((row) => row.map(Math.exp)),
      ll: rows(cols(X, pi, mu, Sigma)).reduce((s, row) => s + lse(row), 0),
    }),
  ],
  ["Σ used where Σ⁻¹ belongs", eStepSigmaNotInverse],
  ["no log-sum-exp", eStepDirect(false)],
  ["no log-sum-exp", eStepDirect(true)],
  [
    "r is right, but ℓ is wrong",
    (X, pi, mu, Sigma) => ({
      r: reference.eStep(X, pi, mu, Sigma).r,
      ll: rows(cols(X, pi, mu, Sigma)).reduce((s, row) => s + Math.max(...row), 0),
    }),
  ],
  ["wrong shape", (X, pi, mu, Sigma) => ({ r: cols(X, pi, mu, Sigma).map((c) => c.map(Math.exp)), ll: 0 })],
];

/** The M-step by hand, each slip switchable. */
const mStepWith =
  (slip: "none" | "broadcast" | "mean over n" | "unbiased" | "pi = N" | "unweighted" | "transposed mu"): MStep =>
  (X, r) => {
    const x = X.to2DArray(),
      n = x.length,
      d = x[0].length,
      k = r[0].length;
    const N = Array.from({ length: k }, (_, j) => r.reduce((s, row) => s + row[j], 0));
    const S = N.map((_, j) => Array.from({ length: d }, (_, c) => x.reduce((s, xi, i) => s + r[i][j] * xi[c], 0)));
    const mu = S.map((Sj, j) =>
      Sj.map((v, c) => v / (slip === "broadcast" ? N[c] : slip === "mean over n" ? n : N[j])),
    );
    const Sigma = mu.map((m, j) =>
      m.map((_, a) =>
        m.map(
          (_, b) =>
            x.reduce((s, xi, i) => s + (slip === "unweighted" ? 1 : r[i][j]) * (xi[a] - m[a]) * (xi[b] - m[b]), 0) /
            (slip === "unbiased" ? N[j] - 1 : N[j]),
        ),
      ),
    );
    const muOut = slip === "transposed mu" ? mu[0].map((_, c) => mu.map((m) => m[c])) : mu;
    return { pi: slip === "pi = N" ? N : N.map((v) => v / n), mu: muOut, Sigma };
  };

const M_STEP_WRONG: [string, MStep][] = [
  ["divided by N_c (the original's second slip", mStepWith("broadcast")],
  ["mean divided by n instead of Nⱼ", mStepWith("mean over n")],
  ["the unbiased covariance", mStepWith("unbiased")],
  ["π = Nⱼ, not divided by n", mStepWith("pi = N")],
  ["Σ not weighted by r", mStepWith("unweighted")],
  ["wrong shape", mStepWith("transposed mu")],
];

const LOG_SUM_EXP_WRONG: [string, (a: number[]) => number][] = [
  ["no shift by the largest entry", (a) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0))],
  [
    "not added back",
    (a) => {
      const m = Math.max(...a);
      return Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
    },
  ],
  ["−∞ entries or the empty array mishandled", (a) => lse(a)],
  [
    "−∞ entries or the empty array mishandled",
    (a) => {
      const m = a.reduce((x, y) => Math.max(x, y)); // throws on []
      return Number.isFinite(m) ? m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0)) : 0;
    },
  ],
];

type LowerBound = typeof reference.lowerBound;
const boundWith =
  (term: (q: number, logJoint: number) => number, sign = 1): LowerBound =>
  (X, pi, mu, Sigma, q) => {
    const c = cols(X, pi, mu, Sigma);
    return sign * q.reduce((s, row, i) => s + row.reduce((t, qij, j) => t + term(qij, c[j][i]), 0), 0);
  };
const LOWER_BOUND_WRONG: [string, LowerBound][] = [
  ["0 · log 0 gives NaN", boundWith((q, l) => q * Math.log(Math.exp(l) / q))],
  ["0 · log 0 gives NaN", boundWith((q, l) => q * (l - Math.log(q)))],
  ["left out (that is Q, not L)", boundWith((q, l) => q * l)],
  ["the sign is wrong", boundWith((q, l) => (q > 0 ? q * (l - Math.log(q)) : 0), -1)],
];

const BIC_WRONG: [string, typeof reference.bic][] = [
  ["d² covariance parameters", (ll, n, k, d) => -2 * ll + (k - 1 + k * d + k * d * d) * Math.log(n)],
  ["k weights counted instead of k − 1", (ll, n, k, d) => -2 * ll + (k + k * d + (k * d * (d + 1)) / 2) * Math.log(n)],
  ["ℓ not doubled", (ll, n, k, d) => -ll + (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n)],
  ["a sign is wrong", (ll, n, k, d) => 2 * ll + (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n)],
  ["a sign is wrong", (ll, n, k, d) => 2 * ll - (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n)],
];

/** Sampling by hand, each slip switchable; Box–Muller normals from `random`. */
const sampleWith =
  (slip: "none" | "Sigma not its root" | "uniform" | "one normal" | "Math.random" | "transposed"): Sample =>
  (pi, mu, Sigma, n, random) => {
    const u = slip === "Math.random" ? Math.random : random;
    const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const d = mu[0].length;
    const X = Array.from({ length: n }, () => {
      const v = u();
      let j = 0;
      if (slip === "uniform") j = Math.floor(v * pi.length);
      else for (let c = pi[0]; v >= c && j < pi.length - 1; ) c += pi[++j];
      const L = slip === "Sigma not its root" ? Sigma[j] : reference_cholesky(Sigma[j]);
      const shared = normal();
      const z = Array.from({ length: d }, () => (slip === "one normal" ? shared : normal()));
      return mu[j].map((m, a) => m + L[a].reduce((s, l, b) => s + l * z[b], 0));
    });
    return slip === "transposed" ? X[0].map((_, c) => X.map((x) => x[c])) : X;
  };
function reference_cholesky(S: number[][]): number[][] {
  const L = S.map(() => S.map(() => 0));
  for (let a = 0; a < S.length; a++)
    for (let b = 0; b <= a; b++) {
      const s = S[a][b] - L[a].slice(0, b).reduce((t, v, c) => t + v * L[b][c], 0);
      L[a][b] = a === b ? Math.sqrt(s) : s / L[b][b];
    }
  return L;
}
const SAMPLE_WRONG: [string, Sample][] = [
  ["the draws' covariance is Σ²", sampleWith("Sigma not its root")],
  ["components chosen uniformly instead of by π", sampleWith("uniform")],
  ["one normal shared by all coordinates", sampleWith("one normal")],
  ["the same random gives other draws", sampleWith("Math.random")],
  ["wrong shape", sampleWith("transposed")],
];

const WRONG: [CheckName, [string, unknown][]][] = [
  ["eStep", E_STEP_WRONG],
  ["mStep", M_STEP_WRONG],
  ["logSumExp", LOG_SUM_EXP_WRONG],
  ["lowerBound", LOWER_BOUND_WRONG],
  ["bic", BIC_WRONG],
  ["sample", SAMPLE_WRONG],
];

describe("each recognised mistake, made as a student makes it, is named by its message", { concurrency: 1 }, () => {
  for (const [name, wrong] of WRONG) {
    test(`check.${name}: ${wrong.map(([m]) => m).join("; ")}`, () => {
      for (const [message, f] of wrong) {
        for (const seed of name === "sample" ? SEEDS.slice(0, 2) : SEEDS) {
          const run = runChecked(name, f, { seed });
          assert.ok(run.verdict.startsWith("✗ "), `${message} (seed ${seed}): ${run.verdict}`);
          assert.ok(run.verdict.includes(message), `${message} (seed ${seed}) is named: ${run.verdict}`);
          assert.equal(run.returned, reference[name], "the library's function is returned");
        }
      }
    });
  }
});

test("the right functions written by hand pass, so the wrong ones above fail for their slip alone", () => {
  const right: [CheckName, unknown][] = [
    [
      "eStep",
      (X: Matrix, pi: number[], mu: number[][], Sigma: number[][][]) => {
        const c = rows(cols(X, pi, mu, Sigma));
        return { r: c.map((row) => row.map((l) => Math.exp(l - lse(row)))), ll: c.reduce((s, row) => s + lse(row), 0) };
      },
    ],
    ["mStep", mStepWith("none")],
    ["logSumExp", (a: number[]) => (a.length === 0 || Math.max(...a) === -Infinity ? -Infinity : lse(a))],
    ["lowerBound", boundWith((q, l) => (q > 0 ? q * (l - Math.log(q)) : 0))],
    [
      "bic",
      (ll: number, n: number, k: number, d: number) => -2 * ll + (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n),
    ],
  ];
  right.push(["sample", sampleWith("none")]);
  for (const [name, f] of right)
    for (const seed of name === "sample" ? SEEDS.slice(0, 2) : SEEDS) {
      const run = runChecked(name, f, { seed });
      assert.ok(run.verdict.startsWith("✓ "), `${name} (seed ${seed}): ${run.verdict}`);
      assert.equal(run.returned, f);
    }
});

test("each table's mistakes, made on purpose, differ from the right answer on the cases (else no case could show them)", () => {
  const differs = <I, O>(
    spec: { cases: (r: CaseRandom) => Case<I>[] },
    right: (input: I) => O,
    parts: (o: O) => Record<string, unknown>,
    mistakes: readonly Mistake<I, O>[],
  ) =>
    mistakes.map((m) =>
      SEEDS.every((seed) =>
        spec
          .cases(new CaseRandom(seed))
          .filter((c) => m.cases?.(c) ?? true)
          .some((c) => {
            const wrong = parts(m.make(c.input)),
              ok = parts(right(c.input));
            const flat = (o: Record<string, unknown>) =>
              (m.on ?? Object.keys(ok)).flatMap((p) => [o[p]].flat(3) as number[]);
            const [a, b] = [flat(wrong), flat(ok)];
            return a.length !== b.length || a.some((v, t) => !close(v, b[t]));
          }),
      ),
    );
  const all = (flags: boolean[]) =>
    assert.deepEqual(
      flags,
      flags.map(() => true),
    );
  const matrix = (X: number[][]) => new Matrix(X);
  all(
    differs(
      E_STEP_CHECK,
      (i) => reference.eStep(matrix(i.X), i.pi, i.mu, i.Sigma),
      (o) => ({ ...o }),
      E_STEP_MISTAKES.slice(0, -1),
    ),
  );
  all(
    differs(
      M_STEP_CHECK,
      (i) => reference.mStep(matrix(i.X), i.r),
      (o) => ({ ...o }),
      M_STEP_MISTAKES,
    ),
  );
  all(differs(LOG_SUM_EXP_CHECK, reference.logSumExp, (v) => ({ v }), LOG_SUM_EXP_MISTAKES.slice(0, -1)));
  const bound = (i: LowerBoundInput) => reference.lowerBound(matrix(i.X), i.pi, i.mu, i.Sigma, i.q);
  all(differs(LOWER_BOUND_CHECK, bound, (v) => ({ v }), LOWER_BOUND_MISTAKES));
  all(
    differs(
      BIC_CHECK,
      (i) => reference.bic(i.ll, i.n, i.k, i.d),
      (v) => ({ v }),
      BIC_MISTAKES,
    ),
  );
  // The last entries of the E-step's and logSumExp's tables are the right answer on the parts or cases they compare: they name what is wrong elsewhere.
  assert.equal(E_STEP_MISTAKES.at(-1)?.on?.join(), "r");
  assert.ok(LOG_SUM_EXP_MISTAKES.at(-1)?.cases !== undefined);
  // Each sampling mistake draws from another mixture than the right one.
  const m = {
    pi: [0.2, 0.8],
    mu: [
      [0, 0],
      [60, 0],
    ],
    Sigma: [
      [
        [2, 0.5],
        [0.5, 1.5],
      ],
      [
        [3, -1],
        [-1, 2],
      ],
    ],
  };
  for (const mistake of SAMPLE_MISTAKES) assert.notDeepEqual(mistake.drawsFrom(m), m, mistake.en);
});
