/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The default run's out/gmm-em.html as a reader sees it: in headless Chromium, offline, with the
// Chinese glyphs of Debian's fonts-noto-cjk. The grids and the other figures draw; the slider is
// dragged and the plot follows; the docs' pictures can be taken from it (npm run screenshots).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { dragSlider, SCREENSHOTS, takeScreenshots } from "../../scripts/screenshots";
import { launchChromium, watchedPage } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { removeDir, tempDir } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let htmlPath = "";

before(async () => {
  htmlPath = (await defaultRun.ready).htmlPath;
  browser = await launchChromium();
});
after(async () => browser?.close());

/** The notebook's page, drawn: every console error and every request leaving the machine recorded. */
async function openNotebook(): Promise<{ page: Page; figures: Locator; errors: string[]; external: string[] }> {
  const { page, errors, external } = await watchedPage(browser);
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll(".gmm-em-figure").length;
      return all >= 9 && document.querySelectorAll('.gmm-em-figure[data-rendered="true"]').length === all;
    },
    null,
    { timeout: 60_000 },
  );
  return { page, figures: page.locator(".gmm-em-figure"), errors, external };
}

/** The points' fills of each panel of a figure, as [r, g, b]. */
function panelFills(figure: Locator): Promise<number[][][]> {
  return figure.evaluate((root) =>
    [...root.querySelectorAll(".cartesianlayer .subplot")].map((subplot) =>
      [...subplot.querySelectorAll(".scatterlayer .trace:first-child path.point")].map((p) =>
        ((p as SVGElement).style.fill.match(/\d+/g) ?? []).map(Number),
      ),
    ),
  );
}
const near = (fills: number[][], rgb: number[], within = 8) =>
  fills.some((f) => f.every((v, c) => Math.abs(v - rgb[c]) <= within));
const VERMILLION = [213, 94, 0],
  BLUE = [0, 114, 178],
  GREEN = [0, 158, 115],
  GREY = [175, 175, 175];

test("out/gmm-em.html: the 2 × 3 grid — grey start, vermillion and blue later, ℓ in every title — offline, without console errors", async () => {
  const { page, figures, errors, external } = await openNotebook();
  const grid = figures.filter({ has: page.locator(".gtitle", { hasText: "EM from a poor start" }) }).first();
  assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 6);
  const titles = await grid.locator(".annotation-text").allTextContents();
  // a panel title's two lines (the iteration; its ℓ) read as one text
  [0, 1, 5, 10, 25, 40].forEach((i, p) =>
    assert.match(titles[p], new RegExp(`^第 ${i} 次迭代 · iteration ${i}ℓ = -\\d+\\.\\d\\d$`)),
  );
  assert.match(titles[6], /^颜色：所画参数下的责任度 · colours: the responsibilities under the parameters drawn$/);
  const panels = await grid.evaluate((root) =>
    [...root.querySelectorAll(".cartesianlayer .subplot")].map((subplot) => ({
      points: subplot.querySelectorAll(".scatterlayer .trace .points path.point").length,
      lines: [...subplot.querySelectorAll(".scatterlayer .trace path.js-line")].filter(
        (l) => (l.getAttribute("d") ?? "").length > 100,
      ).length,
    })),
  );
  for (const [i, p] of panels.entries()) {
    assert.equal(p.points, 400 + 2, `panel ${i}: 400 points and 2 means`);
    assert.equal(p.lines, 4, `panel ${i}: 1σ and 2σ ellipses of 2 components`);
  }
  const fills = await panelFills(grid);
  assert.deepEqual([...new Set(fills[0].map(String))], [GREY.map(String).join()], "iteration 0: every point grey");
  assert.ok(near(fills[5], VERMILLION) && near(fills[5], BLUE), "iteration 40: vermillion and blue points");
  assert.deepEqual(await grid.locator(".legendtext").allTextContents(), [
    "分量 1 · component 1",
    "分量 2 · component 2",
    "1σ（粗）与 2σ（细）椭圆 · 1σ (thick) and 2σ (thin) ellipses",
    "初值：尚未做 E 步 · start: no E-step yet",
  ]);
  // the BIC section's figure: one line per covariance type, the best model's star, bilingual legend
  const bic = figures.filter({ has: page.locator(".gtitle", { hasText: "BIC" }) }).first();
  assert.equal(await bic.locator(".scatterlayer .trace").count(), 5);
  assert.deepEqual((await bic.locator(".legendtext").allTextContents()).slice(0, 4), [
    "完全 · full",
    "共享 · tied",
    "对角 · diag",
    "球形 · spherical",
  ]);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

/** The slider's state as drawn: its current-value label, the points' fills, the ellipses. */
function drawn(slider: Locator) {
  return slider.evaluate((root) => {
    const traces = [...root.querySelectorAll(".scatterlayer .trace")];
    return {
      label: root.querySelector(".slider-group > text.slider-label")?.textContent ?? "",
      fills: [...traces[0].querySelectorAll("path.point")].map((p) =>
        ((p as SVGElement).style.fill.match(/\d+/g) ?? []).map(Number),
      ),
      ellipses: traces.slice(2, 6).map((t) => t.querySelector("path.js-line")?.getAttribute("d") ?? ""),
    };
  });
}

test("out/gmm-em.html: the slider starts grey, is dragged and the plot follows; play runs to five past convergence", async () => {
  const { page, figures, errors, external } = await openNotebook();
  const slider = figures.filter({ has: page.locator(".slider-group") });
  assert.equal(await slider.count(), 1, "one figure with a slider");
  const before = await drawn(slider);
  assert.equal(before.label, "第 0 次迭代 · iteration 0: ℓ = -23306.809");
  assert.equal(before.fills.length, 400);
  assert.ok(
    before.fills.every((f) => f.join() === GREY.join()),
    "iteration 0: grey, no E-step yet",
  );
  await dragSlider(page, slider, 0.3);
  await page.waitForFunction(
    (root) => !/iteration 0:/.test(root!.querySelector(".slider-group > text.slider-label")?.textContent ?? ""),
    await slider.elementHandle(),
    { timeout: 10_000 },
  );
  await page.waitForTimeout(500);
  const after = await drawn(slider);
  const iteration = Number(/iteration (\d+):/.exec(after.label)?.[1]);
  assert.ok(iteration >= 4 && iteration <= 12, after.label);
  assert.ok(near(after.fills, VERMILLION) && near(after.fills, BLUE), "vermillion and blue points");
  after.ellipses.forEach((d, i) => assert.notEqual(d, before.ellipses[i], `ellipse ${i} moved`));
  await slider.locator(".updatemenu-button").first().click(); // ▶ play, from the start
  await page.waitForFunction(
    (el) => /iteration 25:/.test(el!.querySelector(".slider-group > text.slider-label")?.textContent ?? ""),
    await slider.elementHandle(),
    { timeout: 60_000 },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});

test("out/gmm-em.html: the comparison, the two k = 3 grids, k-means against EM and the collapse grid draw", async () => {
  const { page, figures, errors } = await openNotebook();
  /** The figure whose title contains `title`. */
  const titled = (title: string) => figures.filter({ has: page.locator(".gtitle", { hasText: title }) });
  const comparison = titled("The original's EM and the correct one");
  assert.equal(await comparison.locator(".cartesianlayer .subplot").count(), 2);
  assert.deepEqual(await comparison.locator(".legendtext").allTextContents(), [
    "原代码 · original",
    "正确的 EM · correct EM",
  ]);
  const stuck = titled("k = 3 from a poor start"),
    escaped = titled("k = 3 from the farthest-point start");
  for (const grid of [stuck, escaped]) {
    assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 3);
    assert.equal(
      await grid.locator(".scatterlayer path.point").count(),
      3 * (300 + 3),
      "300 points and 3 means per panel",
    );
  }
  // the farthest-point start: at the last iteration, points of all three colours
  const last = (await panelFills(escaped))[2];
  for (const c of [VERMILLION, BLUE, GREEN]) assert.ok(near(last, c), `${c}`);
  const kmeans = titled("k-means and EM");
  assert.equal(await kmeans.locator(".cartesianlayer .subplot").count(), 2);
  const [hard] = await panelFills(kmeans);
  assert.deepEqual(
    [...new Set(hard.map(String))].sort(),
    [BLUE.join(), VERMILLION.join()],
    "k-means: every point wholly one colour",
  );
  assert.equal(await titled("The same start with regCovar = 1e-6").locator(".cartesianlayer .subplot").count(), 3);
  assert.deepEqual(errors, []);
  await page.close();
});

test("npm run screenshots' camera: the grid, the slider and k-means against EM as PNGs, written into the folder given", async () => {
  const dir = tempDir("screenshots");
  try {
    const written = await takeScreenshots(htmlPath, dir);
    assert.deepEqual(
      written,
      Object.values(SCREENSHOTS).map((name) => join(dir, name)),
    );
    for (const path of written) {
      const png = readFileSync(path);
      assert.equal(png.subarray(1, 4).toString(), "PNG");
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.ok(width >= 880 && width <= 1000 && height >= 450, `${path}: ${width} × ${height}`);
    }
  } finally {
    removeDir(dir);
  }
});
