// What the library refused too late or not at all: counts that would allocate past the memory
// limit, the ellipse of a huge covariance, numbers and callbacks the helpers took as they came.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ellipseAxes,
  ellipsePoints,
  GaussianMixture,
  GmmInputError,
  generateData,
  makeBlobs,
  NumpyRandomState,
} from "../src/index";

const X = generateData({ nSamples1: 20, nSamples2: 20 });

test("ellipsePoints(…, 2³¹ points) is refused with generateData's memory message, before it allocates", () => {
  assert.throws(
    () =>
      ellipsePoints(
        [0, 0],
        [
          [1, 0],
          [0, 1],
        ],
        1,
        2 ** 31,
      ),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "points" &&
      /^points: 2147483648 ellipse points would take about 32 GiB, more than the library's limit of 1 GiB per call; /.test(
        e.message,
      ),
  );
});

test("the ellipse of a covariance of 1e300 has radii 1e150 (ml-matrix decomposes it at unit scale)", () => {
  const { radii, directions } = ellipseAxes([
    [4e300, 0],
    [0, 1e300],
  ]);
  assert.equal(radii[0], 2e150);
  assert.equal(radii[1], 1e150);
  assert.deepEqual(directions[0].map(Math.abs), [1, 0]);
  const { x } = ellipsePoints(
    [0, 0],
    [
      [1e300, 0],
      [0, 1e300],
    ],
    2,
    5,
  );
  assert.equal(x[0], 2e150);
});

test("a covariance with −1e308 beside small entries is refused as not positive semi-definite, not a TypeError", () => {
  // At unit scale its small entries are subnormal, which ml-matrix's solver cannot take.
  assert.throws(
    () =>
      ellipsePoints(
        [-1, 1],
        [
          [1, 0.2],
          [0.2, -1e308],
        ],
        2,
        9,
      ),
    { message: "Sigma: is not positive semi-definite (eigenvalue -1e+308)" },
  );
  // Subnormal covariances draw: radii √(4e-320) and √(1e-320) within the rounding of subnormals.
  const { radii } = ellipseAxes([
    [4e-320, 0],
    [0, 1e-320],
  ]);
  assert.ok(Math.abs(radii[0] - 2e-160) < 1e-163 && Math.abs(radii[1] - 1e-160) < 1e-163, `${radii}`);
});

test("makeBlobs with 10⁹ features or 2⁵³ centres is refused by the memory limit before it draws a centre", () => {
  const started = process.hrtime.bigint();
  assert.throws(
    () => makeBlobs({ nSamples: 10, centers: 2, nFeatures: 1e9 }),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "options.nFeatures" &&
      /^options\.nFeatures: 10 points and 2 centres of dimension 1000000000 would take about \d+ GiB, more than the library's limit of 1 GiB per call; /.test(
        e.message,
      ),
  );
  assert.throws(
    () => makeBlobs({ nSamples: 10, centers: 2 ** 53 }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.centers",
  );
  assert.ok(process.hrtime.bigint() - started < 100_000_000n, "refused within 0.1 s");
});

test("numpy's generator refuses NaN bounds and a numeric string by name, the string shown as a string", () => {
  const rng = new NumpyRandomState(1);
  assert.throws(() => rng.uniform(Number.NaN, 1), { message: "low: must be a finite number, got NaN" });
  assert.throws(() => rng.normal(0, "7" as never), { message: 'scale: must be a finite number ≥ 0, got "7"' });
  assert.throws(() => rng.randint(0), { message: "n: must be an integer from 1 to 4294967296, got 0" });
});

test("fromJSON refuses a field toJSON does not write, as the options objects do", () => {
  const saved = JSON.parse(JSON.stringify(new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X)));
  assert.throws(
    () => GaussianMixture.fromJSON({ ...saved, extra: 1 }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "json.extra",
  );
  saved.fitted.converged = "yes";
  assert.throws(() => GaussianMixture.fromJSON(saved), {
    message: 'json.fitted.converged: must be true or false, got "yes"',
  });
});

test("an async onIteration stops the fit with an error naming it; its rejection does not end the process", async () => {
  const gm = new GaussianMixture({
    nComponents: 2,
    randomState: 0,
    onIteration: async () => Promise.reject(new Error("late")),
  });
  assert.throws(
    () => gm.fit(X),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.onIteration",
  );
  await new Promise((resolve) => setTimeout(resolve, 50)); // an unhandled rejection would fail the test here
});
