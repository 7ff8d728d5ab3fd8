// Shared by the notebook's end-to-end, browser and live tests.
import { spawnSync, SpawnSyncReturns } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { chromium, Browser, Page } from "playwright-core";
import { JUPYTER_DIR, ROOT } from "../scripts/jupyter-env";

export { ROOT };

/** Fails with the fix when setup has not been run (rather than skipping: CI must run these). */
export function requireSetUp(): void {
  const kernel = join(JUPYTER_DIR, "share", "jupyter", "kernels", "tslab", "kernel.json");
  if (!existsSync(kernel) || !existsSync(join(ROOT, "dist", "index.js"))) {
    throw new Error("the tslab kernel or dist/ is missing: run `bash scripts/setup.sh` first");
  }
  if (!existsSync("/usr/bin/chromium")) throw new Error("/usr/bin/chromium is missing: run `bash scripts/setup.sh` first");
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `gmm-em-${name}-`));
}

/** `npm start -- args` (run as the script itself, without npm's banner). */
export function npmStart(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "start.ts"), ...args], {
    cwd: ROOT, encoding: "utf8", timeout: 300_000,
  });
}

export interface NotebookOutput { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]>; ename?: string }
export interface NotebookCell { cell_type: string; source: string | string[]; metadata: { tags?: string[] }; execution_count?: number | null; outputs?: NotebookOutput[] }
export interface Notebook { cells: NotebookCell[]; metadata: Record<string, unknown> }

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

export const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : v ?? "");

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
