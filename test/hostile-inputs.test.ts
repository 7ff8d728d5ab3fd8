// Every function the package's entry points export, called with random and hostile input (NaN,
// ±Infinity, ±1e308, huge counts, wrong types, numeric strings, null, undefined, nested garbage):
// each call gives a GmmError or a finite, well-formed result, within a second and 1 GiB. The calls
// run in a worker whose heap is limited to 1 GiB; a call that outgrows it, hangs, or leaves a
// rejected promise behind ends the worker, and the test names the call it was in.
//
// Seeded: GMM_EM_HOSTILE_SEED=<n> repeats a run (a failure prints its seed); GMM_EM_HOSTILE_CASES
// sets the calls per function (default 30).

import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import type { CaseReport, WorkerMessage } from "./helpers/hostile-worker";

const SEED = process.env.GMM_EM_HOSTILE_SEED
  ? Number(process.env.GMM_EM_HOSTILE_SEED)
  : Math.floor(Math.random() * 2 ** 32);
const CASES = Number(process.env.GMM_EM_HOSTILE_CASES ?? 30);
/** The time one call may take. */
const CALL_MS = 1000;
/** The heap one call may use: the worker's, which holds little else. */
const HEAP_MB = 1024;

/** Workers a run may start: one, and one more after each call that ends one. */
const MAX_WORKERS = Number(process.env.GMM_EM_HOSTILE_WORKERS ?? 12);

interface Run {
  reports: CaseReport[];
  done?: Extract<WorkerMessage, { type: "done" }>;
  /** What ended the worker early: the call it was in. */
  ended?: CaseReport;
}

/** The cases from `from` on, in a worker of their own, until they end or one ends the worker. */
function runCases(seed: number, cases: number, from: number): Promise<Run> {
  return new Promise((resolve) => {
    const run: Run = { reports: [] };
    const worker = new Worker(
      `require("tsx/cjs"); require(${JSON.stringify(`${__dirname}/helpers/hostile-worker.ts`)});`,
      { eval: true, workerData: { seed, cases, from }, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } },
    );
    let current: Extract<WorkerMessage, { type: "start" }> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (ended?: string) => {
      clearTimeout(timer);
      if (ended !== undefined && run.ended === undefined && run.done === undefined) {
        const { index, name, args, how } = current ?? { index: -1, name: "(loading)", args: "", how: "" };
        run.ended = { index, name, args, how, outcome: ended, ok: false };
      }
      void worker.terminate();
      resolve(run);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "start") {
        current = m;
        timer = setTimeout(() => finish(`took more than ${CALL_MS} ms`), CALL_MS);
      } else if (m.type === "end") {
        clearTimeout(timer);
        current = undefined;
        run.reports.push(m.report);
      } else {
        run.done = m;
        finish();
      }
    });
    worker.on("error", (e) => finish(`ended the worker: ${e.name}: ${e.message}`));
    worker.on("exit", (code) => finish(`ended the worker (exit code ${code})`));
  });
}

test(`every exported function gives a GmmError or a well-formed result, within ${CALL_MS} ms and ${HEAP_MB} MiB (seed ${SEED})`, async () => {
  const reports: CaseReport[] = [];
  const retried = new Set<number>();
  let done: Run["done"];
  for (let workers = 0, from = 0; done === undefined; workers++) {
    assert.ok(
      workers < MAX_WORKERS,
      `${MAX_WORKERS} workers ended early:\n${reports
        .filter((r) => !r.ok)
        .map((r) => `${r.name}${r.args} (${r.how}): ${r.outcome}`)
        .join("\n")}`,
    );
    const run = await runCases(SEED, CASES, from);
    reports.push(...run.reports);
    done = run.done;
    if (run.ended !== undefined) {
      assert.ok(run.ended.index >= 0, `the worker ended before its first call: ${run.ended.outcome}`);
      // Over the time limit on a busy machine (other tests beside it): the call again, alone in a
      // fresh worker; it fails when it takes too long twice.
      if (run.ended.outcome.startsWith("took more than") && !retried.has(run.ended.index)) {
        retried.add(run.ended.index);
        from = run.ended.index;
        continue;
      }
      reports.push(run.ended);
      from = run.ended.index + 1;
    }
  }
  const reproduce = `GMM_EM_HOSTILE_SEED=${SEED} GMM_EM_HOSTILE_CASES=${CASES}`;
  assert.deepEqual(done.missing, [], "exported callables without a valid example in test/helpers/hostile-worker.ts");
  const failures = reports.filter((r) => !r.ok);
  const lines = failures
    .slice(0, Number(process.env.GMM_EM_HOSTILE_SHOWN ?? 40))
    .map((r) => `${r.name}${r.args} (${r.how}): ${r.outcome}`);
  assert.ok(lines.length === 0, `${failures.length} calls failed [${reproduce}]:\n${lines.join("\n")}`);
  // The enumeration found what the package exports: a sample of each kind.
  for (const name of [
    "generateData",
    "new EmRun",
    "EmRun#step",
    "GaussianMixture.fromJSON",
    "FIGURE_LABELS.zh.component",
  ])
    assert.ok(done.callables.includes(name), `${name} is among the callables`);
  assert.equal(reports.length, done.callables.length * CASES);
});
