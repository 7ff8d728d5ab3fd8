/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// Figure outputs in headless Chromium, offline, in the orders a notebook front end may show them.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { plotlyBundleHtml, plotlyFigureHtml, withFigureStill } from "../../src/display/plotly";
import { dataScatter, snapshotGrid } from "../../src/figures/snapshot-grid";
import { applyGmm, generateData } from "../../src/index";
import { launchChromium, release, watchedPage } from "../helpers/browser";
import { removeDir, requireChromium, tempDir } from "../helpers/notebook";

let browser: Browser;

before(async () => {
  requireChromium();
  browser = await launchChromium();
});
after(async () => browser?.close());

/** Pages made of figure and bundle outputs, as a notebook front end would show them. */
function outputsPage(outputs: string[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${outputs.map((o) => `<div class="output">${o}</div>`).join("\n")}</body></html>`;
}

describe("figure outputs in Chromium", { concurrency: 2 }, () => {
  test("figures shown before the output carrying plotly.js still render (outputs in another order)", async () => {
    const X = generateData({ nSamples1: 30, nSamples2: 30 });
    const result = applyGmm(
      X,
      [0.5, 0.5],
      [
        [-1, 1],
        [1, -1],
      ],
      [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ],
      { maxIter: 3 },
    );
    const page1 = plotlyFigureHtml(dataScatter(X), { id: "a" });
    const page2 = plotlyFigureHtml(snapshotGrid(X, result, [0, 1, 2, 3], { columns: 2 }), { id: "b" });
    const dir = tempDir("order");
    try {
      const path = join(dir, "order.html");
      writeFileSync(path, outputsPage([page1, plotlyBundleHtml(), page2]));
      const { page, errors, external } = await watchedPage(browser);
      await page.goto(pathToFileURL(path).href);
      await page.waitForFunction(
        () => document.querySelectorAll('#a[data-rendered="true"], #b[data-rendered="true"]').length >= 2,
        null,
        { timeout: 60_000 },
      );
      assert.equal(await page.locator("#b .cartesianlayer .subplot").count(), 4);
      assert.equal(await page.locator("#a .scatterlayer path.point").count(), 60);
      assert.deepEqual(errors, []);
      assert.deepEqual(external, []);
      await release(page);
    } finally {
      removeDir(dir);
    }
  });

  test("a figure whose script runs before its output is attached to the page (classic Notebook) renders", async () => {
    const X = generateData({ nSamples1: 20, nSamples2: 20 });
    const { page, errors } = await watchedPage(browser);
    await page.setContent(outputsPage([]));
    // jQuery's .html(), as classic Notebook uses it: the scripts run, then the output is attached
    const insert = (html: string, attachAfterMs: number) =>
      page.evaluate(
        ([h, ms]) => {
          const output = document.createElement("div");
          output.innerHTML = h as string;
          // biome-ignore lint: an indirect eval runs each script globally, as the classic Notebook runs an output\'s scripts
          for (const s of [...output.querySelectorAll("script")]) (0, eval)(s.textContent ?? "");
          setTimeout(() => document.body.appendChild(output), ms as number);
        },
        [html, attachAfterMs] as const,
      );
    await insert(plotlyFigureHtml(dataScatter(X), { id: "late" }), 300); // before plotly.js, attached late
    await insert(plotlyBundleHtml(), 0);
    await insert(plotlyFigureHtml(dataScatter(X), { id: "later" }), 200); // after plotly.js, attached late
    await page.waitForFunction(
      () => document.querySelectorAll('#late[data-rendered="true"], #later[data-rendered="true"]').length >= 2,
      null,
      { timeout: 60_000 },
    );
    assert.equal(await page.locator("#late .scatterlayer path.point").count(), 40);
    assert.equal(await page.locator("#later .scatterlayer path.point").count(), 40);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("a figure's still image shows with JavaScript off; with it on, the live figure takes its place without moving the page", async () => {
    const X = generateData({ nSamples1: 20, nSamples2: 20 });
    const figure = dataScatter(X, { title: "still" });
    figure.layout.width = figure.layout.height = 460;
    // a one-pixel WebP, stretched to the figure's (square) size
    const pixel = "data:image/webp;base64,UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA";
    const output = withFigureStill(plotlyFigureHtml(figure, { id: "f" }), "f", {
      src: pixel,
      width: 460,
      height: 460,
      alt: "the data",
    });
    const dir = tempDir("still");
    try {
      const path = join(dir, "still.html");
      writeFileSync(path, outputsPage([plotlyBundleHtml(), output, '<p id="after">below the figure</p>']));
      const noScripts = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      const still = await noScripts.newPage();
      await still.goto(pathToFileURL(path).href);
      const image = still.locator("#f img");
      assert.ok(await image.isVisible());
      assert.deepEqual(
        await image.evaluate((img) => [
          (img as HTMLImageElement).naturalWidth,
          img.getBoundingClientRect().width,
          img.getBoundingClientRect().height,
        ]),
        [1, 460, 460],
      );
      assert.equal(await still.locator("#f").textContent(), "", "no text but the image");
      const belowWithoutScripts = (await still.locator("#after").boundingBox())!.y;
      await noScripts.close();

      const { page, errors } = await watchedPage(browser);
      await page.goto(pathToFileURL(path).href);
      await page.waitForSelector('#f[data-rendered="true"]');
      assert.equal(await page.locator("#f img").isVisible(), false, "the still is hidden once the figure is drawn");
      assert.equal(await page.locator("#f .scatterlayer path.point").count(), 40);
      assert.equal(
        (await page.locator("#after").boundingBox())!.y,
        belowWithoutScripts,
        "what follows the figure stays where it was",
      );
      assert.deepEqual(errors, []);
      await release(page);
    } finally {
      removeDir(dir);
    }
  });
});
