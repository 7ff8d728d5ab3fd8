/**
 * What `threads.ts` is in a browser bundle (package.json's "browser" field puts this file in its
 * place): a page has no `worker_threads`, so the E-step runs on the calling thread whatever
 * `threads` says (in WebAssembly where the browser has its SIMD, see e-step-pass.ts). Nothing else
 * changes: the results never depend on the thread count.
 */

import type { FlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { shown } from "../validate";
import type { EStepOptions } from "./e-step";
import { SingleThreadEStep } from "./e-step-pass";
import type { MixtureState, Precisions } from "./params";
import type { Sums } from "./sums";

/**
 * Rejects a `threads` option that is not a positive integer, as Node's does; any count runs on
 * the calling thread here.
 */
export function checkThreads(name: string, threads: unknown): number {
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1) {
    throw new GmmInputError(name, `must be a positive integer (a thread count), got ${shown(threads)}`);
  }
  return 1;
}

/** One thread: the only one a page's script has. */
export function defaultThreads(_n: number, _k: number): number {
  return 1;
}

/** The E-step as a fit runs it, once per iteration, on the calling thread (the data copied once per fit). */
export class EStepRunner {
  private readonly pass: SingleThreadEStep;
  constructor(X: FlatData, k: number, _threads: number) {
    this.pass = new SingleThreadEStep(X, k);
  }
  run(state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
    return this.pass.run(state, prec, options);
  }
  close(): void {
    this.pass.close();
  }
}
