/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// The live cell on paper: the live figure (src/live/notebook-output.ts) mounted once in headless
// Chromium, its start photographed and encoded as WebP, and put into the exported page beside the
// live output, with a line saying where to open it live. The page's print style shows the still
// and hides the live output; on screen the still is hidden. Only the page (and so the PDF) gets
// it: the .ipynb keeps the live output as the notebook made it.
import type { Browser } from "playwright-core";
import { plotlyBundleHtml } from "../../src/display/plotly";
import { escapeHtml } from "../../src/figures/shared";
import { LIVE_OUTPUT_CLASS } from "../../src/live/notebook-output";
import { offline } from "./chromium";
import { type NotebookJson, STILL_QUALITY, STILL_SCALE } from "./figure-stills";
import type { LiveStill } from "./still-cache";

/** What the printed still says under its picture: where the figure runs (`livePage` is the live page's file name). */
export function liveStillNote(livePage: string): string {
  return (
    `实时图（初始状态）：在浏览器中打开讲义旁的 ${livePage}，或运行此 notebook，即可拖动初值、单步、播放 · ` +
    `The live figure at its start: open ${livePage}, beside this handout, in a browser, or run the notebook, to drag the start, step and play.`
  );
}

export type { LiveStill };

/** The live page's plots (src/live/app.html): the still ends below them. */
const FIGURES = ".gmm-live-figures";

const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

/** The HTML of the notebook's live output, if it has one. */
export function liveOutputHtml(notebook: NotebookJson): string | undefined {
  return notebook.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => text(o.data?.["text/html"]))
    .find((html) => html.includes(`class="${LIVE_OUTPUT_CLASS}"`));
}

/**
 * The live output `html` at its start, as a picture of its title, buttons and plots: drawn at
 * `width` CSS pixels (a notebook's output width) at `scale` pixels per CSS pixel, encoded as WebP
 * at `quality`, offline. It fails, saying why, when the live figure does not get ready in 60 s.
 */
export async function renderLiveStill(
  html: string,
  browser: Browser,
  { width = 900, scale = STILL_SCALE, quality = STILL_QUALITY } = {},
): Promise<LiveStill> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: scale });
  try {
    const refused = await offline(page);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff">${plotlyBundleHtml()}\n${html}</body></html>`,
    );
    const live = page.locator(`.${LIVE_OUTPUT_CLASS}`);
    try {
      await page.waitForFunction(
        (name) => document.querySelector(`.${name}`)?.getAttribute("data-ready") === "true",
        LIVE_OUTPUT_CLASS,
        { timeout: 60_000 },
      );
    } catch {
      throw new Error(
        `live still: the live figure did not get ready in Chromium${errors.length ? `; page errors: ${errors.join("; ")}` : ""}${refused.length ? `; refused requests: ${refused.join(", ")}` : ""}`,
      );
    }
    // From its title down to its plots: the controls below them are for the screen.
    const box = (await live.boundingBox())!;
    const plots = (await live.locator(FIGURES).boundingBox())!;
    const clip = { x: box.x, y: box.y, width: box.width, height: plots.y + plots.height + 8 - box.y };
    const png = await page.screenshot({ type: "png", clip, fullPage: true, animations: "disabled" });
    const src = await page.evaluate(
      async ({ png, quality }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        canvas.getContext("2d")!.drawImage(image, 0, 0);
        return canvas.toDataURL("image/webp", quality);
      },
      { png: png.toString("base64"), quality },
    );
    if (!src.startsWith("data:image/webp")) throw new Error("live still: this Chromium cannot encode WebP");
    return { src, width: Math.round(clip.width), height: Math.round(clip.height) };
  } finally {
    await page.close();
  }
}

/**
 * `page` (the exported HTML) with `still` put right after the live output's div, and the line
 * saying where it runs (`livePage`). The div holds only its placeholder paragraph until a script
 * mounts the live figure, so its end is the first `</div>` after its start.
 */
export function withLiveStill(page: string, still: LiveStill, livePage: string): string {
  const start = page.indexOf(`class="${LIVE_OUTPUT_CLASS}"`);
  if (start < 0) throw new Error("live still: the page has no live output");
  const end = page.indexOf("</div>", start) + "</div>".length;
  const figure =
    `<div class="gmm-em-print-only gmm-em-live-still">` +
    `<img src="${still.src}" width="${still.width}" height="${still.height}" alt="${escapeHtml("The live figure at its start (still image)")}">` +
    `<p class="gmm-em-live-note">${escapeHtml(liveStillNote(livePage))}</p></div>`;
  return `${page.slice(0, end)}${figure}${page.slice(end)}`;
}
