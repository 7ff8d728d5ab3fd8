// makeBlobs: scikit-learn's make_blobs, from numpy's generator or seedrandom.

import assert from "node:assert/strict";
import { test } from "node:test";
import { GmmInputError, type MakeBlobsOptions, makeBlobs } from "../../src/index";
import { fixture } from "../helpers/fixtures";

const blobs = fixture("data/make-blobs.json");

/** scikit-learn's keyword arguments as makeBlobs options. */
function toOptions(o: Record<string, unknown>): MakeBlobsOptions {
  const out: MakeBlobsOptions = { rng: "numpy" };
  if (o.n_samples !== undefined) out.nSamples = o.n_samples as number | number[];
  if (o.centers !== undefined && o.centers !== null) out.centers = o.centers as number | number[][];
  if (o.cluster_std !== undefined) out.clusterStd = o.cluster_std as number | number[];
  if (o.n_features !== undefined) out.nFeatures = o.n_features as number;
  if (o.center_box !== undefined) out.centerBox = o.center_box as [number, number];
  if (o.shuffle !== undefined) out.shuffle = o.shuffle as boolean;
  out.randomState = o.random_state as number;
  return out;
}

for (const c of blobs.cases) {
  test(`makeBlobs({ rng: "numpy" }) is sklearn's make_blobs: ${JSON.stringify(c.options)}`, () => {
    const { X, y, centers } = makeBlobs(toOptions(c.options));
    assert.deepEqual(y, c.y);
    assert.equal(X.rows, c.X.length);
    const got = X.to1DArray(),
      want: number[] = c.X.flat();
    for (let i = 0; i < want.length; i++) {
      assert.ok(
        Math.abs(got[i] - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])),
        `X[${i}]: ${got[i]} vs ${want[i]}`,
      );
    }
    assert.deepEqual(centers.flat(), (c.centers as number[][]).flat());
  });
}

test("the default (seedrandom) stream: sklearn's semantics, reproducible, seed-dependent", () => {
  const a = makeBlobs({ nSamples: 301, centers: 4, clusterStd: 0.5, randomState: 3 });
  const b = makeBlobs({ nSamples: 301, centers: 4, clusterStd: 0.5, randomState: 3 });
  const c = makeBlobs({ nSamples: 301, centers: 4, clusterStd: 0.5, randomState: 4 });
  assert.deepEqual(a.X.to1DArray(), b.X.to1DArray());
  assert.notDeepEqual(a.X.to1DArray(), c.X.to1DArray());
  // 301 = 76 + 75 + 75 + 75, as sklearn shares it out.
  assert.deepEqual(
    [0, 1, 2, 3].map((j) => a.y.filter((v) => v === j).length),
    [76, 75, 75, 75],
  );
  for (const centre of a.centers) for (const v of centre) assert.ok(v >= -10 && v < 10);
  // Each cluster's sample mean and standard deviation are near its centre and 0.5.
  for (let j = 0; j < 4; j++) {
    const rows = a.X.to2DArray().filter((_, i) => a.y[i] === j);
    for (let f = 0; f < 2; f++) {
      const values = rows.map((r) => r[f]);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
      assert.ok(Math.abs(mean - a.centers[j][f]) < (4 * 0.5) / Math.sqrt(values.length), `cluster ${j} mean`);
      assert.ok(Math.abs(sd - 0.5) < 0.15, `cluster ${j} sd ${sd}`);
    }
  }
  // Not shuffled: centre by centre.
  const ordered = makeBlobs({
    nSamples: [2, 3],
    centers: [
      [0, 0, 0],
      [9, 9, 9],
    ],
    clusterStd: 0,
    shuffle: false,
  });
  assert.deepEqual(ordered.y, [0, 0, 1, 1, 1]);
  assert.deepEqual(ordered.X.to2DArray(), [
    [0, 0, 0],
    [0, 0, 0],
    [9, 9, 9],
    [9, 9, 9],
    [9, 9, 9],
  ]);
  assert.deepEqual(makeBlobs({ nSamples: 0 }).X.rows, 0);
});

test("bad makeBlobs options are typed errors naming the argument", () => {
  const expectError = (o: unknown, argument: string, pattern: RegExp) =>
    assert.throws(
      () => makeBlobs(o as MakeBlobsOptions),
      (e: unknown) => e instanceof GmmInputError && e.argument === argument && pattern.test(e.message),
      `${JSON.stringify(o)} → ${argument}`,
    );
  expectError({ rng: "sklearn" }, "options.rng", /"seedrandom" or "numpy"/);
  expectError({ rng: "numpy", randomState: 2 ** 32 }, "options.randomState", /2\^32/);
  expectError({ randomState: -3 }, "options.randomState", /integer ≥ 0/);
  expectError({ nSamples: 10.5 }, "options.nSamples", /integer/);
  expectError({ nSamples: [3, -1] }, "options.nSamples[1]", /integer ≥ 0/);
  expectError({ nSamples: [] }, "options.nSamples", /empty/);
  expectError({ nSamples: [3, 4], centers: 2 }, "options.centers", /array of points/);
  expectError({ nSamples: [3, 4], centers: [[0, 0]] }, "options.centers", /1 centres, but nSamples gives 2/);
  expectError({ centers: 0 }, "options.centers", /integer ≥ 1/);
  expectError({ centers: [[0, 0], [1]] }, "options.centers[1]", /1 coordinates/);
  expectError({ centers: [[0, Number.NaN]] }, "options.centers[0][1]", /finite/);
  expectError({ centers: [[0, 0]], nFeatures: 3 }, "options.nFeatures", /2 coordinates/);
  expectError({ centers: 3, clusterStd: [1, 2] }, "options.clusterStd", /2 values, but there are 3 centres/);
  expectError({ clusterStd: -1 }, "options.clusterStd", /≥ 0/);
  expectError({ centerBox: [5, -5] }, "options.centerBox", /low ≤ high/);
  expectError({ shuffle: "yes" }, "options.shuffle", /true or false/);
  expectError({ n_samples: 5 }, "options.n_samples", /not a known option/);
});

test("makeBlobs never returns Infinity: a box wider than the doubles, or a spread whose points overflow, is a typed error", () => {
  for (const rng of ["seedrandom", "numpy"] as const) {
    assert.throws(
      () => makeBlobs({ centerBox: [-1e308, 1e308], rng }),
      (e: unknown) =>
        e instanceof GmmInputError && e.argument === "options.centerBox" && /high − low overflows/.test(e.message),
    );
    assert.throws(
      () => makeBlobs({ clusterStd: 1e308, rng }),
      (e: unknown) => e instanceof GmmInputError && e.argument === "options.clusterStd" && /overflows/.test(e.message),
    );
    assert.throws(
      () =>
        makeBlobs({
          centers: [
            [0, 0],
            [1, 1],
          ],
          clusterStd: [1, 1e308],
          rng,
        }),
      (e: unknown) => e instanceof GmmInputError && e.argument === "options.clusterStd[1]",
    );
    // The widest box the doubles hold, and a large but representable spread: every value finite.
    const wide = makeBlobs({ centerBox: [-8e307, 8e307], rng }).X.to1DArray();
    const spread = makeBlobs({ clusterStd: 1e300, rng }).X.to1DArray();
    assert.ok([...wide, ...spread].every(Number.isFinite));
  }
});

test("makeBlobs: more points than the memory limit allows is a typed error, before anything is allocated", () => {
  assert.throws(
    () => makeBlobs({ nSamples: 1e9 }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.nSamples" && /limit of 1 GiB/.test(e.message),
  );
  assert.throws(
    () => makeBlobs({ nSamples: [10, 1e8], centers: [[0], [1]] }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.nSamples",
  );
});
