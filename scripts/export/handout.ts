// The printable handout: the exported page printed by Chromium to an A4 PDF. Printed with
// JavaScript off, so each figure is its still image (scaled to the page's width by the page's print
// CSS, never split across pages) and nothing depends on a script having finished.
import { pathToFileURL } from "url";
import type { Browser } from "playwright-core";
import { offline } from "./chromium";

/** The PDF of the page at `htmlPath` (A4, the page's own @page margins), as bytes. */
export async function printHandout(htmlPath: string, browser: Browser): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const refused = await offline(page);
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
    if (refused.length > 0) throw new Error(`the page asked for ${refused.join(", ")}: it must hold everything it shows`);
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, outline: true, tagged: true });
  } finally {
    await context.close();
  }
}
