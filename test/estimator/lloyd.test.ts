// Lloyd's iterations (src/estimator/lloyd.ts) against ml-kmeans 7, which the k-means
// initialisation used before: from the same k-means++ seeds, the same labels, the same centres bit
// for bit and the same number of iterations, on overlapping and separated clusters in 1 to 5
// dimensions; and a small case worked by hand.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FlatData } from "../../src/data/input";
import { NumpyRandomState } from "../../src/data/numpy-random";
import { kmeansPlusPlus } from "../../src/estimator/kmeans";
import { assignToNearest, centreMeans, lloyd } from "../../src/estimator/lloyd";

/** n rows around k centres `spread` apart (overlapping when spread is small), from numpy's generator. */
function clusters(seed: number, n: number, d: number, k: number, spread: number): FlatData {
  const rng = new NumpyRandomState(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const centre = rng.randint(k);
    for (let c = 0; c < d; c++) data[i * d + c] = spread * centre * (c === centre % d ? 1 : 0.3) + rng.standardNormal();
  }
  return { data, n, d };
}

const rows = (X: FlatData) =>
  Array.from({ length: X.n }, (_, i) => Array.from(X.data.subarray(i * X.d, (i + 1) * X.d)));

describe("Lloyd's iterations give ml-kmeans' result from the same seeds", () => {
  const cases = [
    { seed: 0, n: 200, d: 2, k: 3, spread: 1 },
    { seed: 1, n: 300, d: 2, k: 4, spread: 0.5 },
    { seed: 2, n: 150, d: 1, k: 2, spread: 3 },
    { seed: 3, n: 250, d: 3, k: 5, spread: 1.5 },
    { seed: 4, n: 400, d: 5, k: 6, spread: 0.8 },
    { seed: 5, n: 120, d: 4, k: 3, spread: 12 },
    { seed: 6, n: 500, d: 2, k: 8, spread: 0.3 },
  ];
  for (const c of cases) {
    test(`seed ${c.seed}: n ${c.n}, d ${c.d}, k ${c.k}, clusters ${c.spread} apart`, async () => {
      const { kmeans } = await import("ml-kmeans");
      const X = clusters(c.seed, c.n, c.d, c.k, c.spread);
      const seeds = kmeansPlusPlus(X, c.k, new NumpyRandomState(100 + c.seed));
      const initial = new Float64Array(c.k * c.d);
      seeds.forEach((row, j) => initial.set(X.data.subarray(row * c.d, (row + 1) * c.d), j * c.d));
      const ours = lloyd(X, initial, c.k);
      const theirs = kmeans(rows(X), c.k, {
        initialization: seeds.map((i) => rows(X)[i]),
        maxIterations: 300,
        tolerance: 0,
      });
      assert.ok(ours.iterations > 1, "the seeds were not already a fixed point");
      assert.equal(ours.converged, true);
      assert.equal(ours.iterations, theirs.iterations);
      assert.deepEqual(Array.from(ours.labels), theirs.clusters);
      assert.deepEqual(rows({ data: ours.centres, n: c.k, d: c.d }), theirs.centroids);
    });
  }

  test("stopped after maxIterations, before convergence: the same labels and centres as ml-kmeans' after as many", async () => {
    const { kmeans } = await import("ml-kmeans");
    const X = clusters(6, 500, 2, 8, 0.3);
    const seeds = kmeansPlusPlus(X, 8, new NumpyRandomState(106));
    const initial = new Float64Array(16);
    seeds.forEach((row, j) => initial.set(X.data.subarray(row * 2, row * 2 + 2), j * 2));
    const ours = lloyd(X, initial, 8, 3);
    const theirs = kmeans(rows(X), 8, { initialization: seeds.map((i) => rows(X)[i]), maxIterations: 3, tolerance: 0 });
    assert.equal(ours.converged, false);
    assert.equal(theirs.converged, false);
    assert.deepEqual(Array.from(ours.labels), theirs.clusters);
    assert.deepEqual(rows({ data: ours.centres, n: 8, d: 2 }), theirs.centroids);
  });
});

describe("Lloyd's iterations by hand", () => {
  // Rows 0, 1, 2, 10, 11 on a line; centres from rows 0 and 1.
  const X: FlatData = { data: Float64Array.from([0, 1, 2, 10, 11]), n: 5, d: 1 };

  test("one step: nearest centre (a tie goes to the lower index), then the means", () => {
    const labels = new Int32Array(5);
    assignToNearest(X, Float64Array.from([0, 1]), 2, labels);
    assert.deepEqual(Array.from(labels), [0, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(centreMeans(X, labels, Float64Array.from([0, 1]), 2)), [0, 24 / 4]);
    assignToNearest(X, Float64Array.from([1, 1]), 2, labels);
    assert.deepEqual(Array.from(labels), [0, 0, 0, 0, 0], "equal distances: the lower index");
  });

  test("a centre that no row chooses stays where it was", () => {
    const labels = Int32Array.from([0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(centreMeans(X, labels, Float64Array.from([5, -100]), 2)), [24 / 5, -100]);
  });

  test("to convergence: {0, 1, 2} and {10, 11}, centres 1 and 10.5, in 3 iterations", () => {
    // Centres (0, 1) → (0, 6) → (1, 10.5) → (1, 10.5): the third iteration moves nothing.
    const r = lloyd(X, Float64Array.from([0, 1]), 2);
    assert.deepEqual(Array.from(r.labels), [0, 0, 0, 1, 1]);
    assert.deepEqual(Array.from(r.centres), [1, 10.5]);
    assert.equal(r.iterations, 3);
    assert.equal(r.converged, true);
  });
});
