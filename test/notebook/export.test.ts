/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// What npm start hands out, as a reader away from this machine gets it: the HTML holding all it
// shows, the HTML with JavaScript off (every figure's still image), the A4 PDF handout (its pages as
// pdfinfo and pdftoppm see them), and the size budgets of the HTML and the .ipynb. (The HTML with
// JavaScript on, as a reader sees it in Chromium: html-page.test.ts.)

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { SLIDER_NOTE, sliderPrintNote } from "../../scripts/export/figure-stills";
import { liveStillNote } from "../../scripts/export/live-still";
import { outputFiles } from "../../scripts/start/steps";
import { componentColor } from "../../src/figures/colors";
import { launchChromium, pageAlone } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { htmlOutputs, ROOT, readNotebook, removeDir, tempDir, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;

before(async () => {
  await defaultRun.ready;
  browser = await launchChromium();
});
after(async () => browser?.close());

/** Decimal megabytes: the stricter reading of a site's "5 MB". */
const MB = 1_000_000;
/** Where a person looks at what the tests saw (kept: out/ is git-ignored). */
const LOOK = join(ROOT, "out", "export-check");

/** How many figure outputs the executed notebook has (one per showFigure call). */
const figureCount = () =>
  (htmlOutputs(readNotebook(defaultRun().notebookPath)).match(/class="gmm-em-figure"/g) ?? []).length;

/** The worked answers of the notebook's markdown (the bodies of its `<details>`), as written. */
const answers = () =>
  readNotebook(defaultRun().notebookPath)
    .cells.filter((c) => c.cell_type === "markdown")
    .flatMap((c) => [...text(c.source).matchAll(/<details><summary>(.*?)<\/summary>([\s\S]*?)<\/details>/g)])
    .map((m) => ({ summary: m[1], body: m[2] }));

/** Text as compared with pdftotext's: no white space (lines wrap anywhere), no markdown's `*` or backquotes. */
const bare = (t: string) => t.replace(/[\s*`]/g, "");

/** The PDF's text, as pdftotext reads it line by line (its reading order without -layout jumps around the formulas' gaps). */
function pdfText(pdf: string): string {
  const run = spawnSync("pdftotext", ["-layout", "-nopgbrk", pdf, "-"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe("what npm start hands out", { concurrency: 2 }, () => {
  test("the HTML holds everything it shows: no script, style, font or image from a file:// path or the network", () => {
    const html = readFileSync(defaultRun().htmlPath, "utf8");
    // The markup and CSS, without the scripts' own text (plotly.js holds URLs it never loads here).
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/gi, "$1$2");
    const found = (pattern: RegExp) => markup.match(pattern)?.[0];
    assert.equal(found(/<script[^>]*\ssrc=[^>]*>/i), undefined, "no script is loaded");
    assert.equal(found(/<link[^>]*>/i), undefined, "no stylesheet or icon is loaded");
    assert.equal(
      found(/<(img|image|iframe|source|video|audio|embed|object)\b[^>]*\s(src|href|data)="(?!data:|#)[^"]*"/i),
      undefined,
      "images only as data: URLs",
    );
    assert.equal(
      found(/@import[^;]*;|url\((?!\s*["']?\s*(data:|#))[^)]*\)/i),
      undefined,
      "CSS loads nothing (url() only of data: or an SVG's own #id)",
    );
    assert.equal(found(/file:\/\/[^"'\s)]*/i), undefined, "no file:// path");
    const loads = [
      ...markup.matchAll(/<(\w+)\b[^>]*\s(?:src|href|action|data|poster)="((?:https?:)?\/\/[^"]*)"/gi),
    ].filter((m) => m[1].toLowerCase() !== "a");
    assert.deepEqual(
      loads.map((m) => m[0]),
      [],
      "network addresses only in links a reader clicks",
    );
  });

  test("the HTML with JavaScript off: every figure is its still image, the slider's with its note", async () => {
    const { page, refused, close } = await pageAlone(browser, defaultRun().htmlPath, { javaScript: false });
    const figures = figureCount();
    const stills = await page.evaluate(() =>
      [...document.querySelectorAll(".gmm-em-figure")].map((figure) => {
        const img = figure.querySelector("img");
        const box = img?.getBoundingClientRect();
        return {
          id: figure.id,
          image: img?.complete && img.naturalWidth > 0 && img.src.startsWith("data:image/webp;base64,"),
          shown: box !== undefined && box.width > 200 && box.height > 150,
          bytes: img ? Math.round((img.src.length - img.src.indexOf(",") - 1) * 0.75) : 0,
          note: (figure.querySelector(".gmm-em-figure-note") as HTMLElement | null)?.innerText ?? "",
          text: (figure.textContent ?? "").replace(figure.querySelector(".gmm-em-figure-note")?.textContent ?? "", ""),
        };
      }),
    );
    assert.equal(stills.length, figures);
    for (const s of stills) {
      assert.ok(s.image && s.shown, `figure ${s.id}: its still image is shown (${JSON.stringify(s)})`);
      assert.ok(s.bytes > 5_000 && s.bytes < 250_000, `figure ${s.id}: a compact image, ${s.bytes} bytes`);
      assert.equal(s.text, "", `figure ${s.id}: no "waiting for plotly.js" text`);
    }
    assert.deepEqual(
      stills.filter((s) => s.note !== "").map((s) => s.note),
      [SLIDER_NOTE],
      "one note, under the slider's still",
    );
    // What is for paper is not on screen: the slider's note for paper, the live cell's still
    const paper = await page.evaluate(() =>
      [...document.querySelectorAll(".gmm-em-print-only")].map((e) => ({
        text: e.textContent,
        shown: e.getBoundingClientRect().height > 0,
      })),
    );
    assert.equal(paper.length, 2, JSON.stringify(paper));
    assert.ok(
      paper.every((e) => !e.shown),
      "hidden on screen",
    );
    assert.equal(paper[0].text, sliderPrintNote("gmm-em.html"));
    assert.equal(paper[1].text, liveStillNote("gmm-em-live.html"));
    mkdirSync(LOOK, { recursive: true });
    const slider = page.locator(".gmm-em-figure").filter({ has: page.locator(".gmm-em-figure-note") });
    await slider.screenshot({ path: join(LOOK, "html-no-javascript-slider.png") });
    const grid = page.locator(".gmm-em-figure").filter({ has: page.locator('img[alt*="EM from a poor start"]') });
    await grid.screenshot({ path: join(LOOK, "html-no-javascript-grid.png") });
    assert.deepEqual(refused, []);
    await close();
  });

  /** The pages of a PDF as pdftoppm renders them, as RGB pixels (PPM read by hand: no image library). */
  function renderPage(
    pdf: string,
    page: number,
    dpi: number,
    dir: string,
  ): { width: number; height: number; rgb: Buffer } {
    const prefix = join(dir, `page-${page}`);
    const run = spawnSync(
      "pdftoppm",
      ["-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf, prefix],
      { encoding: "buffer" },
    );
    assert.equal(run.status, 0, run.stderr.toString());
    const ppm = readFileSync(`${prefix}.ppm`);
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString("latin1"))!;
    return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
  }

  test("the PDF handout: A4 pages, every figure and the live cell's start on one page within it, the grid with all three columns", () => {
    const pdf = join(defaultRun().dir, "gmm-em.pdf");
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.equal(info.status, 0, info.stderr);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    // the lesson with its answers open, every figure on a page of its own width
    assert.ok(pages >= 8 && pages <= 40, `${pages} pages`);
    const sizes = spawnSync("pdfinfo", ["-f", "1", "-l", String(pages), pdf], { encoding: "utf8" }).stdout;
    const pageSizes = [...sizes.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.equal(pageSizes.length, pages);
    for (const [w, h] of pageSizes)
      assert.ok(Math.abs(w - 595.28) < 1 && Math.abs(h - 841.89) < 1, `A4 is 595 × 842 pt, got ${w} × ${h}`);

    // Every figure is one image on one page (a figure split across two pages would be drawn twice), within the page.
    const list = spawnSync("pdfimages", ["-list", pdf], { encoding: "utf8" });
    assert.equal(list.status, 0, list.stderr);
    const images = list.stdout
      .split("\n")
      .slice(2)
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const f = l.trim().split(/\s+/);
        return { page: Number(f[0]), width: Number(f[3]), height: Number(f[4]), ppi: Number(f[12]) };
      });
    assert.equal(
      images.length,
      figureCount() + 1,
      `the figures' stills and the live cell's: ${JSON.stringify(images)}`,
    );
    for (const image of images)
      assert.ok(
        (image.width / image.ppi) * 72 <= 595 - 2 * 28,
        `an image ${(image.width / image.ppi) * 72} pt wide fits the page`,
      );

    // The snapshot grid (the largest still): its page, rendered, shows the three columns whole —
    // points of both components' colours in each third of the figure's width.
    const grid = images.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    const dir = tempDir("pdf-pages");
    try {
      const { width, height, rgb } = renderPage(pdf, grid.page, 100, dir);
      assert.ok(Math.abs(width / height - 595.28 / 841.89) < 0.01, `${width} × ${height}`);
      const near = (x: number, y: number, [r, g, b]: number[]) => {
        const i = (y * width + x) * 3;
        return Math.abs(rgb[i] - r) + Math.abs(rgb[i + 1] - g) + Math.abs(rgb[i + 2] - b) < 60;
      };
      // the columns of the page that hold points of component 1 and of component 2, in their colours
      const [first, second] = [0, 1].map((j) => componentColor(j).match(/\d+/g)!.map(Number));
      const red = new Set<number>(),
        blue = new Set<number>();
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          if (near(x, y, first)) red.add(x);
          if (near(x, y, second)) blue.add(x);
        }
      const columns = [...red].filter((x) => blue.has(x));
      const left = Math.min(...columns),
        right = Math.max(...columns);
      assert.ok(
        right - left > width * 0.5,
        `coloured points span ${left}–${right} of ${width} px: the grid's three columns`,
      );
      for (const third of [0, 1, 2]) {
        const from = left + ((right - left) * third) / 3,
          to = left + ((right - left) * (third + 1)) / 3;
        assert.ok(
          [...red].some((x) => x >= from && x <= to) && [...blue].some((x) => x >= from && x <= to),
          `column ${third + 1} has points of both components`,
        );
      }
      assert.ok(right < width - 20, "the third column ends inside the page");
      mkdirSync(LOOK, { recursive: true });
      // every page for a person to look at; JPEG, as PNG's compression costs pdftoppm 3.5 times the CPU
      const pages = spawnSync("pdftoppm", ["-r", "80", "-jpeg", pdf, join(LOOK, "pdf-page")]);
      assert.equal(pages.status, 0);
    } finally {
      removeDir(dir);
    }
    // the code is text in the PDF (searchable, copyable), the grid's cell among it
    const layout = spawnSync("pdftotext", ["-layout", "-nopgbrk", pdf, "-"], { encoding: "utf8" });
    assert.match(layout.stdout, /showFigure\(snapshotGrid\(X, result, histIndex/);
  });

  test("the PDF handout is the teacher's: every worked answer printed open under its summary; the live cell's still says where it runs; no word of trusting a notebook", () => {
    const printed = pdfText(join(defaultRun().dir, "gmm-em.pdf"));
    const all = answers();
    assert.ok(all.length >= 5, `${all.length} answers`);
    // each summary as a heading line, once per answer
    for (const summary of new Set(all.map((a) => a.summary)))
      assert.equal(
        printed.split("\n").filter((line) => line.trim() === summary).length,
        all.filter((a) => a.summary === summary).length,
        `"${summary}" heads each answer`,
      );
    // every answer's text, in both languages, between its formulas (typeset as drawings, which pdftotext does not read)
    const flat = bare(printed);
    for (const [i, answer] of all.entries()) {
      const runs = answer.body
        .split(/\$\$[\s\S]+?\$\$|\$[^$]+\$/)
        .map(bare)
        .filter((run) => run.length >= 3);
      assert.ok(runs.join("").length > 150, `answer ${i + 1} has text`);
      for (const run of runs) assert.ok(flat.includes(run), `answer ${i + 1}: "${run}" is in the PDF`);
    }
    // their markdown read as markdown (nbconvert alone passes a <details> block through as it is written)
    assert.doesNotMatch(printed, /\*\*/, "no ** left of the answers' bold");
    // the live cell: its still's line (the still itself is counted with the images), not its placeholder
    assert.ok(flat.includes(bare(liveStillNote("gmm-em-live.html"))), "the live still's line");
    assert.ok(flat.includes(bare(sliderPrintNote("gmm-em.html"))), "the slider's note for paper");
    assert.ok(!flat.includes(bare(SLIDER_NOTE)), "not the slider's note for the screen");
    assert.doesNotMatch(printed, /trust|信任/i, "no word of trusting a notebook");
  });

  test("sizes: out/gmm-em.html at most 5 MB and out/gmm-em.ipynb at most 6 MB, still images and all", () => {
    const run = defaultRun();
    const html = statSync(run.htmlPath).size,
      ipynb = statSync(run.notebookPath).size;
    const pdf = statSync(join(run.dir, "gmm-em.pdf")).size;
    console.log(
      `sizes: HTML ${(html / MB).toFixed(2)} MB, .ipynb ${(ipynb / MB).toFixed(2)} MB, PDF ${(pdf / MB).toFixed(2)} MB`,
    );
    assert.ok(html <= 5 * MB, `out/gmm-em.html is ${(html / MB).toFixed(2)} MB`);
    assert.ok(ipynb <= 6 * MB, `out/gmm-em.ipynb is ${(ipynb / MB).toFixed(2)} MB`);
    // every file the steps declare, and nothing else beside the run's record
    assert.deepEqual(
      readdirSync(run.dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f !== "run.json" && statSync(join(run.dir, f)).isFile())
        .sort(),
      outputFiles().sort(),
    );
  });
});
