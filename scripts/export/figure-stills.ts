/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// The still image inside each figure's output: every figure of an executed notebook drawn once in
// headless Chromium, its picture made with plotly.js's own SVG export, encoded as WebP, and put
// into the figure's placeholder (withFigureStill). Where scripts run, the live figure replaces it;
// where they do not (an untrusted notebook, GitHub's preview, JavaScript off), the reader sees it.
import type { Browser } from "playwright-core";
import { figureIds, plotlyBundleHtml, withFigureStill } from "../../src/display/plotly";
import { escapeHtml } from "../../src/figures/shared";
import { offline } from "./chromium";
import type { DrawnStill, StillCache } from "./still-cache";

/** The part of an .ipynb that this step reads and writes. */
export interface NotebookJson {
  cells: { cell_type: string; outputs?: { output_type: string; data?: Record<string, string | string[]> }[] }[];
  [key: string]: unknown;
}

/** Pixels per CSS pixel of a still: sharp when printed at the page's width (about 130 dpi on A4). */
export const STILL_SCALE = 1.35;
/** WebP's quality, 0–1: the points, lines and text stay sharp (checked by eye) at a tenth of a PNG's bytes. */
export const STILL_QUALITY = 0.7;

export interface StillOptions {
  /** WebP's quality, 0–1: at 0.7 the points, lines and text stay sharp (checked by eye) at a tenth of a PNG's bytes. */
  quality?: number;
  /** Pixels per CSS pixel: 1.35 keeps the picture sharp when printed at the page's width (about 130 dpi on A4). */
  scale?: number;
  /** Stills drawn by an earlier export of the run: a figure found there is not drawn again; those drawn are added. */
  cache?: StillCache;
}

/** One figure's still, as made. */
export interface StillReport {
  id: string;
  title: string;
  width: number;
  height: number;
  /** The image's bytes (decoded from base64). */
  bytes: number;
  slider: boolean;
}

/** What the still of a figure with a slider says under its picture. */
export const SLIDER_NOTE =
  "静态图:第一帧。在受信任的笔记本或启用 JavaScript 的网页中可拖动滑块、播放 ▶ · " +
  "A still of the first frame: in a trusted notebook, or this page with JavaScript on, the slider moves and ▶ plays.";

/** What the slider's still says on paper, in the exported page's print (`page` is the page's file name). */
export function sliderPrintNote(page: string): string {
  return (
    `静态图：第一帧。在浏览器中打开讲义旁的 ${page}，或运行此 notebook，即可拖动滑块、播放 ▶ · ` +
    `A still of the first frame: open ${page}, beside this handout, in a browser, or run the notebook, and the slider moves and ▶ plays.`
  );
}

/**
 * `html` (the exported page) with the slider's note in two versions: SLIDER_NOTE on screen, and
 * for print the one that says where the slider moves (the page's print style shows one or the other).
 */
export function withSliderPrintNote(html: string, page: string): string {
  return html
    .split(escapeHtml(SLIDER_NOTE))
    .join(
      `<span class="gmm-em-screen-only">${escapeHtml(SLIDER_NOTE)}</span><span class="gmm-em-print-only">${escapeHtml(sliderPrintNote(page))}</span>`,
    );
}

const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));
/** Back in the form the notebook had: nbformat keeps multi-line strings as lists of lines. */
const likeBefore = (before: string | string[], value: string): string | string[] =>
  Array.isArray(before) ? value.split(/(?<=\n)/) : value;

/**
 * A copy of `notebook` whose figure outputs carry their still images, and what was made. Every
 * figure is drawn in one page with plotly.js from src/display (the bundle the notebook carries),
 * offline; a figure that does not draw in 60 s fails the step, naming it.
 */
export async function addFigureStills(
  notebook: NotebookJson,
  browser: Browser,
  options: StillOptions = {},
): Promise<{ notebook: NotebookJson; stills: StillReport[] }> {
  const quality = options.quality ?? STILL_QUALITY;
  const scale = options.scale ?? STILL_SCALE;
  const copy = JSON.parse(JSON.stringify(notebook)) as NotebookJson;
  const outputs = copy.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => figureIds(text(o.data?.["text/html"])).length > 0);
  const cached = new Map(outputs.map((o) => [o, options.cache?.figuresOf(text(o.data!["text/html"]))]));
  const drawn = await drawStills(
    outputs.filter((o) => cached.get(o) === undefined),
    browser,
    quality,
    scale,
  );
  const reports: StillReport[] = [];
  for (const output of outputs) {
    const before = output.data!["text/html"];
    let html = text(before);
    const ids = figureIds(html);
    const stills = cached.get(output) ?? ids.map((id) => drawn.get(id)!);
    if (cached.get(output) === undefined) options.cache?.keepFigures(html, stills);
    for (const [i, id] of ids.entries()) {
      const still = stills[i];
      html = withFigureStill(html, id, {
        src: still.src,
        width: still.width,
        height: still.height,
        alt: still.alt,
        note: still.slider ? SLIDER_NOTE : undefined,
      });
      const bytes = Buffer.from(still.src.slice(still.src.indexOf(",") + 1), "base64").length;
      reports.push({ id, title: still.title, width: still.width, height: still.height, bytes, slider: still.slider });
    }
    output.data!["text/html"] = likeBefore(before, html);
  }
  return { notebook: copy, stills: reports };
}

/** The stills of the figures of `outputs`, by figure id, drawn in one page. */
async function drawStills(
  outputs: NonNullable<NotebookJson["cells"][number]["outputs"]>,
  browser: Browser,
  quality: number,
  scale: number,
): Promise<Map<string, DrawnStill>> {
  const stills = new Map<string, DrawnStill>();
  if (outputs.length === 0) return stills;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    const refused = await offline(page);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const body = outputs.map((o) => `<div class="output">${text(o.data!["text/html"])}</div>`).join("\n");
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${plotlyBundleHtml()}\n${body}</body></html>`,
    );
    const ids = outputs.flatMap((o) => figureIds(text(o.data!["text/html"])));
    try {
      await page.waitForFunction(
        (all) => all.every((id) => document.getElementById(id)?.getAttribute("data-rendered") === "true"),
        ids,
        { timeout: 60_000 },
      );
    } catch {
      const missing = await page.evaluate(
        (all) => all.filter((id) => document.getElementById(id)?.getAttribute("data-rendered") !== "true"),
        ids,
      );
      throw new Error(
        `figure stills: ${missing.length} of ${ids.length} figures did not draw in Chromium (${missing.join(", ")})` +
          `${errors.length ? `; page errors: ${errors.join("; ")}` : ""}${refused.length ? `; refused requests: ${refused.join(", ")}` : ""}`,
      );
    }
    for (const id of ids) {
      stills.set(id, await page.evaluate(renderStill, { id, quality, scale }));
    }
    return stills;
  } finally {
    await page.close();
  }
}

/**
 * In the page: figure `id` as plotly.js exports it to SVG (the figure as first drawn: a slider at
 * its first frame), painted on a white canvas at `scale` and encoded as WebP at `quality`.
 */
async function renderStill({ id, quality, scale }: { id: string; quality: number; scale: number }) {
  const gd = document.getElementById(id) as HTMLElement & {
    _fullLayout: { width: number; height: number; title?: { text?: string }; sliders?: unknown[] };
  };
  const Plotly = (window as unknown as { Plotly: { toImage(gd: HTMLElement, o: object): Promise<string> } }).Plotly;
  const { width, height } = gd._fullLayout;
  const svg = await Plotly.toImage(gd, { format: "svg", width, height });
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error(`figure ${id}: its SVG did not load as an image`));
    image.src = svg;
  });
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d")!;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const src = canvas.toDataURL("image/webp", quality);
  if (!src.startsWith("data:image/webp")) throw new Error(`figure ${id}: this Chromium cannot encode WebP`);
  const title = (gd._fullLayout.title?.text ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const slider = (gd._fullLayout.sliders ?? []).length > 0;
  return { src, width, height, title, slider, alt: title === "" ? "A figure (still image)" : `${title} (still image)` };
}
