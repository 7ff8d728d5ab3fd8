// Headless Chromium for the tests that look at figures as a reader does.
import { chromium, Browser, Page } from "playwright-core";

/** Debian's Chromium, headless, offline; playwright gives each launch a fresh profile of its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A page of `browser` that records console errors, page errors and every request that would
 * leave the machine (aborted: the figures must draw offline).
 */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[]; external: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [], external: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    external.push(url);
    return route.abort();
  });
  return { page, errors, external };
}
