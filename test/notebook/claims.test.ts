// What the notebook's text says, checked on the library — the numbers behind each sentence and
// behind each exercise's answer. The notebook computes and prints its own numbers; these tests
// make sure the words around them stay true.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { Matrix } from "ml-matrix";
import type { GmmParams } from "../../src/index";
import {
  applyGmm,
  computeGauss,
  GaussianMixture,
  generateData,
  logGauss,
  makeBlobs,
  selectModel,
} from "../../src/index";

const start = {
  pi: [0.1, 0.9],
  mu: [
    [0.1, 0],
    [0, 0],
  ],
  Sigma: [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
};
const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const X40 = generateData({ rng: "numpy", variance1: 3, variance2: 1, nSamples1: 40 });
const I = [
  [1, 0],
  [0, 1],
];

/** The notebook's count: iterations where ℓ fell by more than the rounding of a sum of n logarithms, n·ε·|ℓ|. */
const decreases = (ll: number[], n: number) =>
  ll.map((_, i) => i).filter((i) => i > 0 && ll[i - 1] - ll[i] > n * Number.EPSILON * Math.abs(ll[i]));

/** The notebook's EM cell, written out again: π optional (exercise 4 leaves it out). */
function plainEm(data: Matrix, params: GmmParams, iterations: number, withPi = true): GmmParams {
  const x = data.to2DArray();
  let p = params;
  for (let it = 0; it < iterations; it++) {
    const logs = p.pi.map((w, j) =>
      Array.from(logGauss(data, p.mu[j], p.Sigma[j]), (l) => (withPi ? Math.log(w) : 0) + l),
    );
    const r = x.map((_, i) => {
      const row = logs.map((l) => l[i]);
      const top = Math.max(...row);
      const s = row.reduce((a, l) => a + Math.exp(l - top), 0);
      return row.map((l) => Math.exp(l - top) / s);
    });
    const N = r[0].map((_, j) => r.reduce((s, ri) => s + ri[j], 0));
    const mu = N.map((Nj, j) => [0, 1].map((c) => x.reduce((s, xi, i) => s + r[i][j] * xi[c], 0) / Nj));
    const Sigma = mu.map((m, j) =>
      [0, 1].map((a) =>
        [0, 1].map((b) => x.reduce((s, xi, i) => s + r[i][j] * (xi[a] - m[a]) * (xi[b] - m[b]), 0) / N[j]),
      ),
    );
    p = { pi: N.map((Nj) => Nj / x.length), mu, Sigma };
  }
  return p;
}
const flat = (p: GmmParams) => [p.pi, ...p.mu, ...p.Sigma.flat()].flat();
const maxGap = (a: GmmParams, b: GmmParams) => Math.max(...flat(a).map((v, i) => Math.abs(v - flat(b)[i])));

test("compute_gauss: with Σ = 0.1 I the density is a subnormal 3e-313 twelve units out, and exactly 0 past about 12.2", () => {
  const at = (d: number) =>
    computeGauss(
      [[0.1 + d, 0]],
      [0.1, 0],
      [
        [0.1, 0],
        [0, 0.1],
      ],
    )[0];
  assert.ok(at(12) > 0 && at(12) < 2.2250738585072014e-308 && Math.abs(at(12) / 3.2344e-313 - 1) < 1e-3, `${at(12)}`);
  assert.ok(at(12.2) > 0 && at(12.3) === 0, `${at(12.2)}, ${at(12.3)}`);
});

test("apply_gmm: the hand-written EM equals applyGmm; converged (tol 1e-3) at iteration 20, so 25 and 40 look alike", () => {
  const ours = plainEm(X, start, 100);
  const library = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
  assert.ok(maxGap(ours, library.coef[100]) <= 1e-9);
  const fit = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100, tol: 1e-3, keep: "none" });
  assert.deepEqual([fit.nIter, fit.converged], [20, true]);
  // a panel spans about 17 units in 240 px: a pixel is 0.07 units; iterations 25 and 40 differ by 3e-4
  assert.ok(
    maxGap(library.coef[25], library.coef[40]) < 1e-3,
    "the grid's last two panels differ by far less than a pixel",
  );
  // rounding: correct EM's ℓ jitters on its plateau by a few 1e-12 — below n·ε·|ℓ| ≈ 1.4e-10 — and never falls by more
  const ll = library.logLikelihood;
  const jitter = Math.max(...ll.map((v, i) => (i > 0 ? ll[i - 1] - v : 0)));
  assert.ok(jitter > 0 && jitter < 400 * Number.EPSILON * Math.abs(ll[100]), `${jitter}`);
  assert.deepEqual(decreases(ll, 400), []);
});

test("the original's slips: hardly visible on two clusters of 200, plain with nSamples1 = 40", () => {
  const o = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const c = applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" });
  assert.ok(Math.abs(o.logLikelihood[100] - c.logLikelihood[100]) < 0.5, "ℓ 0.3 apart");
  assert.ok(
    Math.max(...o.logLikelihood.map((v, i) => (i > 0 ? o.logLikelihood[i - 1] - v : 0))) < 0.01,
    "drops of at most 0.005",
  );
  assert.equal(decreases(o.logLikelihood, 400).length, 17, "ℓ falls at about 20 iterations (6 … 22)");
  const o40 = applyGmm(X40, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const c40 = applyGmm(X40, start.pi, start.mu, start.Sigma, { keep: "none" });
  assert.ok(
    o40.logLikelihood[100] < -860 && c40.logLikelihood[100] > -820,
    `${o40.logLikelihood[100]} against ${c40.logLikelihood[100]}`,
  );
  const between = o40.coef[100].mu.find((m) => Math.hypot(m[0], m[1]) < 1);
  assert.ok(between, `a mean between the clusters: ${JSON.stringify(o40.coef[100].mu)}`);
  const falls = decreases(o40.logLikelihood, 240);
  assert.ok(falls.length >= 15 && Math.max(...falls.map((i) => o40.logLikelihood[i - 1] - o40.logLikelihood[i])) > 20);
  assert.deepEqual(decreases(c40.logLikelihood, 240), []);
});

test("the original's mean update: right for k = 1 (both slips vanish), an error for k ≠ d", () => {
  const one = { pi: [1], mu: [[0.5, 0.5]], Sigma: [I] };
  const o = applyGmm(X, one.pi, one.mu, one.Sigma, { variant: "original", maxIter: 5, keep: "none" });
  const c = applyGmm(X, one.pi, one.mu, one.Sigma, { maxIter: 5, keep: "none" });
  assert.ok(maxGap(o.coef[5], c.coef[5]) < 1e-12);
  assert.throws(
    () =>
      applyGmm(
        X,
        [1 / 3, 1 / 3, 1 / 3],
        [
          [-2, 2],
          [0, 0],
          [2, -2],
        ],
        [I, I, I],
        { maxIter: 1, variant: "original" },
      ),
    /k = 3 and d = 2/,
  );
});

test("k = 3: the poor start has not converged at 100, converges (tol 1e-6) to a local optimum; tol 1e-2 stops on the slope", () => {
  const blobs = makeBlobs({
    nSamples: 300,
    centers: [
      [-5, -3],
      [5, -3],
      [0, 5],
    ],
    clusterStd: 1,
    randomState: 42,
    rng: "numpy",
  });
  const third = [1 / 3, 1 / 3, 1 / 3],
    poorStart = [
      [-5.5, -2.5],
      [-4.5, -3.5],
      [2.5, 1],
    ];
  const poor = applyGmm(blobs.X, third, poorStart, [I, I, I], {
    maxIter: 1000,
    tol: 1e-6,
    regCovar: 1e-6,
    keep: "none",
  });
  const ll = poor.logLikelihood;
  assert.ok(ll[150] - ll[100] > 1 && ll[poor.nIter] - ll[100] > 10, "iteration 100 is not converged");
  assert.ok(poor.converged && poor.nIter > 150 && poor.nIter < 200, `${poor.nIter}`);
  assert.ok(Math.abs(ll[poor.nIter] + 1326.33) < 0.01);
  assert.ok(Math.min(...poor.coef[poor.nIter].pi) < 0.03, "one component's weight has shrunk");
  // a local optimum: the farthest-point start reaches far higher
  const spread = [blobs.X.getRow(0)];
  const away = (x: number[]) => Math.min(...spread.map((c) => Math.hypot(x[0] - c[0], x[1] - c[1])));
  while (spread.length < 3) spread.push(blobs.X.to2DArray().reduce((a, b) => (away(b) > away(a) ? b : a)));
  const good = applyGmm(blobs.X, third, spread, [I, I, I], { maxIter: 1000, tol: 1e-6, regCovar: 1e-6, keep: "none" });
  assert.ok(good.logLikelihood[good.nIter] - ll[poor.nIter] > 150);
  const loose = applyGmm(blobs.X, third, poorStart, [I, I, I], {
    maxIter: 1000,
    tol: 1e-2,
    regCovar: 1e-6,
    keep: "none",
  });
  assert.deepEqual([loose.nIter, loose.converged], [18, true]);
  assert.ok(Math.abs(loose.logLikelihood[18] + 1338.62) < 0.01, "exercise 5");
  // restarts: some random starts end lower; ten restarts keep the best
  const single = [1, 2, 5].map(
    (seed) =>
      new GaussianMixture({ nComponents: 3, initParams: "random", randomState: seed, tol: 1e-6, maxIter: 500 })
        .fit(blobs.X)
        .score(blobs.X) * 300,
  );
  const ten =
    new GaussianMixture({ nComponents: 3, initParams: "random", randomState: 0, nInit: 10, tol: 1e-6, maxIter: 500 })
      .fit(blobs.X)
      .score(blobs.X) * 300;
  single.forEach((l) => assert.ok(l < ten - 100, `${l} against ${ten}`));
});

test("BIC: the best fit's ℓ does not fall as k grows (on the original's data, full covariances, 5 starts each)", () => {
  const best = [1, 2, 3, 4].map(
    (k) => new GaussianMixture({ nComponents: k, nInit: 5, randomState: 0 }).fit(X).score(X) * 400,
  );
  best.forEach((l, i) => assert.ok(i === 0 || l >= best[i - 1] - 1e-6, `k = ${i + 1}: ${l} after ${best[i - 1]}`));
});

test("exercise 1: BIC picks k = 2 up to variance 11 and k = 1 from 11.5", () => {
  const pick = (v: number) =>
    selectModel(generateData({ rng: "numpy", variance1: v, variance2: v }), {
      nComponents: [1, 2, 3, 4, 5, 6, 7, 8],
      randomState: 0,
    }).best;
  assert.deepEqual([pick(11).nComponents, pick(11).covarianceType], [2, "spherical"]);
  assert.deepEqual([pick(11.5).nComponents, pick(11.5).covarianceType], [1, "full"]);
});

test("exercise 2: both means at one point with equal weights stay one Gaussian — ℓ constant from iteration 1", () => {
  const run = applyGmm(
    X,
    [0.5, 0.5],
    [
      [0, 0],
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
    { keep: "none" },
  );
  assert.deepEqual(run.coef[100].mu[0], run.coef[100].mu[1]);
  const one = new GaussianMixture({ nComponents: 1, regCovar: 0 }).fit(X).score(X) * 400;
  assert.ok(Math.abs(run.logLikelihood[1] - one) < 1e-6 && Math.abs(run.logLikelihood[100] - one) < 1e-6);
});

test("exercises 3 and 4: the small cluster's π ≈ 0.178 against 0.167; leaving π out of the E-step costs 0.01 or 3.6", () => {
  const c40 = applyGmm(X40, start.pi, start.mu, start.Sigma, { keep: "none" }).coef[100];
  const small = Math.min(...c40.pi);
  assert.ok(Math.abs(small - 0.178) < 0.001 && Math.abs(small - 40 / 240) < 0.02, `${small}`);
  const noPi = plainEm(X, start, 100, false),
    noPi40 = plainEm(X40, start, 100, false);
  assert.ok(
    Math.abs(maxGap(noPi, applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" }).coef[100]) - 0.011) < 0.001,
  );
  assert.ok(Math.abs(maxGap(noPi40, c40) - 3.6) < 0.05);
  assert.ok(
    noPi40.mu.some((m) => Math.abs(m[0] - 0.2) < 0.05 && Math.abs(m[1] + 0.2) < 0.05),
    JSON.stringify(noPi40.mu),
  );
});
