// The package as users get it: `require("<repo root>")`, `import … from "gmm-em"` (CommonJS and
// ES modules), and its .d.ts files read by a TypeScript consumer. Runs on the build (npm test builds first).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import * as vm from "node:vm";

const ROOT = resolve(__dirname, "..");
const node = (args: string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: "utf8" });

describe("the package as its users install it", { concurrency: true }, () => {
  test('require(<repo root>) and require("gmm-em") load the compiled library', () => {
    const script = `
    const byPath = require(${JSON.stringify(ROOT)});
    const byName = require("gmm-em");
    if (byPath.applyGmm !== byName.applyGmm) throw new Error("two copies");
    const X = byName.generateData();
    const r = byName.applyGmm(X, [0.5, 0.5], [[-1, 1], [1, -1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 5 });
    console.log(require.resolve("gmm-em"), r.coef.length, typeof byName.GaussianMixture);`;
    const run = node(["-e", script], ROOT);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `${join(ROOT, "dist", "index.js")} 6 function`);
  });

  test('import { … } from "gmm-em" works from an ES module', () => {
    const run = node(
      [
        "--input-type=module",
        "-e",
        `import { applyGmm, generateData, GmmInputError } from "gmm-em";
     try { applyGmm(generateData(), [0.5, 0.6], [[0, 0], [1, 1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]); }
     catch (e) { console.log(e instanceof GmmInputError, e.message); }`,
      ],
      ROOT,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "true pi: sums to 1.1, not 1 (to 1e-9)");
  });

  test("a TypeScript project that depends on gmm-em type-checks against its .d.ts (node10 and node16 resolution)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gmm-em-consumer-"));
    try {
      checkConsumer(dir);
    } finally {
      // The link to the repository first, on its own (unlink never follows it), then the rest.
      try {
        unlinkSync(join(dir, "node_modules", "gmm-em"));
      } catch {
        /* not made */
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function checkConsumer(dir: string): void {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules", "gmm-em"), "dir");
    writeFileSync(
      join(dir, "main.ts"),
      `
    import { applyGmm, generateData, GaussianMixture, type ApplyGmmResult } from "gmm-em";
    const X = generateData({ variance1: 3 });
    const r: ApplyGmmResult = applyGmm(X, [0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]]);
    const last: number = r.logLikelihood[r.nIter];
    const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    const labels: Int32Array = gm.predict(X);
    // @ts-expect-error: pi must be number[]
    applyGmm(X, "0.5", [[0, 0]], [[[1, 0], [0, 1]]]);
    console.log(last, labels.length);
  `,
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    for (const resolution of [
      ["--module", "commonjs", "--moduleResolution", "node10"],
      ["--module", "node16", "--moduleResolution", "node16"],
    ]) {
      const run = node(
        [
          tsc,
          "--noEmit",
          "--strict",
          "--skipLibCheck",
          "--types",
          "node",
          "--typeRoots",
          join(ROOT, "node_modules", "@types"),
          ...resolution,
          join(dir, "main.ts"),
        ],
        dir,
      );
      assert.equal(run.status, 0, `${resolution.join(" ")}: ${run.stdout}${run.stderr}`);
    }
  }

  test('a bundler building for the browser gets the browser entry and its stand-ins: `import { applyGmm } from "gmm-em"` runs without Node', async () => {
    const dir = mkdtempSync(join(tmpdir(), "gmm-em-bundler-"));
    try {
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(ROOT, join(dir, "node_modules", "gmm-em"), "dir");
      writeFileSync(
        join(dir, "main.js"),
        `
      import { applyGmm, generateData, GaussianMixture } from "gmm-em";
      const X = generateData({ variance1: 3, rng: "numpy" });
      const r = applyGmm(X, [0.1, 0.9], [[0.1, 0], [0, 0]], [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]], { maxIter: 10, threads: 2 });
      const gm = new GaussianMixture({ nComponents: 2, randomState: 0, threads: 2 }).fit(X);
      globalThis.result = { ll: r.logLikelihood[10], means: gm.means };
    `,
      );
      const { build } = await import("esbuild");
      const out = await build({
        entryPoints: [join(dir, "main.js")],
        bundle: true,
        platform: "browser",
        format: "iife",
        write: false,
        metafile: true,
        logLevel: "silent",
        absWorkingDir: dir,
      });
      const inputs = Object.keys(out.metafile.inputs);
      assert.ok(
        inputs.some((f) => f.endsWith("dist/browser.js")),
        "the browser entry",
      );
      assert.ok(
        inputs.some((f) => f.endsWith("dist/em/threads-browser.js")) &&
          !inputs.some((f) => f.endsWith("dist/em/threads.js")),
        "the one-thread E-step",
      );
      for (const module of ["display/plotly", "live/notebook-output", "live/standalone-page"]) {
        assert.ok(
          inputs.some((f) => f.endsWith(`dist/${module}-browser.js`)) &&
            !inputs.some((f) => f.endsWith(`dist/${module}.js`)),
          `${module}: its stand-in, not the module that reads files`,
        );
      }
      assert.ok(!inputs.some((f) => f.endsWith("dist/live/bundle-source.js")), "nothing that reads files");
      const context = vm.createContext({ console });
      vm.runInContext(out.outputFiles[0].text, context);
      const { generateData, applyGmm, GaussianMixture } = require(ROOT) as typeof import("../src/index");
      const X = generateData({ variance1: 3, rng: "numpy" });
      const expected = {
        ll: applyGmm(
          X,
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
          { maxIter: 10 },
        ).logLikelihood[10],
        means: new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X).means,
      };
      assert.deepEqual(
        JSON.parse(JSON.stringify(context.result)),
        expected,
        "the same numbers as in Node (the same V8)",
      );
    } finally {
      try {
        unlinkSync(join(dir, "node_modules", "gmm-em"));
      } catch {
        /* not made */
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
