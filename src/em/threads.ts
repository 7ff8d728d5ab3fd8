/**
 * The E-step on several threads: `worker_threads` over shared memory, driven synchronously (the
 * main thread takes a share of the blocks itself, then waits on the others with `Atomics.wait`),
 * so that `applyGmm` stays a plain function call.
 *
 * The threads take BLOCK_ROWS blocks one at a time from a shared counter (so a thread that is
 * late, still starting or descheduled by another process, holds up no one) and form each
 * block's sums alone in that block's own slot; the main thread adds the slots in block order,
 * exactly as the one-thread `eStep` does: the result is the same to the last bit whatever the
 * thread count and whoever took which block. What the workers share with this thread (control
 * slots, shared-memory layout, the block loop, errors across threads) is in worker-protocol.ts.
 */
import * as os from "node:os";
import * as path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { FlatData } from "../data/input";
import { GmmError, GmmInputError } from "../errors";
import { shown } from "../validate";
import { addBlocks, blockCount, type EStepOptions, eStep } from "./e-step";
import type { MixtureState, Precisions } from "./params";
import { type Sums, sumsLayout } from "./sums";
import {
  Command,
  Control,
  type ErrorMessage,
  paramsLength,
  paramViews,
  reviveError,
  takeBlocks,
  type WorkerSetup,
} from "./worker-protocol";

// Run in each worker (eval'd, CommonJS): load the worker module; if that fails, say so and flag
// it, so that the main thread, blocked in Atomics.wait, wakes and reports it.
const BOOTSTRAP = `
const { workerData } = require("worker_threads");
const fail = (e) => {
  workerData.port.postMessage({ error: { name: "GmmError", message: "a worker thread could not load " + workerData.script + ": " + (e && e.message) } });
  const control = new Int32Array(workerData.control);
  Atomics.store(control, ${Control.Failed}, 1);
  Atomics.notify(control, ${Control.Completed});
};
try {
  // The sources themselves (tests under tsx): Node 20 does not apply the parent's --import to a
  // worker, so register tsx's require hook here, resolved from the sources' own folder.
  if (workerData.script.endsWith(".ts")) {
    require(require.resolve("tsx/cjs", { paths: [require("path").dirname(workerData.script)] }));
  }
  require(workerData.script);
} catch (e) {
  fail(e);
}
`;

/**
 * A set of threads - 1 workers plus the main thread, bound to one data set and one k for the
 * length of a fit. Spawned on construction; `close()` ends them (they are unref'd, so a caller
 * that forgets does not keep the process alive).
 */
class EStepThreads {
  readonly threads: number;
  private readonly X: FlatData;
  private readonly blocks: number;
  private readonly control: Int32Array;
  private readonly params: Float64Array;
  private readonly blockSums: Float64Array;
  private readonly shared: FlatData;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private resp: Float64Array | null = null;
  private closed = false;

  constructor(X: FlatData, k: number, threads: number) {
    this.X = X;
    this.blocks = blockCount(X.n);
    this.threads = Math.max(1, Math.min(threads, this.blocks));
    const { n, d } = X;
    // The data must be in shared memory: used in place when it already is, else copied once,
    // after the workers are spawned (they start up meanwhile; they read it only in a job).
    const inPlace = X.data.buffer instanceof SharedArrayBuffer;
    const data = inPlace ? X.data : new Float64Array(new SharedArrayBuffer(n * d * 8));
    this.shared = { data, n, d };
    this.control = new Int32Array(new SharedArrayBuffer(Control.Length * 4));
    this.params = new Float64Array(new SharedArrayBuffer(paramsLength(k, d) * 8));
    this.blockSums = new Float64Array(new SharedArrayBuffer(this.blocks * sumsLayout(k, d).length * 8));
    const script = path.join(__dirname, `e-step-worker${path.extname(__filename)}`);
    for (let index = 1; index < this.threads; index++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = {
        index,
        threads: this.threads,
        n,
        d,
        k,
        data: data.buffer as SharedArrayBuffer,
        params: this.params.buffer as SharedArrayBuffer,
        blockSums: this.blockSums.buffer as SharedArrayBuffer,
        control: this.control.buffer as SharedArrayBuffer,
        port: port2,
        script,
      };
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: setup, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
    if (!inPlace) data.set(X.data);
  }

  /**
   * One E-step (see `eStep`): the total sums, added in block order. Writes the responsibilities
   * into `options.resp` when it is given (from row 0).
   */
  run(state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
    if (this.closed) throw new GmmError("the E-step threads have been closed");
    const { k, d } = state;
    const variant = options.variant ?? "correct";
    const resp = options.resp ?? null;
    const withSums = options.withSums ?? true;
    let shared: Float64Array | null = null;
    if (resp !== null) {
      if (this.resp === null) {
        this.resp = new Float64Array(new SharedArrayBuffer(this.X.n * k * 8));
        for (const port of this.ports) port.postMessage({ resp: this.resp.buffer });
      }
      shared = this.resp;
    }
    const { state: s, prec: p } = paramViews(this.params, k, d);
    s.weights.set(state.weights);
    s.means.set(state.means);
    p.inverseLower.set(prec.inverseLower);
    p.logDetInverse.set(prec.logDetInverse);
    const c = this.control;
    Atomics.store(c, Control.Sums, withSums ? 1 : 0);
    Atomics.store(c, Control.Variant, variant === "original" ? 1 : 0);
    Atomics.store(c, Control.Resp, shared === null ? 0 : 1);
    Atomics.store(c, Control.Command, Command.Run);
    Atomics.store(c, Control.Completed, 0);
    Atomics.store(c, Control.NextBlock, 0);
    Atomics.add(c, Control.Generation, 1);
    Atomics.notify(c, Control.Generation);
    // The main thread takes blocks too, from the start: workers still starting join when ready.
    const job: EStepOptions = { variant, resp: shared, withSums };
    try {
      takeBlocks(c, this.blocks, this.shared, s, p, this.blockSums, () => job);
    } catch (e) {
      this.close();
      throw e;
    }
    this.waitCompleted();
    const total = new Float64Array(sumsLayout(k, d).length);
    addBlocks(this.blockSums, this.blocks, total);
    if (resp !== null) resp.set(shared!.subarray(0, resp.length));
    return total;
  }

  /** Blocks until every block of the job is completed; rethrows the first worker error. */
  private waitCompleted(): void {
    const c = this.control;
    for (;;) {
      if (Atomics.load(c, Control.Failed) !== 0) break;
      const completed = Atomics.load(c, Control.Completed);
      if (completed >= this.blocks) break;
      Atomics.wait(c, Control.Completed, completed, 1000);
    }
    if (Atomics.load(c, Control.Failed) !== 0) {
      let first: Error | null = null;
      for (const port of this.ports) {
        const m = receiveMessageOnPort(port);
        if (m !== undefined && first === null) first = reviveError((m.message as ErrorMessage).error);
      }
      this.close();
      throw first ?? new GmmError("a worker thread failed");
    }
  }

  /** Ends the workers (they leave their loop and exit); idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const c = this.control;
    Atomics.store(c, Control.Command, Command.Exit);
    Atomics.add(c, Control.Generation, 1);
    Atomics.notify(c, Control.Generation);
    for (const port of this.ports) port.close();
  }
}

/**
 * Rejects a `threads` option that is not a positive integer, and caps it at the cores available
 * (`os.availableParallelism()`): more threads than cores only add workers that wait for a core
 * (each with its own heap), never speed. The result does not depend on the count.
 */
export function checkThreads(name: string, threads: unknown): number {
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1) {
    throw new GmmInputError(name, `must be a positive integer (a thread count), got ${shown(threads)}`);
  }
  return Math.min(threads, os.availableParallelism());
}

/**
 * Below this many point-component pairs (n · k), the default is one thread. Measured (2 cores,
 * 100 iterations, k = 5): at n · k = 5e4 two threads were slower (54 vs 45 ms: starting a worker
 * costs ~20 ms, each iteration's hand-over a little), at 1e5 faster (78 vs 101 ms), at 2e5 clearly
 * (149 vs 232 ms). 2e5 leaves a margin for fits that stop early (`tol`).
 */
const THREADS_MIN_WORK = 200_000;

/** The default thread count for n points and k components (see `THREADS_MIN_WORK`). */
export function defaultThreads(n: number, k: number): number {
  return n * k >= THREADS_MIN_WORK ? os.availableParallelism() : 1;
}

/**
 * The E-step as a fit runs it, once per iteration: on the calling thread, or shared with
 * workers spawned at its first use. `close()` when the fit ends (also on error).
 */
export class EStepRunner {
  private pool: EStepThreads | null = null;
  private readonly threads: number;
  constructor(
    private readonly X: FlatData,
    private readonly k: number,
    threads: number,
  ) {
    // No more threads than blocks: a single block runs on the caller's thread, without workers.
    this.threads = Math.min(threads, blockCount(X.n));
  }
  run(state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
    if (this.threads <= 1) return eStep(this.X, state, prec, options);
    if (this.pool === null) this.pool = new EStepThreads(this.X, this.k, this.threads);
    return this.pool.run(state, prec, options);
  }
  close(): void {
    this.pool?.close();
    this.pool = null;
  }
}
