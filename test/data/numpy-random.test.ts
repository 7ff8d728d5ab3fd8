// NumpyRandomState: numpy's legacy RandomState, draw for draw (test/fixtures/data/numpy-random.json).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { correctlyRoundedLog, isotropicSingularValue, NumpyRandomState } from "../../src/data/numpy-random";
import { fixture } from "../helpers/fixtures";

const random = fixture("data/numpy-random.json");

/** |a − b| ≤ tol · max(1, |b|): absolute near 0, relative for large values (e.g. variance 1e300). */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      b = expected[i];
    assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}[${i}]: ${a} vs numpy ${b}`);
  }
}

test("seeding is numpy's legacy seed(int): the first 32-bit words, across twists, for seeds 0 … 2^32 − 1", () => {
  for (const c of random.initGenrand) {
    const rs = new NumpyRandomState(c.seed);
    const words: number[] = [];
    for (let i = 0; i < 1250; i++) words.push(rs.nextUint32());
    const picked = [0, 1, 2, 623, 624, 1247, 1248, 1249].map((i) => words[i]);
    assert.deepEqual(picked, c.uint32, `seed ${c.seed}`);
  }
});

test("random_sample: 53-bit doubles identical to numpy's, bit for bit", () => {
  for (const c of random.randomSample) {
    const rs = new NumpyRandomState(c.seed);
    const first = Array.from({ length: 5 }, () => rs.randomSample());
    for (let i = 0; i < 1000; i++) rs.randomSample();
    const later = Array.from({ length: 3 }, () => rs.randomSample());
    assert.deepEqual(first, c.first, `seed ${c.seed}`);
    assert.deepEqual(later, c.after1005, `seed ${c.seed} after 1005 draws`);
  }
});

test("standard_normal: polar pairs, f·x2 first, the cached f·x1 carried across calls of odd sizes", () => {
  for (const c of random.standardNormal) {
    const rs = new NumpyRandomState(c.seed);
    c.sizes.forEach((size: number, call: number) => {
      const got = Array.from({ length: size }, () => rs.standardNormal());
      assertClose(got, c.values[call], 1e-15, `seed ${c.seed} call ${call}`);
    });
    // 13 normals drawn: one of a pair is still cached, and it is numpy's cached value.
    assert.equal(c.stateAfter.hasGauss, 1);
    assertClose([rs.standardNormal()], [c.stateAfter.gauss], 1e-15, `seed ${c.seed} cached normal`);
  }
});

test("uniform(low, high) and normal(loc, scale) with per-column loc, in numpy's order", () => {
  for (const c of random.uniformNormal) {
    const rs = new NumpyRandomState(c.seed);
    const u = c.uniform.map((row: number[]) => row.map(() => rs.uniform(-10, 10)));
    const g = c.normal.map((row: number[]) => row.map((_: number, col: number) => rs.normal([1, 2, 3][col], 0.5)));
    const g2 = [rs.normal(-1, 2), rs.normal(-1, 2)];
    assertClose(u.flat(), c.uniform.flat(), 1e-15, `seed ${c.seed} uniform`);
    assertClose(g.flat(), c.normal.flat(), 1e-15, `seed ${c.seed} normal`);
    assertClose(g2, c.normalScalar, 1e-15, `seed ${c.seed} normal scalar`);
  }
});

test("shuffle: numpy's legacy Fisher–Yates with masked rejection, and the stream after it", () => {
  for (const c of random.shuffle) {
    const rs = new NumpyRandomState(c.seed);
    const a = Array.from({ length: c.n }, (_, i) => i);
    rs.shuffle(a);
    assert.deepEqual(a, c.permutation, `seed ${c.seed} n ${c.n}`);
    assert.equal(rs.randomSample(), c.next, `seed ${c.seed} n ${c.n}: the draw after the shuffle`);
  }
});

test("multivariate_normal(mean, variance·I, size) in 3-D: the cached normal carries into the next call", () => {
  for (const c of random.multivariateNormal) {
    const rs = new NumpyRandomState(c.seed);
    for (const call of c.calls) {
      const x = rs.multivariateNormalIsotropic(call.mean, call.variance, call.size);
      assertClose(x, call.X.flat(), 1e-12, `seed ${c.seed} variance ${call.variance}`);
    }
  }
});

test("the SVD's singular value of variance·I, as LAPACK rounds it (exact, except beyond 2^±459)", () => {
  let changed = 0;
  for (const c of random.svdOfScaledIdentity) {
    assert.equal(isotropicSingularValue(c.variance), c.singularValue, `d ${c.d} variance ${c.variance}`);
    if (c.singularValue !== c.variance) changed++;
  }
  assert.ok(changed > 10, "the fixture exercises the rescaled range");
});

test("the logarithm behind the normals is correctly rounded (where glibc's is, numpy's is identical)", () => {
  let libmOff = 0;
  for (const { x, ln, libm } of random.log as { x: number; ln: number; libm: number }[]) {
    assert.equal(correctlyRoundedLog(x), ln, `ln ${x}`);
    if (libm !== ln) libmOff++;
  }
  assert.ok(libmOff < 10, `glibc's log misrounds ${libmOff} of ${random.log.length}`);
  // Where V8's Math.log is not correctly rounded (a few % of arguments), ours still is.
  const v8Off = (random.log as { x: number; ln: number }[]).filter(({ x, ln }) => Math.log(x) !== ln).length;
  assert.ok(v8Off > 10, `Math.log misrounds ${v8Off}: the fixture exercises the difference`);
});

describe("NumpyRandomState (used by the estimator) reproduces numpy's legacy generator", () => {
  for (const d of random.draws) {
    test(`seed ${d.seed}`, () => {
      const r = new NumpyRandomState(d.seed);
      assert.deepEqual(
        Array.from({ length: 5 }, () => r.randomSample()),
        d.uniform,
      );
      assert.deepEqual(
        [1, 2, 7, 1000, 2 ** 31].map((n) => r.randint(n)),
        d.randint,
      );
      assert.deepEqual(r.permutation(20), d.permutation);
      assert.deepEqual(
        Array.from({ length: 5 }, () => r.standardNormal()),
        d.standardNormal,
      );
      for (let i = 0; i < 700; i++) r.randomSample();
      assert.deepEqual([r.randomSample(), r.randomSample(), r.randomSample()], d.afterRegeneration);
    });
  }
});
