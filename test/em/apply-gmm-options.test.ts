// applyGmm's options that shape the result: tol (stopping early) and keep (which responsibilities are kept).

import assert from "node:assert/strict";
import { test } from "node:test";
import { applyGmm, GmmInputError, generateData, logGauss } from "../../src/index";
import { fixture } from "../helpers/fixtures";

const flatCase = fixture<{ cases: { X: number[][]; start: { pi: number[]; mu: number[][]; Sigma: number[][][] } }[] }>(
  "em/far-from-origin.json",
).cases[0];

test("tol stops once the gain is below it, with coef, rvals and logLikelihood consistent", () => {
  const X = generateData({ variance1: 3 });
  const start: [number[], number[][], number[][][]] = [
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
  const full = applyGmm(X, ...start, { maxIter: 200 });
  const res = applyGmm(X, ...start, { maxIter: 200, tol: 1e-6 });
  assert.equal(res.converged, true);
  assert.ok(res.nIter > 5 && res.nIter < 200);
  assert.equal(res.coef.length, res.nIter + 1);
  assert.equal(res.logLikelihood.length, res.nIter + 1);
  assert.equal(res.rvals.length, res.nIter + 1);
  const m = res.nIter;
  assert.ok(Math.abs(res.logLikelihood[m] - res.logLikelihood[m - 1]) < 1e-6);
  assert.ok(Math.abs(res.logLikelihood[m - 1] - res.logLikelihood[m - 2]) >= 1e-6);
  assert.deepEqual(res.coef[m], full.coef[m]);
  assert.equal(full.converged, undefined);
  const capped = applyGmm(X, ...start, { maxIter: 3, tol: 1e-6 });
  assert.equal(capped.converged, false);
  assert.equal(capped.nIter, 3);
});

test("keep retains only the listed iterations' responsibilities", () => {
  const X = generateData({ variance1: 3 });
  const res = applyGmm(
    X,
    [0.5, 0.5],
    [
      [-1, 1],
      [1, -1],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
    { maxIter: 12, keep: [0, 1, 5, 10] },
  );
  const all = applyGmm(
    X,
    [0.5, 0.5],
    [
      [-1, 1],
      [1, -1],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
    { maxIter: 12 },
  );
  assert.equal(res.rvals.length, 13);
  res.rvals.forEach((r, i) => {
    if ([0, 1, 5, 10].includes(i)) assert.deepEqual(r!.to2DArray(), all.rvals[i]!.to2DArray());
    else assert.equal(r, undefined, `rvals[${i}]`);
  });
  assert.deepEqual(res.coef, all.coef);
  assert.ok(
    applyGmm(
      X,
      [1],
      [[0, 0]],
      [
        [
          [1, 0],
          [0, 1],
        ],
      ],
      { maxIter: 2, keep: "none" },
    ).rvals.every((r) => r === undefined),
  );
});

test("keep: responsibilities only for the iterations asked for, and they are the posterior of the previous parameters", () => {
  const { pi, mu, Sigma } = flatCase.start;
  const r = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: [0, 3] });
  assert.equal(r.rvals.length, 5);
  assert.deepEqual(
    r.rvals.map((m) => m !== undefined),
    [true, false, false, true, false],
  );
  assert.equal(r.rvals[0]!.get(17, 1), 1 / 3);
  // rvals[3] from coef[2], recomputed here independently with logGauss.
  const prev = r.coef[2];
  const logs = prev.pi.map((p, j) => logGauss(flatCase.X, prev.mu[j], prev.Sigma[j]).map((v) => v + Math.log(p)));
  const R = r.rvals[3]!;
  let worst = 0;
  for (const i of [0, 1, 999, 1000, 2500, 2999]) {
    const m = Math.max(...logs.map((l) => l[i]));
    const s = logs.reduce((acc, l) => acc + Math.exp(l[i] - m), 0);
    logs.forEach((l, j) => {
      worst = Math.max(worst, Math.abs(R.get(i, j) - Math.exp(l[i] - m) / s));
    });
  }
  // The fit runs centred (the data are 1e6 from the origin); coef's means are its means rounded to
  // doubles at 1e6 (1.2e-10 apart), which moves the posterior recomputed from them by ~1e-11.
  assert.ok(worst <= 1e-9, `responsibilities off by ${worst}`);
  const none = applyGmm(flatCase.X, pi, mu, Sigma, { maxIter: 4, keep: "none" });
  assert.ok(none.rvals.every((m) => m === undefined));
  assert.deepEqual(none.coef, r.coef, "keeping changes nothing else");
});

test("what applyGmm would keep is checked against the memory limit before it starts (maxIter 1e9 used to grow until the machine gave out)", () => {
  const X = generateData();
  const start: [number[], number[][], number[][][]] = [
    [0.5, 0.5],
    [
      [-1, 1],
      [1, -1],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
  ];
  const started = Date.now();
  assert.throws(
    () => applyGmm(X, ...start, { maxIter: 1e9 }),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "options.keep" &&
      /responsibilities of 1000000001 iterations would take about [\d,]+ TiB, more than the library's limit of 1 GiB per call; keep "none"/.test(
        (e as Error).message,
      ),
  );
  assert.throws(
    () => applyGmm(X, ...start, { maxIter: 1e9, keep: "none" }),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "options.maxIter" &&
      /parameters of 1000000000 iterations .* GaussianMixture, which keeps only the last/.test((e as Error).message),
  );
  assert.throws(
    () => applyGmm(X, ...start, { maxIter: 1e9, keep: [0, 5], tol: 1e-3 }),
    (e: unknown) => e instanceof GmmInputError && e.argument === "options.maxIter",
  );
  assert.ok(Date.now() - started < 1000, "refused at once");
  // Within the limit: a long fit that stops at tol.
  assert.ok(applyGmm(X, ...start, { maxIter: 100_000, keep: "none", tol: 1e-6 }).converged);
});
