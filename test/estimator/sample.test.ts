// GaussianMixture.sample: seeded draws from the fitted mixture.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CovarianceArray, CovarianceType } from "../../src/em/covariance-type";
import { GmmInputError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { TYPES, X } from "../helpers/estimator";

/** Component j's 2 × 2 covariance from `covariances` as each type shapes it (a new type must say how). */
const AS_FULL: Record<CovarianceType, (c: CovarianceArray, j: number) => number[][]> = {
  full: (c, j) => (c as number[][][])[j],
  tied: (c) => c as number[][],
  diag: (c, j) => [
    [(c as number[][])[j][0], 0],
    [0, (c as number[][])[j][1]],
  ],
  spherical: (c, j) => [
    [(c as number[])[j], 0],
    [0, (c as number[])[j]],
  ],
};

describe("sample", () => {
  for (const covarianceType of TYPES) {
    test(`seeded, reproducible and with the fitted moments (${covarianceType})`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 7 }).fit(X);
      const n = 30000;
      const a = gm.sample(n),
        b = gm.sample(n);
      assert.deepEqual(a, b, "same model, same seed: same points");
      const other = new GaussianMixture({ ...gm.options, randomState: 8 }).fit(X).sample(n);
      assert.notDeepEqual(other.X.slice(0, 5), a.X.slice(0, 5));
      assert.equal(a.X.length, n);
      // y is grouped by component, as scikit-learn's.
      assert.deepEqual(
        a.y,
        [...a.y].sort((p, q) => p - q),
      );
      const d = 2;
      const full = (j: number): number[][] => AS_FULL[covarianceType](gm.covariances, j);
      for (let j = 0; j < 3; j++) {
        const rows = a.X.filter((_, i) => a.y[i] === j);
        const m = rows.length;
        const w = gm.weights[j];
        // Proportion within 5 binomial standard deviations.
        assert.ok(Math.abs(m / n - w) < 5 * Math.sqrt((w * (1 - w)) / n), `proportion of component ${j}`);
        const S = full(j);
        const mean = [0, 1].map((c) => rows.reduce((s, r) => s + r[c], 0) / m);
        for (let c = 0; c < d; c++) {
          assert.ok(
            Math.abs(mean[c] - gm.means[j][c]) < 5 * Math.sqrt(S[c][c] / m),
            `mean of component ${j}, coordinate ${c}`,
          );
        }
        for (let p = 0; p < d; p++) {
          for (let q = 0; q < d; q++) {
            const cov = rows.reduce((s, r) => s + (r[p] - mean[p]) * (r[q] - mean[q]), 0) / (m - 1);
            // sd of a sample covariance: √((S_pp S_qq + S_pq²) / m).
            const sd = Math.sqrt((S[p][p] * S[q][q] + S[p][q] ** 2) / m);
            assert.ok(
              Math.abs(cov - S[p][q]) < 5 * sd,
              `covariance (${p}, ${q}) of component ${j}: ${cov} vs ${S[p][q]}`,
            );
          }
        }
      }
    });
  }
  test("n must be a positive integer", () => {
    const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    assert.throws(
      () => gm.sample(0),
      (e: unknown) => e instanceof GmmInputError && e.argument === "n",
    );
    assert.throws(() => gm.sample(1.5), GmmInputError);
  });
  test("n beyond the memory limit is a typed error, at once (not a heap crash after a minute and a half)", () => {
    const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    const started = Date.now();
    assert.throws(
      () => gm.sample(1e8),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "n" &&
        /limit of 1 GiB per call; draw them in batches/.test(e.message),
    );
    assert.ok(Date.now() - started < 1000);
    assert.equal(gm.sample(1e5).y.length, 1e5, "within the limit");
  });
});
