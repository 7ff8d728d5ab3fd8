// Chromium (or Chrome, or Edge), headless and offline: what npm start renders the figures' still
// images and the PDF with, and what the tests look at pages with.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { SETUP } from "../jupyter-env";

/**
 * GMM_EM_CHROMIUM when it is set (a path that does not exist hides Chromium: no stills, no PDF),
 * else the one `npm run setup` found, else none.
 */
export const CHROMIUM = process.env.GMM_EM_CHROMIUM ?? SETUP?.chromium ?? "";

export function haveChromium(): boolean {
  return CHROMIUM !== "" && existsSync(CHROMIUM);
}

/**
 * The features playwright-core's launcher turns off (its own --disable-features, which comes before
 * ours): Chromium reads only the last --disable-features, so ours repeats them
 * (test/notebook/chromium-args.test.ts checks that a launch loses none).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];

/**
 * The address bar's two popups, pages of Chromium's own UI: each window a launch opens (a page or a
 * context of its own) otherwise starts them in renderers of their own, about 1.3 CPU-seconds a
 * window, for an address bar that no headless page shows.
 */
export const ADDRESS_BAR_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

/** Headless, no GPU, no address bar's popups, and nothing fetched by Chromium itself (this machine's network is closed). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...ADDRESS_BAR_FEATURES].join(",")}`,
];

/**
 * playwright-core, loaded when a browser is launched: most of npm start's runs (and the tests that
 * read its declarations) launch none, and it takes a third of a CPU-second to load.
 */
export function playwright(): typeof import("playwright-core") {
  return require("playwright-core") as typeof import("playwright-core");
}

/** Headless Chromium; playwright gives each launch a fresh profile of its own and downloads nothing. */
export async function launchChromium(): Promise<Browser> {
  return playwright().chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The folders of `chromiumOfOwn`'s browsers: $TMPDIR/gmm-em-chromium-<pid>-XXXXXX. */
const OWN_FOLDER = /^gmm-em-chromium-(\d+)-/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the folders that `chromiumOfOwn` made for processes that are gone (a SIGKILL leaves them). */
export function sweepChromiumFolders(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = OWN_FOLDER.exec(entry)?.[1];
    if (pid !== undefined && !processAlive(Number(pid)))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/** A browser whose files are all in one folder, and the one way to end it: `close` closes it and removes the folder. */
export interface OwnChromium {
  browser: Browser;
  close(): Promise<void>;
}

/** The launch in progress: launches in one process go one at a time (each swaps $TMPDIR while it runs). */
let launching: Promise<unknown> = Promise.resolve();

/**
 * Headless Chromium for a command that handles its own signals (npm start): Playwright's signal
 * handlers are off (they would end the process before its clean-up runs), and the folders
 * Playwright makes for the browser (its profile and its artifacts) go into one folder of this
 * process's, $TMPDIR/gmm-em-chromium-<pid>-XXXXXX, which `close` removes, and which the next npm
 * start's sweep (`sweepChromiumFolders`) removes if this process is killed before it can.
 */
export async function chromiumOfOwn(): Promise<OwnChromium> {
  const launch = launching.then(async () => {
    const folder = mkdtempSync(join(tmpdir(), `gmm-em-chromium-${process.pid}-`));
    const before = process.env.TMPDIR;
    const env = { ...process.env };
    // Playwright makes its folders in os.tmpdir() while it launches; Chromium itself keeps the
    // $TMPDIR it is given (its socket's path must stay short).
    process.env.TMPDIR = folder;
    try {
      const browser = await playwright().chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        env,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      return { browser, folder };
    } catch (e) {
      rmSync(folder, { recursive: true, force: true });
      throw e;
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
  launching = launch.catch(() => undefined);
  const { browser, folder } = await launch;
  let closing: Promise<void> | undefined;
  return {
    browser,
    close: () => {
      closing ??= browser
        .close()
        .catch(() => undefined)
        .then(() => rmSync(folder, { recursive: true, force: true }));
      return closing;
    },
  };
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
