/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { pathToFileURL } from "url";
import { Browser, Page } from "playwright-core";
import { plotlyBundleHtml, plotlyFigureHtml } from "../src/display/plotly";
import { dataScatter, snapshotGrid } from "../src/figures/snapshot-grid";
import { applyGmm, generateData } from "../src/index";
import { launchChromium, npmStart, requireSetUp, ROOT, tempDir, watchedPage } from "./notebook-helpers";

let browser: Browser;
let htmlPath = "";

before(async () => {
  requireSetUp();
  const out = tempDir("browser");
  const run = npmStart(["--out-dir", out]);
  assert.equal(run.status, 0, run.stderr);
  htmlPath = join(out, "gmm-em.html");
  browser = await launchChromium();
});
after(async () => browser?.close());

test("out/gmm-em.html: the 2 × 3 grid renders with points, means and ellipses, offline, without console errors", async () => {
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(() => {
    const all = document.querySelectorAll(".gmm-em-figure").length;
    return all >= 3 && document.querySelectorAll('.gmm-em-figure[data-rendered="true"]').length === all;
  }, null, { timeout: 60_000 });
  // the snapshot grid: the figure whose panel titles include "Iteration 40"
  const grid = page.locator(".gmm-em-figure").filter({ has: page.locator(".annotation-text", { hasText: /^Iteration 40$/ }) }).first();
  assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 6);
  assert.deepEqual(await grid.locator(".annotation-text").allTextContents(), [0, 1, 5, 10, 25, 40].map((i) => `Iteration ${i}`));
  const panels = await grid.evaluate((root) => [...root.querySelectorAll(".cartesianlayer .subplot")].map((subplot) => {
    const points = [...subplot.querySelectorAll(".scatterlayer .trace .points path.point")];
    const lines = [...subplot.querySelectorAll(".scatterlayer .trace path.js-line")];
    return {
      points: points.length,
      fills: [...new Set(points.map((p) => (p as SVGElement).style.fill))],
      lines: lines.filter((l) => (l.getAttribute("d") ?? "").length > 100).length,
    };
  }));
  for (const [i, p] of panels.entries()) {
    assert.equal(p.points, 400 + 2, `panel ${i}: 400 points and 2 means`);
    assert.equal(p.lines, 4, `panel ${i}: 1σ and 2σ ellipses of 2 components`);
  }
  // iteration 0: every point shares both components (purple) — the means keep their colours
  assert.ok(panels[0].fills.includes("rgb(123, 79, 110)") && panels[0].fills.length === 3, JSON.stringify(panels[0].fills));
  // iteration 40: points are red or blue
  assert.ok(panels[5].fills.includes("rgb(214, 39, 40)") && panels[5].fills.includes("rgb(31, 119, 180)"), JSON.stringify(panels[5].fills.slice(0, 5)));
  // the BIC section's figure: one line per covariance type and the best model's star
  const bic = page.locator(".gmm-em-figure").filter({ has: page.locator(".gtitle", { hasText: "BIC" }) }).first();
  assert.equal(await bic.locator(".scatterlayer .trace").count(), 5);
  assert.equal(await bic.locator(".scatterlayer .trace path.js-line").count(), 4);
  assert.deepEqual((await bic.locator(".legendtext").allTextContents()).slice(0, 4), ["full", "tied", "diag", "spherical"]);
  mkdirSync(join(ROOT, "docs"), { recursive: true });
  await grid.locator(".main-svg").first().screenshot({ path: join(ROOT, "docs", "screenshot.png") });
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

/** Pages made of figure and bundle outputs, as a notebook front end would show them. */
function outputsPage(outputs: string[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${outputs.map((o) => `<div class="output">${o}</div>`).join("\n")}</body></html>`;
}

test("figures shown before the output carrying plotly.js still render (outputs in another order)", async () => {
  const X = generateData({ nSamples1: 30, nSamples2: 30 });
  const result = applyGmm(X, [0.5, 0.5], [[-1, 1], [1, -1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter: 3 });
  const page1 = plotlyFigureHtml(dataScatter(X), { id: "a" });
  const page2 = plotlyFigureHtml(snapshotGrid(X, result, [0, 1, 2, 3], { columns: 2 }), { id: "b" });
  const path = join(tempDir("order"), "order.html");
  writeFileSync(path, outputsPage([page1, plotlyBundleHtml(), page2]));
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pathToFileURL(path).href);
  await page.waitForFunction(() => document.querySelectorAll('#a[data-rendered="true"], #b[data-rendered="true"]').length >= 2, null, { timeout: 60_000 });
  assert.equal(await page.locator("#b .cartesianlayer .subplot").count(), 4);
  assert.equal(await page.locator("#a .scatterlayer path.point").count(), 60);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test("a figure whose script runs before its output is attached to the page (classic Notebook) renders", async () => {
  const X = generateData({ nSamples1: 20, nSamples2: 20 });
  const { page, errors } = await watchedPage(browser);
  await page.setContent(outputsPage([]));
  // jQuery's .html(), as classic Notebook uses it: the scripts run, then the output is attached
  const insert = (html: string, attachAfterMs: number) => page.evaluate(([h, ms]) => {
    const output = document.createElement("div");
    output.innerHTML = h as string;
    for (const s of [...output.querySelectorAll("script")]) (0, eval)(s.textContent ?? "");
    setTimeout(() => document.body.appendChild(output), ms as number);
  }, [html, attachAfterMs] as const);
  await insert(plotlyFigureHtml(dataScatter(X), { id: "late" }), 300); // before plotly.js, attached late
  await insert(plotlyBundleHtml(), 0);
  await insert(plotlyFigureHtml(dataScatter(X), { id: "later" }), 200); // after plotly.js, attached late
  await page.waitForFunction(() => document.querySelectorAll('#late[data-rendered="true"], #later[data-rendered="true"]').length >= 2, null, { timeout: 60_000 });
  assert.equal(await page.locator("#late .scatterlayer path.point").count(), 40);
  assert.equal(await page.locator("#later .scatterlayer path.point").count(), 40);
  assert.deepEqual(errors, []);
  await page.close();
});
