/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The default run's out/gmm-em.html as a reader sees it: in headless Chromium, offline. The grids
// and the other figures draw; the slider is dragged and the plot follows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "fs";
import { join } from "path";
import { pathToFileURL } from "url";
import { Browser, Locator, Page } from "playwright-core";
import { useDefaultRun } from "../helpers/default-run";
import { launchChromium, watchedPage } from "../helpers/browser";
import { ROOT } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let htmlPath = "";

before(async () => {
  htmlPath = (await defaultRun.ready).htmlPath;
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

/** The notebook's page, drawn: every console error and every request leaving the machine recorded. */
async function openNotebook(): Promise<{ page: Page; figures: Locator; errors: string[]; external: string[] }> {
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(() => {
    const all = document.querySelectorAll(".gmm-em-figure").length;
    return all >= 7 && document.querySelectorAll('.gmm-em-figure[data-rendered="true"]').length === all;
  }, null, { timeout: 60_000 });
  return { page, figures: page.locator(".gmm-em-figure"), errors, external };
}

/** The slider's state as drawn: its current-value label, the points' fills, the ellipses, the marker. */
function drawn(slider: Locator) {
  return slider.evaluate((root) => {
    const traces = [...root.querySelectorAll(".scatterlayer .trace")];
    return {
      label: root.querySelector(".slider-group > text.slider-label")?.textContent ?? "",
      fills: [...traces[0].querySelectorAll("path.point")].map((p) => (p as SVGElement).style.fill),
      ellipses: traces.slice(1, 5).map((t) => t.querySelector("path.js-line")?.getAttribute("d") ?? ""),
      marker: traces[traces.length - 1].querySelector("path.point")?.getAttribute("transform") ?? "",
    };
  });
}

test("out/gmm-em.html: the slider is dragged and the plot follows; play runs to the last iteration; no console errors", async () => {
  const { page, figures, errors, external } = await openNotebook();
  const slider = figures.filter({ has: page.locator(".slider-group") });
  assert.equal(await slider.count(), 1, "one figure with a slider");
  await slider.scrollIntoViewIfNeeded();
  const before = await drawn(slider);
  assert.match(before.label, /^iteration 0: log-likelihood -23306\.809$/);
  assert.equal(before.fills.length, 400);
  assert.deepEqual([...new Set(before.fills)], ["rgb(123, 79, 110)"], "iteration 0: every point shared equally");

  const grip = (await slider.locator(".slider-grip-rect").boundingBox())!;
  const rail = (await slider.locator(".slider-rail-rect").boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(rail.x + rail.width * 0.25, grip.y + grip.height / 2, { steps: 8 });
  await page.mouse.up();
  // the frame is drawn: red and blue points (no inner named functions here: tsx would wrap them)
  await page.waitForFunction((root) => {
    const fills = new Set([...root!.querySelectorAll(".scatterlayer .trace:first-child path.point")].map((p) => (p as SVGElement).style.fill));
    return fills.has("rgb(214, 39, 40)") && fills.has("rgb(31, 119, 180)");
  }, await slider.elementHandle(), { timeout: 10_000 });
  const after = await drawn(slider);
  const iteration = Number(/^iteration (\d+):/.exec(after.label)?.[1]);
  assert.ok(iteration >= 15 && iteration <= 35, after.label);
  after.ellipses.forEach((d, i) => assert.notEqual(d, before.ellipses[i], `ellipse ${i} moved`));
  assert.notEqual(after.marker, before.marker, "the marker moved along the log-likelihood");
  mkdirSync(join(ROOT, "docs"), { recursive: true });
  await page.mouse.move(0, 0); // no hover labels or mode bar in the picture…
  await page.waitForTimeout(800); // …once the mode bar has faded out (a 0.3 s transition)
  await slider.locator(".main-svg").first().screenshot({ path: join(ROOT, "docs", "slider.png") });

  await slider.locator(".updatemenu-button").first().click(); // ▶ play
  await page.waitForFunction((el) => /^iteration 100:/.test(el.querySelector(".slider-group > text.slider-label")?.textContent ?? ""),
    await slider.elementHandle(), { timeout: 60_000 });
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test("out/gmm-em.html: the comparison, the two k = 3 grids and the collapse grid draw", async () => {
  const { page, figures, errors } = await openNotebook();
  /** The figure whose title starts with `title`. */
  const titled = (title: string) => figures.filter({ has: page.locator(".gtitle", { hasText: title }) });
  const comparison = titled("The original's EM and the correct one");
  assert.equal(await comparison.locator(".cartesianlayer .subplot").count(), 2);
  assert.ok((await comparison.locator(".legendtext").allTextContents()).join() === "original,correct EM");
  const stuck = titled("k = 3 from a poor start"), escaped = titled("k = 3 from the farthest-point start");
  for (const grid of [stuck, escaped]) {
    assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 3);
    assert.equal(await grid.locator(".scatterlayer path.point").count(), 3 * (300 + 3), "300 points and 3 means per panel");
  }
  // the farthest-point start: at the last iteration, points of all three colours
  const fills = await escaped.evaluate((root) => {
    const panel = [...root.querySelectorAll(".cartesianlayer .subplot")][2];
    return [...new Set([...panel.querySelectorAll(".scatterlayer .trace:first-child path.point")].map((p) => (p as SVGElement).style.fill))];
  });
  for (const c of ["rgb(214, 39, 40)", "rgb(31, 119, 180)", "rgb(44, 160, 44)"]) assert.ok(fills.includes(c), `${c} in ${fills.slice(0, 5)}`);
  assert.equal(await titled("The same start with regCovar = 1e-6").locator(".cartesianlayer .subplot").count(), 3);
  assert.deepEqual(errors, []);
  await page.close();
});
