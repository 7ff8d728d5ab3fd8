// The printable handout: the exported page printed by Chromium to an A4 PDF. Printed with
// JavaScript off, so each figure is its still image (scaled to the page's width by the page's print
// CSS, never split across pages) and nothing depends on a script having finished.
import type { Browser } from "playwright-core";

/** Where the page is served from while it prints (a name that no network resolves: nothing else is loaded). */
const PAGE_URL = "http://gmm-em-handout.invalid/page.html";

/** The PDF of page `html` (A4, the page's own @page margins), as bytes. */
export async function printHandout(html: string, browser: Browser): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const refused: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url === PAGE_URL) return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
      if (url.startsWith("data:")) return route.continue();
      refused.push(url);
      return route.abort();
    });
    await page.goto(PAGE_URL, { waitUntil: "load" });
    if (refused.length > 0)
      throw new Error(`the page asked for ${refused.join(", ")}: it must hold everything it shows`);
    await page.emulateMedia({ media: "print" });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      outline: true,
      tagged: true,
    });
  } finally {
    await context.close();
  }
}
