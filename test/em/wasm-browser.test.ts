/**
 * The browser build in Chromium, offline: the E-step in WebAssembly (the module instantiated from
 * the bundle's own bytes, no file or request), and in JavaScript where the page has no
 * WebAssembly; both against each other and against the fixtures on every covariance type.
 */
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { LIBRARY_BUNDLE } from "../../scripts/build-browser";
import { launchChromium, release, watchedPage } from "../helpers/browser";
import { assertClose, fixture } from "../helpers/fixtures";

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => browser?.close());

interface Case {
  name: string;
  X: number[][];
  XTest: number[][];
  options: Record<string, unknown>;
  means: number[][];
  covariances: unknown;
  lowerBound: number;
}

// One case per covariance type, d = 3, and numpy's EM on three components.
const cases = fixture<{ cases: Case[] }>("estimator/deterministic.json").cases.filter((c) =>
  ["full-d3-k3", "tied-d3-k3", "diag-d3-k3", "spherical-d3-k3"].includes(c.name),
);
const em = fixture("em/correct-em/k3.json");

const RUN = `(({ cases, em }) => {
  const g = window.gmmEm;
  const instances = { count: 0 };
  if (typeof WebAssembly === "object") {
    const Instance = WebAssembly.Instance;
    WebAssembly.Instance = function (...args) { instances.count++; return new Instance(...args); };
  }
  const fits = cases.map((c) => {
    const gm = new g.GaussianMixture(c.options).fit(c.X);
    return { name: c.name, lowerBound: gm.lowerBound, means: gm.means, covariances: gm.covariances, proba: gm.predictProba(c.XTest) };
  });
  const run = g.applyGmm(em.X, em.start.pi, em.start.mu, em.start.Sigma, { maxIter: em.maxIter, keep: [1] });
  return { fits, applyGmm: { logLikelihood: run.logLikelihood, mu: run.coef[em.maxIter].mu, rvals: run.rvals[1].to2DArray() }, instances: instances.count };
})`;

async function inChromium(withWasm: boolean): Promise<any> {
  assert.ok(existsSync(LIBRARY_BUNDLE), "no browser build: run npm run build");
  const { page, errors } = await watchedPage(browser);
  try {
    const hide = withWasm ? "" : "<script>delete globalThis.WebAssembly;</script>";
    await page.setContent(
      `<!DOCTYPE html><meta charset="utf-8">${hide}<script>${readFileSync(LIBRARY_BUNDLE, "utf8")}</script>`,
    );
    const result = await page.evaluate(`${RUN}(${JSON.stringify({ cases, em })})`);
    assert.deepEqual(errors, []);
    return result;
  } finally {
    await release(page);
  }
}

test("in Chromium: the WebAssembly pass and, without WebAssembly, the JavaScript pass agree to 1e-13 and with scikit-learn and numpy", async () => {
  assert.equal(cases.length, 4);
  const wasm = await inChromium(true);
  const js = await inChromium(false);
  assert.ok(wasm.instances > 0, "the WebAssembly pass ran");
  assert.equal(js.instances, 0);
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i],
      w = wasm.fits[i],
      j = js.fits[i];
    assertClose([w.lowerBound], [j.lowerBound], 1e-13, `${c.name}: lowerBound, wasm vs js`);
    assertClose(w.means, j.means, 1e-13, `${c.name}: means, wasm vs js`);
    assertClose(w.covariances, j.covariances, 1e-13, `${c.name}: covariances, wasm vs js`);
    assertClose(w.proba, j.proba, 1e-13, `${c.name}: predictProba, wasm vs js`);
    for (const f of [w, j]) {
      assertClose([f.lowerBound], [c.lowerBound], 1e-6, `${c.name}: lowerBound vs scikit-learn`);
      assertClose(f.means, c.means, 1e-6, `${c.name}: means vs scikit-learn`);
      assertClose(f.covariances, c.covariances as number[], 1e-6, `${c.name}: covariances vs scikit-learn`);
    }
  }
  assertClose(wasm.applyGmm.logLikelihood, js.applyGmm.logLikelihood, 1e-13, "applyGmm logLikelihood, wasm vs js");
  assertClose(wasm.applyGmm.rvals, js.applyGmm.rvals, 1e-13, "applyGmm rvals[1], wasm vs js");
  for (const run of [wasm.applyGmm, js.applyGmm]) {
    assertClose(run.logLikelihood, em.logLikelihood, 1e-9, "applyGmm logLikelihood vs numpy");
    assertClose(run.mu, em.coef[em.maxIter].mu, 1e-9, "applyGmm means vs numpy");
    assertClose(run.rvals, em.rvals[1], 1e-9, "applyGmm rvals[1] vs numpy");
  }
});
