// The browser build (npm run build writes it; npm test builds first): its size, that no Node
// built-in reaches it, that it loads as a classic script and as an ES module in Chromium, offline,
// and that the library in Chromium computes what it computes in Node: numpy's generator bit for
// bit (it uses the library's own log), the rest to 1e-12 (Chromium's V8 and Node's may differ in
// the last bit of Math.log, Math.exp and Math.pow).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import * as vm from "node:vm";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { buildBrowserBundles, LIBRARY_BUNDLE, LIVE_APP_MODULES, LIVE_BUNDLE } from "../scripts/build-browser";
import * as library from "../src/index";
import { launchChromium } from "./helpers/browser";
import { agreement } from "./helpers/live";

/** The budgets, in bytes of minified JavaScript. */
// The library carries its E-step's WebAssembly (about 9 kB of base64), and the lesson's figures (the
// density, uncertainty, samples, half-steps, 1-D and criteria figures are about 14 kB), and the
// exercises' checks with their bilingual messages (about 22 kB).
const LIBRARY_BUDGET = 210_000;
// The live page's script carries the number boxes' reader (any script's digits, full-width forms).
const LIVE_BUDGET = 42_000;

let browser: Browser;
let libraryText = "",
  liveText = "";

before(async () => {
  for (const file of [LIBRARY_BUNDLE, LIVE_BUNDLE]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\``);
  }
  libraryText = readFileSync(LIBRARY_BUNDLE, "utf8");
  liveText = readFileSync(LIVE_BUNDLE, "utf8");
  browser = await launchChromium();
});
after(async () => browser?.close());

describe("the browser build", { concurrency: 2 }, () => {
  test("sizes: the library at most 210 kB minified, the live page's script at most 42 kB", (t) => {
    const sizes = [
      ["gmm-em.min.js", libraryText, LIBRARY_BUDGET],
      ["gmm-em-live.min.js", liveText, LIVE_BUDGET],
    ] as const;
    for (const [name, text, budget] of sizes) {
      const bytes = Buffer.byteLength(text);
      t.diagnostic(
        `${name}: ${bytes} bytes minified, ${gzipSync(text, { level: 9 }).length} gzipped (budget ${budget})`,
      );
      assert.ok(bytes <= budget, `${name}: ${bytes} bytes > ${budget}`);
      assert.ok(bytes > budget / 10, `${name}: ${bytes} bytes is not a build of the library`);
    }
  });

  test("no Node built-in reaches the build: the browser stand-ins are in, the Node modules and gmm-em/jupyter out, no require, process or worker_threads", async () => {
    const { library: lib, live } = await buildBrowserBundles();
    const inputs = Object.keys(lib.metafile.inputs);
    for (const file of [
      "src/index.ts",
      "src/em/threads-browser.ts",
      "src/estimator/convergence-warning-browser.ts",
      "src/check/time-limit-browser.ts",
      "src/check/grade-record-browser.ts",
      "src/em/em-run.ts",
      "src/figures/snapshot-grid.ts",
      "src/estimator/gaussian-mixture.ts",
    ]) {
      assert.ok(inputs.includes(file), `${file} is in the library bundle`);
    }
    for (const file of [
      "src/em/threads.ts",
      "src/em/e-step-worker.ts",
      "src/estimator/convergence-warning.ts",
      "src/check/time-limit.ts",
      "src/check/grade-record.ts",
      "src/display/plotly.ts",
      "src/live/notebook-output.ts",
      "src/live/standalone-page.ts",
      "src/live/bundle-source.ts",
      "src/em/worker-protocol.ts",
      "src/jupyter.ts",
    ]) {
      assert.ok(!inputs.includes(file), `${file} is not in the library bundle`);
    }
    const liveInputs = Object.keys(live.metafile.inputs).filter((f) => !f.startsWith("global:"));
    assert.deepEqual(
      liveInputs.sort(),
      LIVE_APP_MODULES.map((f) => f.slice(f.indexOf("src/"))).sort(),
      "the live bundle holds the page's own modules and takes the library from gmmEm",
    );
    assert.equal(lib.text, libraryText, "dist/browser/gmm-em.min.js is the build of the sources (npm run build)");
    assert.equal(live.text, liveText, "dist/browser/gmm-em-live.min.js is the build of the sources (npm run build)");
    for (const [name, text] of [
      ["gmm-em.min.js", libraryText],
      ["gmm-em-live.min.js", liveText],
    ]) {
      assert.doesNotMatch(text, /\brequire\s*\(/, `${name} calls no require`);
      assert.doesNotMatch(text, /\bprocess\b/, `${name} names no process`);
      assert.doesNotMatch(text, /worker_threads|child_process|node:/, `${name} names no Node module`);
      assert.doesNotMatch(text, /["'](fs|os|path|crypto)["']/, `${name} names no Node module`);
    }
  });

  test("in a bare JavaScript context (no require, no process), the library runs, threads option and all, and agrees with Node bit for bit", () => {
    const context = vm.createContext({ console });
    vm.runInContext(libraryText, context);
    vm.runInContext(liveText, context);
    const g = context.gmmEm as typeof library;
    assert.equal(typeof (context.gmmEmLive as { mountLive: unknown }).mountLive, "function");
    const X = library.generateData({ variance1: 3, rng: "numpy" });
    const start = [
      [0.1, 0.9],
      [
        [0.1, 0],
        [0, 0],
      ],
      [
        [
          [0.1, 0],
          [0, 0.1],
        ],
        [
          [0.1, 0],
          [0, 0.1],
        ],
      ],
    ] as const;
    const inBundle = g.applyGmm(
      X.to2DArray(),
      [...start[0]],
      start[1].map((m) => [...m]),
      start[2].map((S) => S.map((r) => [...r])),
      { maxIter: 20, threads: 2 },
    );
    const inNode = library.applyGmm(
      X,
      [...start[0]],
      start[1].map((m) => [...m]),
      start[2].map((S) => S.map((r) => [...r])),
      { maxIter: 20 },
    );
    // (Arrays of the other context have its own prototypes: compared as plain JSON.)
    assert.deepEqual(JSON.parse(JSON.stringify(inBundle.coef)), inNode.coef);
    assert.deepEqual(JSON.parse(JSON.stringify(inBundle.logLikelihood)), inNode.logLikelihood);
    // What the worker threads' code would need is absent: the bundle ran with threads: 2 on one thread.
    assert.equal(vm.runInContext("typeof require + typeof process", context), "undefinedundefined");
  });

  test("in a bare JavaScript context, the checks run: the library's function passes, a wrong one is named and the library's returned, as in Node", () => {
    const printed: string[] = [];
    const context = vm.createContext({ console: { log: (line: string) => printed.push(line) } });
    vm.runInContext(libraryText, context);
    const g = context.gmmEm as typeof library;
    assert.equal(g.check.bic(g.reference.bic, { seed: 4 }), g.reference.bic);
    const notDoubled = (ll: number, n: number, k: number, d: number) =>
      -ll + (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n);
    assert.equal(g.check.bic(notDoubled, { seed: 4 }), g.reference.bic);
    assert.equal(g.check.eStep(g.reference.eStep, { seed: 4 }), g.reference.eStep);
    const inNode: string[] = [];
    const log = console.log;
    console.log = (line: string) => inNode.push(line);
    try {
      library.check.bic(library.reference.bic, { seed: 4 });
      library.check.bic(notDoubled, { seed: 4 });
      library.check.eStep(library.reference.eStep, { seed: 4 });
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, inNode);
    assert.match(printed[2], /^✗ 练习 5 · Exercise 5 \(bic\): ℓ 没有乘 2 · ℓ not doubled$/);
    assert.throws(() => g.check.bic(g.reference.bic, { seed: -1 }), { name: "GmmInputError" });
  });

  /** The same computations, run by the library in Node and by the bundle in Chromium. */
  const CASES = `
  const poor = () => [[0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]]];
  const I = () => [[1, 0], [0, 1]];
  const run = (X, start, options) => {
    const r = g.applyGmm(X, ...start, options);
    return { coef: r.coef, rvals: r.rvals.map((m) => (m ? m.to2DArray() : null)), logLikelihood: r.logLikelihood, nIter: r.nIter, converged: r.converged === undefined ? null : r.converged };
  };
  const original = g.generateData({ variance1: 3, variance2: 1, rng: "numpy" });
  const other = g.generateData({ nSamples1: 123, nSamples2: 321, variance1: 0.5, variance2: 2, randomState: 7, rng: "numpy" });
  const blobs = g.makeBlobs({ nSamples: 500, centers: 4, randomState: 11, rng: "numpy" });
  const numpy = new g.NumpyRandomState(2024);
  const gm = new g.GaussianMixture({ nComponents: 4, randomState: 0, threads: 2 }).fit(blobs.X);
  const diag = new g.GaussianMixture({ nComponents: 3, covarianceType: "diag", initParams: "k-means++", randomState: 5 }).fit(original);
  const fitted = (m, X) => ({ weights: m.weights, means: m.means, covariances: m.covariances, lowerBound: m.lowerBound, nIter: m.nIter,
    converged: m.converged, predict: Array.from(m.predict(X)), proba: m.predictProba(X), bic: m.bic(X) });
  return {
    numpy: {
      generateData: [original.to2DArray(), other.to2DArray()],
      makeBlobs: { X: blobs.X.to2DArray(), y: blobs.y, centers: blobs.centers },
      draws: Array.from({ length: 1000 }, (_, i) => (i % 2 ? numpy.standardNormal() : numpy.randomSample())),
    },
    generateDataSeedrandom: g.generateData({ randomState: 3, nSamples1: 250, nSamples2: 150 }).to2DArray(),
    applyGmm: {
      poorStart: run(original, poor(), { maxIter: 100 }),
      originalSlips: run(original, poor(), { maxIter: 100, variant: "original" }),
      blobs: run(blobs.X, [[0.25, 0.25, 0.25, 0.25], [[-8, 0], [0, 0], [8, 0], [0, 8]], [I(), I(), I(), I()]], { maxIter: 200, tol: 1e-10, regCovar: 1e-6, threads: 2 }),
    },
    GaussianMixture: { full: fitted(gm, blobs.X), diag: fitted(diag, original) },
  };
`;

  async function inChromium(page: Page): Promise<Record<string, any>> {
    return page.evaluate(`(() => { const g = window.gmmEm; ${CASES} })()`) as Promise<Record<string, any>>;
  }

  test("in Chromium, offline: generateData (numpy) and makeBlobs bit for bit; applyGmm, generateData (seedrandom) and GaussianMixture to 1e-12", async (t) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.route("**/*", (route) => route.abort());
    await page.setContent(`<!DOCTYPE html><meta charset="utf-8"><script>${libraryText}</script>`);
    const browserResults = await inChromium(page);
    await page.close();
    const nodeResults = new Function("g", CASES)(library) as Record<string, any>;
    const plain = JSON.parse(JSON.stringify(nodeResults)) as Record<string, any>;

    const numpy = agreement(browserResults.numpy, plain.numpy, "numpy");
    t.diagnostic(`numpy's generator (generateData, makeBlobs, draws): ${numpy.count} numbers, ${numpy.differ} differ`);
    assert.equal(numpy.differ, 0, "numpy's generator is the same bit for bit");
    for (const name of ["generateDataSeedrandom", "applyGmm", "GaussianMixture"]) {
      const a = agreement(browserResults[name], plain[name], name);
      t.diagnostic(
        `${name}: ${a.count} numbers, ${a.differ} not bit for bit, max |Δ| ${a.maxAbs.toExponential(2)}, max |Δ| / max(1, |value|) ${a.maxRel.toExponential(2)}`,
      );
      assert.ok(a.maxRel <= 1e-12, `${name}: ${a.maxRel} > 1e-12`);
    }
    // The runs did what they should: the correct EM climbs, the blobs' fit converged.
    const ll: number[] = plain.applyGmm.poorStart.logLikelihood;
    assert.ok(ll.every((l, i) => i === 0 || l >= ll[i - 1] - 1e-9 * Math.abs(l)));
    assert.equal(plain.applyGmm.blobs.converged, true);
    assert.deepEqual(errors, []);
  });

  test('as an ES module (import "./gmm-em.min.js") it defines globalThis.gmmEm; the live script needs it first and says so', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const origin = "http://gmm-em.test";
    const files: Record<string, [string, string]> = {
      "/gmm-em.min.js": ["text/javascript", libraryText],
      "/gmm-em-live.min.js": ["text/javascript", liveText],
      "/module.html": [
        "text/html",
        `<!DOCTYPE html><meta charset="utf-8"><script type="module">
      import "./gmm-em.min.js";
      import "./gmm-em-live.min.js";
      const X = globalThis.gmmEm.generateData({ rng: "numpy" });
      window.result = { n: X.rows, mount: typeof globalThis.gmmEmLive.mountLive };
    </script>`,
      ],
      "/live-first.html": [
        "text/html",
        `<!DOCTYPE html><meta charset="utf-8"><script src="gmm-em-live.min.js"></script>`,
      ],
    };
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === origin ? files[url.pathname] : undefined;
      return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.abort();
    });
    await page.goto(`${origin}/module.html`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, {
      timeout: 30_000,
    });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { result: unknown }).result), {
      n: 400,
      mount: "function",
    });
    assert.deepEqual(errors, []);
    await page.goto(`${origin}/live-first.html`);
    await page.waitForTimeout(200);
    assert.match(errors.join("\n"), /gmm-em-live\.min\.js: load gmm-em\.min\.js \(the global gmmEm\) first/);
    await page.close();
  });
});
