// GaussianMixture saved (toJSON) and loaded (fromJSON): the same model, fitted or not.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { GmmInputError, GmmNotFittedError } from "../../src/errors";
import { TYPES, X, threeClusters } from "../helpers/estimator";

describe("save and load", () => {
  for (const covarianceType of TYPES) {
    test(`toJSON / fromJSON round trip (${covarianceType})`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 4 }).fit(X);
      const text = JSON.stringify(gm);
      const back = GaussianMixture.fromJSON(text);
      assert.deepEqual(back.weights, gm.weights);
      assert.deepEqual(back.means, gm.means);
      assert.deepEqual(back.covariances, gm.covariances);
      assert.deepEqual(back.precisionsCholesky, gm.precisionsCholesky);
      assert.equal(back.nIter, gm.nIter);
      assert.equal(back.converged, gm.converged);
      assert.equal(back.lowerBound, gm.lowerBound);
      assert.deepEqual(back.options, { ...gm.options, onIteration: undefined });
      const probe = threeClusters(20, 9);
      assert.deepEqual(back.predictProba(probe), gm.predictProba(probe));
      assert.deepEqual(back.scoreSamples(probe), gm.scoreSamples(probe));
      assert.equal(back.bic(X), gm.bic(X));
      assert.deepEqual(back.sample(50), gm.sample(50));
      // The saved shapes are scikit-learn's.
      const saved = JSON.parse(text);
      const depth = (v: unknown): number => (Array.isArray(v) ? 1 + depth(v[0]) : 0);
      assert.equal(depth(saved.fitted.covariances), { full: 3, tied: 2, diag: 2, spherical: 1 }[covarianceType]);
    });
  }
  test("an unfitted model round-trips and stays unfitted", () => {
    const back = GaussianMixture.fromJSON(new GaussianMixture({ nComponents: 2, tol: 1e-5 }).toJSON());
    assert.equal(back.options.tol, 1e-5);
    assert.throws(() => back.predict(X), GmmNotFittedError);
  });
  test("fromJSON rejects what is not a saved model", () => {
    assert.throws(() => GaussianMixture.fromJSON({ format: "other" } as never), GmmInputError);
  });
});
