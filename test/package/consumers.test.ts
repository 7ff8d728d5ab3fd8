// The package as its users get it: `npm pack` once, the tarball installed (without dev dependencies,
// from npm's cache where it holds them) into a consumer project, then each way of using it fits the
// same model there and must get the library's numbers: Node's require (with and without
// require(esm)), Node's import, Jest 29 and 30, Vitest, TypeScript (node10, node16, nodenext,
// bundler), esbuild and Vite bundling for a browser (run with no Node globals), and Deno. publint
// and arethetypeswrong check the tarball. The tools are this project's devDependencies; the
// consumers share one node_modules (the tarball's install) and run at the same time.
// Runs on the build (npm test builds first).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import * as vm from "node:vm";
import * as library from "../../src/index";
import * as jupyter from "../../src/jupyter";
import { agreement } from "../helpers/live";
import { removeDir, tempDir } from "../helpers/notebook";

const ROOT = resolve(__dirname, "..", "..");
const TOOLS = join(ROOT, "node_modules");

/** What every consumer computes with the package `g` (and `j`, its gmm-em/jupyter, where it has one): `result`. */
const COMPUTE = `
const X = g.generateData({ rng: "numpy" });
const gm = new g.GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
const r = g.applyGmm(X, [0.5, 0.5], [[-1, 1], [1, -1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 5 });
let error = null;
try { g.applyGmm(X, [0.5, 0.6], [[0, 0], [1, 1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]); }
catch (e) { error = [e instanceof g.GmmInputError, e.message]; }
const result = { means: gm.means, weights: gm.weights, labels: Array.from(gm.predict(X)), logLikelihood: r.logLikelihood, iterations: r.coef.length, error };
if (j) {
  const html = j.plotlyFigureHtml(g.dataScatter(X), { id: "consumer-figure" });
  result.jupyter = { names: Object.keys(j).sort(), figure: html.includes('id="consumer-figure"') };
}
`;

/** The same, computed here by the library's sources. */
function expected(withJupyter: boolean): Record<string, unknown> {
  return new Function("g", "j", `${COMPUTE}; return result;`)(library, withJupyter ? jupyter : null);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the other consumers; fails after two minutes. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", fail);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

const node = (args: string[], cwd: string, env?: NodeJS.ProcessEnv) => run(process.execPath, args, cwd, env);
const ok = (r: Run, what: string) => assert.equal(r.status, 0, `${what}: ${r.stdout}\n${r.stderr}`);

let scratch = "";
let consumer = "";
let tarball = "";
let packed: { size: number; unpackedSize: number; files: { path: string }[] };

/** The consumer project: one package.json depending on the tarball, and each consumer's files. */
function writeConsumer(): void {
  const file = (relative: string, text: string) => {
    mkdirSync(join(consumer, relative, ".."), { recursive: true });
    writeFileSync(join(consumer, relative), text);
  };
  file(
    "package.json",
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "commonjs",
      dependencies: { "gmm-em": `file:${tarball}` },
    }),
  );
  file(
    "main.cjs",
    `const g = require("gmm-em"), j = require("gmm-em/jupyter");
    ${COMPUTE}
    result.resolved = [require.resolve("gmm-em"), require.resolve("gmm-em/jupyter")];
    result.threads = new g.GaussianMixture({ nComponents: 2, randomState: 0, threads: 2 }).fit(X).means;
    console.log(JSON.stringify(result));`,
  );
  file(
    "main.mjs",
    `import * as g from "gmm-em";
    import * as j from "gmm-em/jupyter";
    ${COMPUTE}
    result.resolved = [import.meta.resolve("gmm-em"), import.meta.resolve("gmm-em/jupyter")];
    result.threads = new g.GaussianMixture({ nComponents: 2, randomState: 0, threads: 2 }).fit(X).means;
    result.livePage = j.livePageHtml().includes("gmmEmLive");
    console.log(JSON.stringify(result));`,
  );
  // Jest (CommonJS, its own module registry) and Vitest (ES modules through Vite's resolver): globals, no imports of the runner.
  file(
    "jest/gmm.test.js",
    `test("gmm-em fits", () => {
      const g = require("gmm-em"), j = require("gmm-em/jupyter");
      ${COMPUTE}
      require("fs").writeFileSync(process.env.GMM_EM_OUT, JSON.stringify(result));
      expect(result.means.length).toBe(2);
    });`,
  );
  file(
    "vitest/gmm.test.mjs",
    `import { writeFileSync } from "node:fs";
    import * as g from "gmm-em";
    import * as j from "gmm-em/jupyter";
    test("gmm-em fits", () => {
      ${COMPUTE}
      writeFileSync(process.env.GMM_EM_OUT, JSON.stringify(result));
      expect(result.means.length).toBe(2);
    });`,
  );
  // For a browser: the root entry only; the bundle's script sets globalThis.result.
  const browserMain = `import * as g from "gmm-em";\nconst j = null;\n${COMPUTE}
result.threads = new g.GaussianMixture({ nComponents: 2, randomState: 0, threads: 2 }).fit(X).means;
globalThis.result = result;\n`;
  file("browser/main.js", browserMain);
  file("vite/main.js", browserMain);
  file("vite/index.html", '<!DOCTYPE html><script type="module" src="./main.js"></script>\n');
  file("vite/vite.config.mjs", 'export default { logLevel: "warn", build: { modulePreload: { polyfill: false } } };\n');
  // Deno: the installed package by its bare name, from node_modules (no npm: specifier, no network).
  file("deno.json", JSON.stringify({ nodeModulesDir: "manual" }));
  file(
    "deno/main.mjs",
    `import * as g from "gmm-em";\nimport * as j from "gmm-em/jupyter";\n${COMPUTE}\nconsole.log(JSON.stringify(result));\n`,
  );
  // TypeScript: both entries, their types, and what they must reject; with the language's own
  // types alone (no @types/node, no DOM), as a project for any platform has them.
  const typed = `declare const console: { log(...values: unknown[]): void };
import { applyGmm, type ApplyGmmResult, dataScatter, GaussianMixture, generateData } from "gmm-em";
import * as root from "gmm-em";
import { type HtmlDisplay, plotlyFigureHtml, showFigure } from "gmm-em/jupyter";
const X = generateData({ variance1: 3 });
const r: ApplyGmmResult = applyGmm(X, [0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]]);
const last: number = r.logLikelihood[r.nIter];
const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
const labels: Int32Array = gm.predict(X);
const display: HtmlDisplay = { html: (s: string) => console.log(s.length) };
showFigure(dataScatter(X), display);
const html: string = plotlyFigureHtml(dataScatter(X));
// @ts-expect-error: pi must be number[]
applyGmm(X, "0.5", [[0, 0]], [[[1, 0], [0, 1]]]);
// @ts-expect-error: the functions that need a kernel or Node's files are gmm-em/jupyter's only
root.showFigure;
console.log(last, labels.length, html.length);
`;
  for (const name of ["node10.ts", "node16.ts", "nodenext.mts", "bundler.ts"]) file(`types/${name}`, typed);
}

before(async () => {
  scratch = tempDir("package");
  consumer = join(scratch, "consumer");
  mkdirSync(consumer);
  const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], ROOT);
  ok(pack, "npm pack");
  const [info] = JSON.parse(pack.stdout) as [typeof packed & { filename: string }];
  packed = info;
  tarball = join(scratch, info.filename);
  writeConsumer();
  const install = await run(
    "npm",
    // --prefer-offline, not --offline: `npm ci` caches the dependencies' tarballs but not their
    // registry documents, which resolving the tarball's dependencies needs on a new machine.
    ["install", "--prefer-offline", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"],
    consumer,
  );
  ok(install, "npm install <tarball>");
});
after(() => removeDir(scratch));

/** The installed packages (name → folder) and their size on disk, in bytes. */
function installed(): { packages: Map<string, string>; bytes: number } {
  const modules = join(consumer, "node_modules");
  const packages = new Map<string, string>();
  for (const name of readdirSync(modules).filter((n) => !n.startsWith("."))) {
    const names = name.startsWith("@") ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name];
    for (const n of names) packages.set(n, join(modules, n));
  }
  const size = (path: string): number => {
    const s = statSync(path);
    return s.isDirectory() ? readdirSync(path).reduce((sum, f) => sum + size(join(path, f)), 0) : s.size;
  };
  return { packages, bytes: size(modules) };
}

describe("the packed package in its consumers", { concurrency: true }, () => {
  test("the tarball ships the builds, the jupyter entry's shim, the licence and no tests; its install is small", (t) => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      "LICENSE",
      "README.md",
      "package.json",
      "jupyter/package.json",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/jupyter.js",
      "dist/em/e-step-worker.js",
      "dist/esm/package.json",
      "dist/esm/index.js",
      "dist/esm/index.d.ts",
      "dist/esm/jupyter.js",
      "dist/esm/em/threads-browser.js",
      "dist/browser/gmm-em.min.js",
      "dist/browser/gmm-em-live.min.js",
    ])
      assert.ok(files.includes(f), `${f} is in the tarball`);
    assert.deepEqual(
      files.filter((f) => /^(test|bench|notebooks|scripts|docs)\//.test(f)),
      [],
      "no tests, benchmarks or scripts",
    );
    const { packages, bytes } = installed();
    t.diagnostic(
      `tarball ${(packed.size / 1e3).toFixed(0)} kB packed, ${(packed.unpackedSize / 1e3).toFixed(0)} kB unpacked, ${files.length} files; ` +
        `installed without dev dependencies: ${packages.size} packages, ${(bytes / 1e6).toFixed(1)} MB`,
    );
    assert.ok(!packages.has("ml-kmeans"), "no ml-kmeans");
    assert.ok(bytes < 6e6, `the install is ${bytes} bytes`);
  });

  test("Node, CommonJS: require() of both entries, and with --no-experimental-require-module (no ES module reached)", async () => {
    const want = expected(true);
    for (const flags of [[], ["--no-experimental-require-module"]]) {
      const r = await node([...flags, "main.cjs"], consumer);
      ok(r, `node ${flags.join(" ")} main.cjs`);
      const { resolved, threads, ...result } = JSON.parse(r.stdout);
      assert.deepEqual(resolved, [
        join(consumer, "node_modules", "gmm-em", "dist", "index.js"),
        join(consumer, "node_modules", "gmm-em", "dist", "jupyter.js"),
      ]);
      assert.deepEqual(result, want, "the library's numbers");
      assert.equal(result.iterations, 6, "applyGmm kept the start and 5 iterations");
      assert.deepEqual(threads, want.means, "two threads (the E-step worker of the installed package): the same fit");
    }
  });

  test("Node, ES modules: import of both entries; the live page reads the installed browser build", async () => {
    const r = await node(["main.mjs"], consumer);
    ok(r, "node main.mjs");
    const { resolved, threads, livePage, ...result } = JSON.parse(r.stdout) as Record<string, any>;
    const dist = `file://${join(consumer, "node_modules", "gmm-em", "dist", "esm")}`;
    assert.deepEqual(resolved, [`${dist}/index.js`, `${dist}/jupyter.js`]);
    assert.deepEqual(result, expected(true));
    assert.deepEqual(threads, result.means);
    assert.equal(livePage, true);
    assert.deepEqual(result.error, [true, "pi: sums to 1.1, not 1 (to 1e-9)"]);
    assert.deepEqual((result.jupyter as { names: string[] }).names, [
      "livePageHtml",
      "loadPlotly",
      "plotlyFigureHtml",
      "showFigure",
      "showLive",
      "showTable",
    ]);
  });

  for (const [name, jest] of [
    ["Jest 29", join(TOOLS, "jest-29", "bin", "jest.js")],
    ["Jest 30", join(TOOLS, "jest", "bin", "jest.js")],
  ]) {
    test(`${name}: a test file that requires both entries`, async () => {
      const out = join(scratch, `${name.replace(" ", "-")}.json`);
      const cache = join(scratch, `${name.replace(" ", "-")}-cache`);
      const r = await node(
        [jest, "--ci", "--watchman=false", "--cacheDirectory", cache, "--rootDir", "jest"],
        consumer,
        {
          GMM_EM_OUT: out,
        },
      );
      ok(r, name);
      assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), expected(true));
    });
  }

  test("Vitest: a test file that imports both entries", async () => {
    const out = join(scratch, "vitest.json");
    const vitest = join(TOOLS, "vitest", "vitest.mjs");
    const r = await node([vitest, "run", "--globals", "--root", "vitest"], consumer, { GMM_EM_OUT: out, CI: "1" });
    ok(r, "vitest run");
    assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), expected(true));
  });

  test("TypeScript: node10, node16 (CommonJS), nodenext (ES module) and bundler resolution type-check both entries, each against its own .d.ts, without Node's types", async () => {
    const tsc = join(TOOLS, "typescript", "bin", "tsc");
    const types = join(consumer, "node_modules", "gmm-em", "dist");
    const checks: [string, string[], string][] = [
      ["node10.ts", ["--module", "commonjs", "--moduleResolution", "node10"], types],
      ["node16.ts", ["--module", "node16", "--moduleResolution", "node16"], types],
      ["nodenext.mts", ["--module", "nodenext", "--moduleResolution", "nodenext"], join(types, "esm")],
      ["bundler.ts", ["--module", "esnext", "--moduleResolution", "bundler"], join(types, "esm")],
    ];
    await Promise.all(
      checks.map(async ([file, options, dir]) => {
        const r = await node(
          [tsc, "--noEmit", "--strict", "--skipLibCheck", "--listFiles", "--lib", "es2020", ...options, file],
          join(consumer, "types"),
        );
        ok(r, `tsc ${options.join(" ")} ${file}`);
        const listed = r.stdout.split("\n");
        for (const entry of ["index.d.ts", "jupyter.d.ts"])
          assert.ok(listed.includes(join(dir, entry)), `${file}: ${join(dir, entry)} in\n${r.stdout}`);
        const other = dir.endsWith("esm") ? join(types, "index.d.ts") : join(types, "esm", "index.d.ts");
        assert.ok(!listed.includes(other), `${file}: not ${other}`);
      }),
    );
  });

  /** Runs a browser bundle where there is no require, process or module: the page's globals only. */
  function inBareContext(code: string): unknown {
    const context = vm.createContext({ console });
    vm.runInContext(code, context);
    assert.equal(
      vm.runInContext("typeof require + typeof process + typeof module", context),
      "undefinedundefinedundefined",
    );
    return JSON.parse(JSON.stringify(context.result));
  }

  test("esbuild for a browser: the ES module build, the one-thread E-step, nothing of Node; it runs with no Node globals", async () => {
    const { build } = await import("esbuild");
    const out = await build({
      entryPoints: [join(consumer, "browser", "main.js")],
      bundle: true,
      platform: "browser",
      format: "iife",
      write: false,
      metafile: true,
      logLevel: "silent",
      absWorkingDir: consumer,
    });
    const inputs = Object.keys(out.metafile.inputs);
    const has = (f: string) => inputs.includes(`node_modules/gmm-em/dist/esm/${f}`);
    assert.ok(
      has("index.js") && has("em/threads-browser.js") && has("estimator/convergence-warning-browser.js"),
      inputs.join("\n"),
    );
    assert.ok(
      !has("em/threads.js") && !has("estimator/convergence-warning.js") && !has("jupyter.js"),
      inputs.join("\n"),
    );
    assert.ok(!has("live/bundle-source.js") && !has("display/plotly.js"), "nothing that reads files");
    assert.ok(!inputs.some((f) => f.includes("gmm-em/dist/") && !f.includes("/esm/")), "no CommonJS file");
    const { threads, ...result } = inBareContext(out.outputFiles[0].text) as Record<string, unknown>;
    assert.deepEqual(result, expected(false), "the same numbers as in Node (the same V8)");
    assert.deepEqual(threads, result.means, "threads: 2 in a page: the E-step on the page's thread, the same fit");
  });

  test("Vite, a browser build: no Node module in the bundle; it runs with no Node globals", async () => {
    const vite = join(TOOLS, "vite", "bin", "vite.js");
    const r = await node([vite, "build", "--outDir", join(scratch, "vite-out")], join(consumer, "vite"));
    ok(r, "vite build");
    const assets = join(scratch, "vite-out", "assets");
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    assert.equal(scripts.length, 1, scripts.join(", "));
    const code = readFileSync(join(assets, scripts[0]), "utf8");
    assert.doesNotMatch(code, /worker_threads|node:|\bimport\s*[{*"]|\brequire\(/, "no Node module, no import left");
    const { threads, ...result } = inBareContext(code) as Record<string, unknown>;
    assert.deepEqual(result, expected(false));
    assert.deepEqual(threads, result.means);
  });

  test("Deno: both entries by their bare names from node_modules (deno.json nodeModulesDir), numbers to 1e-12", async () => {
    const deno = join(TOOLS, "deno", "bin.cjs");
    const r = await node(
      [deno, "run", "--quiet", "--allow-read", "--allow-env", "--allow-sys", "deno/main.mjs"],
      consumer,
      {
        DENO_DIR: join(scratch, "deno-dir"),
        DENO_NO_UPDATE_CHECK: "1",
      },
    );
    ok(r, "deno run");
    const { means, weights, logLikelihood, ...rest } = JSON.parse(r.stdout);
    const { means: m, weights: w, logLikelihood: l, ...want } = expected(true);
    assert.deepEqual(rest, want, "labels, the typed error, the jupyter entry");
    // Deno's V8 is not Node's: Math.exp and Math.log may differ in the last bit.
    const a = agreement({ means, weights, logLikelihood }, { means: m, weights: w, logLikelihood: l });
    assert.ok(a.maxRel <= 1e-12, `max relative difference ${a.maxRel}`);
  });

  test("publint: no error or warning", async () => {
    const r = await node([join(TOOLS, "publint", "src", "cli.js"), "run", tarball, "--strict"], scratch);
    ok(r, "publint");
    assert.doesNotMatch(r.stdout, /Errors:|Warnings:/, r.stdout);
  });

  test("arethetypeswrong: both entries resolve to types of their own format under node10, node16 (CommonJS and ES module) and bundler", async () => {
    const r = await node(
      [join(TOOLS, "@arethetypeswrong", "cli", "dist", "index.js"), tarball, "--format", "json"],
      scratch,
    );
    ok(r, "attw");
    const { analysis } = JSON.parse(r.stdout) as {
      analysis: {
        problems: unknown[];
        entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
      };
    };
    assert.deepEqual(analysis.problems, []);
    for (const entry of ["index", "jupyter"]) {
      const resolutions = analysis.entrypoints[entry === "index" ? "." : "./jupyter"].resolutions;
      const file = (kind: string) => resolutions[kind].resolution?.fileName;
      assert.equal(file("node10"), `/node_modules/gmm-em/dist/${entry}.d.ts`);
      assert.equal(file("node16-cjs"), `/node_modules/gmm-em/dist/${entry}.d.ts`);
      assert.equal(file("node16-esm"), `/node_modules/gmm-em/dist/esm/${entry}.d.ts`);
      assert.equal(file("bundler"), `/node_modules/gmm-em/dist/esm/${entry}.d.ts`);
    }
  });
});
