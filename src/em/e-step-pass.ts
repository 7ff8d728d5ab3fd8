/**
 * The E-step pass every caller runs (`applyGmm`, `EmRun`, `GaussianMixture`, the figures, the live
 * page): in WebAssembly with 128-bit SIMD where the engine has it (Node ≥ 16.4, every current
 * browser), else in JavaScript. Chosen once, when the module is first needed; both give the same
 * sums to about 1e-15 relative (test/em/wasm-e-step.test.ts), so nothing else depends on which ran.
 */
import type { FlatData } from "../data/input";
import { GmmInputError } from "../errors";
import { type EStepOptions, eStepJs } from "./e-step";
import type { MixtureState, Precisions } from "./params";
import type { Sums } from "./sums";
import { ownMemoryKernel, WasmEStep } from "./wasm/wasm-e-step";

/** Which pass runs: "wasm" (WebAssembly SIMD) or "js" (the JavaScript reference). */
export type EStepKernel = "wasm" | "js";

let chosen: EStepKernel | undefined;

/** The pass that runs: "wasm" where the module validates here, else "js". */
export function eStepKernel(): EStepKernel {
  if (chosen === undefined) chosen = ownMemoryKernel() === null ? "js" : "wasm";
  return chosen;
}

/**
 * Runs the given pass from now on (the tests run both, the benchmark times both). "wasm" where it
 * cannot run is a `GmmInputError`.
 */
export function setEStepKernel(kernel: EStepKernel): void {
  if (kernel !== "wasm" && kernel !== "js") {
    throw new GmmInputError("kernel", `must be "wasm" or "js", got ${String(kernel)}`);
  }
  if (kernel === "wasm" && ownMemoryKernel() === null) {
    throw new GmmInputError("kernel", "is wasm, but this engine has no WebAssembly with 128-bit SIMD");
  }
  chosen = kernel;
}

/**
 * One fit's E-step on the calling thread: the data copied into WebAssembly's memory once, then a
 * pass per call; or the JavaScript pass on the data as it is.
 */
export class SingleThreadEStep {
  private readonly wasm: WasmEStep | null;
  constructor(
    private readonly X: FlatData,
    k: number,
  ) {
    const module = eStepKernel() === "wasm" ? ownMemoryKernel() : null;
    this.wasm = module === null ? null : WasmEStep.create(module, X, k, 1, false);
  }
  run(state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
    return this.wasm === null ? eStepJs(this.X, state, prec, options) : this.wasm.eStep(state, prec, options);
  }
  /** The fit has ended: its WebAssembly memory goes to the next fit. No `run` after. */
  close(): void {
    this.wasm?.release();
  }
}

/**
 * The E-step over all rows of X (see `eStepJs`): the sums (ℓ at index 0) and, with
 * `options.resp`, the responsibilities. For a single pass (predicting, the figures' colours).
 */
export function eStep(X: FlatData, state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
  const pass = new SingleThreadEStep(X, state.k);
  try {
    return pass.run(state, prec, options);
  } finally {
    pass.close();
  }
}
