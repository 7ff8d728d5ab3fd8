// The browser build and the live page in tests: comparing the numbers a page computed with
// Node's, and opening the live page in Chromium.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import type { LiveSnapshot } from "../../src/live/app";
import type { LiveOptions } from "../../src/live/session";
import { livePageHtml } from "../../src/live/standalone-page";
import { watchedPage } from "./browser";

export interface Agreement {
  /** How many numbers were compared. */
  count: number;
  /** The largest |actual − expected|. */
  maxAbs: number;
  /** The largest |actual − expected| / max(1, |expected|). */
  maxRel: number;
  /** How many differ at all (not bit for bit). */
  differ: number;
}

/**
 * Compares two JSON-like values of the same shape number by number (arrays, objects, numbers,
 * and anything else by equality); fails on a difference of shape.
 */
export function agreement(
  actual: unknown,
  expected: unknown,
  where = "value",
  into: Agreement = { count: 0, maxAbs: 0, maxRel: 0, differ: 0 },
): Agreement {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${where}: a number`);
    const a = actual as number;
    into.count++;
    if (Object.is(a, expected)) return into;
    into.differ++;
    const abs = Math.abs(a - expected);
    assert.ok(Number.isFinite(abs), `${where}: ${a} against ${expected}`);
    into.maxAbs = Math.max(into.maxAbs, abs);
    into.maxRel = Math.max(into.maxRel, abs / Math.max(1, Math.abs(expected)));
    return into;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: an array`);
    assert.equal((actual as unknown[]).length, expected.length, `${where}: length`);
    expected.forEach((e, i) => agreement((actual as unknown[])[i], e, `${where}[${i}]`, into));
    return into;
  }
  if (typeof expected === "object" && expected !== null) {
    assert.ok(typeof actual === "object" && actual !== null, `${where}: an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const [k, e] of Object.entries(expected))
      agreement((actual as Record<string, unknown>)[k], e, `${where}.${k}`, into);
    return into;
  }
  assert.deepEqual(actual, expected, where);
  return into;
}

/** Writes the live page (as npm start does) into `dir`; returns its path. */
export function writeLivePage(dir: string, options: LiveOptions = {}): string {
  const path = join(dir, "gmm-em-live.html");
  writeFileSync(path, livePageHtml(options));
  return path;
}

/**
 * Opens the page file in a watched page of `browser` at 1024 × 768, once its figures are drawn (give
 * it back with `release`). A page given back from the same file is mounted again instead, as its
 * script mounts it on load (plotly.js and the builds are not loaded and compiled again: about half a
 * CPU-second of Chromium's a load); `load` loads it anew all the same (a test of the load itself).
 */
export async function openLivePage(
  browser: Browser,
  path: string,
  options: { load?: boolean } = {},
): Promise<{ page: Page; errors: string[]; external: string[] }> {
  const watched = await watchedPage(browser, { width: 1024, height: 768 });
  const url = pathToFileURL(path).href;
  if (options.load || watched.page.url() !== url || !(await remount(watched.page))) await watched.page.goto(url);
  await watched.page.waitForFunction(
    () => (document.querySelector(".gmm-live") as HTMLElement | null)?.dataset.ready === "true",
    null,
    { timeout: 60_000 },
  );
  return watched;
}

/**
 * Mounts the live page of the page file `page` shows again (`release` unmounted it), with the
 * options its own script mounts it with, focus and scroll as after a load; false if it is no such page.
 */
function remount(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = window as unknown as {
      gmmEmLive?: { mountLive(root: HTMLElement, options: unknown): unknown };
      gmmEmLivePage?: unknown;
    };
    const root = document.getElementById("gmm-em-live");
    const call = Array.from(document.scripts)
      .map((s) => /gmmEmLive\.mountLive\(root, (.*)\);$/m.exec(s.textContent ?? "")?.[1])
      .find((json) => json !== undefined);
    if (root === null || w.gmmEmLive === undefined || w.gmmEmLivePage !== undefined || call === undefined) return false;
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    w.gmmEmLivePage = w.gmmEmLive.mountLive(root, JSON.parse(call));
    return true;
  });
}

/** The page's numbers, unrounded (its read-only hook for tests, `window.gmmEmLivePage`). */
export function snapshot(page: Page): Promise<LiveSnapshot> {
  return page.evaluate(() =>
    (window as unknown as { gmmEmLivePage: { snapshot(): LiveSnapshot } }).gmmEmLivePage.snapshot(),
  );
}

/** n × k row-major responsibilities as rows. */
export function rowsOf(r: Float64Array, k: number): number[][] {
  return Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k)));
}
