// applyGmm, the original's apply_gmm done right: every iteration against a correct EM in numpy and
// scikit-learn's fit (test/fixtures/em/correct-em/), and the maths of EM on random data.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import seedrandom from "seedrandom";
import { applyGmm, computeGauss, GmmSingularCovarianceError, Matrix } from "../../src/index";
import { assertClose, fixture } from "../helpers/fixtures";

interface EmFixture {
  X: number[][];
  start: { pi: number[]; mu: number[][]; Sigma: number[][][] };
  maxIter: number;
  coef: { pi: number[]; mu: number[][]; Sigma: number[][][] }[];
  logLikelihood: number[];
  rvals: Record<string, number[][]>;
  sklearn: { weights: number[]; means: number[][]; covariances: number[][][]; nIter: number; logLikelihood: number };
}

const CASES = ["original", "k3", "k4", "d3", "outliers"];

describe("applyGmm against a correct numpy EM and scikit-learn", () => {
  for (const name of CASES) {
    const f = fixture<EmFixture>(`em/correct-em/${name}.json`);
    const res = applyGmm(f.X, f.start.pi, f.start.mu, f.start.Sigma, { maxIter: f.maxIter });

    test(`${name}: every iteration's pi, mu, Sigma and log-likelihood agree with numpy to 1e-9`, () => {
      assert.equal(res.coef.length, f.coef.length);
      assert.equal(res.logLikelihood.length, f.logLikelihood.length);
      f.coef.forEach((c, i) => {
        assertClose(res.coef[i].pi, c.pi, 1e-9, `${name} coef[${i}].pi`);
        assertClose(res.coef[i].mu, c.mu, 1e-9, `${name} coef[${i}].mu`);
        assertClose(res.coef[i].Sigma, c.Sigma, 1e-9, `${name} coef[${i}].Sigma`);
        assertClose([res.logLikelihood[i]], [f.logLikelihood[i]], 1e-9, `${name} logLikelihood[${i}]`);
      });
    });

    test(`${name}: stored responsibilities agree with numpy to 1e-9 and rvals[0] is uniform`, () => {
      const k = f.start.pi.length;
      for (const [i, r] of Object.entries(f.rvals)) {
        const m = res.rvals[Number(i)];
        assert.ok(m instanceof Matrix, `rvals[${i}] is a Matrix`);
        assertClose(m.to2DArray(), r, 1e-9, `${name} rvals[${i}]`);
      }
      assert.deepEqual(
        res.rvals[0]!.to2DArray(),
        f.X.map(() => new Array(k).fill(1 / k)),
      );
    });

    test(`${name}: scikit-learn's fit from the same start agrees to 1e-6`, () => {
      const s = f.sklearn;
      const run = applyGmm(f.X, f.start.pi, f.start.mu, f.start.Sigma, { maxIter: s.nIter, keep: "none" });
      const last = run.coef[s.nIter];
      assertClose(last.pi, s.weights, 1e-6, `${name} weights`);
      assertClose(last.mu, s.means, 1e-6, `${name} means`);
      assertClose(last.Sigma, s.covariances, 1e-6, `${name} covariances`);
      assertClose([run.logLikelihood[s.nIter]], [s.logLikelihood], 1e-6, `${name} log-likelihood`);
    });
  }

  test("outliers far from every start get finite responsibilities, never NaN", () => {
    const f = fixture<EmFixture>("em/correct-em/outliers.json");
    // With the start's densities, these rows underflow to exactly 0 for every component.
    const far = [f.X.length - 3, f.X.length - 2, f.X.length - 1];
    for (let j = 0; j < 2; j++) {
      const dens = computeGauss([f.X[far[0]]], f.start.mu[j], f.start.Sigma[j]);
      assert.equal(dens[0], 0, "the linear-space density underflows");
    }
    const res = applyGmm(f.X, f.start.pi, f.start.mu, f.start.Sigma, { maxIter: 2 });
    for (const row of far) {
      const r = res.rvals[1]!.getRow(row);
      assert.ok(r.every(Number.isFinite));
      assertClose([r[0] + r[1]], [1], 1e-12, "row sum");
      assertClose(r, f.rvals["1"][row], 1e-9, `rvals[1][${row}]`);
    }
  });
});

/** A random SPD d × d matrix around scale² · I. */
function randomCovariance(rand: () => number, d: number, scale: number): number[][] {
  const A = Array.from({ length: d }, () => Array.from({ length: d }, () => (rand() - 0.5) * scale));
  return A.map((_, r) =>
    A.map((__, c) => {
      let s = r === c ? 0.2 * scale * scale : 0;
      for (let m = 0; m < d; m++) s += A[r][m] * A[c][m];
      return s;
    }),
  );
}

describe("the maths of EM, over 200 random data sets and starts", () => {
  test("the log-likelihood never decreases; responsibilities are finite and sum to 1", () => {
    const rand = seedrandom("em-property");
    let runs = 0,
      collapsed = 0;
    for (let t = 0; t < 200; t++) {
      const d = 1 + Math.floor(rand() * 3);
      const k = 1 + Math.floor(rand() * 4);
      const n = 30 + Math.floor(rand() * 120);
      const centres = Array.from({ length: k + 1 }, () => Array.from({ length: d }, () => (rand() - 0.5) * 12));
      const X = Array.from({ length: n }, () => {
        const c = centres[Math.floor(rand() * centres.length)];
        return c.map((v) => v + (rand() + rand() + rand() - 1.5) * (0.5 + rand() * 2));
      });
      const w = Array.from({ length: k }, () => 0.1 + rand());
      const sum = w.reduce((a, b) => a + b, 0);
      const pi = w.map((x) => x / sum);
      pi[k - 1] = 1 - pi.slice(0, k - 1).reduce((a, b) => a + b, 0);
      const mu = Array.from({ length: k }, () => X[Math.floor(rand() * n)].map((v) => v + rand() - 0.5));
      const Sigma = Array.from({ length: k }, () => randomCovariance(rand, d, 0.5 + rand() * 3));
      let res: ReturnType<typeof applyGmm>;
      try {
        res = applyGmm(X, pi, mu, Sigma, { maxIter: 40 });
      } catch (e) {
        // A component may legitimately collapse with regCovar 0: that must be the typed error.
        assert.ok(e instanceof GmmSingularCovarianceError, `run ${t}: ${String(e)}`);
        collapsed++;
        continue;
      }
      runs++;
      const ll = res.logLikelihood;
      for (let i = 1; i < ll.length; i++) {
        assert.ok(
          ll[i] >= ll[i - 1] - 1e-9 * Math.abs(ll[i - 1]),
          `run ${t}: ℓ[${i}] = ${ll[i]} < ℓ[${i - 1}] = ${ll[i - 1]}`,
        );
      }
      for (let i = 1; i < res.rvals.length; i++) {
        const r = res.rvals[i]!;
        for (let row = 0; row < n; row++) {
          let s = 0;
          for (let j = 0; j < k; j++) {
            const v = r.get(row, j);
            assert.ok(Number.isFinite(v) && v >= 0, `run ${t} rvals[${i}][${row}][${j}] = ${v}`);
            s += v;
          }
          assert.ok(Math.abs(s - 1) < 1e-12, `run ${t} rvals[${i}][${row}] sums to ${s}`);
        }
      }
    }
    console.log(`property runs: ${runs} completed, ${collapsed} collapsed`);
    assert.ok(runs >= 180, `only ${runs} of 200 runs completed (${collapsed} collapsed)`);
  });
});

const flatCase = fixture<{ cases: { X: number[][]; start: { pi: number[]; mu: number[][]; Sigma: number[][][] } }[] }>(
  "em/far-from-origin.json",
).cases[0];

test("the likelihood-only last pass gives the same log-likelihood as a full E-step", () => {
  const { pi, mu, Sigma } = flatCase.start;
  // logLikelihood[3] comes from the likelihood-only pass when maxIter = 3, from a full one when maxIter = 4.
  const short = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 3, keep: "none" });
  const long = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: "none" });
  assert.equal(short.logLikelihood[3], long.logLikelihood[3]);
  assert.ok(short.logLikelihood[3] > short.logLikelihood[0]);
});
