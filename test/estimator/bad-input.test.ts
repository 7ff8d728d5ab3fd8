// GaussianMixture's checks on options, starting parameters and data: a typed error naming the problem.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GmmInputError, GmmNotFittedError, GmmSingularCovarianceError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { X } from "../helpers/estimator";

describe("bad input: a typed error naming the problem", () => {
  const fitted = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
  const isInput = (argument: string, pattern?: RegExp) => (e: unknown) =>
    e instanceof GmmInputError && e.argument === argument && (pattern === undefined || pattern.test(e.message));
  test("predict, predictProba, scoreSamples, score, bic, aic, sample before fit", () => {
    const gm = new GaussianMixture();
    for (const call of [
      () => gm.predict(X),
      () => gm.predictProba(X),
      () => gm.scoreSamples(X),
      () => gm.score(X),
      () => gm.bic(X),
      () => gm.aic(X),
      () => gm.sample(3),
    ]) {
      assert.throws(call, (e: unknown) => e instanceof GmmNotFittedError && /not fitted/.test((e as Error).message));
    }
  });
  test("wrong number of features at predict", () => {
    assert.throws(() => fitted.predict([[1, 2, 3]]), isInput("X", /3 features.*fitted on 2/));
    assert.throws(() => fitted.score([[1]]), isInput("X", /1 features/));
  });
  test("nComponents greater than the number of samples", () => {
    assert.throws(
      () => new GaussianMixture({ nComponents: 5 }).fit(X.slice(0, 4)),
      isInput("options.nComponents", /more than the 4 samples/),
    );
    assert.throws(() => new GaussianMixture().fit([[1, 2]]), isInput("X", /at least 2/));
  });
  test("unknown option names (a typo is an error)", () => {
    assert.throws(
      () => new GaussianMixture({ nComponent: 2 } as never),
      isInput("options.nComponent", /not a known option/),
    );
    assert.throws(() => new GaussianMixture({ covariance_type: "full" } as never), isInput("options.covariance_type"));
  });
  test("option values", () => {
    assert.throws(() => new GaussianMixture({ nComponents: 0 }), isInput("options.nComponents"));
    assert.throws(() => new GaussianMixture({ nComponents: 1.5 }), isInput("options.nComponents"));
    assert.throws(
      () => new GaussianMixture({ covarianceType: "ful" as never }),
      isInput("options.covarianceType", /"full"/),
    );
    assert.throws(() => new GaussianMixture({ initParams: "kmeans++" as never }), isInput("options.initParams"));
    assert.throws(() => new GaussianMixture({ tol: -1 }), isInput("options.tol"));
    assert.throws(() => new GaussianMixture({ regCovar: NaN }), isInput("options.regCovar"));
    assert.throws(() => new GaussianMixture({ maxIter: -1 }), isInput("options.maxIter"));
    assert.throws(() => new GaussianMixture({ nInit: 0 }), isInput("options.nInit"));
    assert.throws(() => new GaussianMixture({ randomState: -1 }), isInput("options.randomState"));
    assert.throws(() => new GaussianMixture({ randomState: 2 ** 32 }), isInput("options.randomState"));
    assert.throws(() => new GaussianMixture({ warmStart: 1 as never }), isInput("options.warmStart"));
    assert.throws(() => new GaussianMixture({ onIteration: "log" as never }), isInput("options.onIteration"));
  });
  test("starting parameters of the wrong shape or value", () => {
    const fit = (o: object) => () => new GaussianMixture({ nComponents: 2, ...o }).fit(X);
    assert.throws(fit({ weightsInit: [1] }), isInput("options.weightsInit", /shape \(2,\)/));
    assert.throws(fit({ weightsInit: [0.7, 0.7] }), isInput("options.weightsInit", /sums to 1.4/));
    assert.throws(fit({ weightsInit: [1.5, -0.5] }), isInput("options.weightsInit[0]", /outside \[0, 1\]/));
    assert.throws(fit({ meansInit: [[0, 0]] }), isInput("options.meansInit", /shape \(2, 2\)/));
    assert.throws(fit({ meansInit: [[0, 0], [0]] }), isInput("options.meansInit[1]", /2 values/));
    assert.throws(
      fit({
        meansInit: [
          [0, 0],
          [0, NaN],
        ],
      }),
      isInput("options.meansInit[1][1]", /finite/),
    );
    assert.throws(
      fit({
        precisionsInit: [
          [
            [1, 0],
            [0, 1],
          ],
        ],
      }),
      isInput("options.precisionsInit", /\(2, 2, 2\)/),
    );
    assert.throws(
      fit({
        precisionsInit: [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [1, 2],
            [2, 1],
          ],
        ],
      }),
      isInput("options.precisionsInit[1]", /positive definite/),
    );
    assert.throws(
      fit({
        precisionsInit: [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [1, 0.5],
            [0, 1],
          ],
        ],
      }),
      isInput("options.precisionsInit[1][1][0]", /symmetric/),
    );
    assert.throws(
      fit({
        covarianceType: "diag",
        precisionsInit: [
          [1, 1],
          [1, 0],
        ],
      }),
      isInput("options.precisionsInit[1][1]", /positive/),
    );
    assert.throws(
      fit({ covarianceType: "spherical", precisionsInit: [1, 1, 1] }),
      isInput("options.precisionsInit", /\(2,\)/),
    );
    assert.throws(
      fit({
        covarianceType: "tied",
        precisionsInit: [
          [1, 0],
          [0, -1],
        ],
      }),
      isInput("options.precisionsInit", /positive definite/),
    );
  });
  test("the checks on X that applyGmm makes too: empty, ragged, not finite", () => {
    const gm = new GaussianMixture();
    assert.throws(() => gm.fit([]), isInput("X", /empty/));
    assert.throws(() => gm.fit([[1, 2], [3]]), isInput("X[1]", /ragged/));
    assert.throws(
      () =>
        gm.fit([
          [1, 2],
          [3, Infinity],
        ]),
      isInput("X[1][1]", /finite/),
    );
    assert.throws(() => fitted.predict([[1, NaN]]), isInput("X[0][1]", /finite/));
  });
  test("a collapsed component without regularisation is a GmmSingularCovarianceError", () => {
    const dup = [
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 5],
      [5, 6],
      [6, 5],
    ];
    assert.throws(
      () =>
        new GaussianMixture({
          nComponents: 2,
          regCovar: 0,
          meansInit: [
            [0, 0],
            [5, 5],
          ],
          weightsInit: [0.5, 0.5],
        }).fit(dup),
      (e: unknown) =>
        e instanceof GmmSingularCovarianceError &&
        (e.component === 0 || e.component === 1) &&
        /regCovar/.test((e as Error).message),
    );
  });
  test("data near 1e308 (k-means' distances would overflow), or at 1e-300: a typed error or a finite fit, never a TypeError", () => {
    const rows = X.map((x: number[]) => x.map((v) => v / 10));
    // At 1e308 (the points all but equal there, doubles being 2e292 apart): fitted centred, where
    // k-means' distances are finite.
    const far = new GaussianMixture({ nComponents: 3, randomState: 0 }).fit(
      rows.map((x) => x.map((v) => 1e308 + 1e150 * v)),
    );
    assert.ok(far.means.flat().every((m) => m === 1e308));
    assert.throws(
      () => new GaussianMixture({ nComponents: 2 }).fit(rows.map((x) => x.map((v) => 1e308 + 1e300 * v))),
      isInput("X", /squared deviations would overflow/),
    );
    // A spread whose squares overflow, and one whose squares underflow: X named, and what to do.
    assert.throws(
      () => new GaussianMixture({ nComponents: 2 }).fit(rows.map((x) => x.map((v) => 1e307 * v))),
      isInput("X", /squared deviations would overflow.*divide X by a power of ten/),
    );
    assert.throws(
      () => new GaussianMixture({ nComponents: 2 }).fit(rows.map((x) => x.map((v) => 1e-300 * v))),
      isInput("X", /lose their precision; multiply X by a power of ten/),
    );
  });
  test("a collapse's advice scales with the data, above the regCovar already set", () => {
    const dup = [
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 5],
      [5, 6],
      [6, 5],
    ];
    for (const [scale, suggested] of [
      [1, "1e-6"],
      [1e3, "1"],
    ] as const) {
      assert.throws(
        () =>
          new GaussianMixture({
            nComponents: 2,
            regCovar: 0,
            meansInit: [
              [0, 0],
              [5 * scale, 5 * scale],
            ],
            weightsInit: [0.5, 0.5],
          }).fit(dup.map((x) => x.map((v) => v * scale))),
        (e: unknown) =>
          e instanceof GmmSingularCovarianceError &&
          new RegExp(`regCovar such as ${suggested} `).test((e as Error).message),
      );
    }
  });
});
