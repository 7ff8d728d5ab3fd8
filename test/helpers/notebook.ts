// Running the notebook (npm start) and reading what it wrote: shared by the tests in test/notebook/.

import assert from "node:assert/strict";
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { CHROMIUM, haveChromium } from "../../scripts/export/chromium";
import { JUPYTER_DIR, NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { checkParameters, type NotebookParameters, parametersCell } from "../../scripts/start/parameters";
import { generateData, type Matrix } from "../../src/index";

export { ROOT };

/** Fails with the fix when setup has not been run (rather than skipping: CI must run these). */
export function requireSetUp(): void {
  const kernel = join(JUPYTER_DIR, "share", "jupyter", "kernels", "tslab", "kernel.json");
  if (!existsSync(kernel) || !existsSync(join(ROOT, "dist", "index.js"))) {
    throw new Error("the tslab kernel or dist/ is missing: run `npm run setup` first");
  }
  requireChromium();
}

/** Fails with the fix when there is no Chromium to look at pages with. */
export function requireChromium(): void {
  if (!haveChromium())
    throw new Error(
      `${CHROMIUM ? `${CHROMIUM} is missing` : "no Chromium was found"}: install it and run \`npm run setup\`, or set GMM_EM_CHROMIUM`,
    );
}

/** A new folder $TMPDIR/gmm-em-<name>-XXXXXX; whoever makes one removes it (`removeDir`). */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `gmm-em-${name}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** What tsx names its compile cache in $TMPDIR (as tsx does: by effective user id, else user name). */
export const TSX_CACHE = `tsx-${process.geteuid ? process.geteuid() : userInfo().username}`;

/**
 * Links tsx's compile cache (the one in this process's $TMPDIR) into `tmp`, a $TMPDIR of its own
 * given to a process that runs TypeScript through tsx: with a cache of its own it would compile
 * every module it loads anew, about a CPU-second a start. `tmp` then holds TSX_CACHE besides what
 * the process leaves.
 */
export function linkTsxCache(tmp: string): void {
  const cache = join(tmpdir(), TSX_CACHE);
  if (existsSync(cache)) symlinkSync(realpathSync(cache), join(tmp, TSX_CACHE), "dir");
}

/** `npm start -- args` (run as the script itself, without npm's banner), with `env` added to the environment. */
export function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "start", "main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
}

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
}
/** What the class kit marks in a cell's metadata (docs/class-kit.md): nbgrader's fields, and the exercise or check. */
export interface ExerciseMetadata {
  nbgrader?: Record<string, unknown>;
  gmm_em?: { exercise?: number; check?: string | string[] };
}
export interface NotebookCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] } & ExerciseMetadata;
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
}

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

export const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

/**
 * Printed text with the seeds the checks print masked (each run of a check makes fresh cases and
 * says their seed); all else as printed.
 */
export const maskSeeds = (printed: string): string =>
  printed.replace(/^(种子 · seed )\d+(: check\.\w+\(\w+, \{ seed: )\d+( \}\))/gm, "$1SEED$2SEED$3");

/** Every code cell of an executed notebook ran, and none raised an error or wrote to stderr. */
export function checkExecuted(nb: Notebook): void {
  const code = nb.cells.filter((c) => c.cell_type === "code");
  assert.ok(code.length >= 6, "imports, parameters, generate_data, compute_gauss, apply_gmm, plotting");
  for (const [i, cell] of code.entries()) {
    assert.equal(typeof cell.execution_count, "number", `code cell ${i} ran`);
    for (const out of cell.outputs ?? []) {
      assert.notEqual(out.output_type, "error", `code cell ${i}: ${out.ename}`);
      assert.ok(
        !(out.output_type === "stream" && out.name === "stderr"),
        `code cell ${i} wrote to stderr: ${text(out.text)}`,
      );
    }
  }
}

/** All text/html outputs, joined. */
export const htmlOutputs = (nb: Notebook): string =>
  nb.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => text(o.data?.["text/html"]))
    .join("\n");

/** A notebook cell as nbformat 4 writes it; `tags` go into its metadata. */
export function notebookCell(cell_type: "code" | "markdown", source: string, tags?: string[]) {
  return {
    cell_type,
    source,
    metadata: tags ? { tags } : {},
    ...(cell_type === "code" ? { outputs: [], execution_count: null } : {}),
  };
}

/** Writes a tslab notebook of `cells` (made by `notebookCell`) to `path`. */
export function writeNotebook(path: string, cells: ReturnType<typeof notebookCell>[]): void {
  writeFileSync(
    path,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells,
    }),
  );
}

/**
 * The lesson's parameters cell as the notebook runs it by default, and the data its first cells
 * generate from it. (The values come from a vm context: copied, so that they compare as this
 * realm's arrays.)
 */
export function lessonDefaults(): { p: NotebookParameters; X: Matrix } {
  const p = JSON.parse(JSON.stringify(checkParameters(parametersCell(NOTEBOOK), {}))) as NotebookParameters;
  return { p, X: lessonData(p) };
}

/** The data the lesson's first cells generate from its parameters `p`. */
export function lessonData(p: NotebookParameters): Matrix {
  return generateData({
    nSamples1: p.nSamples1,
    nSamples2: p.nSamples2,
    variance1: p.variance1,
    variance2: p.variance2,
    randomState: p.randomState,
    rng: p.rng,
  });
}
