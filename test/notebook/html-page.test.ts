/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The default run's out/gmm-em.html as a reader sees it: in headless Chromium, with every request
// but the page itself refused, with the Chinese glyphs of Debian's fonts-noto-cjk. The page is
// loaded once (it is 4 MB of figures, formulas and the browser build: a load costs Chromium several
// CPU-seconds) and looked at in turn: every figure drawn and every formula typeset, the grids and the
// other figures, the live cell running EM, the slider dragged and played, and the page as printed.
// The docs' pictures can be taken from it too (npm run screenshots).

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { SCREENSHOTS, takeScreenshots } from "../../scripts/screenshots";
import { applyGmm, formatNumber } from "../../src/index";
import { libraryBundleSource } from "../../src/live/bundle-source";
import { dragSliderFromStart, everyFigureDrawn, launchChromium, pageAlone, sliderState } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { htmlOutputs, lessonDefaults, ROOT, readNotebook, removeDir, tempDir, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let htmlPath = "";
let notebookPath = "";
/** The page, loaded once: its figures, and every console error and refused request since it loaded. */
let notebook: { page: Page; figures: Locator; errors: string[]; refused: string[] };
/** Where a person looks at what the tests saw (kept: out/ is git-ignored). */
const LOOK = join(ROOT, "out", "export-check");

before(async () => {
  const run = await defaultRun.ready;
  htmlPath = run.htmlPath;
  notebookPath = run.notebookPath;
  browser = await launchChromium();
  notebook = await openAlone(htmlPath);
});
after(async () => browser?.close());

/** The page at `path` alone (test/helpers/browser.ts, JavaScript on), once every figure has drawn. */
async function openAlone(path: string): Promise<typeof notebook> {
  const { page, refused, errors } = await pageAlone(browser, path, { javaScript: true });
  await everyFigureDrawn(page, 9);
  return { page, figures: page.locator(".gmm-em-figure"), errors, refused };
}

/** Each worked answer (a `<details>` of the markdown, not the original's Python): open or not, its summary if shown, its text, and which of its parts show. */
function answersSeen(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".jp-MarkdownCell details:not(.gmm-em-original)")].map((d) => {
      const summary = d.querySelector("summary")!;
      const parts = [...d.children].filter((e) => e !== summary);
      return {
        open: (d as HTMLDetailsElement).open,
        summary: summary.checkVisibility() && summary.getBoundingClientRect().height > 0,
        text: parts.map((e) => e.textContent).join(" "),
        // read as markdown: paragraphs (Chinese, then English), bold as bold
        paragraphs: d.querySelectorAll(":scope > p").length,
        stars: parts.some((e) => (e.textContent ?? "").includes("**")),
        shownParts: parts
          .filter((e) => e.checkVisibility() && e.getBoundingClientRect().height > 0)
          .map((e) => e.tagName),
      };
    }),
  );
}

/** How many figure outputs the executed notebook has (one per showFigure call). */
const figureCount = () => (htmlOutputs(readNotebook(notebookPath)).match(/class="gmm-em-figure"/g) ?? []).length;

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

// The camera beside the page's tests (it loads the page in a browser of its own).
describe("out/gmm-em.html", { concurrency: true }, () => {
  // In this order, on the one page: the slider is played and the page printed last.
  describe("loaded once, offline", { concurrency: 1 }, () => {
    test("on screen, every worked answer is folded: its summary shown, its text not; what is for paper is hidden", async () => {
      const { page } = notebook;
      const answers = await answersSeen(page);
      assert.ok(answers.length >= 5, `${answers.length} answers`);
      for (const [i, a] of answers.entries()) {
        assert.equal(a.open, false, `answer ${i + 1} is folded`);
        assert.ok(a.summary && a.text.length > 100, `answer ${i + 1}: ${JSON.stringify(a)}`);
        assert.ok(a.paragraphs >= 2 && !a.stars, `answer ${i + 1}'s markdown is read: ${JSON.stringify(a)}`);
        assert.deepEqual(a.shownParts, [], `answer ${i + 1}: no part of it shows`);
      }
      const paper = await page.evaluate(
        () => [...document.querySelectorAll(".gmm-em-print-only")].filter((e) => e.checkVisibility()).length,
      );
      assert.equal(paper, 0);
    });
    test("the HTML opened alone in Chromium: every figure drawn, every formula typeset, Chinese in a CJK font, nothing requested", async () => {
      const { page, refused, errors } = notebook;
      const figures = figureCount();
      assert.ok(figures >= 7, `${figures} figures`);
      assert.equal(await notebook.figures.count(), figures, "every figure output is in the page");
      assert.equal(await page.locator('.gmm-em-figure[data-rendered="true"]').count(), figures, "and drawn");
      const formulas = await page.evaluate(() => {
        for (const d of document.querySelectorAll("details")) d.open = true;
        return {
          inline: document.querySelectorAll("mjx-container:not([display]) > svg").length,
          display: document.querySelectorAll('mjx-container[display="true"] > svg').length,
          // the glyphs are drawn (each formula uses the shared glyph cache)
          empty: [...document.querySelectorAll("mjx-container > svg")].filter(
            (svg) => svg.getBoundingClientRect().width < 2 || svg.querySelectorAll("use, path").length === 0,
          ).length,
        };
      });
      // as many as the markdown has: $$…$$ displayed, $…$ inline (not in code)
      const markdown = readNotebook(notebookPath)
        .cells.filter((c) => c.cell_type === "markdown")
        .map((c) => text(c.source))
        .join("\n")
        .replace(/```[\s\S]*?```/g, "")
        .replace(/`[^`]*`/g, "");
      const displayed = (markdown.match(/\$\$[\s\S]+?\$\$/g) ?? []).length;
      const inline = (markdown.replace(/\$\$[\s\S]+?\$\$/g, "").match(/(?<!\\)\$[\s\S]+?(?<!\\)\$/g) ?? []).length;
      assert.ok(displayed >= 3 && inline >= 20, `the lesson's formulas: ${displayed} displayed, ${inline} inline`);
      assert.deepEqual(
        formulas,
        { inline, display: displayed, empty: 0 },
        "every formula typeset, each with its glyphs and a size",
      );
      // What a reader sees of the markdown: no TeX left (the assistive MathML is for screen readers, not seen)
      const visible = await page.evaluate(() =>
        [...document.querySelectorAll(".jp-MarkdownCell")]
          .map((cell) => {
            const copy = cell.cloneNode(true) as HTMLElement;
            for (const hidden of copy.querySelectorAll("mjx-assistive-mml, script, style")) hidden.remove();
            return copy.textContent ?? "";
          })
          .join("\n"),
      );
      for (const tex of ["$$", "\\frac", "\\mathcal", "\\sum", "\\pi", "\\Sigma", "\\mu"])
        assert.ok(!visible.includes(tex), `no ${tex} left in the text`);
      assert.doesNotMatch(visible, /\$[^$\s][^$]*\$/, "no $…$ left");
      // Chinese headings are drawn with a font that has the glyphs (not boxes): Chromium's own measure
      const cjk = await page.evaluate(() => {
        const h = [...document.querySelectorAll("h1, h2")].find((e) => /[\u4e00-\u9fff]/.test(e.textContent ?? ""))!;
        return {
          text: h.textContent,
          fonts: getComputedStyle(h).fontFamily,
          code: getComputedStyle(document.querySelector(".jp-CodeCell pre")!).fontFamily,
        };
      });
      assert.match(cjk.fonts, /Microsoft YaHei/);
      assert.match(cjk.fonts, /PingFang SC/);
      assert.match(cjk.fonts, /Noto Sans CJK SC/);
      assert.match(cjk.code, /Microsoft YaHei.*monospace$/, "code (and its Chinese comments) too");
      mkdirSync(LOOK, { recursive: true });
      await page.locator("h2", { hasText: "apply_gmm" }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(LOOK, "html-formulas.png") });
      assert.deepEqual(refused, []);
      assert.deepEqual(errors, []);
    });
    test("out/gmm-em.html: the 2 × 3 grid — grey start, vermillion and blue later, ℓ in every title — offline, without console errors", async () => {
      const { page, figures, errors, refused } = notebook;
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
      // the BIC section's figure, BIC and AIC side by side: in each, one line per covariance type
      // and the chosen model's star; a bilingual legend
      const bic = figures.filter({ has: page.locator(".gtitle", { hasText: "BIC" }) }).first();
      assert.equal(await bic.locator(".scatterlayer .trace").count(), 10);
      assert.deepEqual((await bic.locator(".legendtext").allTextContents()).slice(0, 4), [
        "完全 · full",
        "共享 · tied",
        "对角 · diag",
        "球形 · spherical",
      ]);
      assert.deepEqual(errors, []);
      assert.deepEqual(refused, []);
    });
    test("out/gmm-em.html: the comparison, the two k = 3 grids, k-means against EM and the collapse grid draw", async () => {
      const { page, figures, errors, refused } = notebook;
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
      assert.deepEqual(refused, []);
    });
    test("the notebook's live cell: its output carries the browser build once; in out/gmm-em.html it runs EM offline from the notebook's parameters", async () => {
      const run = await defaultRun.ready;
      const nb = readNotebook(run.notebookPath);
      const cell = nb.cells.find((c) => c.cell_type === "code" && text(c.source).includes("showLive("));
      assert.ok(cell, "a cell shows the live figure");
      const outputs = (cell.outputs ?? []).map((o) => text(o.data?.["text/html"]));
      assert.equal(outputs.length, 1);
      const html = htmlOutputs(nb);
      const bundle = libraryBundleSource().slice(0, 300);
      assert.equal(html.split(bundle).length - 1, 1, "the browser build travels in one output");
      assert.ok(outputs[0].includes(bundle), "the live cell's own");

      const { p, X } = lessonDefaults();
      const { page, errors, refused } = notebook;
      const live = page.locator(".gmm-em-live-output");
      await page.waitForFunction(
        () => document.querySelector(".gmm-em-live-output")?.getAttribute("data-ready") === "true",
        null,
        { timeout: 120_000 },
      );
      await live.scrollIntoViewIfNeeded();
      await live.locator("[data-el=step]").click();
      await live.locator("[data-el=step]").click();
      assert.equal(await live.getAttribute("data-iteration"), "2");
      const expected = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: 2, keep: "none" });
      assert.equal(
        await live.locator("[data-el=logLikelihood]").innerText(),
        formatNumber(expected.logLikelihood[2], 4),
      );
      assert.deepEqual(errors, []);
      assert.deepEqual(refused, []);
    });
    test("out/gmm-em.html: the slider starts grey, is dragged and the plot follows; play runs to five past convergence", async () => {
      const { page, figures, errors, refused } = notebook;
      const slider = figures.filter({ has: page.locator(".slider-group") });
      assert.equal(await slider.count(), 1, "one figure with a slider");
      const before = await sliderState(slider);
      assert.equal(before.label, "第 0 次迭代 · iteration 0: ℓ = -23306.809");
      assert.equal(before.fills.length, 400);
      assert.ok(
        before.fills.every((f) => f.join() === GREY.join()),
        "iteration 0: grey, no E-step yet",
      );
      const after = await dragSliderFromStart(page, slider, 0.3);
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
      assert.deepEqual(refused, []);
    });
    test("the HTML printed from a browser with JavaScript on: each live figure gives way to its still, at the page's width; code wraps", async () => {
      const { page } = notebook;
      const figures = figureCount();
      const shown = () =>
        page.evaluate(() =>
          [...document.querySelectorAll(".gmm-em-figure")].map((f) => ({
            still: (f.querySelector("img")?.getBoundingClientRect().width ?? 0) > 0,
            plot: (f.querySelector(".plot-container")?.getBoundingClientRect().width ?? 0) > 0,
            width: f.getBoundingClientRect().width,
          })),
        );
      assert.ok(
        (await shown()).every((f) => f.plot && !f.still),
        "on screen: the live figures",
      );
      // folded again, as a reader leaves them before printing (the formulas' test opened them)
      await page.evaluate(() => {
        for (const d of document.querySelectorAll("details")) d.open = false;
      });
      const live = () =>
        page.evaluate(() => ({
          output: document.querySelector(".gmm-em-live-output")!.checkVisibility(),
          still: document.querySelector(".gmm-em-live-still img")?.getBoundingClientRect().width ?? 0,
        }));
      assert.deepEqual(await live(), { output: true, still: 0 }, "on screen: the live figure");
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: 700, height: 900 }); // about A4's printable width
      const printed = await shown();
      assert.equal(printed.length, figures);
      for (const f of printed) assert.ok(f.still && !f.plot && f.width <= 700, JSON.stringify(f));
      // the worked answers print open, each under its summary
      for (const [i, a] of (await answersSeen(page)).entries()) {
        assert.equal(a.open, false);
        assert.ok(a.summary, `answer ${i + 1}'s summary is printed`);
        assert.ok(a.shownParts.length >= 2, `answer ${i + 1} is printed: ${JSON.stringify(a.shownParts)}`);
      }
      // the original's Python, folded under its mirror cells on screen, is left out of the handout
      const python = await page.evaluate(() =>
        [...document.querySelectorAll("details.gmm-em-original")].map((d) => d.checkVisibility()),
      );
      assert.deepEqual(python, [false, false, false, false]);
      // the live cell prints as its still, at the page's width, not as the running figure
      const paper = await live();
      assert.equal(paper.output, false, "the live figure is not printed");
      assert.ok(paper.still > 500 && paper.still <= 700, `its still is, ${paper.still} px wide`);
      // code and printed output wrap rather than run past the page's edge
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll("pre")]
          .filter((p) => p.scrollWidth > p.clientWidth + 1)
          .map((p) => p.textContent!.slice(0, 60)),
      );
      assert.deepEqual(cut, []);
    });
  });

  test("npm run screenshots' camera: the grid, the slider and k-means against EM as PNGs, written into the folder given", async () => {
    const dir = tempDir("screenshots");
    try {
      const written = await takeScreenshots(htmlPath, dir, browser);
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
});
