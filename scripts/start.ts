// npm start [-- --seed 7 --variance1 2 …]: runs notebooks/gmm-em.ipynb headless with the tslab
// kernel and writes out/gmm-em.ipynb (executed, trusted) and out/gmm-em.html. Given values go
// into a cell after the one tagged `parameters` (papermill's convention); they are checked
// here, before any kernel starts. notebooks/ is only read.
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative, resolve } from "path";
import * as vm from "vm";
import { NOTEBOOK, OUT_DIR, PYTHON, ROOT, checkSetUp, jupyterEnv } from "./jupyter-env";
import { exportNotebook } from "./export";

type Kind = "integer" | "number" | "json" | "text";
/** The parameters cell's variables that may be given, with the flags that name them. */
export const PARAMETERS: Record<string, { kind: Kind; flags: string[]; hint?: string }> = {
  randomState: { kind: "integer", flags: ["seed", "random-state", "randomState"] },
  nSamples1: { kind: "integer", flags: ["n-samples1", "nSamples1"] },
  nSamples2: { kind: "integer", flags: ["n-samples2", "nSamples2"] },
  variance1: { kind: "number", flags: ["variance1"] },
  variance2: { kind: "number", flags: ["variance2"] },
  rng: { kind: "text", flags: ["rng"], hint: "numpy or seedrandom" },
  pi: { kind: "json", flags: ["pi"] },
  mu: { kind: "json", flags: ["mu"] },
  Sigma: { kind: "json", flags: ["Sigma", "sigma"] },
  maxIter: { kind: "integer", flags: ["max-iter", "maxIter"] },
  histIndex: { kind: "json", flags: ["hist-index", "histIndex"] },
};

export class UsageError extends Error {}

const USAGE = `Usage: npm start [-- --name value …]
Runs notebooks/gmm-em.ipynb with the tslab kernel; writes out/gmm-em.ipynb and out/gmm-em.html
(--out-dir DIR: elsewhere).
Parameters (the notebook's parameters cell):
${Object.entries(PARAMETERS).map(([name, p]) => `  ${p.flags.map((f) => `--${f}`).join(", ")}  (${name}: ${p.hint ?? (p.kind === "json" ? "JSON, e.g. '[0.5, 0.5]'" : p.kind)})`).join("\n")}`;

function parseValue(flag: string, kind: Kind, text: string): unknown {
  if (kind === "text") return text;
  if (kind === "json") {
    try {
      return JSON.parse(text);
    } catch {
      throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not JSON (e.g. --pi '[0.5, 0.5]')`);
    }
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not a number`);
  const v = Number(text);
  if (kind === "integer" && !Number.isInteger(v)) throw new UsageError(`--${flag}: ${text} is not an integer`);
  return v;
}

/** Reads `--flag value` / `--flag=value` pairs into parameter values (by the cell's variable names). */
export function parseArgs(argv: string[]): Record<string, unknown> {
  const byFlag = new Map<string, string>();
  for (const [name, p] of Object.entries(PARAMETERS)) for (const f of p.flags) byFlag.set(f, name);
  const values: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (parameters are --name value)`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const name = byFlag.get(flag);
    if (name === undefined) throw new UsageError(`unknown parameter --${flag}; known: ${[...byFlag.keys()].map((f) => `--${f}`).join(", ")}`);
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) text = argv[++i];
    else throw new UsageError(`--${flag} needs a value`);
    if (name in values) throw new UsageError(`--${flag}: ${name} given twice`);
    values[name] = parseValue(flag, PARAMETERS[name].kind, text);
  }
  return values;
}

/** The source of the notebook's cell tagged `parameters`. */
export function parametersCell(notebookPath: string): string {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8")) as { cells: { cell_type: string; source: string | string[]; metadata: { tags?: string[] } }[] };
  const cell = nb.cells.find((c) => c.cell_type === "code" && (c.metadata.tags ?? []).includes("parameters"));
  if (!cell) throw new UsageError(`${notebookPath} has no cell tagged "parameters"`);
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** The injected cell: one assignment per given value. */
export function injectedSource(values: Record<string, unknown>): string {
  return ["// Parameters given to npm start", ...Object.entries(values).map(([name, v]) => `${name} = ${JSON.stringify(v)};`)].join("\n");
}

/**
 * Checks the values as the notebook will use them: the parameters cell, then the injected
 * assignments, evaluated here (the cell is plain literals), then the library's own checks on
 * generateData's options and applyGmm's start, and histIndex against maxIter.
 */
export function checkParameters(cellSource: string, values: Record<string, unknown>): Record<string, unknown> {
  const names = Object.keys(PARAMETERS);
  const all = vm.runInNewContext(`${cellSource}\n${injectedSource(values)}\n({ ${names.join(", ")} })`, {}, { timeout: 1000 }) as Record<string, any>;
  const { generateData, applyGmm } = require(join(ROOT, "dist")) as typeof import("../src/index");
  const flagOf = (name: string) => `--${PARAMETERS[name]?.flags[0] ?? name}`;
  const explain = (e: unknown): never => {
    const msg = (e as Error).message;
    const argument = (e as { argument?: string }).argument ?? "";
    const name = names.find((n) => argument === `options.${n}` || argument === n || argument.startsWith(`${n}[`) || argument.startsWith(`options.${n}`));
    throw new UsageError(name ? `${flagOf(name)}: ${msg}` : msg);
  };
  let X: import("ml-matrix").Matrix | undefined;
  try {
    X = generateData({ nSamples1: all.nSamples1, nSamples2: all.nSamples2, variance1: all.variance1, variance2: all.variance2, randomState: all.randomState, rng: all.rng });
  } catch (e) { explain(e); }
  try {
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: 0 });
  } catch (e) { explain(e); }
  if (!Number.isInteger(all.maxIter) || all.maxIter < 0) throw new UsageError(`--max-iter: must be an integer ≥ 0, got ${JSON.stringify(all.maxIter)}`);
  if (!Array.isArray(all.histIndex) || all.histIndex.length === 0 || !all.histIndex.every((i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) <= all.maxIter)) {
    throw new UsageError(`--hist-index: must be a non-empty array of iterations from 0 to maxIter = ${all.maxIter}, got ${JSON.stringify(all.histIndex)}`);
  }
  return all;
}

/** The notebook's result line ("Final (iteration …): π = …"), from the executed copy's printed output. */
export function resultLine(executedPath: string): string | undefined {
  const nb = JSON.parse(readFileSync(executedPath, "utf8")) as { cells: { outputs?: { output_type: string; text?: string | string[] }[] }[] };
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type !== "stream") continue;
      const text = Array.isArray(out.text) ? out.text.join("") : out.text ?? "";
      const line = text.split("\n").find((l) => l.startsWith("Final ("));
      if (line) return line;
    }
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  // --out-dir DIR (not a parameter): where the executed copy and its HTML go (default out/).
  let outDir = OUT_DIR;
  const at = argv.indexOf("--out-dir");
  if (at >= 0) {
    if (at + 1 >= argv.length) {
      console.error("npm start: --out-dir needs a folder");
      return 2;
    }
    outDir = resolve(argv[at + 1]);
    argv = [...argv.slice(0, at), ...argv.slice(at + 2)];
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs(argv);
    checkParameters(parametersCell(NOTEBOOK), values);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`npm start: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  checkSetUp("npm start");
  const tmp = mkdtempSync(join(tmpdir(), "gmm-em-"));
  const executedDir = join(tmp, "executed"), staged = join(tmp, "out");
  const name = "gmm-em";
  try {
    const args = [join(ROOT, "scripts", "run_notebook.py"), NOTEBOOK, executedDir];
    if (Object.keys(values).length > 0) {
      const inject = join(tmp, "parameters.ts");
      writeFileSync(inject, injectedSource(values));
      args.push("--inject", inject);
    }
    const run = spawnSync(PYTHON, args, { stdio: "inherit", env: jupyterEnv() });
    if (run.status !== 0) return run.status ?? 1;
    mkdirSync(staged);
    const outputs = { ipynb: join(staged, `${name}.ipynb`), html: join(staged, `${name}.html`), pdf: join(staged, `${name}.pdf`) };
    await exportNotebook({ executed: join(executedDir, `${name}.ipynb`), ...outputs, workDir: tmp });
    mkdirSync(outDir, { recursive: true });
    for (const path of Object.values(outputs)) if (existsSync(path)) renameSync(path, join(outDir, relative(staged, path)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const executed = join(outDir, "gmm-em.ipynb");
  console.log(`Executed notebook: ${relative(process.cwd(), executed)}`);
  console.log(`HTML:              ${relative(process.cwd(), join(outDir, "gmm-em.html"))}`);
  if (existsSync(join(outDir, "gmm-em.pdf"))) console.log(`PDF handout:       ${relative(process.cwd(), join(outDir, "gmm-em.pdf"))}`);
  console.log(resultLine(executed) ?? "(the notebook printed no result line)");
  return 0;
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
