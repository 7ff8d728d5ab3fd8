/**
 * The E-step's two passes, WebAssembly SIMD and JavaScript: each against the other to 1e-13 and
 * against the fixtures (numpy, scikit-learn) on every covariance type, the vector exp against
 * Math.exp, the memory a fit takes, and the committed module against its source.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { BLOCK_ROWS } from "../../src/em/e-step";
import { type EStepKernel, eStep, eStepKernel, setEStepKernel } from "../../src/em/e-step-pass";
import { computePrecisions, toMixtureState } from "../../src/em/params";
import { KERNEL_BASE64 as OWN_BASE64, KERNEL_SOURCE_SHA256 as OWN_HASH } from "../../src/em/wasm/kernel-bytes";
import { compileKernel, decodeBase64, kernelLayout, ownMemoryKernel, WasmEStep } from "../../src/em/wasm/wasm-e-step";
import { applyGmm, GaussianMixture, GmmInputError } from "../../src/index";
import { assertClose, fixture } from "../helpers/fixtures";

const ROOT = path.join(__dirname, "..", "..");
const AGREE = 1e-13;

process.removeAllListeners("warning");
process.on("warning", (w) => {
  if ((w as { code?: string }).code !== "GMM_NOT_CONVERGED") console.warn(w);
});

const initial = eStepKernel();
after(() => setEStepKernel(initial));

/** `run` under each pass: [wasm, js]. */
function both<T>(run: () => T): [T, T] {
  setEStepKernel("wasm");
  const wasm = run();
  setEStepKernel("js");
  const js = run();
  setEStepKernel(initial);
  return [wasm, js];
}

test("Node 20 has WebAssembly SIMD: the WebAssembly pass is the one chosen at load", () => {
  assert.ok(ownMemoryKernel() !== null);
  assert.equal(initial, "wasm");
});

test("a pass that is not wasm or js is a GmmInputError naming kernel", () => {
  assert.throws(
    () => setEStepKernel("gpu" as EStepKernel),
    (e: unknown) => e instanceof GmmInputError && e.argument === "kernel",
  );
});

test("the vector exp is Math.exp to 1e-15 relative on [−708, 0], keeps subnormals' absolute accuracy, and is 0 below −745.2, at −∞ and NaN", () => {
  const fit = WasmEStep.create(ownMemoryKernel()!, { data: new Float64Array(2), n: 1, d: 2 }, 1, 1, false)!;
  let worst = 0;
  for (let i = 0; i <= 200_000; i += 2) {
    const x = (-708 * i) / 200_000,
      y = (-708 * (i + 1)) / 200_000;
    const [ex, ey] = fit.expLanes(x, y);
    worst = Math.max(worst, Math.abs(ex - Math.exp(x)) / Math.exp(x), Math.abs(ey - Math.exp(y)) / Math.exp(y));
  }
  assert.ok(worst <= 1e-15, `worst relative error ${worst}`);
  for (const x of [-708.5, -720, -740, -745]) {
    const [e] = fit.expLanes(x, 0);
    assert.ok(Math.abs(e - Math.exp(x)) <= 2 * 2 ** -1074, `exp(${x}) = ${e}, Math.exp ${Math.exp(x)}`);
  }
  assert.deepEqual(fit.expLanes(-745.3, -Infinity), [0, 0]);
  assert.deepEqual(fit.expLanes(Number.NaN, 0), [0, 1]);
});

describe("applyGmm: both passes against numpy's EM and each other", () => {
  for (const name of ["k3", "d3", "original", "outliers"]) {
    test(name, () => {
      const c = fixture(`em/correct-em/${name}.json`);
      const kept = Object.keys(c.rvals).map(Number);
      const [wasm, js] = both(() =>
        applyGmm(c.X, c.start.pi, c.start.mu, c.start.Sigma, { maxIter: c.maxIter, keep: kept }),
      );
      assertClose(wasm.logLikelihood, js.logLikelihood, AGREE, "logLikelihood, wasm vs js");
      for (const i of [1, Math.floor(c.maxIter / 2), c.maxIter]) {
        for (const part of ["pi", "mu", "Sigma"] as const) {
          assertClose(wasm.coef[i][part], js.coef[i][part], AGREE, `coef[${i}].${part}, wasm vs js`);
        }
      }
      for (const i of kept) {
        assertClose(wasm.rvals[i]!.to2DArray(), js.rvals[i]!.to2DArray(), AGREE, `rvals[${i}], wasm vs js`);
        assertClose(wasm.rvals[i]!.to2DArray(), c.rvals[i], 1e-9, `rvals[${i}] vs numpy`);
      }
      for (const run of [wasm, js]) {
        assertClose(run.logLikelihood, c.logLikelihood, 1e-9, "logLikelihood vs numpy");
        assertClose(run.coef[c.maxIter].mu, c.coef[c.maxIter].mu, 1e-9, "the last means vs numpy");
        assertClose(run.coef[c.maxIter].Sigma, c.coef[c.maxIter].Sigma, 1e-9, "the last covariances vs numpy");
      }
    });
  }

  test("the original variant (its E-step without the weights, its own log-likelihood)", () => {
    const c = fixture("em/original-apply-gmm.json").cases[0];
    const [wasm, js] = both(() =>
      applyGmm(c.X, c.pi ?? c.start.pi, c.mu ?? c.start.mu, c.Sigma ?? c.start.Sigma, {
        maxIter: 30,
        variant: "original",
        keep: [1, 30],
      }),
    );
    assertClose(wasm.logLikelihood, js.logLikelihood, AGREE, "logLikelihood");
    assertClose(wasm.coef[30].mu, js.coef[30].mu, AGREE, "mu");
    assertClose(wasm.coef[30].Sigma, js.coef[30].Sigma, AGREE, "Sigma");
    assertClose(wasm.rvals[30]!.to2DArray(), js.rvals[30]!.to2DArray(), AGREE, "rvals");
  });
});

interface EstimatorCase {
  name: string;
  X: number[][];
  XTest: number[][];
  options: Record<string, unknown>;
  weights: number[];
  means: number[][];
  covariances: unknown;
  lowerBound: number;
  nIter: number;
}

describe("GaussianMixture, every covariance type, d = 1 … 5: both passes against scikit-learn and each other", () => {
  const cases = fixture<{ cases: EstimatorCase[] }>("estimator/deterministic.json").cases;
  for (const type of ["full", "tied", "diag", "spherical"]) {
    test(type, () => {
      const ofType = cases.filter((c) => c.options.covarianceType === type);
      assert.ok(ofType.length >= 10, `${ofType.length} cases`);
      for (const c of ofType) {
        const [wasm, js] = both(() => {
          const gm = new GaussianMixture(c.options).fit(c.X);
          return { gm, proba: gm.predictProba(c.XTest) };
        });
        assert.equal(wasm.gm.nIter, js.gm.nIter, `${c.name}: nIter`);
        assert.equal(wasm.gm.nIter, c.nIter, `${c.name}: nIter vs scikit-learn`);
        assertClose([wasm.gm.lowerBound], [js.gm.lowerBound], AGREE, `${c.name}: lowerBound`);
        assertClose(wasm.gm.weights, js.gm.weights, AGREE, `${c.name}: weights`);
        assertClose(wasm.gm.means, js.gm.means, AGREE, `${c.name}: means`);
        assertClose(wasm.gm.covariances as number[], js.gm.covariances as number[], AGREE, `${c.name}: covariances`);
        assertClose(wasm.proba, js.proba, AGREE, `${c.name}: predictProba`);
        for (const { gm } of [wasm, js]) {
          assertClose([gm.lowerBound], [c.lowerBound], 1e-6, `${c.name}: lowerBound vs scikit-learn`);
          assertClose(gm.means, c.means, 1e-6, `${c.name}: means vs scikit-learn`);
          assertClose(gm.covariances as number[], c.covariances as number[], 1e-6, `${c.name}: covariances vs sklearn`);
        }
      }
    });
  }
});

test("several blocks, an odd last row, d = 1 … 5: the sums and responsibilities of one pass agree to 1e-13", () => {
  const n = 2 * BLOCK_ROWS + 3;
  for (let d = 1; d <= 5; d++) {
    const k = 6 - d;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) data[i] = 3 * Math.sin(i * 1.37) + (i % 5);
    const state = toMixtureState(
      Array.from({ length: k }, () => 1 / k),
      Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, a) => j - a * 0.4)),
      Array.from({ length: k }, (_, j) =>
        Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? 1 + j : 0.2))),
      ),
      d,
    );
    const prec = computePrecisions(state, 0);
    const [wasm, js] = both(() => {
      const resp = new Float64Array(n * k);
      return { sums: eStep({ data, n, d }, state, prec, { resp }), resp };
    });
    assertClose(wasm.sums, js.sums, AGREE, `d = ${d}: sums`);
    assertClose(wasm.resp, js.resp, AGREE, `d = ${d}: responsibilities`);
    assert.ok(wasm.resp[n * k - 1] > 0, "the last row's responsibilities are written");
  }
});

test("a row that overflows under every component is the same GmmInputError naming it, from either pass", () => {
  const d = 2,
    n = BLOCK_ROWS + 9;
  const data = new Float64Array(n * d).map((_, i) => Math.cos(i));
  data[(n - 2) * d] = 1e20;
  const tiny = [
    [1e-280, 0],
    [0, 1e-280],
  ];
  const [wasm, js] = both(() => {
    try {
      applyGmm(
        { data, columns: d },
        [0.5, 0.5],
        [
          [0, 0],
          [0, 0],
        ],
        [tiny, tiny],
        { maxIter: 1, keep: "none" },
      );
    } catch (e) {
      return e as GmmInputError;
    }
    assert.fail("no error");
  });
  assert.ok(wasm instanceof GmmInputError);
  assert.equal(wasm.argument, `X[${n - 2}]`);
  assert.equal(wasm.message, js.message);
});

test("memory: at N = 1e7 (d = 2, k = 5) a fit's WebAssembly memory is the data's size and under 100 MB more", () => {
  const n = 1e7,
    d = 2,
    k = 5;
  const layout = kernelLayout(n, d, k, 2)!;
  const extra = layout.pages * 65536 - n * d * 8;
  assert.ok(extra > 0 && extra < 100e6, `${(extra / 1e6).toFixed(1)} MB beyond the data`);
  // Beyond wasm32's 4 GiB the JavaScript pass runs.
  assert.equal(kernelLayout(3e8, 2, 5, 1), null);
  const fit = WasmEStep.create(ownMemoryKernel()!, { data: new Float64Array(4), n: 2, d: 2 }, 5, 1, false)!;
  for (const [dd, kk] of [
    [1, 1],
    [2, 5],
    [3, 4],
    [5, 3],
    [12, 8],
  ]) {
    const own = kernelLayout(10, dd, kk, 1)!;
    assert.ok(own.scratch - 80 * 16 >= fit.kernelScratchBytes(dd, kk), `scratch for d = ${dd}, k = ${kk}`);
  }
});

test("a fit's memory goes to the next fit when it ends (not before, once only, not beyond 64 MiB), and what it held changes nothing", () => {
  const module = ownMemoryKernel()!;
  const points = (n: number, shift: number) => ({
    data: new Float64Array(2 * n).map((_, i) => shift + 3 * Math.sin(i * 0.91) + (i % 7)),
    n,
    d: 2,
  });
  const small = points(3 * BLOCK_ROWS + 1, 0),
    large = points(9 * BLOCK_ROWS, 40);
  const a = WasmEStep.create(module, large, 3, 1, false)!;
  const b = WasmEStep.create(module, small, 3, 1, false)!;
  assert.notEqual(b.memory, a.memory, "a fit still running keeps its memory");
  a.release();
  a.release();
  const c = WasmEStep.create(module, small, 3, 1, false)!;
  assert.equal(c.memory, a.memory, "the larger memory of the fit that ended is used again");
  const d = WasmEStep.create(module, small, 3, 1, false)!;
  assert.notEqual(d.memory, c.memory, "released twice, it is still given out once");
  // The same pass over the small data, in a fresh memory (b) and in the large fit's (c).
  const state = toMixtureState(
    [0.3, 0.3, 0.4],
    [
      [0, 1],
      [3, 3],
      [6, 2],
    ],
    [
      [
        [2, 0.3],
        [0.3, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [3, -0.5],
        [-0.5, 2],
      ],
    ],
    2,
  );
  const prec = computePrecisions(state, 0);
  const respB = new Float64Array(small.n * 3),
    respC = new Float64Array(small.n * 3);
  assert.deepEqual(c.eStep(state, prec, { resp: respC }), b.eStep(state, prec, { resp: respB }));
  assert.deepEqual(respC, respB);
  // A memory over 64 MiB is left to the collector.
  const huge = WasmEStep.create(module, { data: new Float64Array(2), n: 4_300_000, d: 2 }, 1, 1, false)!;
  assert.ok(huge.memory.buffer.byteLength > 64 * 2 ** 20);
  huge.release();
  const after = WasmEStep.create(module, small, 3, 1, false)!;
  assert.notEqual(after.memory, huge.memory);
});

test("the module holds the build of e-step-kernel.as as it is (npm run build rebuilds it with AssemblyScript from npm); the workers' variant runs over a shared memory", () => {
  const source = readFileSync(path.join(ROOT, "src", "em", "wasm", "e-step-kernel.as"));
  const hash = createHash("sha256").update(source).digest("hex");
  assert.equal(OWN_HASH, hash, "kernel-bytes.ts is not the build of the source: run npm run build:wasm");
  const own = compileKernel(),
    shared = compileKernel(true);
  assert.ok(own && shared);
  // Each over the memory it is flagged for, and not over the other.
  const memory = (isShared: boolean) =>
    new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: isShared } as WebAssembly.MemoryDescriptor);
  assert.ok(memory(true).buffer instanceof SharedArrayBuffer);
  assert.ok(new WebAssembly.Instance(shared, { env: { memory: memory(true) } }));
  assert.ok(new WebAssembly.Instance(own, { env: { memory: memory(false) } }));
  assert.throws(() => new WebAssembly.Instance(shared, { env: { memory: memory(false) } }), WebAssembly.LinkError);
  assert.throws(() => new WebAssembly.Instance(own, { env: { memory: memory(true) } }), WebAssembly.LinkError);
});

test("the base64 decoder (no atob, no Buffer) gives Buffer's bytes", () => {
  for (const length of [0, 1, 2, 3, 4, 5, 255]) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 255);
    assert.deepEqual(decodeBase64(Buffer.from(bytes).toString("base64")), bytes, `${length} bytes`);
  }
  assert.deepEqual(decodeBase64(OWN_BASE64), new Uint8Array(Buffer.from(OWN_BASE64, "base64")));
});
