/**
 * The E-step pass in WebAssembly with 128-bit SIMD (e-step-kernel.as): one fit's data copied once
 * into the module's memory, then each pass over it block by block, with the same block sums, in
 * the same order, as the JavaScript pass (e-step.ts), which stays the reference and the fallback
 * where WebAssembly SIMD is missing.
 *
 * Memory (one WebAssembly.Memory per fit, never grown, so that views of it stay valid; a fit
 * that ends hands it on to the next, see `SPARE_BYTES`):
 *
 *     [ the module's constants (64 KiB) | data (n × d) | parameters | block sums (one slot per
 *       block) | per thread: scratch vectors, a block's responsibilities ]
 *
 * With worker threads the memory is shared: every thread runs its own instance over it.
 */
import type { FlatData } from "../../data/input";
import { BLOCK_ROWS, blockCount, type EStepOptions, overflowError } from "../e-step";
import type { MixtureState, Precisions } from "../params";
import { type Sums, sumsLayout } from "../sums";
import { KERNEL_BASE64, KERNEL_SHARED_FLAG_AT } from "./kernel-bytes";

const LOG_2PI = Math.log(2 * Math.PI);
const PAGE = 65536;
/** Where the caller's part of the memory begins: the module keeps its constants below. */
const BASE = PAGE;
/** wasm32 addresses 4 GiB: a fit that needs more runs the JavaScript pass. */
const MAX_PAGES = 65536;
const WITH_SUMS = 1,
  ORIGINAL = 2;

/** What the module exports. */
export interface KernelExports {
  eStepBlock(
    data: number,
    start: number,
    end: number,
    d: number,
    k: number,
    params: number,
    scratch: number,
    sums: number,
    resp: number,
    products: number,
    flags: number,
  ): number;
  scratchBytes(d: number, k: number): number;
  expLanes(x: number, y: number): number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 to bytes with nothing but the language (no Buffer, no atob: a bare JavaScript context has neither). */
export function decodeBase64(base64: string): Uint8Array {
  const value = new Uint8Array(128);
  for (let i = 0; i < 64; i++) value[BASE64.charCodeAt(i)] = i;
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array(new ArrayBuffer((base64.length / 4) * 3 - padding));
  for (let i = 0, o = 0; i < base64.length; i += 4) {
    const n =
      (value[base64.charCodeAt(i)] << 18) |
      (value[base64.charCodeAt(i + 1)] << 12) |
      (value[base64.charCodeAt(i + 2)] << 6) |
      value[base64.charCodeAt(i + 3)];
    if (o < bytes.length) bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

/**
 * Compiles the module (`shared`: over a shared memory, for the worker threads); null where WebAssembly or its SIMD is missing (the
 * module then does not validate) and the JavaScript pass runs.
 */
export function compileKernel(shared = false): WebAssembly.Module | null {
  if (typeof WebAssembly !== "object") return null;
  const bytes = decodeBase64(KERNEL_BASE64);
  if (shared) bytes[KERNEL_SHARED_FLAG_AT] = 0x03;
  try {
    // (A plain ArrayBuffer's view; some TypeScript versions' lib types ask for one by name.)
    const source = bytes as unknown as BufferSource;
    return WebAssembly.validate(source) ? new WebAssembly.Module(source) : null;
  } catch {
    return null;
  }
}

let kernel: WebAssembly.Module | null | undefined;
/** The module with its own memory (one thread), or null where it cannot run here. */
export function ownMemoryKernel(): WebAssembly.Module | null {
  if (kernel === undefined) kernel = compileKernel();
  return kernel;
}

/**
 * Bytes of scratch the kernel needs per thread (its `scratchBytes`): the vectors of one row pair,
 * or for d = 2 a block's densities and maxima.
 */
function scratchBytes(d: number, k: number): number {
  return Math.max((2 * k + d + k * (1 + d + (d * (d + 1)) / 2)) * 16, (k + 1) * BLOCK_ROWS * 8);
}

const align16 = (x: number) => Math.ceil(x / 16) * 16;
/** Per thread, first: the products of the sums of exps whose logs complete a block's ℓ (≤ 65 vectors). */
const PRODUCTS_BYTES = 80 * 16;

/** Where each part of a fit's memory begins (bytes), for n × d data, k components and `threads` threads. */
export interface KernelLayout {
  n: number;
  d: number;
  k: number;
  threads: number;
  data: number;
  params: number;
  blockSums: number;
  /**
   * Thread t's area is at `thread + t · threadBytes`: the products whose logs complete ℓ, the
   * kernel's scratch, then (`scratch` bytes in) a block of responsibilities.
   */
  thread: number;
  threadBytes: number;
  scratch: number;
  pages: number;
}

/** The layout of a fit's memory, or null when it would not fit in wasm32's 4 GiB. */
export function kernelLayout(n: number, d: number, k: number, threads: number): KernelLayout | null {
  const data = BASE;
  const params = align16(data + n * d * 8);
  const blockSums = align16(params + (2 * k + k * d + k * d * d) * 8);
  const thread = align16(blockSums + blockCount(n) * sumsLayout(k, d).length * 8);
  const scratch = PRODUCTS_BYTES + align16(scratchBytes(d, k));
  const threadBytes = scratch + align16(BLOCK_ROWS * k * 8);
  const pages = Math.ceil((thread + threads * threadBytes) / PAGE);
  if (pages > MAX_PAGES) return null;
  return { n, d, k, threads, data, params, blockSums, thread, threadBytes, scratch, pages };
}

/**
 * A fit's memory, when it ends, is kept for the next fit if it is at most this large (one per
 * kind, own and shared): the first write to a fresh page costs a page fault, and on a virtual
 * machine one costs some 10 µs, which made copying a million 2-D points into a new memory
 * (16 MB) take 45 ms, more than two passes over them. Larger memories go to the collector.
 */
const SPARE_BYTES = 64 * 1024 * 1024;
const spares: { own: WebAssembly.Memory | null; shared: WebAssembly.Memory | null } = { own: null, shared: null };

/**
 * One fit's E-step in WebAssembly: its memory with the data in it, and this thread's instance.
 * `create` copies the data in (once per fit); a worker `attach`es to a shared memory made so.
 */
export class WasmEStep {
  readonly layout: KernelLayout;
  readonly memory: WebAssembly.Memory;
  private readonly exports: KernelExports;
  private readonly f64: Float64Array;
  private readonly len: number;
  private shared = false;
  private released = false;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, layout: KernelLayout) {
    this.layout = layout;
    this.memory = memory;
    this.exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    this.f64 = new Float64Array(memory.buffer);
    this.len = sumsLayout(layout.k, layout.d).length;
  }

  /**
   * A fit's memory with X in it, for `threads` threads (shared when `module` is the shared
   * build), or null when it cannot be had (beyond 4 GiB, or no memory left for it): the
   * JavaScript pass runs then.
   */
  static create(
    module: WebAssembly.Module,
    X: FlatData,
    k: number,
    threads: number,
    shared: boolean,
  ): WasmEStep | null {
    const layout = kernelLayout(X.n, X.d, k, threads);
    if (layout === null) return null;
    const kind = shared ? "shared" : "own";
    let memory = spares[kind];
    if (memory !== null && memory.buffer.byteLength >= layout.pages * PAGE) spares[kind] = null;
    else {
      try {
        const descriptor = { initial: layout.pages, maximum: layout.pages, shared };
        memory = new WebAssembly.Memory(descriptor as WebAssembly.MemoryDescriptor);
      } catch {
        return null;
      }
    }
    const fit = new WasmEStep(module, memory, layout);
    fit.shared = shared;
    fit.f64.set(X.data, layout.data / 8);
    return fit;
  }

  /**
   * The fit has ended and no thread will run on its memory again: it is kept for the next fit
   * (see `SPARE_BYTES`). This object is not to be used after.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.memory.buffer.byteLength <= SPARE_BYTES) spares[this.shared ? "shared" : "own"] = this.memory;
  }

  /** Writes the parameters a pass reads: each component's two constants, its mean and L⁻¹. */
  setParams(state: MixtureState, prec: Precisions, options: EStepOptions): void {
    const { k, d } = state;
    const at = this.layout.params / 8;
    const f = this.f64;
    const original = options.variant === "original";
    for (let j = 0; j < k; j++) {
      const c = -0.5 * d * LOG_2PI + prec.logDetInverse[j];
      const withWeight = Math.log(state.weights[j]) + c;
      f[at + j] = original ? c : withWeight;
      f[at + k + j] = withWeight;
    }
    f.set(state.means.subarray(0, k * d), at + 2 * k);
    f.set(prec.inverseLower.subarray(0, k * d * d), at + 2 * k + k * d);
  }

  /**
   * Block b's pass on thread `thread` (after `setParams`): its sums, from zero, in the block's
   * slot; its responsibilities, when `options.resp` is given, at row b·BLOCK_ROWS − respRow0 of it.
   */
  runBlock(b: number, thread: number, options: EStepOptions): void {
    const L = this.layout;
    const start = b * BLOCK_ROWS,
      end = Math.min(L.n, start + BLOCK_ROWS);
    const slot = L.blockSums + b * this.len * 8;
    this.f64.fill(0, slot / 8, slot / 8 + this.len);
    const area = L.thread + thread * L.threadBytes;
    const resp = options.resp ?? null;
    const respAt = resp === null ? 0 : area + L.scratch;
    const flags = ((options.withSums ?? true) ? WITH_SUMS : 0) | (options.variant === "original" ? ORIGINAL : 0);
    const f = this.f64;
    const chunks = this.exports.eStepBlock(
      L.data,
      start,
      end,
      L.d,
      L.k,
      L.params,
      area + PRODUCTS_BYTES,
      slot,
      respAt,
      area,
      flags,
    );
    if (chunks < 0) throw overflowError(-1 - chunks);
    // ℓ's logs, in JavaScript: one per 32 rows, and the module needs no log of its own.
    let logs = 0;
    for (let t = area / 8, end2 = t + 2 * chunks; t < end2; t++) logs += Math.log(f[t]);
    f[slot / 8] += logs;
    if (resp !== null) {
      const m = (end - start) * L.k;
      resp.set(f.subarray(respAt / 8, respAt / 8 + m), (start - (options.respRow0 ?? 0)) * L.k);
    }
  }

  /** Adds the blocks' sums in block order into `total` (as `addBlocks` does the JavaScript pass's). */
  addBlockSums(total: Sums): void {
    const blocks = blockCount(this.layout.n);
    const at = this.layout.blockSums / 8;
    const len = this.len;
    for (let b = 0; b < blocks; b++) {
      for (let t = 0; t < len; t++) total[t] += this.f64[at + b * len + t];
    }
  }

  /** The whole pass on this thread: as the JavaScript `eStepJs`, block by block, added in block order. */
  eStep(state: MixtureState, prec: Precisions, options: EStepOptions = {}): Sums {
    this.setParams(state, prec, options);
    const blocks = blockCount(this.layout.n);
    for (let b = 0; b < blocks; b++) this.runBlock(b, 0, options);
    const total = new Float64Array(this.len);
    this.addBlockSums(total);
    return total;
  }

  /** The kernel's exp on two values (tests compare it with Math.exp); the first lane. */
  expLanes(x: number, y: number): [number, number] {
    const first = this.exports.expLanes(x, y);
    return [first, this.f64[0]];
  }

  /** The kernel's own count of scratch bytes (tests check the layout's against it). */
  kernelScratchBytes(d: number, k: number): number {
    return this.exports.scratchBytes(d, k);
  }
}
