/**
 * The `threads` option: the same results whatever the thread count (bit for bit), worker errors
 * surfacing as the same typed errors, and workers that let the process exit, both from the
 * sources under tsx and from the compiled dist/.
 */

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import seedrandom from "seedrandom";
import { BLOCK_ROWS } from "../../src/em/e-step";
import { eStep } from "../../src/em/e-step-pass";
import { computePrecisions, toMixtureState } from "../../src/em/params";
import { checkThreads, EStepRunner } from "../../src/em/threads";
import { waitForChange } from "../../src/em/worker-protocol";
import { type ApplyGmmOptions, applyGmm, GaussianMixture, type GmmError, GmmInputError } from "../../src/index";
import { moduleReferences } from "../helpers/layers";

/** n points of d dimensions from `clusters` seeded Gaussian clusters, flat. */
function clusteredData(n: number, d: number, clusters: number, seed: string): Float64Array {
  const rng = seedrandom(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let a = 0; a < d; a++) data[i * d + a] = 4 * c * (a % 2 === 0 ? 1 : -1) + 2 * (rng() + rng() + rng() - 1.5);
  }
  return data;
}

function start(k: number, d: number) {
  return {
    pi: Array.from({ length: k }, () => 1 / k),
    mu: Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, a) => 4 * j * (a % 2 === 0 ? 1 : -1) + 0.7)),
    Sigma: Array.from({ length: k }, () =>
      Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? 2 : 0.1))),
    ),
  };
}

// 16 blocks: every thread gets several (five threads three or four), and their shares change with
// the thread count.
const n = 16 * BLOCK_ROWS - 123;

for (const [d, k, variant] of [
  [2, 4, "correct"],
  [3, 3, "correct"],
  [2, 2, "original"],
] as const) {
  // Counts above the cores are capped (on a 2-core machine 3 and 5 run as 2): each count that runs
  // differently is fitted once. The pool test below drives more workers than cores.
  test(`threads 1, 2, 3, 5 (as the cores cap them) give the same fit, bit for bit (d = ${d}, k = ${k}, ${variant})`, () => {
    const X = { data: clusteredData(n, d, k, `threads-${d}-${k}`), columns: d };
    const { pi, mu, Sigma } = start(k, d);
    const options: ApplyGmmOptions = { maxIter: 6, keep: [2, 6], variant };
    const one = applyGmm(X, pi, mu, Sigma, { ...options, threads: 1 });
    assert.ok(one.logLikelihood[6] > one.logLikelihood[0], "EM made progress (a real fit is compared)");
    const counts = [2, 3, 5].filter(
      (t, i, all) => all.findIndex((u) => checkThreads("t", u) === checkThreads("t", t)) === i,
    );
    for (const threads of counts) {
      const many = applyGmm(X, pi, mu, Sigma, { ...options, threads });
      assert.deepEqual(many.coef, one.coef, `coef with ${threads} threads`);
      assert.deepEqual(many.logLikelihood, one.logLikelihood, `logLikelihood with ${threads} threads`);
      for (const i of [2, 6]) {
        assert.deepEqual(many.rvals[i]!.to2DArray(), one.rvals[i]!.to2DArray(), `rvals[${i}] with ${threads} threads`);
      }
      assert.equal(many.rvals[3], undefined);
    }
  });
}

test("more workers than cores (which applyGmm caps) still sum the same bits: the E-step's pool with 3 and 5 threads", () => {
  const d = 3,
    k = 3;
  const X = { data: clusteredData(n, d, k, "pool"), n, d };
  const { pi, mu, Sigma } = start(k, d);
  const state = toMixtureState(pi, mu, Sigma, d);
  const precisions = computePrecisions(state, 0);
  const one = eStep(X, state, precisions, { resp: new Float64Array(n * k) });
  for (const threads of [3, 5]) {
    const runner = new EStepRunner(X, k, threads);
    try {
      const resp = new Float64Array(n * k);
      assert.deepEqual(runner.run(state, precisions, { resp }), one, `sums with ${threads} threads`);
    } finally {
      runner.close();
    }
  }
});

test("the default thread count gives the same fit as one thread", () => {
  const X = { data: clusteredData(n, 2, 5, "default"), columns: 2 };
  const { pi, mu, Sigma } = start(5, 2);
  const a = applyGmm(X, pi, mu, Sigma, { maxIter: 3, keep: "none" });
  const b = applyGmm(X, pi, mu, Sigma, { maxIter: 3, keep: "none", threads: 1 });
  assert.deepEqual(a.coef, b.coef);
  assert.deepEqual(a.logLikelihood, b.logLikelihood);
});

test("data already in a SharedArrayBuffer is used in place by the workers", () => {
  const plain = clusteredData(n, 2, 3, "shared");
  const data = new Float64Array(new SharedArrayBuffer(plain.byteLength));
  data.set(plain);
  const { pi, mu, Sigma } = start(3, 2);
  const a = applyGmm({ data, columns: 2 }, pi, mu, Sigma, { maxIter: 3, keep: "none", threads: 2 });
  const b = applyGmm({ data: plain, columns: 2 }, pi, mu, Sigma, { maxIter: 3, keep: "none", threads: 1 });
  assert.deepEqual(a.coef, b.coef);
  assert.deepEqual(data, plain, "not written to");
});

test("an error inside a worker surfaces as the same typed error as on one thread", () => {
  const d = 2;
  const data = clusteredData(n, d, 2, "overflow");
  // A row whose squared distance to every mean overflows, in the last block: a worker's share.
  // (1e20 away from means at the origin with variances of 1e-280: 1e320 squared standard deviations.)
  const row = n - 7;
  data[row * d] = 1e20;
  const tiny = [
    [1e-280, 0],
    [0, 1e-280],
  ];
  const [pi, mu, Sigma] = [
    [0.5, 0.5],
    [
      [0, 0],
      [0, 0],
    ],
    [tiny, tiny],
  ];
  const good = start(2, d);
  const errorOf = (threads: number): GmmError => {
    try {
      applyGmm({ data, columns: d }, pi, mu, Sigma, { maxIter: 2, keep: "none", threads });
    } catch (e) {
      return e as GmmError;
    }
    assert.fail(`no error with ${threads} threads`);
  };
  const one = errorOf(1),
    two = errorOf(2);
  assert.ok(two instanceof GmmInputError, "a GmmInputError");
  assert.equal(two.name, "GmmInputError");
  assert.equal(two.message, one.message);
  assert.equal((two as GmmInputError).argument, `X[${row}]`);
  assert.match(two.message, /squared Mahalanobis distance to every component overflows/);
  // And the pool recovers: the next call runs.
  const ok = applyGmm({ data: clusteredData(n, d, 2, "ok"), columns: d }, good.pi, good.mu, good.Sigma, {
    maxIter: 1,
    keep: "none",
    threads: 2,
  });
  assert.equal(ok.nIter, 1);
});

test("threads beyond the cores are capped at the cores (64 threads on 2 cores spawned dozens of workers): the same fit, as fast", () => {
  const cores = os.availableParallelism();
  assert.equal(checkThreads("options.threads", 64), cores);
  assert.equal(checkThreads("options.threads", 1), 1);
  assert.equal(new GaussianMixture({ threads: 64 }).options.threads, cores);
  const d = 2;
  const X = { data: clusteredData(n, d, 2, "cap"), columns: d };
  const { pi, mu, Sigma } = start(2, d);
  const capped = applyGmm(X, pi, mu, Sigma, { maxIter: 2, keep: "none", threads: 64 });
  assert.deepEqual(capped.coef, applyGmm(X, pi, mu, Sigma, { maxIter: 2, keep: "none", threads: cores }).coef);
});

test("threads: a bad value is a GmmInputError naming options.threads", () => {
  const { pi, mu, Sigma } = start(2, 2);
  for (const threads of [0, -1, 1.5, NaN, "2"]) {
    assert.throws(
      () =>
        applyGmm(
          [
            [0, 0],
            [1, 1],
            [2, 0],
          ],
          pi,
          mu,
          Sigma,
          { threads: threads as number },
        ),
      (e: unknown) => e instanceof GmmInputError && e.argument === "options.threads",
    );
  }
});

const ROOT = path.join(__dirname, "..", "..");

// A child process that fits with two threads and prints a line; it must exit on its own.
function runChild(args: string[], script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...args, "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const childScript = (modulePath: string) => `
const { applyGmm } = require(${JSON.stringify(modulePath)});
const n = ${4 * BLOCK_ROWS};
const data = new Float64Array(2 * n);
for (let i = 0; i < n; i++) { data[2 * i] = (i % 2) * 6 + Math.sin(i); data[2 * i + 1] = Math.cos(i * 1.3); }
const r = applyGmm({ data, columns: 2 }, [0.5, 0.5], [[0.5, 0], [5, 0.2]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 3, keep: "none", threads: 2 });
const one = applyGmm({ data, columns: 2 }, [0.5, 0.5], [[0.5, 0], [5, 0.2]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 3, keep: "none", threads: 1 });
console.log(JSON.stringify(r.coef) === JSON.stringify(one.coef) ? "same" : "different", r.coef[3].mu[1][0]);
`;

test("workers load from the sources under tsx, and the process exits after the fit", () => {
  const r = runChild(["--import", "tsx"], childScript(path.join(ROOT, "src", "index.ts")));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^same \d/);
});

test("workers load from the compiled dist/ (npm test builds it first), and the process exits", () => {
  assert.ok(existsSync(path.join(ROOT, "dist", "em", "e-step-worker.js")), "no dist/: run npm run build");
  const r = runChild([], childScript(path.join(ROOT, "dist", "index.js")));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^same \d/);
});

test("the worker loads the protocol it shares with the main thread, and never the module that spawns it", () => {
  const em = path.join(ROOT, "src", "em");
  // Every module of src/ that e-step-worker.ts reaches, through imports of any kind.
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const { specifier } of moduleReferences(file, readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) visit(`${path.resolve(path.dirname(file), specifier)}.ts`);
    }
  };
  visit(path.join(em, "e-step-worker.ts"));
  const names = [...reached].map((f) => path.relative(path.join(ROOT, "src"), f).split(path.sep).join("/"));
  assert.ok(names.includes("em/worker-protocol.ts"), names.join(", "));
  assert.ok(names.includes("em/e-step.ts"), names.join(", "));
  assert.ok(!names.includes("em/threads.ts"), `the worker reaches threads.ts: ${names.join(", ")}`);
  assert.ok(!names.includes("em/threads-browser.ts"));
});

test("waitForChange returns once the slot has changed: seen while watching, or woken from sleep, or at its timeout", async () => {
  const control = new Int32Array(new SharedArrayBuffer(8));
  // Another thread stores 1 after `delayMs` and wakes any sleeper.
  const changeAfter = (delayMs: number): Worker =>
    new Worker(
      `const { workerData } = require("worker_threads");
       const c = new Int32Array(workerData.buffer);
       Atomics.wait(c, 1, 0, workerData.delayMs);
       Atomics.store(c, 0, 1);
       Atomics.notify(c, 0);`,
      { eval: true, workerData: { buffer: control.buffer, delayMs } },
    );
  for (const [spinMs, delayMs] of [
    [1000, 20], // changes while it watches
    [0.1, 50], // changes after it fell asleep
  ]) {
    Atomics.store(control, 0, 0);
    const worker = changeAfter(delayMs);
    waitForChange(control, 0, 0, spinMs);
    assert.equal(Atomics.load(control, 0), 1, `spin ${spinMs} ms, change after ${delayMs} ms`);
    await worker.terminate();
  }
  // No change: it returns at the timeout, the slot as it was.
  Atomics.store(control, 0, 0);
  waitForChange(control, 0, 0, 0.1, 20);
  assert.equal(Atomics.load(control, 0), 0);
});
