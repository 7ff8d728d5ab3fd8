// A component collapsing onto one point: the typed error that says which and when, and regCovar's rescue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { GmmSingularCovarianceError, applyGmm, generateData } from "../../src/index";
import type { RandomSourceName } from "../../src/index";
import { assertClose } from "../helpers/fixtures";

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

test("collapse: a component started on the outermost point with Σ = 0.01 I collapses (the typed error); regCovar 1e-6 rescues the run", () => {
  for (const rng of ["numpy", "seedrandom"] as RandomSourceName[]) {
    const X = generateData({ rng, variance1: 3, variance2: 1 });
    const rows = X.to2DArray();
    const centre = [0, 1].map((a) => rows.reduce((s, r) => s + r[a], 0) / rows.length);
    const outer = rows.reduce((best, r) => (Math.hypot(r[0] - centre[0], r[1] - centre[1]) > Math.hypot(best[0] - centre[0], best[1] - centre[1]) ? r : best));
    const pi = [0.5, 0.5], mu = [centre, outer], Sigma = [[[3, 0], [0, 3]], [[0.01, 0], [0, 0.01]]];
    assert.throws(() => applyGmm(X, pi, mu, Sigma, { keep: "none" }), (e: unknown) => {
      assert.ok(e instanceof GmmSingularCovarianceError, String(e));
      assert.equal(e.component, 1);
      assert.ok(e.iteration <= 2, `iteration ${e.iteration}`);
      assert.match(e.message, /collapsed .*regCovar/);
      return true;
    });
    const rescued = applyGmm(X, pi, mu, Sigma, { keep: "none", regCovar: 1e-6 });
    const last = rescued.coef[100];
    // the run completes, but the component still holds its one point: π₂ = 1/n, Σ₂ = regCovar · I
    assert.ok(Math.abs(last.pi[1] - 1 / 400) < 1e-8, `π₂ = ${last.pi[1]}`);
    assert.ok(Math.abs(last.Sigma[1][0][0] - 1e-6) < 1e-9 && Math.abs(last.Sigma[1][1][1] - 1e-6) < 1e-9);
    assert.ok(Math.hypot(last.mu[1][0] - outer[0], last.mu[1][1] - outer[1]) < 1e-6);
    assert.ok(rescued.logLikelihood.every(Number.isFinite));
  }
});
