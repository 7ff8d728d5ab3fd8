// Headless Chromium for the tests that look at figures as a reader does: the one npm start uses.
// Under test/run.ts, every test file's is the one Chromium the runner started (GMM_EM_TEST_BROWSER,
// its endpoint): a launch costs about a CPU-second. A file run alone launches its own.
//
// Pages are kept for reuse: a new page costs Chromium a renderer process (about a CPU-second on
// this machine before it shows anything), while a page that navigates again keeps its process and
// its compiled scripts. A test takes a page with `watchedPage` (or `openLivePage`), and gives it
// back with `release` when it is done: its listeners and routes go, the next test navigates it.
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium as launchOwn, offline, playwright } from "../../scripts/export/chromium";
import { dragSlider } from "../../scripts/screenshots";

/** Names the endpoint of the Chromium test/run.ts shares among the test files. */
export const SHARED_BROWSER_ENV = "GMM_EM_TEST_BROWSER";

/** The runner's Chromium (closing it closes this file's connection), or a Chromium of this file's own. */
export async function launchChromium(): Promise<Browser> {
  const endpoint = process.env[SHARED_BROWSER_ENV];
  return endpoint ? playwright().chromium.connect(endpoint) : launchOwn();
}

/** Pages given back, by browser, for the next test to navigate. */
const idle = new WeakMap<Browser, Page[]>();

/**
 * A page of `browser` at `viewport` that records console errors, page errors and every request
 * that would leave the machine (aborted: the figures must draw offline). Give it back with `release`.
 */
export async function watchedPage(
  browser: Browser,
  viewport = { width: 1200, height: 900 },
): Promise<{ page: Page; errors: string[]; external: string[] }> {
  const pool = idle.get(browser) ?? [];
  idle.set(browser, pool);
  let page = pool.pop();
  if (page === undefined || page.isClosed()) page = await browser.newPage({ viewport });
  else await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const external = await offline(page);
  return { page, errors, external };
}

/**
 * Gives a page of `watchedPage` back: its listeners and routes removed, blank for the next test; a
 * live page unmounted instead (its handle's `destroy`), for `openLivePage` to mount it again.
 */
export async function release(page: Page): Promise<void> {
  page.removeAllListeners();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  const unmounted = await page
    .evaluate(() => {
      const w = window as unknown as { gmmEmLivePage?: { destroy(): void } };
      if (w.gmmEmLivePage === undefined) return false;
      w.gmmEmLivePage.destroy();
      w.gmmEmLivePage = undefined;
      return true;
    })
    .catch(() => false);
  if (!unmounted) await page.goto("about:blank");
  const browser = page.context().browser();
  if (browser !== null) idle.get(browser)?.push(page);
}

/**
 * The page file at `path` in a context of its own (JavaScript on or off; 1280 × 900 unless `viewport`), with every request but
 * the page itself and data: URLs refused and recorded, and its console errors recorded: a reader
 * away from this machine, offline. `close` ends the context.
 */
export async function pageAlone(
  browser: Browser,
  path: string,
  options: { javaScript: boolean; viewport?: { width: number; height: number } },
): Promise<{ page: Page; refused: string[]; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const self = pathToFileURL(path).href;
  const refused: string[] = [],
    errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === self || url.startsWith("data:")) return route.continue();
    refused.push(url);
    return route.abort();
  });
  await page.goto(self, { waitUntil: "load" });
  return { page, refused, errors, close: () => context.close() };
}

/** The iteration slider's figure as drawn: its current-value label, the points' fills (RGB), the ellipses' paths. */
export function sliderState(slider: Locator) {
  return slider.evaluate((root) => {
    const traces = [...root.querySelectorAll(".scatterlayer .trace")];
    return {
      label: root.querySelector(".slider-group > text.slider-label")?.textContent ?? "",
      fills: [...traces[0].querySelectorAll("path.point")].map((p) =>
        ((p as SVGElement).style.fill.match(/\d+/g) ?? []).map(Number),
      ),
      ellipses: traces.slice(2, 6).map((t) => t.querySelector("path.js-line")?.getAttribute("d") ?? ""),
    };
  });
}

/** Drags the slider to `fraction` of its length, waits until it has left iteration 0 and redrawn, and returns what it shows. */
export async function dragSliderFromStart(page: Page, slider: Locator, fraction: number) {
  await dragSlider(page, slider, fraction);
  await page.waitForFunction(
    (root) => !/iteration 0:/.test(root!.querySelector(".slider-group > text.slider-label")?.textContent ?? ""),
    await slider.elementHandle(),
    { timeout: 10_000 },
  );
  await page.waitForTimeout(500); // the redraw after the label
  return sliderState(slider);
}

/**
 * Waits until `page` shows at least `atLeast` figures inside `within` (a CSS selector; the whole
 * page when left out), every one of them drawn by plotly.js (`data-rendered`).
 */
export function everyFigureDrawn(page: Page, atLeast: number, within = ""): Promise<unknown> {
  return page.waitForFunction(
    ([n, scope]) => {
      const figures = `${scope} .gmm-em-figure`.trim();
      const all = document.querySelectorAll(figures).length;
      return all >= n && document.querySelectorAll(`${figures}[data-rendered="true"]`).length === all;
    },
    [atLeast, within] as const,
    { timeout: 60_000 },
  );
}
