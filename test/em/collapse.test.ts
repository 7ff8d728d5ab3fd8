// A component collapsing onto one point: the typed error that says which and when, and regCovar's rescue.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { RandomSourceName } from "../../src/index";
import { applyGmm, GmmInputError, GmmSingularCovarianceError, generateData } from "../../src/index";
import { assertClose } from "../helpers/fixtures";

test("a component collapsing onto one point says which, when, and suggests regCovar", () => {
  const gen = generateData({ nSamples1: 60, nSamples2: 0, randomState: 5 }).to2DArray();
  const X = [...gen, [30, 30]];
  const start: [number[], number[][], number[][][]] = [
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
  ];
  assert.throws(
    () => applyGmm(X, ...start, { maxIter: 10 }),
    (e: unknown) => {
      assert.ok(e instanceof GmmSingularCovarianceError);
      assert.equal(e.component, 1);
      assert.equal(e.iteration, 1);
      assert.match(e.message, /^component 1 at iteration 1: .*regCovar/);
      return true;
    },
  );
  const rescued = applyGmm(X, ...start, { maxIter: 10, regCovar: 1e-6 });
  const S = rescued.coef[10].Sigma[1];
  assertClose([S[0][0], S[1][1]], [1e-6, 1e-6], 1e-6, "the rescued component's variance is regCovar");
  assert.ok(rescued.logLikelihood.every(Number.isFinite));
});

test("collapse: a component started on the outermost point with Σ = 0.01 I collapses (the typed error); regCovar 1e-6 rescues the run", () => {
  for (const rng of ["numpy", "seedrandom"] as RandomSourceName[]) {
    const X = generateData({ rng, variance1: 3, variance2: 1 });
    const rows = X.to2DArray();
    const centre = [0, 1].map((a) => rows.reduce((s, r) => s + r[a], 0) / rows.length);
    const outer = rows.reduce((best, r) =>
      Math.hypot(r[0] - centre[0], r[1] - centre[1]) > Math.hypot(best[0] - centre[0], best[1] - centre[1]) ? r : best,
    );
    const pi = [0.5, 0.5],
      mu = [centre, outer],
      Sigma = [
        [
          [3, 0],
          [0, 3],
        ],
        [
          [0.01, 0],
          [0, 0.01],
        ],
      ];
    assert.throws(
      () => applyGmm(X, pi, mu, Sigma, { keep: "none" }),
      (e: unknown) => {
        assert.ok(e instanceof GmmSingularCovarianceError, String(e));
        assert.equal(e.component, 1);
        assert.ok(e.iteration <= 2, `iteration ${e.iteration}`);
        assert.match(e.message, /collapsed .*regCovar/);
        return true;
      },
    );
    const rescued = applyGmm(X, pi, mu, Sigma, { keep: "none", regCovar: 1e-6 });
    const last = rescued.coef[100];
    // the run completes, but the component still holds its one point: π₂ = 1/n, Σ₂ = regCovar · I
    assert.ok(Math.abs(last.pi[1] - 1 / 400) < 1e-8, `π₂ = ${last.pi[1]}`);
    assert.ok(Math.abs(last.Sigma[1][0][0] - 1e-6) < 1e-9 && Math.abs(last.Sigma[1][1][1] - 1e-6) < 1e-9);
    assert.ok(Math.hypot(last.mu[1][0] - outer[0], last.mu[1][1] - outer[1]) < 1e-6);
    assert.ok(rescued.logLikelihood.every(Number.isFinite));
  }
});

test("a collapse onto two points far from the origin (−1e8, spread 1e-3) stops, as at the origin, before the log-likelihood falls", () => {
  // Without the checks this run's Σ stayed numerically positive definite (condition ≈ 1e12) and
  // its log-likelihood fell 804.53 → 802.69 at iteration 8; at the origin it raised at iteration 7.
  const base = generateData({ nSamples1: 40, nSamples2: 40, randomState: 117, rng: "numpy" }).to2DArray();
  const tiny = [
    [1e-8, 0],
    [0, 1e-8],
  ];
  const errors = [-1e8, 0, 1e8].map((offset) => {
    const X = base.map((x) => x.map((v) => offset + 1e-3 * v));
    try {
      applyGmm(X, [0.5, 0.5], [X[0], X[1]], [tiny, tiny], { maxIter: 30, keep: "none" });
    } catch (e) {
      assert.ok(e instanceof GmmSingularCovarianceError, String(e));
      // Every iteration before it: the log-likelihood rises.
      const ll = applyGmm(X, [0.5, 0.5], [X[0], X[1]], [tiny, tiny], {
        maxIter: e.iteration - 1,
        keep: "none",
      }).logLikelihood;
      ll.forEach((v, i) =>
        assert.ok(i === 0 || v >= ll[i - 1] - 1e-9 * Math.abs(ll[i - 1]), `offset ${offset}: fell at ${i}`),
      );
      return { kind: e.kind, component: e.component, iteration: e.iteration, regCovar: e.regCovar, message: e.message };
    }
    assert.fail(`offset ${offset}: no error`);
  });
  for (const e of errors) {
    // The suggested regCovar, typed: what the message prints.
    assert.deepEqual(
      { ...e, message: undefined },
      { kind: "ill-conditioned", component: 0, iteration: 6, regCovar: 1e-12, message: undefined },
    );
    assert.match(
      e.message,
      /nearly singular \(condition number [\d.]+e\+11.*collapsing onto a line.*regCovar such as 1e-12/,
    );
  }
});

test("a fit whose components are finer than doubles resolve at their distance from the data's centre stops, naming it", () => {
  // Two tight clusters 2e8 apart: each 1e-4 wide, at ±1e8 from the centre, where doubles are 1.5e-8 apart.
  const rows: number[][] = [];
  const g = generateData({ randomState: 3 }).to2DArray();
  g.forEach((x, i) => rows.push(x.map((v) => (i < 200 ? -1e8 : 1e8) + 1e-4 * v)));
  const I = [
    [1, 0],
    [0, 1],
  ];
  assert.throws(
    () => applyGmm(rows, [0.5, 0.5], [rows[0], rows[399]], [I, I], { maxIter: 20, keep: "none" }),
    (e: unknown) =>
      e instanceof GmmSingularCovarianceError &&
      e.kind === "unresolved" &&
      /too fine for doubles at its mean's distance from the data's centre \(1\.00e\+8/.test((e as Error).message),
  );
  // Started that fine, it is the start that is refused.
  assert.throws(
    () =>
      applyGmm(
        rows,
        [0.5, 0.5],
        [rows[0], rows[399]],
        [
          [
            [1e-8, 0],
            [0, 1e-8],
          ],
          [
            [1e-8, 0],
            [0, 1e-8],
          ],
        ],
      ),
    (e: unknown) => e instanceof GmmInputError && e.argument === "mu[0]" && /as EM's start, its spread/.test(e.message),
  );
  // The same clusters 2e4 apart fit.
  const near = g.map((x, i) => x.map((v) => (i < 200 ? -1e4 : 1e4) + 1e-4 * v));
  const r = applyGmm(near, [0.5, 0.5], [near[0], near[399]], [I, I], { maxIter: 20, keep: "none" });
  assert.ok(r.logLikelihood.every((v, i) => i === 0 || v >= r.logLikelihood[i - 1] - 1e-9 * Math.abs(v)));
});
