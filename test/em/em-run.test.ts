// EmRun, EM one step at a time: the same numbers as applyGmm's loop, bit for bit, with its tol
// test, its collapse errors and its checks on the input.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataInput, EmRunOptions } from "../../src/index";
import { applyGmm, EmRun, GmmInputError, GmmSingularCovarianceError, generateData, makeBlobs } from "../../src/index";

const X = generateData({ variance1: 3, variance2: 1, rng: "numpy" });
const POOR: [number[], number[][], number[][][]] = [
  [0.1, 0.9],
  [
    [0.1, 0],
    [0, 0],
  ],
  [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
];

/** n × k row-major responsibilities as rows. */
function rows(r: Float64Array | null, k: number): number[][] {
  assert.ok(r !== null);
  return Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k)));
}

/** Steps `run` `steps` times, collecting what applyGmm's result holds: rvals[i + 1] is the E-step under coef[i]. */
function collect(run: EmRun, steps: number) {
  const coef = [run.params],
    ll = [run.logLikelihood],
    rvals = [rows(run.responsibilities, run.k)];
  for (let i = 0; i < steps; i++) {
    run.step();
    coef.push(run.params);
    ll.push(run.logLikelihood);
    rvals.push(rows(run.responsibilities, run.k));
  }
  return { coef, ll, rvals };
}

test("stepping gives applyGmm's parameters, responsibilities and log-likelihoods bit for bit", () => {
  const blobs = makeBlobs({
    nSamples: 300,
    centers: [
      [-5, -3],
      [5, -3],
      [0, 5],
    ],
    randomState: 3,
    rng: "numpy",
  }).X;
  const I = [
    [1, 0],
    [0, 1],
  ];
  const cases: [string, [DataInput, number[], number[][], number[][][], Omit<EmRunOptions, "keep">], number][] = [
    ["the original's data, poor start", [X, ...POOR, {}], 40],
    ["its slips (variant original)", [X, ...POOR, { variant: "original" }], 25],
    [
      "k = 3 with regCovar",
      [
        blobs,
        [0.2, 0.3, 0.5],
        [
          [-5.5, -2.5],
          [-4.5, -3.5],
          [2.5, 1],
        ],
        [I, I, I],
        { regCovar: 1e-6 },
      ],
      30,
    ],
  ];
  for (const [name, [data, pi, mu, Sigma, options], steps] of cases) {
    const expected = applyGmm(data, pi, mu, Sigma, { ...options, maxIter: steps + 1 });
    const run = new EmRun(data, pi, mu, Sigma, options);
    const got = collect(run, steps);
    run.close();
    assert.equal(run.iteration, steps, name);
    assert.deepEqual(got.coef, expected.coef.slice(0, steps + 1), `${name}: coef`);
    assert.deepEqual(got.ll, expected.logLikelihood.slice(0, steps + 1), `${name}: log-likelihood`);
    assert.deepEqual(
      got.rvals,
      expected.rvals.slice(1).map((r) => r!.to2DArray()),
      `${name}: responsibilities under each coef[i]`,
    );
    // The log-likelihood climbs (correct EM), and the run is not a copy of the start.
    if (options.variant !== "original")
      assert.ok(
        got.ll.every((l, i) => i === 0 || l >= got.ll[i - 1] - 1e-9 * Math.abs(l)),
        name,
      );
    assert.notDeepEqual(got.coef[steps].mu, got.coef[0].mu);
  }
});

test("hasConverged(tol) is applyGmm's test: applyGmm stops where it first holds", () => {
  for (const tol of [1e-2, 1e-5]) {
    const expected = applyGmm(X, ...POOR, { tol, maxIter: 500, keep: "none" });
    const run = new EmRun(X, ...POOR);
    assert.equal(run.hasConverged(tol), false, "never at iteration 0");
    while (!run.hasConverged(tol)) run.step();
    run.close();
    assert.equal(expected.converged, true);
    assert.equal(run.iteration, expected.nIter, `tol ${tol}`);
    assert.equal(run.logLikelihood, expected.logLikelihood[expected.nIter]);
    assert.ok(Math.abs(run.logLikelihood - expected.logLikelihood[expected.nIter - 1]) < tol);
  }
});

test("a collapse throws the typed error naming the component and the iteration, and the run stays where it was", () => {
  const rows = generateData({ nSamples1: 60, nSamples2: 0, randomState: 5 }).to2DArray();
  const data = [...rows, [30, 30]];
  const run = new EmRun(
    data,
    [0.5, 0.5],
    [
      [-2, 2],
      [30, 30],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0.01, 0],
        [0, 0.01],
      ],
    ],
  );
  const before = { params: run.params, ll: run.logLikelihood };
  assert.throws(
    () => run.step(),
    (e: unknown) => e instanceof GmmSingularCovarianceError && e.component === 1 && e.iteration === 1,
  );
  assert.equal(run.iteration, 0);
  assert.deepEqual(run.params, before.params);
  assert.equal(run.logLikelihood, before.ll);
  run.close();
});

test("keep leaves out the responsibilities of the iterations it rejects, and changes nothing else", () => {
  const kept = new EmRun(X, ...POOR);
  const sparse = new EmRun(X, ...POOR, { keep: (i) => i === 2 });
  assert.equal(sparse.responsibilities, null, "iteration 0 left out");
  assert.equal(kept.responsibilities!.length, 400 * 2);
  for (let i = 1; i <= 3; i++) {
    kept.step();
    sparse.step();
    assert.equal(sparse.responsibilities === null, i !== 2, `iteration ${i}`);
    assert.deepEqual(sparse.params, kept.params);
    assert.equal(sparse.logLikelihood, kept.logLikelihood);
  }
});

test("a final step forms the log-likelihood without the next sums; a step after it forms them first, and nothing changes", () => {
  const plain = new EmRun(X, ...POOR);
  const finalled = new EmRun(X, ...POOR);
  for (let i = 0; i < 6; i++) {
    plain.step();
    finalled.step({ final: i % 2 === 0 });
    assert.deepEqual(finalled.params, plain.params);
    assert.equal(finalled.logLikelihood, plain.logLikelihood);
    assert.deepEqual(finalled.responsibilities, plain.responsibilities);
  }
});

test("bad input: the messages applyGmm gives, naming the argument", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => new EmRun(X, [0.5, 0.6], POOR[1], POOR[2]), /^pi: sums to 1\.1/],
    [() => new EmRun(X, ...POOR, { regCovar: -1 }), /^options\.regCovar: must be a finite number ≥ 0/],
    [() => new EmRun(X, ...POOR, { variant: "wrong" as never }), /^options\.variant: must be "correct" or "original"/],
    [
      () =>
        new EmRun(
          X,
          [1 / 3, 1 / 3, 1 / 3],
          [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
          [POOR[2][0], POOR[2][0], POOR[2][0]],
          { variant: "original" },
        ),
      /^options\.variant: "original" .* k = 3 and d = 2/,
    ],
    [() => new EmRun(X, ...POOR, { threads: 0 }), /^options\.threads: must be a positive integer/],
    [() => new EmRun(X, ...POOR, { keep: [1, 2] as never }), /^options\.keep: must be a function/],
    [() => new EmRun(X, ...POOR, { maxIter: 3 } as never), /^options\.maxIter: is not a known option/],
    [() => new EmRun([[0, Number.NaN]], [1], [[0, 0]], [POOR[2][0]]), /^X\[0\]\[1\]: is not a finite number/],
  ];
  for (const [make, message] of cases)
    assert.throws(make, (e: unknown) => e instanceof GmmInputError && message.test(e.message), String(message));
});
