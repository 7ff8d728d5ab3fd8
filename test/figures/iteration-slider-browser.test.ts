// The slider figure in a real browser (Debian's Chromium, headless, offline): dragging the slider
// and pressing play move the colours, ellipses, means and the log-likelihood marker together.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { plotlyFigureHtml } from "../../src/display/plotly";
import { iterationSlider, sliderTraceIndices } from "../../src/figures/iteration-slider";
import { applyGmm, generateData } from "../../src/index";
import { launchChromium, release, watchedPage } from "../helpers/browser";
import { removeDir, requireChromium, tempDir } from "../helpers/notebook";

const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const result = applyGmm(
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
  { maxIter: 100 },
);
// As in the notebook: to five iterations past convergence (iteration 20 with tol = 1e-3).
const figure = iterationSlider(X, result, { lastIteration: 25 });
const at = sliderTraceIndices(2);

let browser: Browser;
let pageDir: string | undefined;
let pagePath = "";

before(async () => {
  requireChromium();
  pageDir = tempDir("slider");
  pagePath = join(pageDir, "slider.html");
  writeFileSync(
    pagePath,
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${plotlyFigureHtml(figure, { id: "slider", includeBundle: true })}</body></html>`,
  );
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (pageDir !== undefined) removeDir(pageDir);
});

/** What a reader sees: the slider's label, the points' fills, the ellipses' paths, where the marker is. */
async function seen(page: Page) {
  return page.evaluate(
    ([pointsAt, markerAt]) => {
      const traces = [...document.querySelectorAll("#slider .scatterlayer .trace")];
      const fills = [...traces[pointsAt].querySelectorAll("path.point")].map((p) => (p as SVGElement).style.fill);
      return {
        label: document.querySelector("#slider .slider-group > text.slider-label")?.textContent ?? "",
        fills,
        ellipses: traces.slice(2, 6).map((t) => t.querySelector("path.js-line")?.getAttribute("d") ?? ""),
        marker: traces[markerAt].querySelector("path.point")?.getAttribute("transform") ?? "",
      };
    },
    [at.points, at.marker] as const,
  );
}

/** "#7b4f6e" → "rgb(123, 79, 110)", as the browser reports a fill. */
const cssRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
const frameFills = (i: number) => {
  const color = figure.frames[i].data[0].marker!.color!;
  return typeof color === "string" ? new Array<string>(X.rows).fill(cssRgb(color)) : color.map(cssRgb);
};
const iterationOf = (label: string) => Number(/^iteration (\d+):/.exec(label)?.[1]);

test("the slider figure: drag the slider, the points' colours, ellipses and marker follow the frame; play runs to the end", async () => {
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pathToFileURL(pagePath).href);
  // The slider's current value is the label drawn straight in its group (the ticks' labels are in a group of their own).
  await page.waitForSelector("#slider .slider-group > text.slider-label", { timeout: 60_000 });

  const start = await seen(page);
  assert.equal(start.label, `iteration 0: ℓ = ${result.logLikelihood[0].toFixed(3)}`);
  assert.equal(start.fills.length, 400);
  assert.deepEqual(start.fills, frameFills(0));
  assert.deepEqual(new Set(start.fills), new Set(["rgb(175, 175, 175)"]), "iteration 0: all grey, no E-step yet");

  // Drag the grip to about a third of the rail.
  const grip = (await page.locator("#slider .slider-grip-rect").boundingBox())!;
  const rail = (await page.locator("#slider .slider-rail-rect").boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(rail.x + rail.width / 3, grip.y + grip.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(
    () => !/^iteration 0:/.test(document.querySelector("#slider .slider-group > text.slider-label")?.textContent ?? ""),
    null,
    { timeout: 10_000 },
  );
  // The frame is drawn when the label shows it: wait for the fills of the label's iteration.
  const dragged = iterationOf((await seen(page)).label);
  assert.ok(dragged >= 5 && dragged <= 12, `dragged to iteration ${dragged}`);
  await page.waitForFunction(
    (expected) => {
      const fills = [...document.querySelectorAll("#slider .scatterlayer .trace:first-child path.point")].map(
        (p) => (p as SVGElement).style.fill,
      );
      return fills.join() === expected;
    },
    frameFills(dragged).join(),
    { timeout: 10_000 },
  );
  const middle = await seen(page);
  assert.equal(middle.label, `iteration ${dragged}: ℓ = ${result.logLikelihood[dragged].toFixed(3)}`);
  // points nearly wholly of component 1 (vermillion, 213, 94, 0) and of component 2 (blue, 0, 114, 178)
  const channels = middle.fills.map((f) => f.match(/\d+/g)!.map(Number));
  assert.ok(
    channels.some(([r, , b]) => r >= 205 && b <= 8),
    "vermillion points",
  );
  assert.ok(
    channels.some(([r, , b]) => r <= 8 && b >= 170),
    "blue points",
  );
  middle.ellipses.forEach((d, e) => assert.notEqual(d, start.ellipses[e], `ellipse ${e} moved`));
  assert.notEqual(middle.marker, start.marker, "the marker moved along the curve");

  // Play: the animation runs from the start to the last iteration.
  await page.locator("#slider .updatemenu-button").first().click();
  await page.waitForFunction(
    () => /^iteration 25:/.test(document.querySelector("#slider .slider-group > text.slider-label")?.textContent ?? ""),
    null,
    { timeout: 60_000 },
  );
  await page.waitForFunction(
    (expected) => {
      const fills = [...document.querySelectorAll("#slider .scatterlayer .trace:first-child path.point")].map(
        (p) => (p as SVGElement).style.fill,
      );
      return fills.join() === expected;
    },
    frameFills(25).join(),
    { timeout: 10_000 },
  );
  const end = await seen(page);
  assert.notEqual(end.marker, middle.marker);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await release(page);
});
