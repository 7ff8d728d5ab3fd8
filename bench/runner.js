// One benchmark measurement in Node, printed as JSON on the last line of stdout.
//
// usage: node --expose-gc bench/runner.js IMPL N K ITERS REPS [REPEAT] [--memory]
// IMPL: gmm-em-1 / gmm-em-all (applyGmm from dist/, threads 1 / os.availableParallelism(), keep
// "none"; its E-step in WebAssembly; gmm-em-1-js / gmm-em-all-js: the same in JavaScript;
// "none": the whole call over ITERS, including input checks, worker start-up and the last
// likelihood pass); gaussian-mixture-model (runEM(ITERS) after addPoint of every row);
// expectation-maximization (no start or iteration options: random start, and its convergence test
// is made to stop it after ITERS iterations; the whole call is timed); exp-loop (N·k Math.exp
// calls and nothing else, per "iteration").
// Times: ms per iteration, one per run (after untimed warm-up runs: at least one, and at least WARMUP_MS); a run is REPEAT fits of
// ITERS iterations (default 1), so that small N still gives runs long enough to time. --memory: one run, peak RSS
// over the RSS with the data loaded in the implementation's own input form and the module loaded
// by a fit of 1000 rows (VmHWM after resetting it through /proc/self/clear_refs).
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const [impl, nArg, kArg, itersArg, repsArg, repeatArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const repeat = Number(repeatArg ?? 1);
let n = Number(nArg);
const k = Number(kArg),
  iters = Number(itersArg),
  reps = Number(repsArg);
const memory = process.argv.includes("--memory");
/** Untimed warm-up before the timed runs (ms), the same as runner.py's. */
const WARMUP_MS = 500;

const bytes = fs.readFileSync(path.join(__dirname, "data", "points.f64"));
let data = new Float64Array(n * 2);
new Uint8Array(data.buffer).set(bytes.subarray(0, n * 16));
const start = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "start.json"), "utf8"))[String(k)];

function rows() {
  const X = new Array(n);
  for (let i = 0; i < n; i++) X[i] = [data[2 * i], data[2 * i + 1]];
  return X;
}

/** Each implementation: prepare() builds its input (untimed), run(prepared, iters) fits and returns the means. */
const impls = {
  "gmm-em-1": gmmEm(1),
  "gmm-em-1-js": gmmEm(1, "js"),
  "gmm-em-all-js": gmmEm(os.availableParallelism(), "js"),
  "gmm-em-all": gmmEm(os.availableParallelism()),
  "gaussian-mixture-model": {
    prepare: () => rows(),
    run(X, m) {
      const GMM = require("gaussian-mixture-model").default;
      const gmm = new GMM({
        weights: start.pi,
        means: start.mu,
        covariances: start.Sigma,
        bufferSize: n,
      });
      for (const p of X) gmm.addPoint(p);
      const t0 = performance.now();
      gmm.runEM(m);
      return { ms: performance.now() - t0, means: gmm.means };
    },
  },
  "expectation-maximization": {
    prepare: () => rows(),
    run(X, m) {
      // It iterates until the largest change of a responsibility is ≤ epsilon, up to 1000 times:
      // count its calls of numeric.norminf (one per iteration) and report 0 at the m-th.
      const numeric = require(
        require.resolve("numeric", { paths: [path.dirname(require.resolve("expectation-maximization"))] }),
      );
      const norminf = numeric.norminf;
      let calls = 0;
      numeric.norminf = (x) => (++calls >= m ? 0 : norminf(x));
      const fit = require("expectation-maximization");
      try {
        const t0 = performance.now();
        const groups = fit(X, k);
        return { ms: performance.now() - t0, means: groups.map((g) => g.mu), iterations: calls };
      } finally {
        numeric.norminf = norminf;
      }
    },
  },
  "exp-loop": {
    prepare: () => {
      const table = new Float64Array(4096);
      for (let i = 0; i < table.length; i++) table[i] = -20 * Math.random();
      return table;
    },
    run(table, m) {
      const t0 = performance.now();
      let s = 0;
      for (let it = 0; it < m; it++) {
        for (let i = 0, nk = n * k; i < nk; i++) s += Math.exp(table[i & 4095]);
      }
      if (s === 42) console.log(s);
      return { ms: performance.now() - t0, means: null };
    },
  },
};

/** applyGmm on `threads` threads; kernel "js": the JavaScript E-step instead of WebAssembly's. */
function gmmEm(threads, kernel) {
  return {
    prepare: () => {
      if (kernel !== undefined) require("../dist/em/e-step-pass.js").setEStepKernel(kernel);
      return { data, columns: 2 };
    },
    run(X, m) {
      const { applyGmm } = require("../dist/index.js");
      const t0 = performance.now();
      const r = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: m, keep: "none", threads });
      return { ms: performance.now() - t0, means: r.coef[m].mu };
    },
  };
}

function statusKb(field) {
  const line = fs
    .readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return Number(line.split(/\s+/)[1]);
}

const chosen = impls[impl];
if (!chosen) throw new Error(`unknown implementation ${impl}`);
if (memory) {
  // As runner.py does: a small fit first (modules loaded, first-call set-up done), outside the measure.
  const full = { n, data };
  n = 1000;
  data = full.data.subarray(0, 2000);
  chosen.run(chosen.prepare(), 1);
  ({ n, data } = full);
}
const prepared = chosen.prepare();
if (memory) {
  global.gc();
  const baseline = statusKb("VmRSS");
  fs.writeFileSync("/proc/self/clear_refs", "5");
  chosen.run(prepared, iters);
  console.log(JSON.stringify({ peakOverBaselineMB: (statusKb("VmHWM") - baseline) / 1024 }));
} else {
  // Warm-up: whole runs until WARMUP_MS has passed (at least one), so that the JIT has compiled
  // the hot loops on every thread. V8 first runs WebAssembly unoptimised and optimises it in the
  // background; with both cores busy running the E-step, that takes the first ~100 ms of fits.
  const w0 = performance.now();
  do {
    for (let q = 0; q < repeat; q++) chosen.run(prepared, iters);
  } while (performance.now() - w0 < WARMUP_MS);
  const times = [];
  // The process's CPU time (every thread's) beside the wall time: on a shared machine, the figure
  // that another process's load disturbs least.
  const cpuTimes = [];
  let last;
  for (let r = 0; r < reps; r++) {
    let ms = 0;
    const cpu0 = process.cpuUsage();
    for (let q = 0; q < repeat; q++) {
      last = chosen.run(prepared, iters);
      ms += last.ms;
    }
    const cpu = process.cpuUsage(cpu0);
    times.push(ms / (iters * repeat));
    cpuTimes.push((cpu.user + cpu.system) / 1000 / (iters * repeat));
  }
  console.log(
    JSON.stringify({
      msPerIteration: times,
      cpuMsPerIteration: cpuTimes,
      means: last.means,
      iterations: last.iterations,
    }),
  );
}
