// npm run screenshots: refreshes the pictures in docs/ from the notebook as it is now. Runs the
// notebook (npm start) into a temporary folder, opens its HTML in headless Chromium, offline, and
// photographs the snapshot grid, the slider (dragged to an early iteration) and the k-means
// figure, then opens the live page it wrote and photographs it (at 1024 × 768 and 390 × 844).
// Each picture is written whole (a temporary file, then renamed) or not at all; the temporary
// folder is removed, also when interrupted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium, offline } from "./export/chromium";
import { ROOT } from "./jupyter-env";

/** The pictures: file name in docs/, and the panel title or figure title that finds the figure. */
export const SCREENSHOTS = {
  grid: "screenshot.png",
  slider: "slider.png",
  kmeans: "kmeans.png",
} as const;

/**
 * Opens the executed notebook's HTML and writes the pictures into `dir` (each whole or not at all),
 * in `browser` when given (left open), else in a Chromium of its own.
 */
export async function takeScreenshots(htmlPath: string, dir: string, browser?: Browser): Promise<string[]> {
  return inBrowser(browser, (b) => shootNotebook(b, htmlPath, dir));
}

/** Runs `use` on `browser`, or on a Chromium launched for it and closed after. */
async function inBrowser<T>(browser: Browser | undefined, use: (browser: Browser) => Promise<T>): Promise<T> {
  if (browser !== undefined) return use(browser);
  const own = await launchChromium();
  try {
    return await use(own);
  } finally {
    await own.close();
  }
}

async function shootNotebook(browser: Browser, htmlPath: string, dir: string): Promise<string[]> {
  const written: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1 });
  try {
    await offline(page);
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(
      () => {
        const all = document.querySelectorAll(".gmm-em-figure").length;
        return all > 0 && document.querySelectorAll('.gmm-em-figure[data-rendered="true"]').length === all;
      },
      null,
      { timeout: 120_000 },
    );
    const figures = page.locator(".gmm-em-figure");
    const titled = (text: string) => figures.filter({ has: page.locator(".gtitle", { hasText: text }) }).first();
    const save = async (figure: Locator, name: string) => {
      await figure.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0); // no hover labels or mode bar in the picture…
      await page.waitForTimeout(800); // …once the mode bar has faded out
      written.push(await writePicture(dir, name, (path) => figure.screenshot({ path, type: "png" })));
    };
    await save(titled("EM from a poor start"), SCREENSHOTS.grid);
    const slider = figures.filter({ has: page.locator(".slider-group") }).first();
    await dragSlider(page, slider, 0.3);
    await save(slider, SCREENSHOTS.slider);
    await save(titled("k-means and EM"), SCREENSHOTS.kmeans);
  } finally {
    await page.close();
  }
  return written;
}

/** The live page's pictures (docs/), at a projector's 1024 × 768 and a phone's 390 × 844. */
export const LIVE_SCREENSHOTS = {
  wide: { file: "live.png", viewport: { width: 1024, height: 768 } },
  phone: { file: "live-phone.png", viewport: { width: 390, height: 844 } },
} as const;

/** Steps taken before the live page is photographed (then an E-step): EM under way from the original's poor start. */
const LIVE_STEPS = 6;

/** Opens the live page file at each size, steps EM, and writes the pictures into `dir` (each whole or not at all). */
export async function takeLiveScreenshots(pagePath: string, dir: string, browser?: Browser): Promise<string[]> {
  return inBrowser(browser, (b) => shootLivePage(b, pagePath, dir));
}

async function shootLivePage(browser: Browser, pagePath: string, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const { file, viewport } of Object.values(LIVE_SCREENSHOTS)) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    try {
      await offline(page);
      await page.goto(pathToFileURL(pagePath).href);
      await page.waitForFunction(
        () => (document.querySelector(".gmm-live") as HTMLElement | null)?.dataset.ready === "true",
        null,
        { timeout: 120_000 },
      );
      for (let i = 0; i < LIVE_STEPS; i++) await page.click("[data-el=step]");
      // And the next E-step: the points in the ink of the parameters drawn, the M-step next.
      await page.click("[data-el=eStep]");
      await page.mouse.move(0, 0);
      written.push(await writePicture(dir, file, (path) => page.screenshot({ path, type: "png" })));
    } finally {
      await page.close();
    }
  }
  return written;
}

/** Writes the picture `name` into `dir` whole or not at all: `shoot` writes a hidden file beside it, renamed into place. */
async function writePicture(dir: string, name: string, shoot: (path: string) => Promise<unknown>): Promise<string> {
  const path = join(dir, name),
    partial = join(dir, `.partial-${name}`);
  try {
    await shoot(partial);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return path;
}

/** Drags the slider's grip to `fraction` of its rail. */
export async function dragSlider(page: Page, slider: Locator, fraction: number): Promise<void> {
  await slider.scrollIntoViewIfNeeded();
  const grip = (await slider.locator(".slider-grip-rect").boundingBox())!;
  const rail = (await slider.locator(".slider-rail-rect").boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(rail.x + rail.width * fraction, grip.y + grip.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "gmm-em-screenshots-"));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "start", "main.ts"), "--out-dir", dir],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
    if (run.status !== 0) {
      console.error(`screenshots: npm start failed (${run.status ?? run.signal})`);
      return 1;
    }
    for (const path of await takeScreenshots(join(dir, "gmm-em.html"), join(ROOT, "docs")))
      console.log(`Wrote ${path}`);
    for (const path of await takeLiveScreenshots(join(dir, "gmm-em-live.html"), join(ROOT, "docs")))
      console.log(`Wrote ${path}`);
    return 0;
  } finally {
    cleanUp();
  }
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
