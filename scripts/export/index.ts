// npm start's export: from the executed notebook to the outputs a teacher hands out.
//   .ipynb  the executed notebook, each figure output carrying a still image of itself, signed trusted
//   .html   the page, formulas typeset into it (SVG), no resource loaded from a file:// path or the network;
//           for print, the live cell's still and notes that say where the figures run (live-still.ts)
//   .pdf    the A4 handout, printed from the page by Chromium: the worked answers open, every figure a still
// Without Chromium, the .ipynb and .html are written without still images and no PDF is made.
// Each path is written whole by one step and may be rewritten by the next (they are npm start's
// staged files, renamed into place only when the whole run has succeeded): no scratch files.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jupyterEnv, PYTHON } from "../jupyter-env";
import { CHROMIUM, chromiumOfOwn, haveChromium } from "./chromium";
import { addFigureStills, type NotebookJson, type StillReport, withSliderPrintNote } from "./figure-stills";
import { printHandout } from "./handout";
import { type KeyNote, withKeyNote } from "./key-note";
import { type LiveStill, liveOutputHtml, renderLiveStill, withLiveStill } from "./live-still";
import { styleCutter, typesetter } from "./page-tools";
import type { StillCache } from "./still-cache";

export interface ExportPaths {
  /** The executed notebook (read first; it may be the same path as `ipynb`). */
  executed: string;
  /** Where each output goes. `pdf` is not written without Chromium. */
  ipynb: string;
  html: string;
  pdf: string;
  /** The page's title (the outputs' name, e.g. "gmm-em"). */
  name: string;
  /** The live page, as the page links to it (default: `name`-live.html, beside the page). */
  livePage?: string;
  /** The teacher's key: the note its first page opens with, naming the students' files (./key-note.ts). */
  keyNote?: KeyNote;
}

/** Runs a child process to its end (npm start passes its own, which a signal stops). */
export type Spawn = (
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv },
) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

export interface ExportOptions {
  /** What to say when Chromium is missing (default: console.warn). */
  warn?: (line: string) => void;
  spawn?: Spawn;
  /**
   * Registers what ends the export's browser when the command is stopped by a signal (npm start's
   * clean-up calls it); returns the function that unregisters it.
   */
  onStop?: (close: () => Promise<void>) => () => void;
  /** Stills an earlier export of the run drew, reused for the same figures; those this one draws are added. */
  stills?: StillCache;
}

export interface ExportReport {
  /** The stills put into the figures' outputs (none without Chromium). */
  stills: StillReport[];
  /** Whether the live output's still went into the page (with Chromium, when the notebook has a live output). */
  liveStill: boolean;
  formulas: number;
  /** Whether Chromium was there: without it, no stills and no PDF. */
  chromium: boolean;
}

export class ExportError extends Error {}

const spawnChild: Spawn = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal }));
  });

/** The message npm start gives when Chromium is missing. */
export function noChromiumMessage(): string {
  return (
    `npm start: ${CHROMIUM ? `${CHROMIUM} is missing` : "no Chromium, Chrome or Edge was found"}, so the figures get no still images (an untrusted notebook, GitHub or a page ` +
    "with JavaScript off will show no figures) and no PDF handout is made (an earlier one in the output folder is left as it was). " +
    "Install one, then run `npm run setup` again (or set GMM_EM_CHROMIUM to its path)."
  );
}

/** Writes paths.ipynb, paths.html and (with Chromium) paths.pdf from paths.executed. */
export async function exportNotebook(paths: ExportPaths, options: ExportOptions = {}): Promise<ExportReport> {
  const chromium = haveChromium();
  if (!chromium) (options.warn ?? console.warn)(noChromiumMessage());
  const own = chromium ? await chromiumOfOwn() : undefined;
  const browser = own?.browser;
  const unregister = own ? options.onStop?.(own.close) : undefined;
  try {
    let stills: StillReport[] = [];
    let liveStill: LiveStill | undefined;
    let source = paths.executed;
    if (browser) {
      const executed = JSON.parse(readFileSync(paths.executed, "utf8")) as NotebookJson;
      const live = liveOutputHtml(executed);
      if (live !== undefined) {
        liveStill = options.stills?.liveOf(live) ?? (await renderLiveStill(live, browser));
        options.stills?.keepLive(live, liveStill);
      }
      const added = await addFigureStills(executed, browser, { cache: options.stills });
      stills = added.stills;
      writeFileSync(paths.ipynb, JSON.stringify(added.notebook)); // rewritten by nbformat below
      source = paths.ipynb;
    }
    const convert = await (options.spawn ?? spawnChild)(
      PYTHON,
      [join(__dirname, "notebook_html.py"), source, paths.ipynb, paths.html, paths.name],
      { env: jupyterEnv() },
    );
    if (convert.code !== 0)
      throw new ExportError(
        `writing the notebook and its page failed (${convert.signal ?? `exit code ${convert.code}`}); see the messages above`,
      );
    const typeset = typesetter().typesetPage(readFileSync(paths.html, "utf8"));
    if (typeset.errors.length > 0)
      throw new ExportError(
        `MathJax could not read ${typeset.errors.length} formula(s) of the markdown: ${typeset.errors.join(" | ")}`,
      );
    const withStill = liveStill
      ? withLiveStill(typeset.html, liveStill, paths.livePage ?? `${paths.name}-live.html`)
      : typeset.html;
    const withNotes = withSliderPrintNote(withStill, `${paths.name}.html`);
    const page = styleCutter().withMinifiedStyles(paths.keyNote ? withKeyNote(withNotes, paths.keyNote) : withNotes);
    writeFileSync(paths.html, page);
    if (browser) writeFileSync(paths.pdf, await printHandout(page, browser));
    return { stills, liveStill: liveStill !== undefined, formulas: typeset.formulas, chromium };
  } finally {
    unregister?.();
    await own?.close();
  }
}
