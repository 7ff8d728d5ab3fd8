/**
 * The E-step's worker threads: one pool per process, started at the first fit that asks for
 * threads and kept for the next ones (starting a worker costs tens of milliseconds of CPU, more
 * than a whole fit at small n). Its workers are unreferenced, so the pool never keeps a process
 * alive, and it closes itself after `IDLE_MS` without a job.
 *
 * A fit whose job never returned (a kernel's interrupt stops the script where it is, and no
 * `finally` runs) leaves the pool marked busy: the next fit closes that pool and starts a new one,
 * and the idle timeout closes it if no fit comes. A worker's error closes the pool too.
 */
import * as path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { GmmError } from "../errors";
import type { EStepOptions } from "./e-step";
import {
  type BlockPass,
  Command,
  Control,
  type ErrorMessage,
  type FitShare,
  reviveError,
  type ToWorker,
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

/** How long the main thread watches for the workers' last blocks before it sleeps. */
const SPIN_MS = 0.5;

/** How long the pool waits for a job before it closes its workers. */
let IDLE_MS = 10_000;

/** A fit as the pool runs it: what the workers receive, and the main thread's own pass over it. */
export interface PoolFit {
  readonly share: FitShare;
  readonly pass: BlockPass;
  /** Writes the job's parameters where every thread reads them. */
  setParams(): void;
  /** The shared buffer for the responsibilities (n × k), made at the first job that asks. */
  resp: Float64Array | null;
}

class WorkerPool {
  readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(Control.Length * 4));
  /** The fit whose data the workers hold. */
  private bound: PoolFit | null = null;
  private boundResp: Float64Array | null = null;
  /** True from a job's start to its end: still true at the next job if one never returned. */
  busy = false;
  closed = false;

  constructor(size: number) {
    const script = path.join(__dirname, `e-step-worker${path.extname(__filename)}`);
    for (let index = 1; index <= size; index++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = { index, control: this.control.buffer as SharedArrayBuffer, port: port2, script };
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: setup, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  private post(message: ToWorker): void {
    for (const port of this.ports) port.postMessage(message);
  }

  /** One job: every block of `fit` shared among `threads` threads, this one included. */
  run(fit: PoolFit, threads: number, options: EStepOptions): void {
    if (this.bound !== fit) {
      this.post({ share: fit.share });
      this.bound = fit;
      this.boundResp = null;
    }
    const resp = options.resp ?? null;
    if (resp !== null && this.boundResp !== fit.resp) {
      this.post({ resp: fit.resp!.buffer as SharedArrayBuffer });
      this.boundResp = fit.resp;
    }
    fit.setParams();
    const c = this.control;
    Atomics.store(c, Control.Sums, (options.withSums ?? true) ? 1 : 0);
    Atomics.store(c, Control.Variant, options.variant === "original" ? 1 : 0);
    Atomics.store(c, Control.Resp, resp === null ? 0 : 1);
    Atomics.store(c, Control.Participants, threads);
    Atomics.store(c, Control.Command, Command.Run);
    Atomics.store(c, Control.Completed, 0);
    Atomics.store(c, Control.NextBlock, 0);
    this.busy = true;
    Atomics.add(c, Control.Generation, 1);
    Atomics.notify(c, Control.Generation);
    // The main thread takes blocks too, from the start: workers still starting join when ready.
    const job = { pass: fit.pass, options };
    try {
      takeBlocks(c, 0, () => job);
    } catch (e) {
      this.close();
      throw e;
    }
    this.waitCompleted(fit.pass.blocks);
    this.busy = false;
  }

  /** Blocks until every block of the job is completed; rethrows the first worker error. */
  private waitCompleted(blocks: number): void {
    const c = this.control;
    // The workers' last blocks end within about a block's time of this thread's: watched for
    // that long, then slept on (see `waitForChange`).
    const watchUntil = performance.now() + SPIN_MS;
    for (let i = 0; ; i++) {
      if (Atomics.load(c, Control.Failed) !== 0) break;
      const completed = Atomics.load(c, Control.Completed);
      if (completed >= blocks) break;
      if ((i & 63) === 63 && performance.now() > watchUntil) Atomics.wait(c, Control.Completed, completed, 1000);
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

  /**
   * The fit has ended: the workers drop its data (so that it can be collected). False when a job
   * never returned (a worker may still be in one of its blocks).
   */
  release(fit: PoolFit): boolean {
    if (this.closed || this.busy) return false;
    if (this.bound !== fit) return true;
    this.bound = null;
    this.boundResp = null;
    this.command(Command.Release);
    return true;
  }

  private command(command: Command): void {
    const c = this.control;
    Atomics.store(c, Control.Command, command);
    Atomics.add(c, Control.Generation, 1);
    Atomics.notify(c, Control.Generation);
  }

  /** Ends the workers: told to leave their loop, and terminated (one still in a block stops there). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.command(Command.Exit);
    for (const port of this.ports) port.close();
    for (const worker of this.workers) void worker.terminate();
    if (pool === this) pool = null;
  }
}

let pool: WorkerPool | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

/** (Re)arms the idle timeout: it runs only between scripts, so never during a job. */
function armIdleTimer(): void {
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    pool?.close();
  }, IDLE_MS);
  idleTimer.unref?.();
}

/**
 * Runs one job of `fit` on `threads` threads (the caller's and threads − 1 workers), starting
 * or growing the pool as needed. A pool left busy by a job that never returned is replaced.
 */
export function runOnPool(fit: PoolFit, threads: number, options: EStepOptions): void {
  const needed = threads - 1;
  if (pool !== null && (pool.busy || pool.workers.length < needed)) pool.close();
  if (pool === null) pool = new WorkerPool(needed);
  armIdleTimer();
  pool.run(fit, threads, options);
  armIdleTimer();
}

/**
 * The fit has ended: the pool's workers let go of its data; the pool stays. Returns whether no
 * thread can still be running on the fit's data (false after a job that never returned, or when
 * the pool was closed under it: a terminated worker may not have stopped yet).
 */
export function releaseFromPool(fit: PoolFit): boolean {
  return pool?.release(fit) ?? false;
}

/** Workers the pool holds now (0 without a pool): for the tests and the benchmark. */
export function poolWorkers(): number {
  return pool === null ? 0 : pool.workers.length;
}

/** Closes the pool now (the next fit with threads starts another). */
export function closePool(): void {
  pool?.close();
}

/** Sets how long the pool waits for a job before closing (milliseconds); returns the previous. */
export function setPoolIdleTimeout(ms: number): number {
  const previous = IDLE_MS;
  IDLE_MS = ms;
  return previous;
}
