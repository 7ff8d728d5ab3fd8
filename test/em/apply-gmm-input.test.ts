// applyGmm's checks on what it is given: a typed error naming the argument and the problem.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyGmm, GmmInputError, GmmSingularCovarianceError, generateData, Matrix } from "../../src/index";
import { type InputErrorCase, testInputErrors } from "../helpers/errors";

describe("bad input gets a typed error naming the argument and the problem", () => {
  const I = [
    [1, 0],
    [0, 1],
  ];
  const X = [
    [0, 0],
    [1, 1],
    [2, 0],
  ];
  const ok: [number[], number[][], number[][][]] = [
    [0.5, 0.5],
    [
      [0, 0],
      [1, 1],
    ],
    [I, I],
  ];
  const cases: InputErrorCase[] = [
    ["empty X", () => applyGmm([], ...ok), /^X: is empty/],
    ["empty Matrix", () => applyGmm(new Matrix(0, 2), ...ok), /^X: is empty/],
    ["ragged X", () => applyGmm([[0, 0], [1]], ...ok), /^X\[1\]: has 1 values, but row 0 has 2/],
    [
      "NaN in X",
      () =>
        applyGmm(
          [
            [0, 0],
            [NaN, 1],
          ],
          ...ok,
        ),
      /^X\[1\]\[0\]: is not a finite number/,
    ],
    [
      "Infinity in flat X",
      () => applyGmm({ data: Float64Array.of(0, 1, Infinity, 2), columns: 2 }, ...ok),
      /^X\[1\]\[0\]: is not a finite number/,
    ],
    [
      "flat X of the wrong length",
      () => applyGmm({ data: new Float64Array(5), columns: 2 }, ...ok),
      /^X\.data: has length 5, not a multiple of columns = 2/,
    ],
    ["k disagrees (mu)", () => applyGmm(X, [0.5, 0.5], [[0, 0]], [I, I]), /^mu: has 1 means, but pi has 2 weights/],
    [
      "k disagrees (Sigma)",
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1],
          ],
          [I],
        ),
      /^Sigma: has 1 covariances, but pi has 2 weights/,
    ],
    [
      "mean of the wrong dimension",
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1, 1],
          ],
          [I, I],
        ),
      /^mu\[1\]: has dimension 3, but the data has 2/,
    ],
    [
      "covariance of the wrong dimension",
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1],
          ],
          [I, [[1]]],
        ),
      /^Sigma\[1\]: has 1 rows, but the data has dimension 2/,
    ],
    [
      "negative weight",
      () => applyGmm(X, [1.5, -0.5], ...(ok.slice(1) as [number[][], number[][][]])),
      /^pi\[1\]: is negative/,
    ],
    [
      "weights not summing to 1",
      () => applyGmm(X, [0.5, 0.6], ...(ok.slice(1) as [number[][], number[][][]])),
      /^pi: sums to 1\.1, not 1/,
    ],
    [
      "the sum as a person writes it (0.1 + 1.1 is 1.2000000000000002 in doubles)",
      () => applyGmm(X, [0.1, 1.1], ...(ok.slice(1) as [number[][], number[][][]])),
      /^pi: sums to 1\.2, not 1 /,
    ],
    [
      "asymmetric covariance",
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1],
          ],
          [
            I,
            [
              [1, 0.5],
              [0.4, 1],
            ],
          ],
        ),
      /^Sigma\[1\]\[1\]\[0\]: is 0\.4 but Sigma\[1\]\[0\]\[1\] is 0\.5: a covariance must be symmetric/,
    ],
    [
      "covariance not positive definite",
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1],
          ],
          [
            [
              [1, 2],
              [2, 1],
            ],
            I,
          ],
        ),
      /^Sigma\[0\]: is not positive definite/,
    ],
    [
      "non-integer maxIter",
      () => applyGmm(X, ...ok, { maxIter: 2.5 }),
      /^options\.maxIter: must be an integer ≥ 0, got 2\.5/,
    ],
    [
      "negative maxIter",
      () => applyGmm(X, ...ok, { maxIter: -1 }),
      /^options\.maxIter: must be an integer ≥ 0, got -1/,
    ],
    [
      "negative regCovar",
      () => applyGmm(X, ...ok, { regCovar: -1e-6 }),
      /^options\.regCovar: must be a finite number ≥ 0/,
    ],
    [
      "keep out of range",
      () => applyGmm(X, ...ok, { maxIter: 5, keep: [0, 7] }),
      /^options\.keep\[1\]: must be an iteration number from 0 to maxIter = 5, got 7/,
    ],
    ["unknown option", () => applyGmm(X, ...ok, { maxIters: 5 } as never), /^options\.maxIters: is not a known option/],
  ];
  testInputErrors(cases);
});

describe("errors whose advice fits the cause", () => {
  const I = [
    [1, 0],
    [0, 1],
  ];
  const X = [
    [0, 0],
    [1, 1],
    [2, 0],
    [0, 3],
    [1, 2],
  ];
  test("a weight of 0 is refused up front (the correct E-step would never give it a point; regCovar cannot help)", () => {
    assert.throws(
      () =>
        applyGmm(
          X,
          [1, 0],
          [
            [0, 0],
            [1, 1],
          ],
          [I, I],
          { maxIter: 3 },
        ),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "pi[1]" &&
        /is 0: .*no responsibility/.test(e.message) &&
        !/regCovar/.test(e.message),
    );
    // The original's E-step leaves the weights out: there, a weight of 0 is no obstacle (k = d = 2).
    const original = applyGmm(
      X,
      [1, 0],
      [
        [0, 0],
        [1, 1],
      ],
      [I, I],
      { maxIter: 3, variant: "original" },
    );
    assert.ok(original.logLikelihood.every(Number.isFinite));
  });
  test("a start so far away that its responsibility underflows everywhere: 'empty', and the advice is another start, not regCovar", () => {
    assert.throws(
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [1e6, 1e6],
            [0, 0],
          ],
          [
            [
              [0.1, 0],
              [0, 0.1],
            ],
            I,
          ],
          { maxIter: 3, regCovar: 1e-6 },
        ),
      (e: unknown) => {
        assert.ok(
          e instanceof GmmSingularCovarianceError && e.kind === "empty" && e.component === 0 && e.iteration === 1,
          String(e),
        );
        assert.match((e as Error).message, /no responsibility left.*regCovar cannot help: start it nearer the data/);
        assert.equal((e as GmmSingularCovarianceError).regCovar, null, "no regCovar to suggest");
        return true;
      },
    );
  });
  test("Sigma = 1e308 I is a valid start (no overflow in symmetrising it), and the fit is finite", () => {
    const r = applyGmm(
      X,
      [0.5, 0.5],
      [
        [0, 0],
        [1, 1],
      ],
      [
        [
          [1e308, 0],
          [0, 1e308],
        ],
        I,
      ],
      { maxIter: 5, regCovar: 1e-6 },
    );
    assert.ok(r.logLikelihood.every(Number.isFinite) && r.coef.every((c) => c.Sigma.flat(2).every(Number.isFinite)));
  });
  test("a start nearly singular beyond what doubles resolve is an input error naming it", () => {
    assert.throws(
      () =>
        applyGmm(
          X,
          [0.5, 0.5],
          [
            [0, 0],
            [1, 1],
          ],
          [
            [
              [1, 0],
              [0, 1e-12],
            ],
            I,
          ],
        ),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "Sigma[0]" &&
        /as EM's start, its covariance is nearly singular \(condition number 1\.0e\+12/.test(e.message),
    );
  });
  test("a mean whose distance to the data overflows is refused (x − mu would be Infinity)", () => {
    assert.throws(
      () =>
        applyGmm(
          [
            [-1e308, 0],
            [-1e308, 1],
          ],
          [1],
          [[1e308, 0]],
          [I],
          { regCovar: 1e-6 },
        ),
      (e: unknown) => e instanceof GmmInputError && e.argument === "mu[0][0]" && /overflows/.test(e.message),
    );
  });
  test("data too small or too spread for double precision: an honest message, not 'collapsed'", () => {
    const tiny = X.map((r) => r.map((v) => v * 1e-300));
    assert.throws(
      () =>
        applyGmm(
          tiny,
          [1],
          [[0, 0]],
          [
            [
              [1e-300, 0],
              [0, 1e-300],
            ],
          ],
        ),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "X" &&
        /spans only .*lose their precision; multiply X by a power of ten/.test(e.message),
    );
    assert.throws(
      () =>
        applyGmm(
          [
            [-1e308, 0],
            [1e308, 1],
          ],
          [1],
          [[0, 0]],
          [I],
        ),
      (e: unknown) => e instanceof GmmInputError && e.argument === "X" && /range overflows/.test(e.message),
    );
    assert.throws(
      () =>
        applyGmm(
          [
            [0, 0],
            [1e160, 1],
          ],
          [1],
          [[0, 0]],
          [I],
        ),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "X" &&
        /squared deviations would overflow \(beyond 1\.8e308\); divide X/.test(e.message),
    );
  });
  test("a constant column without regCovar is an input error saying so, not a collapse at iteration 1", () => {
    assert.throws(
      () =>
        applyGmm(
          X.map((x) => [x[0], 5]),
          [0.5, 0.5],
          [
            [0, 5],
            [1, 5],
          ],
          [I, I],
        ),
      (e: unknown) =>
        e instanceof GmmInputError &&
        e.argument === "X" &&
        /column 1 is constant \(every value is 5\).*pass a regCovar > 0 \(e\.g\. 1e-\d\)/.test(e.message),
    );
    assert.ok(
      applyGmm(
        X.map((x) => [x[0], 5]),
        [0.5, 0.5],
        [
          [0, 5],
          [1, 5],
        ],
        [I, I],
        { regCovar: 1e-6, maxIter: 5 },
      ).logLikelihood.every(Number.isFinite),
    );
  });
  test("the same data scaled by 1e-140 or 1e140 fits, the same fit scaled", () => {
    const data = generateData().to2DArray();
    const start: [number[], number[][]] = [
      [0.5, 0.5],
      [
        [-1, 1],
        [1, -1],
      ],
    ];
    const base = applyGmm(data, ...start, [I, I], { maxIter: 20, keep: "none" });
    for (const s of [1e-140, 1e140]) {
      const scaled = (v: number) => v * s;
      const r = applyGmm(
        data.map((x) => x.map(scaled)),
        start[0],
        start[1].map((m) => m.map(scaled)),
        [I, I].map((S) => S.map((row) => row.map((v) => v * s * s))),
        { maxIter: 20, keep: "none" },
      );
      const [a, b] = [base.coef[20], r.coef[20]];
      a.mu
        .flat()
        .forEach((m, t) => assert.ok(Math.abs(r.coef[20].mu.flat()[t] / s - m) < 1e-9, `mean ${t} at scale ${s}`));
      a.Sigma.flat(2).forEach((v, t) =>
        assert.ok(Math.abs(b.Sigma.flat(2)[t] / (s * s) - v) < 1e-9, `covariance ${t} at scale ${s}`),
      );
    }
  });
});
