// What the notebook's teaching sections say, checked on the library: the original's slips on the
// original's data, k = 3 stuck in a local optimum and escaping it, a collapse and its rescue.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GmmInputError, GmmSingularCovarianceError, Matrix, applyGmm, comparisonFigure, generateData, makeBlobs,
} from "../src/index";
import type { RandomSourceName } from "../src/index";

const start = { pi: [0.1, 0.9], mu: [[0.1, 0], [0, 0]], Sigma: [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]] };

/** (x − μ)ᵀ Σ⁻¹ (x − μ) for 2-D points. */
function mahalanobis2(x: number, y: number, mu: number[], S: number[][]): number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const dx = x - mu[0], dy = y - mu[1];
  return (S[1][1] * dx * dx - 2 * S[0][1] * dx * dy + S[0][0] * dy * dy) / det;
}

test("pitfalls: on the original's data the original's log-likelihood goes down and ends below the correct EM's", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const original = applyGmm(X, start.pi, start.mu, start.Sigma, { variant: "original", keep: "none" });
  const correct = applyGmm(X, start.pi, start.mu, start.Sigma, { keep: "none" });
  // Drops beyond rounding (at convergence the sums wobble by ~1e-12).
  const drops = (ll: number[]) => ll.slice(1).map((v, i) => v - ll[i]).filter((d, i) => d < -1e-9 * Math.abs(ll[i]));
  assert.deepEqual(drops(correct.logLikelihood), [], "correct EM never lowers it");
  const down = drops(original.logLikelihood);
  assert.ok(down.length >= 5, `the original's goes down at ${down.length} iterations`);
  assert.ok(Math.min(...down) < -1e-3, `by up to ${Math.min(...down)}`);
  const gap = correct.logLikelihood[100] - original.logLikelihood[100];
  assert.ok(gap > 0.1 && gap < 1, `correct EM ends ${gap} higher`);
});

test("comparisonFigure({ finalEllipses: true }): each run's final 2σ ellipses, in its line style, after the other traces", () => {
  const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
  const runs = (["original", "correct"] as const).map((variant) => {
    const r = applyGmm(X, start.pi, start.mu, start.Sigma, { variant, maxIter: 40, keep: "none" });
    return { label: variant, coef: r.coef, logLikelihood: r.logLikelihood };
  });
  const plain = comparisonFigure(runs, { X, logLikelihoodFrom: 10 });
  const fig = comparisonFigure(runs, { X, logLikelihoodFrom: 10, finalEllipses: true });
  assert.deepEqual(fig.data.slice(0, plain.data.length), plain.data, "the other traces unchanged, in place");
  const ellipses = fig.data.slice(plain.data.length);
  assert.equal(ellipses.length, 2 * 2);
  runs.forEach((run, r) => {
    const last = run.coef[40];
    const curveDash = plain.data.find((t) => t.name === `${run.label}: log-likelihood`)!.line!.dash;
    for (let j = 0; j < 2; j++) {
      const e = ellipses[2 * r + j];
      assert.equal(e.name, `${run.label}: final 2σ ellipse ${j + 1}`);
      assert.equal(e.line!.dash, curveDash, "the run's line style");
      assert.equal(e.line!.color, plain.data.find((t) => t.name === `${run.label}: μ${j + 1}`)!.line!.color, "the component's colour");
      for (let p = 0; p < e.x.length; p++) {
        const m = mahalanobis2(e.x[p]!, e.y[p]!, last.mu[j], last.Sigma[j]);
        assert.ok(Math.abs(m - 4) < 1e-9, `run ${r}, ellipse ${j}, point ${p}: Mahalanobis² ${m}`);
      }
    }
  });
  assert.equal((fig.layout.annotations as { text: string }[])[0].text, "paths of the means, final 2σ ellipses");
  const noSigma = runs.map((run) => ({ ...run, coef: run.coef.map((c) => ({ pi: c.pi, mu: c.mu })) })) as unknown as typeof runs;
  assert.throws(() => comparisonFigure(noSigma, { finalEllipses: true }), (e: unknown) => e instanceof GmmInputError && /runs\[0\]\.coef\[40\]\.Sigma\[0\]/.test(e.message));
});

// The notebook's k = 3 section: three blobs, a poor start with two means in one blob.
const THREE = [[-5, -3], [5, -3], [0, 5]];
const POOR = [[-5.5, -2.5], [-4.5, -3.5], [2.5, 1]];
const I = [[1, 0], [0, 1]];

/** The notebook's "different start": each mean the data point farthest from the means chosen so far, from row 0. */
function farthestPoints(X: Matrix, k: number): number[][] {
  const rows = X.to2DArray();
  const chosen = [rows[0]];
  while (chosen.length < k) {
    const distance = (r: number[]) => Math.min(...chosen.map((c) => Math.hypot(r[0] - c[0], r[1] - c[1])));
    chosen.push(rows.reduce((best, r) => (distance(r) > distance(best) ? r : best)));
  }
  return chosen;
}

for (const rng of ["numpy", "seedrandom"] as RandomSourceName[]) {
  test(`k = 3 (makeBlobs, rng ${rng}): the poor start stays in a local optimum, the farthest-point start finds the three blobs`, () => {
    // The notebook's runs use regCovar 1e-6: without it, numpy's seed 2 collapses a component of the
    // poor start (with it, that run ends on another local optimum, a component on one point).
    for (const randomState of [42, 0, 7]) {
      const { X } = makeBlobs({ nSamples: 300, centers: THREE, clusterStd: 1, randomState, rng });
      const third = [1 / 3, 1 / 3, 1 / 3];
      const stuck = applyGmm(X, third, POOR, [I, I, I], { keep: "none", regCovar: 1e-6 });
      const escaped = applyGmm(X, third, farthestPoints(X, 3), [I, I, I], { keep: "none", regCovar: 1e-6 });
      const near = (mu: number[][], c: number[]) => mu.filter((m) => Math.hypot(m[0] - c[0], m[1] - c[1]) < 0.5).length;
      const what = `seed ${randomState}`;
      // stuck: two means share the left blob, one sits between the other two
      const s = stuck.coef[100].mu;
      assert.equal(s.filter((m) => Math.hypot(m[0] + 5, m[1] + 3) < 2).length, 2, `${what}: ${JSON.stringify(s)}`);
      assert.ok(THREE.slice(1).every((c) => near(s, c) === 0), `${what}: no mean on the other blobs`);
      // escaped: one mean per blob, and a much higher log-likelihood
      const e = escaped.coef[100].mu;
      assert.ok(THREE.every((c) => near(e, c) === 1), `${what}: ${JSON.stringify(e)}`);
      assert.ok(escaped.logLikelihood[100] - stuck.logLikelihood[100] > 100, what);
      // and the stuck run has stopped moving: a local optimum, not a slow start
      const ll = stuck.logLikelihood;
      assert.ok(ll[100] - ll[90] < 1e-3 * Math.abs(ll[100]), `${what}: still climbing`);
    }
  });
}

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
