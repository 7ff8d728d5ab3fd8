// mStep: the new parameters from the E-step's sums, for every covariance type.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NumpyRandomState } from "../../src/data/numpy-random";
import { eStep } from "../../src/em/e-step-pass";
import { mStep } from "../../src/em/m-step";
import type { MixtureState } from "../../src/em/params";
import { computePrecisions } from "../../src/em/params";

describe("mStep's covariance types, from the same sums", () => {
  // A 2-component state on 3-D data; the full M-step's covariances are the reference.
  const rng = new NumpyRandomState(1);
  const n = 200,
    d = 3,
    k = 2;
  const data = new Float64Array(n * d).map(
    (_, i) => rng.standardNormal() * (1 + (i % 3)) + (Math.floor(i / d) % 2) * 4,
  );
  const X = { data, n, d };
  const state: MixtureState = {
    k,
    d,
    weights: Float64Array.from([0.4, 0.6]),
    means: Float64Array.from([0, 0, 0, 4, 4, 4]),
    covariances: Float64Array.from([2, 0.1, 0, 0.1, 3, 0, 0, 0, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
  };
  const prec = computePrecisions(state, 0);
  const stats = eStep(X, state, prec);
  const reg = 1e-3;
  const full = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1 }).state;
  const at = (c: Float64Array, j: number, a: number, b: number) => c[j * d * d + a * d + b];
  test('full is the default (applyGmm\'s) and unchanged by covarianceType: "full"', () => {
    assert.deepEqual(mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "full" }).state, full);
  });
  test("tied: Σ_j N_j Sigma_j / n, the same for every component, regCovar added once", () => {
    const tied = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "tied" }).state;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const r = a === b ? reg : 0;
        const expected =
          (stats[1] * (at(full.covariances, 0, a, b) - r) + stats[2] * (at(full.covariances, 1, a, b) - r)) / n + r;
        assert.ok(Math.abs(at(tied.covariances, 0, a, b) - expected) < 1e-12);
        assert.equal(at(tied.covariances, 1, a, b), at(tied.covariances, 0, a, b));
      }
    }
    assert.deepEqual(tied.means, full.means);
  });
  test("diag: the full diagonal; spherical: its mean; off-diagonal 0", () => {
    const diag = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "diag" }).state;
    const sph = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "spherical" }).state;
    for (let j = 0; j < k; j++) {
      let mean = 0;
      for (let a = 0; a < d; a++) mean += at(full.covariances, j, a, a) / d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          assert.equal(at(diag.covariances, j, a, b), a === b ? at(full.covariances, j, a, a) : 0);
          if (a === b) assert.ok(Math.abs(at(sph.covariances, j, a, b) - mean) < 1e-12);
          else assert.equal(at(sph.covariances, j, a, b), 0);
        }
      }
    }
  });
  test("nkOffset (scikit-learn's 10·eps) moves nothing beyond 1e-12 and keeps the weights summing to 1", () => {
    const s = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, nkOffset: 10 * Number.EPSILON }).state;
    assert.ok(Math.abs(s.weights[0] + s.weights[1] - 1) < 1e-15);
    s.covariances.forEach((v, i) => assert.ok(Math.abs(v - full.covariances[i]) < 1e-12));
  });
});
