/**
 * The E-step on several threads: the worker pool (worker-pool.ts) over shared memory, driven
 * synchronously (the main thread takes a share of the blocks itself, then waits on the others
 * with `Atomics.wait`), so that `applyGmm` stays a plain function call.
 *
 * The threads take BLOCK_ROWS blocks one at a time from a shared counter (so a thread that is
 * late, still starting or descheduled by another process, holds up no one) and form each
 * block's sums alone in that block's own slot; the main thread adds the slots in block order,
 * exactly as the one-thread pass does: the result is the same to the last bit whatever the
 * thread count and whoever took which block. With WebAssembly (see e-step-pass.ts) the data is
 * copied once per fit into a shared WebAssembly memory that every thread's instance reads.
 */
import * as os from "node:os";
import type { FlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { shown } from "../validate";
import { addBlocks, blockCount, type EStepOptions } from "./e-step";
import { eStepKernel, SingleThreadEStep } from "./e-step-pass";
import type { MixtureState, Precisions } from "./params";
import { type Sums, sumsLayout } from "./sums";
import { compileKernel, WasmEStep } from "./wasm/wasm-e-step";
import { type PoolFit, releaseFromPool, runOnPool } from "./worker-pool";
import { JsBlockPass, paramsLength, paramViews } from "./worker-protocol";

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
 * Below this many point-component pairs (n · k), the default is one thread. Measured (2 cores, d = 2):
 * once the pool runs, two threads are faster per iteration from n · k = 2e4 on (1e4 × 2: 0.065 vs
 * 0.099 ms; 1e5 × 2: 0.73 vs 1.12 ms). But a process's first threaded fit pays for the worker's
 * start (some 100 ms before it joins, and as much CPU), so a first fit of 20 iterations is still
 * slower at 2e5 (65 vs 52 ms), and no faster at 1e6. 2e5 is where a program that fits more than once
 * gains from the second fit on.
 */
const THREADS_MIN_WORK = 200_000;

/** The default thread count for n points and k components (see `THREADS_MIN_WORK`). */
export function defaultThreads(n: number, k: number): number {
  return n * k >= THREADS_MIN_WORK ? os.availableParallelism() : 1;
}

/** The fit's state and precisions, where `setParams` writes them from. */
interface JobParams {
  state: MixtureState;
  prec: Precisions;
  options: EStepOptions;
}

let sharedKernel: WebAssembly.Module | null | undefined;

/** A fit's data in shared memory, as the pool runs it: WebAssembly's memory, or shared Float64 buffers. */
function poolFit(
  X: FlatData,
  k: number,
  threads: number,
  job: JobParams,
): PoolFit & { total(): Sums; release(): void } {
  const { n, d } = X;
  const len = sumsLayout(k, d).length;
  if (eStepKernel() === "wasm") {
    if (sharedKernel === undefined) sharedKernel = compileKernel(true);
    const wasm = sharedKernel === null ? null : WasmEStep.create(sharedKernel, X, k, threads, true);
    if (wasm !== null) {
      return {
        share: { kind: "wasm", module: sharedKernel!, memory: wasm.memory, layout: wasm.layout },
        pass: { blocks: blockCount(n), runBlock: (b, t, o) => wasm.runBlock(b, t, o) },
        setParams: () => wasm.setParams(job.state, job.prec, job.options),
        resp: null,
        total: () => {
          const total = new Float64Array(len);
          wasm.addBlockSums(total);
          return total;
        },
        release: () => wasm.release(),
      };
    }
  }
  // The data is used in place when it is already in shared memory, else copied once.
  const data = X.data.buffer instanceof SharedArrayBuffer ? X.data : new Float64Array(new SharedArrayBuffer(n * d * 8));
  if (data !== X.data) data.set(X.data);
  const share = {
    kind: "js" as const,
    n,
    d,
    k,
    data: data.buffer as SharedArrayBuffer,
    params: new SharedArrayBuffer(paramsLength(k, d) * 8),
    blockSums: new SharedArrayBuffer(blockCount(n) * len * 8),
  };
  const pass = new JsBlockPass(share);
  const { state: s, prec: p } = paramViews(new Float64Array(share.params), k, d);
  return {
    share,
    pass,
    setParams: () => {
      s.weights.set(job.state.weights);
      s.means.set(job.state.means);
      p.inverseLower.set(job.prec.inverseLower);
      p.logDetInverse.set(job.prec.logDetInverse);
    },
    resp: null,
    total: () => {
      const total = new Float64Array(len);
      addBlocks(pass.blockSums, pass.blocks, total);
      return total;
    },
    release: () => {},
  };
}

/**
 * The E-step as a fit runs it, once per iteration: on the calling thread, or shared with the
 * pool's workers (the fit's data put in shared memory at its first pass). `close()` when the fit
 * ends (also on error): the workers let go of its data; the pool stays for the next fit.
 */
export class EStepRunner {
  private single: SingleThreadEStep | null = null;
  private fit: ReturnType<typeof poolFit> | null = null;
  private readonly job: JobParams = { state: null as never, prec: null as never, options: {} };
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
    if (this.threads <= 1) {
      if (this.single === null) this.single = new SingleThreadEStep(this.X, this.k);
      return this.single.run(state, prec, options);
    }
    if (this.fit === null) this.fit = poolFit(this.X, this.k, this.threads, this.job);
    const fit = this.fit;
    const resp = options.resp ?? null;
    if (resp !== null && fit.resp === null) fit.resp = new Float64Array(new SharedArrayBuffer(this.X.n * this.k * 8));
    this.job.state = state;
    this.job.prec = prec;
    this.job.options = options;
    runOnPool(fit, this.threads, { variant: options.variant, withSums: options.withSums, resp: resp && fit.resp });
    if (resp !== null) resp.set(fit.resp!.subarray(0, resp.length));
    return fit.total();
  }
  close(): void {
    // The fit's memory goes to the next fit only when no worker can still be in one of its blocks.
    if (this.fit !== null && releaseFromPool(this.fit)) this.fit.release();
    this.fit = null;
    this.single?.close();
    this.single = null;
  }
}
