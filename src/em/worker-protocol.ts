/**
 * What the main thread and the E-step's workers share (see worker-pool.ts, which spawns them, and
 * e-step-worker.ts, which they run): the control slots they drive each other with, what a worker
 * is started with, how a fit's data reaches it, how blocks are taken from the shared counter,
 * and how an error crosses from one thread to another. Neither side's own
 * machinery is here, so a worker loads this module and the E-step, never the module that spawns it.
 */
import type { MessagePort } from "node:worker_threads";
import type { FlatData } from "../data/input";
import { GmmError, GmmInputError, GmmSingularCovarianceError } from "../errors";
import { accumulateBlocks, blockCount, type EStepOptions } from "./e-step";
import type { MixtureState, Precisions } from "./params";
import { sumsLayout } from "./sums";
import { type KernelLayout, WasmEStep } from "./wasm/wasm-e-step";

/** Slots of the shared Int32Array that drives the workers (one per pool, for its lifetime). */
export enum Control {
  /** Bumped by the main thread to start a job (workers wait on it). */
  Generation = 0,
  /** Blocks of the current job whose sums are in their slot (the main thread waits on it). */
  Completed = 1,
  /** Non-zero when a worker failed; its error waits on the worker's port. */
  Failed = 2,
  /** What to do: Run, Release or Exit. */
  Command = 3,
  /** 1: form the M-step's sums; 0: the log-likelihood only. */
  Sums = 4,
  /** 0: "correct"; 1: "original". */
  Variant = 5,
  /** 1: write the responsibilities into the shared buffer last sent on the port. */
  Resp = 6,
  /** The next block to take (Atomics.add); ≥ the block count when there is none left. */
  NextBlock = 7,
  /** Threads of the current job, the main thread's included: workers of a higher index sit it out. */
  Participants = 8,
  Length = 9,
}
export enum Command {
  Run = 1,
  /** The fit has ended: drop its data (the pool stays for the next one). */
  Release = 2,
  Exit = 3,
}

/** What each worker is started with (`workerData`): the pool's, not a fit's. */
export interface WorkerSetup {
  /** The worker's index, 1 … workers (the main thread is 0). */
  index: number;
  control: SharedArrayBuffer;
  /** The worker's end of its channel: each fit's data comes in, errors go out. */
  port: MessagePort;
  /** The module to run (e-step-worker.ts under tsx, e-step-worker.js from dist/). */
  script: string;
}

/**
 * One fit's data as the workers receive it (posted when a fit first runs a job on the pool):
 * WebAssembly's shared memory with the data in it and the compiled module, or, for the
 * JavaScript pass, the data, parameters and block sums as shared Float64 buffers.
 */
export type FitShare =
  | { kind: "wasm"; module: WebAssembly.Module; memory: WebAssembly.Memory; layout: KernelLayout }
  | {
      kind: "js";
      n: number;
      d: number;
      k: number;
      data: SharedArrayBuffer;
      /** Float64: weights (k), means (k·d), L⁻¹ (k·d·d), log det L⁻¹ (k). */
      params: SharedArrayBuffer;
      /** Float64: the sums of each block (`sumsLayout(k, d).length` per block). */
      blockSums: SharedArrayBuffer;
    };

/** What the main thread posts to a worker: a fit's data, or the buffer for the responsibilities. */
export interface ToWorker {
  share?: FitShare;
  resp?: SharedArrayBuffer;
}

/** An error as it crosses threads: its class name, message and fields. */
export interface ErrorMessage {
  error: {
    name: string;
    message: string;
    stack?: string;
    argument?: string;
    component?: number;
    iteration?: number;
    kind?: string;
  };
}

/** A fit's pass over one block on one thread: the block's sums in its slot (and responsibilities, if asked). */
export interface BlockPass {
  readonly blocks: number;
  runBlock(b: number, thread: number, options: EStepOptions): void;
}

/** The JavaScript pass over a `js` share's buffers. */
export class JsBlockPass implements BlockPass {
  readonly blocks: number;
  readonly X: FlatData;
  readonly state: MixtureState;
  readonly prec: Precisions;
  readonly blockSums: Float64Array;
  private readonly len: number;
  constructor(share: Extract<FitShare, { kind: "js" }>) {
    const { n, d, k } = share;
    this.X = { data: new Float64Array(share.data), n, d };
    this.blocks = blockCount(n);
    ({ state: this.state, prec: this.prec } = paramViews(new Float64Array(share.params), k, d));
    this.blockSums = new Float64Array(share.blockSums);
    this.len = sumsLayout(k, d).length;
  }
  runBlock(b: number, _thread: number, options: EStepOptions): void {
    const slot = this.blockSums.subarray(b * this.len, (b + 1) * this.len);
    accumulateBlocks(this.X, this.state, this.prec, b, b + 1, slot, options);
  }
}

/** The WebAssembly pass over a `wasm` share's shared memory, with this thread's own instance. */
export function wasmBlockPass(share: Extract<FitShare, { kind: "wasm" }>): BlockPass & { fit: WasmEStep } {
  const fit = new WasmEStep(share.module, share.memory, share.layout);
  return {
    fit,
    blocks: blockCount(share.layout.n),
    runBlock: (b, thread, options) => fit.runBlock(b, thread, options),
  };
}

/**
 * Takes blocks from the shared counter until none is left, running each and counting it
 * completed. `job()` reads the job's settings (and the fit's data, if new) once a block is
 * taken: a worker that wakes late may take a block of the next job, never of the one it woke
 * for (a job ends only when all its blocks are completed). On an error, empties the counter
 * (the others stop), flags it and rethrows.
 */
export function takeBlocks(
  control: Int32Array,
  thread: number,
  job: () => { pass: BlockPass; options: EStepOptions },
): void {
  for (;;) {
    const b = Atomics.add(control, Control.NextBlock, 1);
    // The job's (and its fit's) block count: a late worker's counter may already be the next fit's.
    const { pass, options } = job();
    const blocks = pass.blocks;
    if (b >= blocks) return;
    try {
      pass.runBlock(b, thread, options);
    } catch (e) {
      Atomics.store(control, Control.NextBlock, blocks);
      throw e;
    }
    if (Atomics.add(control, Control.Completed, 1) === blocks - 1) Atomics.notify(control, Control.Completed);
  }
}

/**
 * Waits until `control[slot]` is no longer `value`: first by watching it for up to `spinMs`, then
 * asleep in `Atomics.wait` (`timeoutMs` at a time, for a caller that must look at other slots).
 * A sleeping thread on this kind of machine (a virtual one) takes some 50 µs to be woken, and an
 * EM iteration hands work over twice (to the workers, and back): at n · k = 1e5 a pass takes half
 * a millisecond, so sleeping at once would cost a fifth of it. The gap between two passes (the
 * M-step) is microseconds, so a short watch catches the next pass and costs little.
 */
export function waitForChange(
  control: Int32Array,
  slot: number,
  value: number,
  spinMs: number,
  timeoutMs?: number,
): void {
  const end = performance.now() + spinMs;
  for (let i = 0; Atomics.load(control, slot) === value; i++) {
    // The clock only every 64 looks: it costs more than a look.
    if ((i & 63) === 63 && performance.now() > end) {
      Atomics.wait(control, slot, value, timeoutMs);
      return;
    }
  }
}

/** Marks a failure (after its error was posted) and wakes the main thread. */
export function signalFailure(control: Int32Array): void {
  Atomics.store(control, Control.Failed, 1);
  Atomics.notify(control, Control.Completed);
}

/** Views of the shared parameter buffer as a state and its precisions (no copy). */
export function paramViews(params: Float64Array, k: number, d: number): { state: MixtureState; prec: Precisions } {
  let at = 0;
  const take = (len: number) => {
    const view = params.subarray(at, at + len);
    at += len;
    return view;
  };
  const weights = take(k),
    means = take(k * d),
    inverseLower = take(k * d * d),
    logDetInverse = take(k);
  return { state: { k, d, weights, means, covariances: new Float64Array(0) }, prec: { inverseLower, logDetInverse } };
}

/** Float64 values in the shared parameter buffer that `paramViews` reads. */
export function paramsLength(k: number, d: number): number {
  return 2 * k + k * d + k * d * d;
}

/** Rebuilds an error sent by a worker as the same typed error. */
export function reviveError(e: ErrorMessage["error"]): Error {
  const classes: Record<string, new (...args: never[]) => Error> = {
    GmmError,
    GmmInputError,
    GmmSingularCovarianceError,
  };
  const Class = classes[e.name] ?? GmmError;
  const error = Object.create(Class.prototype) as Error & Record<string, unknown>;
  Object.defineProperty(error, "message", { value: e.message, writable: true, configurable: true });
  Object.defineProperty(error, "name", {
    value: e.name in classes ? e.name : "GmmError",
    writable: true,
    configurable: true,
  });
  if (e.stack !== undefined)
    Object.defineProperty(error, "stack", { value: e.stack, writable: true, configurable: true });
  for (const field of ["argument", "component", "iteration", "kind"] as const) {
    if (e[field] !== undefined) error[field] = e[field];
  }
  return error;
}

/** Serialises an error so that `reviveError` can rebuild it on the other thread. */
export function errorMessage(e: unknown): ErrorMessage {
  const err = e as Record<string, unknown>;
  return {
    error: {
      name: e instanceof Error ? e.name : "GmmError",
      message: e instanceof Error ? e.message : String(e),
      stack: e instanceof Error ? e.stack : undefined,
      argument: typeof err?.argument === "string" ? err.argument : undefined,
      component: typeof err?.component === "number" ? err.component : undefined,
      iteration: typeof err?.iteration === "number" ? err.iteration : undefined,
      kind: typeof err?.kind === "string" ? err.kind : undefined,
    },
  };
}
