// npm start's export: from the executed notebook to the outputs a teacher hands out.
//   .ipynb  the executed notebook, each figure output carrying a still image of itself, signed trusted
//   .html   the page, formulas typeset into it (SVG), no resource loaded from a file:// path or the network
//   .pdf    the A4 handout, printed from the page by Chromium
// Without Chromium, the .ipynb and .html are written without still images and no PDF is made.
import { spawnSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { PYTHON, jupyterEnv } from "../jupyter-env";
import { CHROMIUM, haveChromium, launchChromium } from "./chromium";
import { addFigureStills, NotebookJson, StillReport } from "./figure-stills";
import { printHandout } from "./handout";
import { typesetPage } from "./typeset";

export interface ExportPaths {
  /** The executed notebook (read only). */
  executed: string;
  /** Where each output goes (the caller moves them into place). `pdf` is not written without Chromium. */
  ipynb: string;
  html: string;
  pdf: string;
  /** A scratch folder the caller owns and removes. */
  workDir: string;
}

export interface ExportReport {
  /** The stills put into the figures' outputs (none without Chromium). */
  stills: StillReport[];
  formulas: number;
  /** Whether Chromium was there: without it, no stills and no PDF. */
  chromium: boolean;
}

export class ExportError extends Error {}

/** Writes paths.ipynb, paths.html and (with Chromium) paths.pdf from paths.executed. */
export async function exportNotebook(paths: ExportPaths, warn: (line: string) => void = console.warn): Promise<ExportReport> {
  const chromium = haveChromium();
  if (!chromium) {
    warn(`npm start: ${CHROMIUM} is missing, so the figures get no still images (an untrusted notebook, GitHub or a page ` +
      "with JavaScript off will show no figures) and no PDF handout is made. `bash scripts/setup.sh` installs it.");
  }
  const browser = chromium ? await launchChromium() : undefined;
  try {
    let stills: StillReport[] = [];
    let notebookWithStills = paths.executed;
    if (browser) {
      const added = await addFigureStills(JSON.parse(readFileSync(paths.executed, "utf8")) as NotebookJson, browser);
      stills = added.stills;
      notebookWithStills = join(paths.workDir, "with-stills.ipynb");
      writeFileSync(notebookWithStills, JSON.stringify(added.notebook));
    }
    const rawHtml = join(paths.workDir, "untypeset.html");
    const convert = spawnSync(PYTHON, [join(__dirname, "notebook_html.py"), notebookWithStills, paths.ipynb, rawHtml],
      { encoding: "utf8", env: jupyterEnv(), stdio: ["ignore", "inherit", "pipe"] });
    if (convert.status !== 0) throw new ExportError(`writing the notebook and its HTML failed:\n${convert.stderr}`);
    const typeset = typesetPage(readFileSync(rawHtml, "utf8"));
    if (typeset.errors.length > 0) throw new ExportError(`MathJax could not read ${typeset.errors.length} formula(s) of the markdown: ${typeset.errors.join(" | ")}`);
    writeFileSync(paths.html, typeset.html);
    if (browser) writeFileSync(paths.pdf, await printHandout(paths.html, browser));
    return { stills, formulas: typeset.formulas, chromium };
  } finally {
    await browser?.close();
  }
}
