/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The default run's executed notebook as JupyterLab shows it — and Notebook 7, built on JupyterLab's
// components: the same OutputArea and RenderMimeRegistry — in Chromium, offline
// (test/helpers/jupyterlab.ts). Trusted (npm start's signed copy): the figures are drawn live, the
// slider moves, the live figure runs EM. Untrusted (a copy from another machine): no script runs,
// each figure is its still image and the live figure says what it needs. Text and tables in both.
// One page per trust state, all of the notebook's outputs in it.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { STILL_SCALE } from "../../scripts/export/figure-stills";
import { applyGmm, formatNumber } from "../../src/index";
import { words } from "../../src/live/words";
import { dragSliderFromStart, launchChromium, release, sliderState } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { type CellOutputs, cellsAsServed, openInJupyterLab } from "../helpers/jupyterlab";
import { lessonDefaults, ROOT, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let saved = "";
/** Where a person looks at what the tests saw (out/ is git-ignored). */
const LOOK = join(ROOT, "out", "export-check");

before(async () => {
  saved = readFileSync((await defaultRun.ready).notebookPath, "utf8");
  browser = await launchChromium();
});
after(async () => browser?.close());

const htmlOf = (o: CellOutputs["outputs"][number]): string =>
  text((o.data as Record<string, string | string[]> | undefined)?.["text/html"]);
const streamOf = (o: CellOutputs["outputs"][number]): string =>
  o.output_type === "stream" ? text(o.text as string | string[]) : "";

/** What the cells hold, counted from the notebook itself. */
function expected(cells: CellOutputs[]) {
  // the markup, not the scripts (the browser build carries the tables' template)
  const html = cells.flatMap((c) => c.outputs.map((o) => htmlOf(o).replace(/<script[\s\S]*?<\/script>/g, "")));
  return {
    figures: html.reduce((n, h) => n + (h.match(/class="gmm-em-figure"/g) ?? []).length, 0),
    tables: html.flatMap((h) => h.match(/<table class="gmm-em-table">[\s\S]*?<\/table>/g) ?? []),
    // JupyterLab shows a run of stream outputs of one name as one output
    outputs: cells.map(
      (c) =>
        c.outputs.filter((o, i) => !(i > 0 && o.output_type === "stream" && c.outputs[i - 1].name === o.name)).length,
    ),
    streams: cells.map((c) => c.outputs.map(streamOf).join("")),
  };
}

/** Every table and every cell's printed text as the page shows them, against the notebook's. */
async function checkTextAndTables(page: Page, cells: CellOutputs[]): Promise<void> {
  const want = expected(cells);
  // (no named function inside: the test's compiler would wrap it in a helper the page lacks)
  const shown = await page.evaluate((tables) => {
    return {
      tables: [...document.querySelectorAll("#notebook table.gmm-em-table")].map((t) => ({
        text: t.textContent ?? "",
        rows: t.querySelectorAll("tbody tr").length,
        visible: t.getBoundingClientRect().height > 0,
      })),
      expected: tables.map((html) => new DOMParser().parseFromString(html, "text/html").body.textContent ?? ""),
      streams: [...document.querySelectorAll("#notebook > .jp-OutputArea")].map((area) =>
        [...area.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stdout"]')]
          .map((t) => t.textContent ?? "")
          .join(""),
      ),
    };
  }, want.tables);
  assert.ok(want.tables.length >= 4, `${want.tables.length} tables`);
  assert.deepEqual(
    shown.tables.map((t) => t.text),
    shown.expected,
    "every table, its words and numbers as written",
  );
  for (const t of shown.tables) assert.ok(t.visible && t.rows >= 1, JSON.stringify(t));
  assert.ok(want.streams.join("").includes("X 的形状 · shape of X: 400 × 2"));
  assert.deepEqual(
    shown.streams.map((s) => s.trimEnd()),
    want.streams.map((s) => s.trimEnd()),
    "every cell's printed text",
  );
}

/** The notebook as a Jupyter server sends it to JupyterLab: `copied` makes it a copy from another machine. */
function served(copied: boolean): CellOutputs[] {
  if (!copied) return cellsAsServed(saved);
  const nb = JSON.parse(saved) as { metadata: Record<string, unknown> };
  nb.metadata.copied_from = "another machine"; // any change to a signed notebook unsigns it
  return cellsAsServed(JSON.stringify(nb));
}

describe("the executed notebook in JupyterLab's renderer (Notebook 7's too)", { concurrency: true }, () => {
  test("trusted, as npm start signed it: every figure drawn live, the slider dragged, the live figure steps EM; text and tables shown", async () => {
    const cells = served(false);
    assert.ok(
      cells.every((c) => c.trusted),
      "the server marks every code cell trusted",
    );
    const want = expected(cells);
    const { page, errors, external, shown } = await openInJupyterLab(browser, cells);
    try {
      assert.deepEqual(shown, want.outputs, "every output shown");
      await page.waitForFunction(
        (n) => document.querySelectorAll('#notebook .gmm-em-figure[data-rendered="true"]').length === n,
        want.figures,
        { timeout: 60_000 },
      );
      assert.ok(want.figures >= 9, `${want.figures} figures`);
      const figures = await page.evaluate(() =>
        [...document.querySelectorAll("#notebook .gmm-em-figure")].map((f) => ({
          svg: f.querySelectorAll("svg.main-svg").length,
          traces: f.querySelectorAll(".scatterlayer .trace").length,
          plotWidth: f.querySelector(".plot-container")?.getBoundingClientRect().width ?? 0,
          still: getComputedStyle(f.querySelector(".gmm-em-figure-static")!).display,
        })),
      );
      assert.equal(figures.length, want.figures);
      for (const f of figures)
        assert.ok(f.svg > 0 && f.traces > 0 && f.plotWidth > 300 && f.still === "none", JSON.stringify(f));

      // the slider: drawn at iteration 0 (grey), dragged, and the plot follows
      const slider = page.locator("#notebook .gmm-em-figure").filter({ has: page.locator(".slider-group") });
      assert.equal(await slider.count(), 1, "one figure with a slider");
      const start = await sliderState(slider);
      assert.match(start.label, /^第 0 次迭代 · iteration 0: ℓ = -\d+\.\d+$/);
      assert.deepEqual(
        [...new Set(start.fills.map((f) => f.join(", ")))],
        ["175, 175, 175"],
        "iteration 0: every point grey",
      );
      const moved = await dragSliderFromStart(page, slider, 0.3);
      const iteration = Number(/iteration (\d+):/.exec(moved.label)?.[1]);
      assert.ok(iteration >= 4 && iteration <= 12, moved.label);
      assert.ok(new Set(moved.fills.map((f) => f.join())).size > 1, "coloured by responsibility");
      moved.ellipses.forEach((d, i) => assert.notEqual(d, start.ellipses[i], `ellipse ${i} moved`));

      // the live figure: mounted, two steps of EM from the notebook's parameters, ℓ as applyGmm's
      const live = page.locator("#notebook .gmm-em-live-output");
      await page.waitForFunction(
        () => document.querySelector("#notebook .gmm-em-live-output")?.getAttribute("data-ready") === "true",
        null,
        { timeout: 60_000 },
      );
      await live.scrollIntoViewIfNeeded();
      const before = await live.locator("[data-el=logLikelihood]").innerText();
      await live.locator("[data-el=step]").click();
      await live.locator("[data-el=step]").click();
      assert.equal(await live.getAttribute("data-iteration"), "2");
      const { p, X } = lessonDefaults();
      const after = formatNumber(applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: 2, keep: "none" }).logLikelihood[2], 4);
      assert.equal(await live.locator("[data-el=logLikelihood]").innerText(), after);
      assert.notEqual(before, after, "the readout a student sees changed");
      assert.equal(await live.locator("p", { hasText: words("noScript").split(" · ")[0] }).count(), 0);

      await checkTextAndTables(page, cells);
      assert.deepEqual(errors, []);
      assert.deepEqual(external, []);
      mkdirSync(LOOK, { recursive: true });
      await slider.screenshot({ path: join(LOOK, "jupyterlab-trusted-slider.png") });
      await live.screenshot({ path: join(LOOK, "jupyterlab-trusted-live.png") });
    } finally {
      await release(page);
    }
  });

  test("untrusted, a copy from another machine: no script runs; every figure is its still image, the live figure says it needs trust; text and tables shown", async () => {
    const cells = served(true);
    assert.ok(
      cells.every((c) => !c.trusted),
      "the server marks every code cell untrusted",
    );
    const want = expected(cells);
    const { page, errors, external, shown } = await openInJupyterLab(browser, cells);
    try {
      assert.deepEqual(shown, want.outputs, "every output shown");
      // every still image decoded (the sanitizer keeps <img src="data:…">)
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll<HTMLImageElement>("#notebook img")].filter(
            (img) => img.complete && img.naturalWidth > 0,
          ).length >= n,
        want.figures,
        { timeout: 30_000 },
      );
      const ran = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          scripts: document.querySelectorAll("#notebook script").length,
          plotly: typeof w.Plotly,
          queue: typeof w.__gmmEmPlotly,
          live: typeof w.gmmEmLive,
          drawn: document.querySelectorAll("#notebook .main-svg, #notebook [data-rendered], #notebook [data-mounted]")
            .length,
        };
      });
      assert.deepEqual(ran, { scripts: 0, plotly: "undefined", queue: "undefined", live: "undefined", drawn: 0 });
      const images = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>("#notebook img")].map((img) => ({
          type: /^data:(image\/[a-z]+);base64,/.exec(img.src)?.[1] ?? img.src.slice(0, 30),
          head: atob(img.src.slice(img.src.indexOf(",") + 1, img.src.indexOf(",") + 17)).slice(0, 12),
          natural: img.naturalWidth,
          width: Number(img.getAttribute("width")),
          shown: img.getBoundingClientRect().width,
          alt: img.alt,
        })),
      );
      assert.equal(images.length, want.figures, "one still per figure");
      for (const img of images) {
        assert.equal(img.type, "image/webp", img.alt);
        assert.match(img.head, /^RIFF.{4}WEBP$/s, `${img.alt}: WebP bytes`);
        assert.ok(
          Math.abs(img.natural - STILL_SCALE * img.width) <= 2,
          `${img.alt}: painted at ${STILL_SCALE} × (${img.natural}, ${img.width})`,
        );
        assert.ok(img.shown > 300 && img.alt.length > 0, JSON.stringify({ ...img, head: undefined }));
      }
      assert.ok(
        images.some((i) => i.alt.includes("EM from a poor start")),
        "the snapshot grid's still",
      );
      const notebookText = (await page.locator("#notebook").innerText()).replace(/\s+/g, " ");
      assert.ok(notebookText.includes("in a trusted notebook"), "the slider's still says it moves once trusted");
      assert.ok(!notebookText.includes("waiting for plotly.js"), "no figure's placeholder text: each has its still");
      const live = page.locator("#notebook .gmm-em-live-output");
      assert.equal(await live.count(), 1);
      for (const sentence of words("noScript").split(" · "))
        assert.ok((await live.innerText()).includes(sentence), sentence);
      assert.ok(
        await live.evaluate((e) => e.getBoundingClientRect().height > 20),
        "the live figure's sentence is shown",
      );

      await checkTextAndTables(page, cells);
      assert.deepEqual(errors, []);
      assert.deepEqual(external, []);
      mkdirSync(LOOK, { recursive: true });
      const grid = page.locator("#notebook .jp-OutputArea-output", {
        has: page.locator('img[alt*="EM from a poor start"]'),
      });
      await grid.screenshot({ path: join(LOOK, "jupyterlab-untrusted-grid.png") });
      await live.screenshot({ path: join(LOOK, "jupyterlab-untrusted-live.png") });
    } finally {
      await release(page);
    }
  });
});
