// The notebook's parameters as npm start takes them: which variables of the cell tagged
// `parameters` may be given and by which flags, how a given value is read, the cell npm start
// injects after the tagged one (papermill's convention), and the check of every value before any
// kernel starts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vm from "node:vm";
import type { Matrix } from "ml-matrix";
import { GmmInputError } from "../../src/errors";
import type { RandomSourceName } from "../../src/index";
import { readNumber } from "../../src/read-number";
import { ROOT } from "../jupyter-env";
import { UsageError } from "./errors";

/** The parameters cell's variables that npm start may set, as the cell declares them. */
export interface NotebookParameters {
  randomState: number;
  nSamples1: number;
  nSamples2: number;
  variance1: number;
  variance2: number;
  rng: RandomSourceName;
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
  maxIter: number;
  tol: number;
  histIndex: number[];
}

export type ParameterName = keyof NotebookParameters;

/** Given values, by the cell's variable names, as read from the command line (JSON ones unchecked until `checkParameters`). */
export type GivenValues = Partial<Record<ParameterName, unknown>>;

type Kind = "integer" | "number" | "json" | "text";

/**
 * The parameters cell's variables that may be given: the flags that name them, and a value for
 * the usage's example (each one valid with the cell's other values, so that a pasted example runs).
 */
export const PARAMETERS: Record<ParameterName, { kind: Kind; flags: string[]; example: string; hint?: string }> = {
  randomState: { kind: "integer", flags: ["seed", "random-state", "randomState"], example: "7" },
  nSamples1: { kind: "integer", flags: ["n-samples1", "nSamples1"], example: "300" },
  nSamples2: { kind: "integer", flags: ["n-samples2", "nSamples2"], example: "100" },
  variance1: { kind: "number", flags: ["variance1"], example: "2" },
  variance2: { kind: "number", flags: ["variance2"], example: "0.5" },
  rng: { kind: "text", flags: ["rng"], example: "seedrandom", hint: "numpy or seedrandom" },
  pi: { kind: "json", flags: ["pi"], example: "[0.5, 0.5]" },
  mu: { kind: "json", flags: ["mu"], example: "[[-3, 3], [3, -3]]" },
  Sigma: { kind: "json", flags: ["Sigma", "sigma"], example: "[[[1, 0], [0, 1]], [[2, 0], [0, 2]]]" },
  maxIter: { kind: "integer", flags: ["max-iter", "maxIter"], example: "60" },
  tol: { kind: "number", flags: ["tol"], example: "1e-6" },
  histIndex: { kind: "json", flags: ["hist-index", "histIndex"], example: "[0, 2, 4, 8, 16, 32]" },
};

export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];

/** A parameter's example as it is pasted after npm start's `--`: JSON quoted for the shell. */
export function exampleArgument(name: ParameterName): string {
  const p = PARAMETERS[name];
  return `--${p.flags[0]} ${p.kind === "json" ? `'${p.example}'` : p.example}`;
}

/** The usage's lines for the parameters, one per variable, each with an example that runs. */
export function parametersUsage(): string {
  return PARAMETER_NAMES.map((name) => {
    const p = PARAMETERS[name];
    const what = p.hint ?? (p.kind === "json" ? "JSON" : p.kind);
    return `  ${p.flags.map((f) => `--${f}`).join(", ")}  (${name}: ${what}; e.g. ${exampleArgument(name)})`;
  }).join("\n");
}

/** The first number in `value` (any depth of arrays) that is not finite, as JSON.parse read it. */
function firstNonFinite(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = firstNonFinite(v);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/** The value of parameter `name` given as `text` after `--flag`. */
export function parseValue(flag: string, name: ParameterName, text: string): unknown {
  const kind = PARAMETERS[name].kind;
  if (kind === "text") return text;
  if (kind === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not JSON (e.g. ${exampleArgument(name)})`);
    }
    // JSON has no Infinity: 1e400 parses to it, and would reach the notebook as null.
    if (firstNonFinite(value) !== undefined)
      throw new UsageError(`--${flag}: ${text} holds a number beyond the largest double (±1.8e308)`);
    return value;
  }
  let v: number;
  try {
    // The live page's number boxes read numbers this way too: decimal only, full-width digits taken.
    v = readNumber(`--${flag}`, text);
  } catch (e) {
    if (e instanceof GmmInputError) throw new UsageError(e.message);
    throw e;
  }
  if (kind === "integer" && !Number.isInteger(v)) throw new UsageError(`--${flag}: ${text} is not an integer`);
  return v;
}

/** The source of the notebook's cell tagged `parameters`. */
export function parametersCell(notebookPath: string): string {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8")) as {
    cells: { cell_type: string; source: string | string[]; metadata: { tags?: string[] } }[];
  };
  const cell = nb.cells.find((c) => c.cell_type === "code" && (c.metadata.tags ?? []).includes("parameters"));
  if (!cell) throw new UsageError(`${notebookPath} has no cell tagged "parameters"`);
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** One assignment per given value. */
function assignments(values: GivenValues): string {
  return Object.entries(values)
    .map(([name, v]) => `${name} = ${JSON.stringify(v)};`)
    .join("\n");
}

/**
 * The injected cell: the assignments, then a line that prints the values given. A cell ending in
 * an assignment would show its value as the cell's output (tslab as printed text, Deno as the
 * cell's result); console.log has none, in both kernels. (No shorthand `{ rng }`: tslab does
 * not see a variable of an earlier cell in it.)
 */
export function injectedSource(values: GivenValues): string {
  return [
    "// Parameters given to npm start",
    assignments(values),
    `console.log("npm start 给定的参数 · parameters given to npm start:", JSON.stringify({ ${Object.keys(values)
      .map((name) => `${name}: ${name}`)
      .join(", ")} }));`,
  ].join("\n");
}

/**
 * How much EM the check below runs before the kernel starts: n · k · iterations up to this
 * (about a fifth of a second); beyond it, as many iterations as fit in it.
 */
const CHECK_WORK = 2e7;

/**
 * Checks the values as the notebook will use them, before any kernel starts: the parameters
 * cell, then the injected assignments, evaluated here (the cell is plain literals); maxIter and
 * histIndex; the library's own checks on generateData's options, at least k points, applyGmm's
 * start and what the notebook's run would keep (its memory limit); then the notebook's EM itself
 * from that start (all of it, or its first iterations when the data are large), which must not
 * collapse. Returns every parameter's value.
 */
export function checkParameters(cellSource: string, values: GivenValues): NotebookParameters {
  // Typed as the cell declares them: a given value of another type is refused below, by the
  // library's checks or these.
  const all = vm.runInNewContext(
    `${cellSource}\n${assignments(values)}\n({ ${PARAMETER_NAMES.join(", ")} })`,
    {},
    { timeout: 1000 },
  ) as NotebookParameters;
  const { generateData, applyGmm, GmmInputError, GmmSingularCovarianceError } = require(
    join(ROOT, "dist"),
  ) as typeof import("../../src/index");
  const flagOf = (name: string) => `--${PARAMETERS[name as ParameterName]?.flags[0] ?? name}`;
  const explain = (e: unknown): never => {
    if (e instanceof GmmSingularCovarianceError) {
      const note = /pass a small regCovar/.test(e.message)
        ? " (the notebook's run has no regCovar, and npm start cannot set one: change the data or the start)"
        : "";
      throw new UsageError(
        `with these values the notebook's EM (applyGmm from pi, mu and Sigma) fails: ${e.message}${note}`,
      );
    }
    if (!(e instanceof GmmInputError)) throw e;
    const argument = e.argument;
    if (argument === "options.keep" || argument === "options.maxIter") {
      throw new UsageError(
        `--max-iter, --n-samples1, --n-samples2: the notebook keeps every iteration's responsibilities (its figures show them all): ` +
          e.message.replace(/^[^:]*: /, ""),
      );
    }
    // The data are generateData's: their scale is the variances'.
    if (argument === "X")
      throw new UsageError(
        `--variance1, --variance2: the data (X) they give cannot be fitted: ${e.message.replace(/^X: /, "")}`,
      );
    const name = PARAMETER_NAMES.find(
      (n) =>
        argument === `options.${n}` ||
        argument === n ||
        argument.startsWith(`${n}[`) ||
        argument.startsWith(`options.${n}`),
    );
    throw new UsageError(name ? `${flagOf(name)}: ${e.message}` : e.message);
  };
  if (!Number.isInteger(all.maxIter) || all.maxIter < 0)
    throw new UsageError(`--max-iter: must be an integer ≥ 0, got ${JSON.stringify(all.maxIter)}`);
  if (
    !Array.isArray(all.histIndex) ||
    all.histIndex.length === 0 ||
    !all.histIndex.every((i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) <= all.maxIter)
  ) {
    throw new UsageError(
      `--hist-index: must be a non-empty array of iterations from 0 to maxIter = ${all.maxIter}, got ${JSON.stringify(all.histIndex)}`,
    );
  }
  let X: Matrix | undefined;
  try {
    X = generateData({
      nSamples1: all.nSamples1,
      nSamples2: all.nSamples2,
      variance1: all.variance1,
      variance2: all.variance2,
      randomState: all.randomState,
      rng: all.rng,
    });
  } catch (e) {
    explain(e);
  }
  const k = Array.isArray(all.pi) ? all.pi.length : 0;
  if (X!.rows < k) {
    throw new UsageError(
      `--n-samples1, --n-samples2: the data would have ${X!.rows} point${X!.rows === 1 ? "" : "s"}, fewer than the ${k} components of the start (pi): EM needs at least one point per component`,
    );
  }
  try {
    // The start, and what the notebook's run keeps (every iteration: applyGmm checks it against
    // its memory limit before it starts); tol = MAX_VALUE stops it after its first iteration.
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: all.maxIter, tol: Number.MAX_VALUE });
    // The tolerance, checked by applyGmm's own rule without running it again.
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: 0, tol: all.tol, keep: "none" });
    // The notebook's EM itself, keeping nothing.
    const iterations = Math.min(all.maxIter, Math.max(1, Math.floor(CHECK_WORK / (X!.rows * k))));
    applyGmm(X!, all.pi, all.mu, all.Sigma, { maxIter: iterations, keep: "none" });
  } catch (e) {
    explain(e);
  }
  return all;
}
