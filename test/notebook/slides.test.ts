/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The default run's out/gmm-em-slides.html as a projector shows it: Chromium at 1024 × 768, every
// request but the file itself refused. Every slide is walked: its content fits the slide (no
// scrolling, nothing past its edges), its formulas are SVG, its figures are drawn by plotly.js;
// no worked answer is on a slide. With JavaScript off, the slides read as a page and each figure
// is its still image. Three slides are photographed into out/export-check/ for a person to look at.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, pageAlone } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { ROOT, readNotebook, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
const PROJECTOR = { width: 1024, height: 768 };
/** Where a person looks at what the test saw (out/ is git-ignored). */
const LOOK = join(ROOT, "out", "export-check");
let browser: Browser;
let slidesPath = "";
/** How many figures the executed notebook shows in cells that are on a slide. */
let figuresOnSlides = 0;

before(async () => {
  const run = await defaultRun.ready;
  slidesPath = join(run.dir, "gmm-em-slides.html");
  const cells = readNotebook(run.notebookPath).cells as unknown as {
    metadata: { slideshow?: { slide_type?: string } };
    outputs?: { data?: Record<string, string | string[]> }[];
  }[];
  for (const cell of cells) {
    const kind = cell.metadata.slideshow?.slide_type;
    if (kind === "skip" || kind === "notes") continue;
    for (const o of cell.outputs ?? [])
      figuresOnSlides += (text(o.data?.["text/html"]).match(/class="gmm-em-figure"/g) ?? []).length;
  }
  browser = await launchChromium();
});
after(async () => browser?.close());

/** What one slide holds, as reveal.js shows it (every fragment shown). */
function slideSeen(page: Page, index: number) {
  return page.evaluate((i) => {
    const reveal = (window as unknown as { Reveal: RevealApi }).Reveal;
    const slide = reveal.getSlides()[i];
    const at = reveal.getIndices(slide);
    reveal.slide(at.h, at.v, Number.MAX_SAFE_INTEGER);
    const box = document.querySelector(".reveal .slides")!.getBoundingClientRect();
    // what is seen: not the speaker notes, not the formulas' MathML for screen readers; an SVG
    // whole (plotly clips its curves inside it: their own boxes are not what is drawn)
    const seen = [...slide.querySelectorAll("*")].filter(
      (e) =>
        e.parentElement?.closest("svg") == null &&
        !e.closest("aside.notes, mjx-assistive-mml") &&
        e.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }),
    );
    // boxes past the slide's edges, and content wider than its box (a line that cannot wrap);
    // an inline element's box may hang a wrapped line's last space past the edge: its block's is checked
    const outside = seen
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const past = r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
        return (r.width > 0 && past && getComputedStyle(e).display !== "inline") || e.scrollWidth > e.clientWidth + 1;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute("class") ?? ""}`);
    const figures = [...slide.querySelectorAll<HTMLElement>(".gmm-em-figure")].map((f) => ({
      rendered: f.getAttribute("data-rendered") === "true" && f.classList.contains("js-plotly-plot"),
      plot: (f.querySelector(".main-svg")?.getBoundingClientRect().width ?? 0) > 100,
      traces: f.querySelectorAll(".main-svg .trace").length,
    }));
    const formulas = [...slide.querySelectorAll("mjx-container")]
      .filter((m) => !m.closest("aside.notes"))
      .map((m) => {
        const svg = m.querySelector(":scope > svg");
        return svg !== null && svg.querySelectorAll("use, path").length > 0 && svg.getBoundingClientRect().width > 2;
      });
    const words = seen
      .filter((e) => e.children.length === 0)
      .map((e) => e.textContent ?? "")
      .join(" ");
    return {
      // a heading's text without its link to itself (¶, hidden on slides)
      title: (slide.querySelector("h1, h2, h3, .gtitle")?.textContent ?? words.slice(0, 40)).replace(/¶$/, "").trim(),
      scrollHeight: slide.scrollHeight,
      height: reveal.getConfig().height,
      outside,
      figures,
      formulas,
      tex: /\$\$|\\frac|\\sum|\\mathcal/.test(words),
      answers:
        seen.filter((e) => e.tagName === "DETAILS").length + (/(BEGIN|END) SOLUTION|答案 · Answer/.test(words) ? 1 : 0),
      notes: slide.querySelectorAll("aside.notes").length,
    };
  }, index);
}

interface RevealApi {
  isReady(): boolean;
  getSlides(): HTMLElement[];
  getIndices(slide: HTMLElement): { h: number; v: number };
  slide(h: number, v: number, f: number): void;
  getConfig(): { width: number; height: number };
  configure(options: object): void;
  hasPlugin(id: string): boolean;
}

describe("out/gmm-em-slides.html", { concurrency: true }, () => {
  test("at 1024 × 768, offline: every slide fits, its formulas are SVG, its figures draw; no answer is on a slide", async () => {
    const { page, refused, errors, close } = await pageAlone(browser, slidesPath, {
      javaScript: true,
      viewport: PROJECTOR,
    });
    try {
      await page.waitForFunction(
        () => (window as unknown as { Reveal?: RevealApi }).Reveal?.isReady?.() === true,
        null,
        {
          timeout: 60_000,
        },
      );
      const { count, size, notes } = await page.evaluate(() => {
        const reveal = (window as unknown as { Reveal: RevealApi }).Reveal;
        reveal.configure({ transition: "none" });
        return { count: reveal.getSlides().length, size: reveal.getConfig(), notes: reveal.hasPlugin("notes") };
      });
      assert.deepEqual([size.width, size.height], [1024, 768], "the slides are laid out for a 1024 × 768 projector");
      assert.ok(count >= 30 && count <= 80, `${count} slides`);
      assert.ok(notes, "the speaker notes' plugin (S opens the speaker view)");
      const slides = [];
      for (let i = 0; i < count; i++) slides.push(await slideSeen(page, i));
      for (const [i, s] of slides.entries()) {
        const name = `slide ${i + 1} (${s.title})`;
        assert.ok(s.scrollHeight <= s.height, `${name}: ${s.scrollHeight} px tall, more than ${s.height}`);
        assert.deepEqual(s.outside, [], `${name}: nothing past the slide's edges`);
        for (const f of s.figures) assert.ok(f.rendered && f.plot && f.traces > 0, `${name}: ${JSON.stringify(f)}`);
        assert.ok(s.formulas.every(Boolean), `${name}: every formula an SVG with its glyphs`);
        assert.equal(s.tex, false, `${name}: no TeX left in what is seen`);
        assert.equal(s.answers, 0, `${name}: no worked answer`);
      }
      const figures = slides.flatMap((s) => s.figures);
      assert.ok(figuresOnSlides >= 9, `${figuresOnSlides} figures in the cells on slides`);
      assert.equal(figures.length, figuresOnSlides, "each figure of a cell on a slide is on the slides");
      assert.ok(slides.filter((s) => s.formulas.length > 0).length >= 6, "formulas on several slides");
      assert.ok(slides.filter((s) => s.notes > 0).length >= 10, "the long prose is in speaker notes");
      assert.equal(slides[0].title, "高斯混合模型实践 · Gaussian mixture models in practice");

      // three slides for a person to look at: the title, the EM step's formulas, the 2 × 3 grid
      mkdirSync(LOOK, { recursive: true });
      const shots: [string, number][] = [
        ["slides-title.png", 0],
        ["slides-formulas.png", slides.findIndex((s) => s.title.includes("apply_gmm"))],
        ["slides-grid.png", slides.findIndex((s) => s.title.includes("EM from a poor start"))],
      ];
      for (const [file, index] of shots) {
        assert.ok(index >= 0, file);
        await slideSeen(page, index);
        await page.screenshot({ path: join(LOOK, file) });
      }
      assert.deepEqual(refused, []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("with JavaScript off: the slides read as a page, each figure its still image, the notes hidden", async () => {
    const { page, refused, close } = await pageAlone(browser, slidesPath, { javaScript: false, viewport: PROJECTOR });
    try {
      const seen = await page.evaluate(() => ({
        stills: [...document.querySelectorAll(".gmm-em-figure")].map((f) => {
          const img = f.querySelector("img");
          return (
            img?.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) === true &&
            img.getBoundingClientRect().width > 100 &&
            img.complete
          );
        }),
        plots: document.querySelectorAll(".main-svg").length,
        slides: [...document.querySelectorAll(".reveal .slides > section")].filter(
          (s) =>
            s.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) && s.getBoundingClientRect().height > 0,
        ).length,
        all: document.querySelectorAll(".reveal .slides > section").length,
        notes: [...document.querySelectorAll("aside.notes")].filter((n) =>
          n.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }),
        ).length,
        title: document.querySelector("h1")?.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) ?? false,
      }));
      assert.equal(seen.stills.length, figuresOnSlides);
      assert.ok(seen.stills.every(Boolean), `every figure's still shows: ${JSON.stringify(seen.stills)}`);
      assert.equal(seen.plots, 0, "no script ran");
      assert.ok(seen.all >= 15 && seen.slides === seen.all, `${seen.slides} of ${seen.all} slides shown`);
      assert.equal(seen.notes, 0);
      assert.ok(seen.title);
      assert.deepEqual(refused, []);
    } finally {
      await close();
    }
  });
});
