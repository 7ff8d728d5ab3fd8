// EmRun, EM one step at a time: every iteration against a correct EM in numpy and against the
// original's apply_gmm run in Python (test/fixtures/em/, made by test/reference/make-em.py), with
// its tol test, its collapse errors and its checks on the input.

import assert from "node:assert/strict";
import { test } from "node:test";
import { applyGmm, EmRun, GmmInputError, GmmSingularCovarianceError, generateData } from "../../src/index";
import { assertClose, fixture } from "../helpers/fixtures";

/** The original notebook's data (numpy's draws) and its poor start. */
const X = generateData({ variance1: 3, variance2: 1, rng: "numpy" });
const POOR: [number[], number[][], number[][][]] = [
  [0.1, 0.9],
  [
    [0.1, 0],
    [0, 0],
  ],
  [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
];

interface Params {
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

/** A correct numpy EM, every iteration (see make-em.py): rvals[i] is its E-step under coef[i − 1]. */
interface CorrectFixture {
  X: number[][];
  start: Params;
  maxIter: number;
  coef: Params[];
  logLikelihood: number[];
  rvals: Record<string, number[][]>;
}

/** The original's apply_gmm run in Python: rvals at some iterations, each the E-step under coef[iteration − 1]. */
interface OriginalCase extends Params {
  name: string;
  X: number[][];
  maxIter: number;
  coef: Params[];
  logLikelihood: number[];
  rvals: { iteration: number; r: number[][] }[];
}

const CORRECT_CASES = ["original", "k3", "k4", "d3", "outliers"];

/** n × k row-major responsibilities as rows. */
function rows(r: Float64Array | null, k: number): number[][] {
  assert.ok(r !== null);
  return Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k)));
}

/**
 * The correct M-step from responsibilities, written out: N_j = Σ_i r_ij, pi_j = N_j / n,
 * mu_j = Σ_i r_ij x_i / N_j, Sigma_j = Σ_i r_ij (x_i − mu_j)(x_i − mu_j)ᵀ / N_j.
 */
function mStepOf(data: number[][], r: number[][]): Params {
  const n = data.length,
    d = data[0].length,
    k = r[0].length;
  const N = Array.from({ length: k }, (_, j) => r.reduce((s, row) => s + row[j], 0));
  const mu = N.map((Nj, j) =>
    Array.from({ length: d }, (_, a) => data.reduce((s, x, i) => s + r[i][j] * x[a], 0) / Nj),
  );
  const Sigma = N.map((Nj, j) =>
    Array.from({ length: d }, (_, a) =>
      Array.from(
        { length: d },
        (_, b) => data.reduce((s, x, i) => s + r[i][j] * (x[a] - mu[j][a]) * (x[b] - mu[j][b]), 0) / Nj,
      ),
    ),
  );
  return { pi: N.map((Nj) => Nj / n), mu, Sigma };
}

for (const name of CORRECT_CASES) {
  test(`${name}: stepped one iteration at a time, every iteration's pi, mu, Sigma, responsibilities and log-likelihood agree with numpy to 1e-9`, () => {
    const f = fixture<CorrectFixture>(`em/correct-em/${name}.json`);
    const k = f.start.pi.length;
    const run = new EmRun(f.X, f.start.pi, f.start.mu, f.start.Sigma);
    let storedCompared = 0;
    try {
      for (let t = 0; t <= f.maxIter; t++) {
        if (t > 0) run.step();
        assert.equal(run.iteration, t);
        const p = run.params;
        assertClose(p.pi, f.coef[t].pi, 1e-9, `${name} coef[${t}].pi`);
        assertClose(p.mu, f.coef[t].mu, 1e-9, `${name} coef[${t}].mu`);
        assertClose(p.Sigma, f.coef[t].Sigma, 1e-9, `${name} coef[${t}].Sigma`);
        assertClose([run.logLikelihood], [f.logLikelihood[t]], 1e-9, `${name} logLikelihood[${t}]`);
        // The responsibilities under coef[t]: numpy's E-step of iteration t + 1.
        const r = rows(run.responsibilities, k);
        const stored = f.rvals[String(t + 1)];
        if (stored !== undefined) {
          assertClose(r, stored, 1e-9, `${name}: responsibilities under coef[${t}]`);
          storedCompared++;
        }
        // numpy kept only some iterations' responsibilities; every iteration's shows in the next
        // parameters numpy estimated from them.
        if (t < f.maxIter) {
          const next = mStepOf(f.X, r);
          assertClose(next.pi, f.coef[t + 1].pi, 1e-9, `${name}: N_j / n of the responsibilities under coef[${t}]`);
          assertClose(next.mu, f.coef[t + 1].mu, 1e-9, `${name}: the means they weigh, coef[${t + 1}].mu`);
          assertClose(next.Sigma, f.coef[t + 1].Sigma, 1e-9, `${name}: the covariances they weigh`);
        }
      }
    } finally {
      run.close();
    }
    assert.equal(storedCompared, Object.keys(f.rvals).filter((i) => Number(i) <= f.maxIter + 1).length);
    assert.ok(storedCompared >= 1, `${name}: numpy's responsibilities compared`);
  });
}

const ORIGINAL_CASES = fixture<{ cases: OriginalCase[] }>("em/original-apply-gmm.json").cases;

/** Largest |a − b| / max(1, |b|) over two equally shaped nested arrays (as original-variant.test.ts). */
function maxError(actual: unknown, expected: unknown): number {
  const a = [actual].flat(3) as number[],
    b = [expected].flat(3) as number[];
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

for (const c of ORIGINAL_CASES) {
  test(`variant "original", stepped: every iteration agrees with the Python apply_gmm to 1e-9: ${c.name}`, () => {
    const k = c.pi.length;
    const run = new EmRun(c.X, c.pi, c.mu, c.Sigma, { variant: "original" });
    const rvalsAt = new Map(c.rvals.map(({ iteration, r }) => [iteration, r]));
    let storedCompared = 0;
    try {
      for (let t = 0; t <= c.maxIter; t++) {
        if (t > 0) run.step();
        const p = run.params;
        for (const key of ["pi", "mu", "Sigma"] as const) {
          const err = maxError(p[key], c.coef[t][key]);
          assert.ok(err <= 1e-9, `${c.name}: coef[${t}].${key} differs by ${err}`);
        }
        const ll = run.logLikelihood,
          want = c.logLikelihood[t];
        assert.ok(Math.abs(ll - want) <= 1e-9 * Math.abs(want), `${c.name}: logLikelihood[${t}] ${ll} vs ${want}`);
        const stored = rvalsAt.get(t + 1);
        if (stored !== undefined) {
          const err = maxError(rows(run.responsibilities, k), stored);
          assert.ok(err <= 1e-9, `${c.name}: responsibilities under coef[${t}] differ by ${err}`);
          storedCompared++;
        }
      }
    } finally {
      run.close();
    }
    assert.ok(storedCompared >= 1, `${c.name}: the Python run's responsibilities compared`);
  });
}

test("regCovar: each step's covariances are the M-step of the last responsibilities plus regCovar on the diagonal", () => {
  const f = fixture<CorrectFixture>("em/correct-em/k3.json");
  const regCovar = 1e-3;
  const run = new EmRun(f.X, f.start.pi, f.start.mu, f.start.Sigma, { regCovar });
  const withoutReg = new EmRun(f.X, f.start.pi, f.start.mu, f.start.Sigma);
  try {
    for (let t = 1; t <= 8; t++) {
      const r = rows(run.responsibilities, run.k);
      run.step();
      withoutReg.step();
      const expected = mStepOf(f.X, r);
      expected.Sigma.forEach((S) => S.forEach((row, a) => (row[a] += regCovar)));
      const p = run.params;
      assertClose(p.pi, expected.pi, 1e-9, `pi after step ${t}`);
      assertClose(p.mu, expected.mu, 1e-9, `mu after step ${t}`);
      assertClose(p.Sigma, expected.Sigma, 1e-9, `Sigma after step ${t}`);
    }
    // regCovar changed the run (it is not the unregularised one).
    assert.ok(maxError(run.params.Sigma, withoutReg.params.Sigma) > 1e-4);
  } finally {
    run.close();
    withoutReg.close();
  }
});

test("hasConverged(tol) is applyGmm's test: both stop where numpy's log-likelihood first gains less than tol", () => {
  const f = fixture<CorrectFixture>("em/correct-em/original.json");
  const { pi, mu, Sigma } = f.start;
  for (const tol of [1e-2, 1e-5]) {
    const numpyStop = f.logLikelihood.findIndex((l, i) => i > 0 && Math.abs(l - f.logLikelihood[i - 1]) < tol);
    assert.ok(numpyStop > 0 && numpyStop < f.maxIter, `numpy's run reaches tol ${tol}`);
    const expected = applyGmm(f.X, pi, mu, Sigma, { tol, maxIter: 500, keep: "none" });
    const run = new EmRun(f.X, pi, mu, Sigma);
    assert.equal(run.hasConverged(tol), false, "never at iteration 0");
    while (!run.hasConverged(tol)) run.step();
    run.close();
    assert.equal(run.iteration, numpyStop, `tol ${tol}: numpy's iteration`);
    assert.equal(expected.converged, true);
    assert.equal(run.iteration, expected.nIter, `tol ${tol}`);
    assert.equal(run.logLikelihood, expected.logLikelihood[expected.nIter]);
    assert.ok(Math.abs(run.logLikelihood - expected.logLikelihood[expected.nIter - 1]) < tol);
  }
});

test("a collapse throws the typed error naming the component and the iteration, and the run stays where it was", () => {
  const rows = generateData({ nSamples1: 60, nSamples2: 0, randomState: 5 }).to2DArray();
  const data = [...rows, [30, 30]];
  const run = new EmRun(
    data,
    [0.5, 0.5],
    [
      [-2, 2],
      [30, 30],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0.01, 0],
        [0, 0.01],
      ],
    ],
  );
  const before = { params: run.params, ll: run.logLikelihood };
  assert.throws(
    () => run.step(),
    (e: unknown) => e instanceof GmmSingularCovarianceError && e.component === 1 && e.iteration === 1,
  );
  assert.equal(run.iteration, 0);
  assert.deepEqual(run.params, before.params);
  assert.equal(run.logLikelihood, before.ll);
  run.close();
});

test("keep leaves out the responsibilities of the iterations it rejects, and changes nothing else", () => {
  const kept = new EmRun(X, ...POOR);
  const sparse = new EmRun(X, ...POOR, { keep: (i) => i === 2 });
  assert.equal(sparse.responsibilities, null, "iteration 0 left out");
  assert.equal(kept.responsibilities!.length, 400 * 2);
  for (let i = 1; i <= 3; i++) {
    kept.step();
    sparse.step();
    assert.equal(sparse.responsibilities === null, i !== 2, `iteration ${i}`);
    assert.deepEqual(sparse.params, kept.params);
    assert.equal(sparse.logLikelihood, kept.logLikelihood);
  }
});

test("a final step forms the log-likelihood without the next sums; a step after it forms them first, and nothing changes", () => {
  const plain = new EmRun(X, ...POOR);
  const finalled = new EmRun(X, ...POOR);
  for (let i = 0; i < 6; i++) {
    plain.step();
    finalled.step({ final: i % 2 === 0 });
    assert.deepEqual(finalled.params, plain.params);
    assert.equal(finalled.logLikelihood, plain.logLikelihood);
    assert.deepEqual(finalled.responsibilities, plain.responsibilities);
  }
});

test("bad input: the messages applyGmm gives, naming the argument", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => new EmRun(X, [0.5, 0.6], POOR[1], POOR[2]), /^pi: sums to 1\.1/],
    [() => new EmRun(X, ...POOR, { regCovar: -1 }), /^options\.regCovar: must be a finite number ≥ 0/],
    [() => new EmRun(X, ...POOR, { variant: "wrong" as never }), /^options\.variant: must be "correct" or "original"/],
    [
      () =>
        new EmRun(
          X,
          [1 / 3, 1 / 3, 1 / 3],
          [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
          [POOR[2][0], POOR[2][0], POOR[2][0]],
          { variant: "original" },
        ),
      /^options\.variant: "original" .* k = 3 and d = 2/,
    ],
    [() => new EmRun(X, ...POOR, { threads: 0 }), /^options\.threads: must be a positive integer/],
    [() => new EmRun(X, ...POOR, { keep: [1, 2] as never }), /^options\.keep: must be a function/],
    [() => new EmRun(X, ...POOR, { maxIter: 3 } as never), /^options\.maxIter: is not a known option/],
    [() => new EmRun([[0, Number.NaN]], [1], [[0, 0]], [POOR[2][0]]), /^X\[0\]\[1\]: is not a finite number/],
  ];
  for (const [make, message] of cases)
    assert.throws(make, (e: unknown) => e instanceof GmmInputError && message.test(e.message), String(message));
});

test("reuseResponsibilities: each step writes into the array of the step before last, with the very numbers of a new one; anything but a boolean is a GmmInputError", () => {
  const fresh = new EmRun(X, ...POOR);
  const reused = new EmRun(X, ...POOR, { reuseResponsibilities: true });
  try {
    const arrays: Float64Array[] = [reused.responsibilities!];
    for (let t = 1; t <= 6; t++) {
      const before = Float64Array.from(reused.responsibilities!);
      fresh.step();
      reused.step();
      assert.deepEqual(reused.responsibilities, fresh.responsibilities, `step ${t}`);
      assert.deepEqual(arrays[t - 1], before, `step ${t} leaves the responsibilities of the step before`);
      arrays.push(reused.responsibilities!);
      if (t >= 2) assert.equal(arrays[t], arrays[t - 2], `step ${t} writes into step ${t - 2}'s array`);
    }
    assert.notEqual(arrays[6], arrays[5]);
  } finally {
    fresh.close();
    reused.close();
  }
  assert.throws(
    () => new EmRun(X, ...POOR, { reuseResponsibilities: "yes" as unknown as boolean }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.reuseResponsibilities",
  );
});
