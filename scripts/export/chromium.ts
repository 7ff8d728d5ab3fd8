// Chromium (or Chrome, or Edge), headless and offline: what npm start renders the figures' still
// images and the PDF with, and what the tests look at pages with.
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { SETUP } from "../jupyter-env";

/**
 * GMM_EM_CHROMIUM when it is set (a path that does not exist hides Chromium: no stills, no PDF),
 * else the one `npm run setup` found, else none.
 */
export const CHROMIUM = process.env.GMM_EM_CHROMIUM ?? SETUP?.chromium ?? "";

export function haveChromium(): boolean {
  return CHROMIUM !== "" && existsSync(CHROMIUM);
}

/** Headless, no GPU, and nothing fetched by Chromium itself (this machine's network is closed). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium; playwright gives each launch a fresh profile of its own and downloads nothing. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Refuses every request of `page` but file: and data: URLs (what it shows must be in the page); returns the refused URLs. */
export async function offline(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    refused.push(url);
    return route.abort();
  });
  return refused;
}
