// selectModel: a BIC grid over numbers of components and covariance types, as scikit-learn's model-selection example.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GmmInputError } from "../../src/errors";
import { selectModel } from "../../src/estimator/select-model";
import { fixture } from "../helpers/fixtures";

describe("selectModel", () => {
  const f = fixture("estimator/select-model.json");
  const selection = selectModel(f.X, {
    nComponents: f.nComponents,
    covarianceTypes: f.covarianceTypes,
    randomState: f.randomState,
  });

  test("the BIC table equals scikit-learn's (k-means init, same randomState) to 1e-6", () => {
    assert.deepEqual(selection.covarianceTypes, f.covarianceTypes);
    assert.deepEqual(selection.nComponents, f.nComponents);
    (f.bic as number[][]).forEach((row, t) =>
      row.forEach((expected, c) => {
        const actual = selection.bic[t][c]!;
        assert.ok(
          Math.abs(actual - expected) < 1e-6,
          `${f.covarianceTypes[t]}, k = ${f.nComponents[c]}: ${actual} vs ${expected}`,
        );
      }),
    );
    assert.equal(selection.table.length, f.nComponents.length * f.covarianceTypes.length);
  });

  test("the AIC table equals scikit-learn's to 1e-6, and is −2ℓ + 2p with p counted by hand", () => {
    (f.aic as number[][]).forEach((row, t) =>
      row.forEach((expected, c) => {
        const actual = selection.aic[t][c]!;
        assert.ok(
          Math.abs(actual - expected) < 1e-6,
          `${f.covarianceTypes[t]}, k = ${f.nComponents[c]}: ${actual} vs ${expected}`,
        );
      }),
    );
    // Free parameters in 2-D: k − 1 weights, 2k mean coordinates, and per type the covariances':
    // full 3 per component, tied 3 in all, diag 2 per component, spherical 1 per component.
    const covarianceParameters = {
      full: (k: number) => 3 * k,
      tied: () => 3,
      diag: (k: number) => 2 * k,
      spherical: (k: number) => k,
    };
    const n = (f.X as number[][]).length;
    selection.table.forEach((row) => {
      const p = row.nComponents - 1 + 2 * row.nComponents + covarianceParameters[row.covarianceType](row.nComponents);
      // BIC − AIC = p (log n − 2): the same ℓ and the same p in both.
      assert.ok(
        Math.abs(row.bic! - row.aic! - p * (Math.log(n) - 2)) < 1e-8,
        `${row.covarianceType}, k = ${row.nComponents}`,
      );
    });
  });

  test("the best model by AIC has the lowest AIC, and AIC picks at least as many components as BIC here", () => {
    const all = selection.table.map((r) => r.aic!);
    assert.equal(selection.bestAic.aic, Math.min(...all));
    const row = selection.table.find((r) => r.aic === selection.bestAic.aic)!;
    assert.equal(row.nComponents, selection.bestAic.nComponents);
    assert.equal(row.covarianceType, selection.bestAic.covarianceType);
    assert.equal(selection.bestAic.model.aic(f.X), selection.bestAic.aic);
    assert.ok(selection.bestAic.nComponents >= selection.best.nComponents);
  });

  test("the best model has the lowest BIC and is fitted", () => {
    const all = selection.table.map((r) => r.bic!);
    assert.equal(selection.best.bic, Math.min(...all));
    const row = selection.table.find((r) => r.bic === selection.best.bic)!;
    assert.equal(row.nComponents, selection.best.nComponents);
    assert.equal(row.covarianceType, selection.best.covarianceType);
    assert.equal(selection.best.model.bic(f.X), selection.best.bic);
    // Three clusters were drawn; BIC finds three.
    assert.equal(selection.best.nComponents, 3);
  });

  test("bad input", () => {
    const X = f.X as number[][];
    const isInput = (argument: string) => (e: unknown) => e instanceof GmmInputError && e.argument === argument;
    assert.throws(() => selectModel(X, { nComponents: [] }), isInput("options.nComponents"));
    assert.throws(() => selectModel(X, { nComponents: [1, 0] }), isInput("options.nComponents[1]"));
    assert.throws(() => selectModel(X.slice(0, 3), { nComponents: [2, 4] }), isInput("options.nComponents[1]"));
    assert.throws(
      () => selectModel(X, { nComponents: [1], covarianceTypes: ["full", "tide" as never] }),
      isInput("options.covarianceTypes[1]"),
    );
    assert.throws(
      () => selectModel(X, { nComponents: [1], covarianceType: "full" } as never),
      isInput("options.covarianceType"),
    );
  });

  test("every GaussianMixture option it shares is accepted, threads included, and gives the same table", () => {
    const X = f.X as number[][];
    const options = {
      nComponents: [1, 2, 3],
      covarianceTypes: ["full" as const, "diag" as const],
      randomState: f.randomState,
    };
    const one = selectModel(X, { ...options, threads: 1 });
    const two = selectModel(X, { ...options, threads: 2 });
    assert.deepEqual(two.bic, one.bic, "the fits do not depend on the thread count");
    assert.deepEqual(one.bic, selectModel(X, options).bic);
    const isInput = (argument: string) => (e: unknown) => e instanceof GmmInputError && e.argument === argument;
    assert.throws(() => selectModel(X, { ...options, threads: 0 }), isInput("options.threads"));
  });

  test("a fit that collapses is recorded as null, not as a number", () => {
    // Four distinct points, each repeated: 8 components must collapse without regCovar.
    const X = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ].flatMap((p) => [p, p, p]);
    const s = selectModel(X, { nComponents: [1, 8], covarianceTypes: ["full"], regCovar: 0, randomState: 0 });
    assert.equal(s.bic[0][1], null);
    assert.equal(s.aic[0][1], null);
    assert.equal(s.table[1].aic, null);
    assert.match(s.table[1].error!, /component/);
    assert.equal(s.best.nComponents, 1);
  });
});
