// Headless Chromium for the tests that look at figures as a reader does: the one npm start uses.
import type { Browser, Page } from "playwright-core";
import { launchChromium, offline } from "../../scripts/export/chromium";

export { launchChromium };

/**
 * A page of `browser` that records console errors, page errors and every request that would
 * leave the machine (aborted: the figures must draw offline).
 */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[]; external: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const external = await offline(page);
  return { page, errors, external };
}
