/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// The density and 1-D figures drawn by plotly.js's cartesian bundle in headless Chromium, offline; and each bundle's trace types as its own schema lists them.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { plotlyBundleHtml, plotlyFigureHtml } from "../../src/display/plotly";
import { PLOTLY_BUNDLES } from "../../src/display/plotly-bundles";
import { oneDimensionStep } from "../../src/em/one-step";
import { densityFigure } from "../../src/figures/density-figure";
import { oneDimensionFigure } from "../../src/figures/one-dimension-figure";
import { applyGmm, makeBlobs } from "../../src/index";
import { launchChromium, release, watchedPage } from "../helpers/browser";
import { removeDir, requireChromium, tempDir } from "../helpers/notebook";

let browser: Browser;
let dir: string;

before(async () => {
  requireChromium();
  browser = await launchChromium();
  dir = tempDir("new-figures");
});
after(async () => {
  removeDir(dir);
  await browser?.close();
});

/** The trace types of the page's plotly.js, as its schema lists them. */
async function schemaTraces(page: Page): Promise<string[]> {
  await page.waitForFunction(() => (window as { Plotly?: { PlotSchema?: unknown } }).Plotly?.PlotSchema !== undefined);
  return page.evaluate(() =>
    Object.keys(
      (window as unknown as { Plotly: { PlotSchema: { get(): { traces: object } } } }).Plotly.PlotSchema.get().traces,
    ).sort(),
  );
}

/** A page of these outputs, written to a file (the bundle is too large to inline through the protocol quickly). */
function pageOf(name: string, outputs: string[]): string {
  const path = join(dir, `${name}.html`);
  writeFileSync(
    path,
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${outputs.map((o) => `<div class="output">${o}</div>`).join("\n")}</body></html>`,
  );
  return pathToFileURL(path).href;
}

test("the full bundle draws exactly the trace types its table lists", async () => {
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pageOf("bundle-full", [plotlyBundleHtml("full")]));
  assert.deepEqual(await schemaTraces(page), [...PLOTLY_BUNDLES.full.traces].sort());
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await release(page);
});

test("the cartesian bundle draws the trace types its table lists, the density figure's contours and the 1-D figure's histograms", async () => {
  const X = makeBlobs({
    nSamples: 300,
    centers: [
      [-2, -1],
      [2, 1.5],
      [0, 4],
    ],
    clusterStd: [0.8, 1.1, 0.7],
    randomState: 2,
    rng: "numpy",
  }).X;
  const I = [
    [1, 0],
    [0, 1],
  ];
  const fit = applyGmm(
    X,
    [1 / 3, 1 / 3, 1 / 3],
    [
      [-1, 0],
      [1, 0],
      [0, 2],
    ],
    [I, I, I],
    { maxIter: 60, keep: "none" },
  );
  const density = densityFigure(X, fit.coef[fit.coef.length - 1], { labels: "zh-en" });
  const x = makeBlobs({
    nSamples: 200,
    centers: [[-2], [3]],
    clusterStd: [1, 1.5],
    randomState: 5,
    rng: "numpy",
  }).X.to1DArray();
  const start = { pi: [0.5, 0.5], mu: [[-0.5], [0.5]], Sigma: [[[2]], [[2]]] };
  const line = oneDimensionFigure(x, start, oneDimensionStep(x, start).params, { labels: "zh-en" });
  const { page, errors, external } = await watchedPage(browser, { width: 960, height: 1250 });
  await page.goto(
    pageOf("figures", [
      plotlyBundleHtml(),
      plotlyFigureHtml(density, { id: "density" }),
      plotlyFigureHtml(line, { id: "line" }),
    ]),
  );
  await page.waitForFunction(
    () => document.querySelectorAll('#density[data-rendered="true"], #line[data-rendered="true"]').length === 2,
    null,
    { timeout: 60_000 },
  );
  assert.deepEqual(await schemaTraces(page), [...PLOTLY_BUNDLES.cartesian.traces].sort());
  // The contour trace: filled bands and contour lines (one path per level and more).
  assert.ok((await page.locator("#density .contourlayer .contourfill path").count()) >= 5, "contour fills");
  assert.ok((await page.locator("#density .contourlayer .contourlines path").count()) >= 5, "contour lines");
  assert.equal(await page.locator("#density .colorbar").count(), 1);
  assert.equal(await page.locator("#density .scatterlayer .trace").first().locator("path.point").count(), 300);
  // The histograms: one bar per non-empty bin in each panel, with a height.
  const bars = page.locator("#line .barlayer .point path");
  assert.ok((await bars.count()) >= 20, `${await bars.count()} bars`);
  const heights = await bars.evaluateAll((paths) => paths.map((p) => (p as SVGGraphicsElement).getBBox().height));
  assert.ok(heights.filter((h) => h > 1).length >= 20, "the bars have heights");
  assert.equal(await page.locator("#line .cartesianlayer .subplot").count(), 2);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  const shot = process.env.GMM_EM_SCREENSHOT_DIR;
  if (shot) await page.screenshot({ path: join(shot, "density-and-line.png"), fullPage: true });
  await release(page);
});
