import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import seedrandom from "seedrandom";
import {
  Matrix, applyGmm, computeGauss, generateData, logGauss,
  GmmInputError, GmmSingularCovarianceError,
} from "../src/index";
import { assertClose, fixture } from "./helpers";

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
      assert.deepEqual(res.rvals[0]!.to2DArray(), f.X.map(() => new Array(k).fill(1 / k)));
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

describe("computeGauss and logGauss against scipy", () => {
  const cases = fixture<{ X: number[][]; mu: number[]; Sigma: number[][]; logpdf: number[]; pdf: number[] }[]>("density/gauss.json");
  for (const c of cases) {
    const d = c.mu.length;
    test(`d = ${d}`, () => {
      assertClose(Array.from(logGauss(c.X, c.mu, c.Sigma)), c.logpdf, 1e-12, `logGauss d=${d}`);
      const dens = computeGauss(c.X, c.mu, c.Sigma);
      assert.ok(dens instanceof Float64Array);
      c.pdf.forEach((p, i) => assert.ok(Math.abs(dens[i] - p) <= 1e-12 * p, `pdf[${i}] ${dens[i]} vs ${p}`));
    });
  }
});

/** A random SPD d × d matrix around scale² · I. */
function randomCovariance(rand: () => number, d: number, scale: number): number[][] {
  const A = Array.from({ length: d }, () => Array.from({ length: d }, () => (rand() - 0.5) * scale));
  return A.map((_, r) => A.map((__, c) => {
    let s = r === c ? 0.2 * scale * scale : 0;
    for (let m = 0; m < d; m++) s += A[r][m] * A[c][m];
    return s;
  }));
}

describe("the maths of EM, over 200 random data sets and starts", () => {
  test("the log-likelihood never decreases; responsibilities are finite and sum to 1", () => {
    const rand = seedrandom("em-property");
    let runs = 0, collapsed = 0;
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
      let res;
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
        assert.ok(ll[i] >= ll[i - 1] - 1e-9 * Math.abs(ll[i - 1]), `run ${t}: ℓ[${i}] = ${ll[i]} < ℓ[${i - 1}] = ${ll[i - 1]}`);
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

  test("tol stops once the gain is below it, with coef, rvals and logLikelihood consistent", () => {
    const X = generateData({ variance1: 3 });
    const start: [number[], number[][], number[][][]] = [[0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]]];
    const full = applyGmm(X, ...start, { maxIter: 200 });
    const res = applyGmm(X, ...start, { maxIter: 200, tol: 1e-6 });
    assert.equal(res.converged, true);
    assert.ok(res.nIter > 5 && res.nIter < 200);
    assert.equal(res.coef.length, res.nIter + 1);
    assert.equal(res.logLikelihood.length, res.nIter + 1);
    assert.equal(res.rvals.length, res.nIter + 1);
    const m = res.nIter;
    assert.ok(Math.abs(res.logLikelihood[m] - res.logLikelihood[m - 1]) < 1e-6);
    assert.ok(Math.abs(res.logLikelihood[m - 1] - res.logLikelihood[m - 2]) >= 1e-6);
    assert.deepEqual(res.coef[m], full.coef[m]);
    assert.equal(full.converged, undefined);
    const capped = applyGmm(X, ...start, { maxIter: 3, tol: 1e-6 });
    assert.equal(capped.converged, false);
    assert.equal(capped.nIter, 3);
  });

  test("keep retains only the listed iterations' responsibilities", () => {
    const X = generateData({ variance1: 3 });
    const res = applyGmm(X, [0.5, 0.5], [[-1, 1], [1, -1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 12, keep: [0, 1, 5, 10] });
    const all = applyGmm(X, [0.5, 0.5], [[-1, 1], [1, -1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 12 });
    assert.equal(res.rvals.length, 13);
    res.rvals.forEach((r, i) => {
      if ([0, 1, 5, 10].includes(i)) assert.deepEqual(r!.to2DArray(), all.rvals[i]!.to2DArray());
      else assert.equal(r, undefined, `rvals[${i}]`);
    });
    assert.deepEqual(res.coef, all.coef);
    assert.ok(applyGmm(X, [1], [[0, 0]], [[[1, 0], [0, 1]]], { maxIter: 2, keep: "none" }).rvals.every((r) => r === undefined));
  });

  test("X as a Matrix, as rows and as a flat buffer give the same fit", () => {
    const X = generateData({ nSamples1: 50, nSamples2: 70, randomState: 3 });
    const rows = X.to2DArray();
    const flat = { data: Float64Array.from(rows.flat()), columns: 2 };
    const args: [number[], number[][], number[][][]] = [[0.3, 0.7], [[0, 1], [1, 0]], [[[2, 0.5], [0.5, 1]], [[1, 0], [0, 1]]]];
    const a = applyGmm(X, ...args, { maxIter: 10 });
    const b = applyGmm(rows, ...args, { maxIter: 10 });
    const c = applyGmm(flat, ...args, { maxIter: 10 });
    assert.deepEqual(a.coef, b.coef);
    assert.deepEqual(a.coef, c.coef);
    assert.deepEqual(a.logLikelihood, c.logLikelihood);
  });
});

describe("bad input gets a typed error naming the argument and the problem", () => {
  const I = [[1, 0], [0, 1]];
  const X = [[0, 0], [1, 1], [2, 0]];
  const ok: [number[], number[][], number[][][]] = [[0.5, 0.5], [[0, 0], [1, 1]], [I, I]];
  const cases: [string, () => unknown, RegExp][] = [
    ["empty X", () => applyGmm([], ...ok), /^X: is empty/],
    ["empty Matrix", () => applyGmm(new Matrix(0, 2), ...ok), /^X: is empty/],
    ["ragged X", () => applyGmm([[0, 0], [1]], ...ok), /^X\[1\]: has 1 values, but row 0 has 2/],
    ["NaN in X", () => applyGmm([[0, 0], [NaN, 1]], ...ok), /^X\[1\]\[0\]: is not a finite number/],
    ["Infinity in flat X", () => applyGmm({ data: Float64Array.of(0, 1, Infinity, 2), columns: 2 }, ...ok), /^X\[1\]\[0\]: is not a finite number/],
    ["flat X of the wrong length", () => applyGmm({ data: new Float64Array(5), columns: 2 }, ...ok), /^X\.data: has length 5, not a multiple of columns = 2/],
    ["k disagrees (mu)", () => applyGmm(X, [0.5, 0.5], [[0, 0]], [I, I]), /^mu: has 1 means, but pi has 2 weights/],
    ["k disagrees (Sigma)", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I]), /^Sigma: has 1 covariances, but pi has 2 weights/],
    ["mean of the wrong dimension", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1, 1]], [I, I]), /^mu\[1\]: has dimension 3, but the data has 2/],
    ["covariance of the wrong dimension", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I, [[1]]]), /^Sigma\[1\]: has 1 rows, but the data has dimension 2/],
    ["negative weight", () => applyGmm(X, [1.5, -0.5], ...ok.slice(1) as [number[][], number[][][]]), /^pi\[1\]: is negative/],
    ["weights not summing to 1", () => applyGmm(X, [0.5, 0.6], ...ok.slice(1) as [number[][], number[][][]]), /^pi: sums to 1\.1, not 1/],
    ["asymmetric covariance", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [I, [[1, 0.5], [0.4, 1]]]), /^Sigma\[1\]\[1\]\[0\]: is 0\.4 but Sigma\[1\]\[0\]\[1\] is 0\.5: a covariance must be symmetric/],
    ["covariance not positive definite", () => applyGmm(X, [0.5, 0.5], [[0, 0], [1, 1]], [[[1, 2], [2, 1]], I]), /^Sigma\[0\]: is not positive definite/],
    ["non-integer maxIter", () => applyGmm(X, ...ok, { maxIter: 2.5 }), /^options\.maxIter: must be an integer ≥ 0, got 2\.5/],
    ["negative maxIter", () => applyGmm(X, ...ok, { maxIter: -1 }), /^options\.maxIter: must be an integer ≥ 0, got -1/],
    ["negative regCovar", () => applyGmm(X, ...ok, { regCovar: -1e-6 }), /^options\.regCovar: must be a finite number ≥ 0/],
    ["keep out of range", () => applyGmm(X, ...ok, { maxIter: 5, keep: [0, 7] }), /^options\.keep\[1\]: must be an iteration number from 0 to maxIter = 5, got 7/],
    ["unknown option", () => applyGmm(X, ...ok, { maxIters: 5 } as never), /^options\.maxIters: is not a known option/],
    ["NaN mean", () => computeGauss(X, [0, NaN], I), /^mu\[1\]: is not a finite number/],
    ["generateData bad size", () => generateData({ nSamples1: -1 }), /^options\.nSamples1: must be an integer ≥ 0/],
    ["generateData bad variance", () => generateData({ variance2: NaN }), /^options\.variance2: must be a finite number ≥ 0/],
  ];
  for (const [what, run, message] of cases) {
    test(what, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof GmmInputError, `${what}: ${String(e)}`);
        assert.match((e as Error).message, message);
        return true;
      });
    });
  }

  test("a component collapsing onto one point says which, when, and suggests regCovar", () => {
    const gen = generateData({ nSamples1: 60, nSamples2: 0, randomState: 5 }).to2DArray();
    const X = [...gen, [30, 30]];
    const start: [number[], number[][], number[][][]] = [[0.5, 0.5], [[-2, 2], [30, 30]], [[[1, 0], [0, 1]], [[0.01, 0], [0, 0.01]]]];
    assert.throws(() => applyGmm(X, ...start, { maxIter: 10 }), (e: unknown) => {
      assert.ok(e instanceof GmmSingularCovarianceError);
      assert.equal(e.component, 1);
      assert.equal(e.iteration, 1);
      assert.match(e.message, /^component 1 at iteration 1: .*regCovar/);
      return true;
    });
    const rescued = applyGmm(X, ...start, { maxIter: 10, regCovar: 1e-6 });
    const S = rescued.coef[10].Sigma[1];
    assertClose([S[0][0], S[1][1]], [1e-6, 1e-6], 1e-6, "the rescued component's variance is regCovar");
    assert.ok(rescued.logLikelihood.every(Number.isFinite));
  });
});

describe("generateData", () => {
  test("the same options give the same matrix, bit for bit; other seeds differ", () => {
    const a = generateData({ variance1: 3 });
    const b = generateData({ variance1: 3 });
    assert.deepEqual(a.to2DArray(), b.to2DArray());
    assert.notDeepEqual(generateData({ randomState: 43 }).to2DArray(), generateData().to2DArray());
  });

  test("is identical on every machine: a digest of the default data's bits", () => {
    // seedrandom's ARC4 and Math.log/Math.sqrt (correctly rounded where it matters) fix these bits.
    const bits = Buffer.from(Float64Array.from(generateData().to1DArray()).buffer);
    assert.equal(createHash("sha256").update(bits).digest("hex").slice(0, 16), DEFAULT_DIGEST);
  });

  test("shape, cluster order, centres and variances", () => {
    const n1 = 4000, n2 = 3000;
    const X = generateData({ nSamples1: n1, nSamples2: n2, variance1: 3, variance2: 0.5, randomState: 11 });
    assert.equal(X.rows, n1 + n2);
    assert.equal(X.columns, 2);
    const moments = (from: number, to: number) => {
      const rows = X.to2DArray().slice(from, to);
      const mean = [0, 1].map((c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
      const variance = [0, 1].map((c) => rows.reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0) / (rows.length - 1));
      return { mean, variance };
    };
    const c1 = moments(0, n1), c2 = moments(n1, n1 + n2);
    // Within five standard errors.
    c1.mean.forEach((m, c) => assert.ok(Math.abs(m - [-2, 2][c]) < 5 * Math.sqrt(3 / n1), `cluster 1 mean ${m}`));
    c2.mean.forEach((m, c) => assert.ok(Math.abs(m - [2, -2][c]) < 5 * Math.sqrt(0.5 / n2), `cluster 2 mean ${m}`));
    c1.variance.forEach((v) => assert.ok(Math.abs(v - 3) < 5 * 3 * Math.sqrt(2 / n1), `cluster 1 variance ${v}`));
    c2.variance.forEach((v) => assert.ok(Math.abs(v - 0.5) < 5 * 0.5 * Math.sqrt(2 / n2), `cluster 2 variance ${v}`));
  });
});

const DEFAULT_DIGEST = "e201b4312ed9ad6e";
