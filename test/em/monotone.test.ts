/**
 * EM never lowers the log-likelihood (beyond rounding: 1e-9 of it), or it stops with a typed
 * error: over 400 random fits at scales from 1e-3 to 1e6, offsets up to 1e8, d 1–4, k 1–4, from
 * starts that often collapse (tiny covariances on data points, more components than clusters),
 * by applyGmm (no regCovar) and by GaussianMixture (regCovar 0: regCovar > 0 is not exact EM).
 */

import * as assert from "node:assert/strict";
import { test } from "node:test";
import seedrandom from "seedrandom";
import { applyGmm, GaussianMixture, GmmError, GmmSingularCovarianceError } from "../../src/index";
import { quietly } from "../helpers/estimator";

/** Relative to the log-likelihood's size: what rounding in a sum of n terms can move. */
const TOLERANCE = 1e-9;

interface Fit {
  d: number;
  k: number;
  n: number;
  scale: number;
  offset: number;
  X: number[][];
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
}

/** A random data set (1–4 clusters, correlated) and a random start, from `seed`. */
function randomFit(seed: number): Fit {
  const rand = seedrandom(`monotone:${seed}`);
  const u = (a: number, b: number) => a + (b - a) * rand();
  const int = (a: number, b: number) => Math.floor(u(a, b + 1));
  const normal = () => {
    let s = 0;
    for (let i = 0; i < 12; i++) s += rand();
    return s - 6;
  };
  const d = int(1, 4),
    k = int(1, 4),
    clusters = int(1, 4);
  const scale = 10 ** u(-3, 6);
  const offset = rand() < 0.3 ? 0 : (rand() < 0.5 ? -1 : 1) * 10 ** u(0, 8);
  const n = int(Math.max(k, 5), 300);
  const centres = Array.from({ length: clusters }, () =>
    Array.from({ length: d }, () => offset + 4 * scale * normal()),
  );
  const spread = Array.from({ length: clusters }, () => Array.from({ length: d }, () => scale * 10 ** u(-1, 0.5)));
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const j = int(0, clusters - 1);
    const z = Array.from({ length: d }, () => normal());
    X.push(centres[j].map((c, a) => c + spread[j][a] * (z[a] + (a > 0 ? 0.5 * z[a - 1] : 0))));
  }
  const pi = Array.from({ length: k }, () => 1 / k);
  const mu = Array.from({ length: k }, () => X[int(0, n - 1)].slice());
  const variance = scale * scale * 10 ** u(-6, 1);
  const Sigma = Array.from({ length: k }, () =>
    Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? variance : 0))),
  );
  return { d, k, n, scale, offset, X, pi, mu, Sigma };
}

/** The largest fall of `ll` from one entry to the next, relative to the entry it fell from. */
function largestFall(ll: number[]): number {
  let worst = 0;
  for (let i = 1; i < ll.length; i++) worst = Math.max(worst, (ll[i - 1] - ll[i]) / Math.abs(ll[i - 1]));
  return worst;
}

interface Tally {
  fits: number;
  completed: number;
  errors: Record<string, number>;
  largestFall: number;
}

function tally(name: string, fits: number, run: (f: Fit, seed: number) => number[]): Tally {
  const t: Tally = { fits, completed: 0, errors: {}, largestFall: 0 };
  for (let seed = 0; seed < fits; seed++) {
    const f = randomFit(seed);
    let ll: number[];
    try {
      ll = run(f, seed);
    } catch (e) {
      assert.ok(e instanceof GmmError, `${name}, fit ${seed}: an untyped ${String(e)}`);
      const kind = e instanceof GmmSingularCovarianceError ? `${e.name} (${e.kind})` : e.name;
      t.errors[kind] = (t.errors[kind] ?? 0) + 1;
      continue;
    }
    assert.ok(ll.every(Number.isFinite), `${name}, fit ${seed}: a log-likelihood that is not finite`);
    const fall = largestFall(ll);
    assert.ok(
      fall <= TOLERANCE,
      `${name}, fit ${seed} (d = ${f.d}, k = ${f.k}, n = ${f.n}, scale ${f.scale.toPrecision(2)}, offset ${f.offset.toPrecision(2)}): ` +
        `the log-likelihood fell by ${fall} of itself`,
    );
    t.largestFall = Math.max(t.largestFall, fall);
    t.completed++;
  }
  return t;
}

test("applyGmm, 400 random fits: the log-likelihood never falls, or the fit ends in a typed error", (t) => {
  const result = tally(
    "applyGmm",
    400,
    (f) => applyGmm(f.X, f.pi, f.mu, f.Sigma, { maxIter: 150, keep: "none" }).logLikelihood,
  );
  t.diagnostic(`applyGmm: ${JSON.stringify(result)}`);
  // Not vacuous: most fits complete, and the starts make some collapse.
  assert.ok(result.completed >= 300, `${result.completed} of 400 completed`);
  assert.ok(Object.values(result.errors).reduce((a, b) => a + b, 0) >= 10, JSON.stringify(result.errors));
});

test("GaussianMixture (regCovar 0), 200 random fits: the lower bound never falls, or the fit ends in a typed error", (t) => {
  const result = tally("GaussianMixture", 200, (f, seed) => {
    const bounds: number[] = [];
    quietly(() =>
      new GaussianMixture({
        nComponents: f.k,
        regCovar: 0,
        randomState: seed,
        maxIter: 150,
        tol: 0,
        onIteration: (_, lb) => bounds.push(lb),
      }).fit(f.X),
    );
    return bounds;
  });
  t.diagnostic(`GaussianMixture: ${JSON.stringify(result)}`);
  assert.ok(result.completed >= 100, `${result.completed} of 200 completed`);
});
