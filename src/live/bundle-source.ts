/**
 * The browser build as text, for the pages and notebook outputs that carry it inline:
 * dist/browser/gmm-em.min.js (the library, global `gmmEm`) and dist/browser/gmm-em-live.min.js
 * (the live page's script, global `gmmEmLive`), written by `npm run build`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** dist/browser/ of this package: two folders up from this module, in src/live/ or dist/live/. */
const BROWSER_DIR = join(__dirname, "..", "..", "dist", "browser");

const cache = new Map<string, string>();

function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    const path = join(BROWSER_DIR, file);
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new Error(
        `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): run \`npm run build\`, which writes the browser build`,
      );
    }
    cache.set(file, text);
  }
  return text;
}

/** The library's browser build (defines `gmmEm`). */
export function libraryBundleSource(): string {
  return read("gmm-em.min.js");
}

/** The live page's script (defines `gmmEmLive`; needs `gmmEm`). */
export function liveBundleSource(): string {
  return read("gmm-em-live.min.js");
}
