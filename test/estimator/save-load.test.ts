// GaussianMixture saved (toJSON) and loaded (fromJSON): the same model, fitted or not.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GmmInputError, GmmNotFittedError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { TYPES, threeClusters, X } from "../helpers/estimator";

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
  test("fromJSON of text that is not JSON: a GmmInputError naming json, not a SyntaxError", () => {
    assert.throws(
      () => GaussianMixture.fromJSON("{not json"),
      (e: unknown) => e instanceof GmmInputError && e.argument === "json" && /^json: is not JSON \(/.test(e.message),
    );
  });
  test("a saved model with a mean at 1e308 scores finite numbers, or names the row it cannot score; never NaN", () => {
    const saved = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X).toJSON();
    (saved.fitted!.means as number[][])[0] = [1e308, 1e308];
    const model = GaussianMixture.fromJSON(saved);
    const near = model.scoreSamples([
      [0, 0],
      [1, 1],
    ]);
    assert.ok(Array.from(near).every(Number.isFinite), String(near));
    assert.deepEqual(Array.from(model.predict([[0, 0]])), [1]);
    // x − μ overflows for the first component, and the second is too far for its covariance.
    for (const run of [
      () => model.scoreSamples([[-1e308, -1e308]]),
      () =>
        model.predictProba([
          [0, 0],
          [-1e308, -1e308],
        ]),
    ]) {
      assert.throws(
        run,
        (e: unknown) => e instanceof GmmInputError && /^X\[\d\]$/.test(e.argument) && /overflows/.test(e.message),
      );
    }
  });
});
