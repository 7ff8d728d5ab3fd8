// The extras: what each serves, how setup finds it. None of them is needed by the notebook itself;
// a missing one narrows only what it serves.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { onPath } from "./python.mjs";

/** Chromium (or Chrome or Edge, which Playwright drives the same way): GMM_EM_CHROMIUM if set (only it), else the usual places. */
export function findChromium() {
  if (process.env.GMM_EM_CHROMIUM !== undefined)
    return existsSync(process.env.GMM_EM_CHROMIUM) ? process.env.GMM_EM_CHROMIUM : undefined;
  const names = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "chrome",
    "msedge",
  ];
  const fixed = {
    darwin: [
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
      join(homedir(), "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
    ],
    win32: [process.env.ProgramFiles, process.env["ProgramFiles(x86)"], process.env.LOCALAPPDATA]
      .filter(Boolean)
      .flatMap((dir) => [
        join(dir, "Google", "Chrome", "Application", "chrome.exe"),
        join(dir, "Chromium", "Application", "chrome.exe"),
        join(dir, "Microsoft", "Edge", "Application", "msedge.exe"),
      ]),
  };
  return [...names.flatMap(onPath), ...(fixed[process.platform] ?? [])].find((f) => existsSync(f));
}

/** Whether fontconfig knows a Noto CJK font (Linux); macOS and Windows ship CJK fonts. */
function haveCjkFonts() {
  if (process.platform !== "linux") return true;
  const run = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  return run.status === 0 && /Noto (Sans|Serif) CJK/.test(run.stdout);
}

/** Each extra: whether it is here, and what it serves. */
export function findExtras(chromium, reference) {
  return [
    {
      name: "Chromium",
      found: chromium,
      serves:
        "the figures' still images (an untrusted notebook, GitHub) and the PDF handout in npm start; the browser tests",
    },
    {
      name: "Noto CJK fonts",
      found: haveCjkFonts() ? "yes" : undefined,
      serves: "Chinese glyphs in the still images and the PDF (Linux)",
    },
    {
      name: "poppler-utils (pdfinfo, pdftoppm)",
      found: onPath("pdftoppm")[0],
      serves: "the tests that look at the PDF's pages",
    },
    {
      name: "numpy and scikit-learn",
      found: reference?.executable,
      serves: "npm run fixtures (the tests' reference values) and npm run bench's peers",
    },
  ];
}
