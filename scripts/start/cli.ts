// npm start's command line: the usage, the arguments read, and every check made on them before
// anything starts (the values, the output folder, the steps). `readCommandLine` is what `main`
// runs first: it answers --help, refuses bad input (exit code 2, with the usage), or gives the run.
import { relative, resolve } from "node:path";
import { NOTEBOOK, OUT_DIR } from "../jupyter-env";
import { DEFAULT_KERNEL, KERNEL_NAMES, type KernelName } from "../kernels";
import { UsageError } from "./errors";
import { checkOutDir } from "./output-folder";
import type { OutputStep } from "./output-step";
import {
  checkParameters,
  type GivenValues,
  PARAMETER_NAMES,
  PARAMETERS,
  type ParameterName,
  parametersCell,
  parametersUsage,
  parseValue,
} from "./parameters";
import { OUTPUT_STEPS, outputFiles, selectSteps } from "./steps";

/** Each step's line of the usage: its name, its files (in the default folder) and what it makes. */
function stepsUsage(): string {
  const width = Math.max(...OUTPUT_STEPS.map((s) => s.name.length)) + 2;
  const dir = relative(process.cwd(), OUT_DIR) || ".";
  return OUTPUT_STEPS.map((s) => {
    const files = s.outputs.map((o) => `${dir}/${o.file}${o.needsChromium ? " (with Chromium)" : ""}`).join(", ");
    const needs = s.needs.length > 0 ? `; needs ${s.needs.join(", ")}` : "";
    return `  ${s.name.padEnd(width)}${files}: ${s.summary}${needs}`;
  }).join("\n");
}

export function usage(): string {
  return `Usage: npm start [-- --name value …] [-- --out-dir DIR] [-- --only STEP[,STEP…]] [-- --kernel ${KERNEL_NAMES.join("|")}]
Runs notebooks/gmm-em.ipynb with the ${DEFAULT_KERNEL} kernel; its steps write:
${stepsUsage()}
(--out-dir DIR: into DIR instead; never into notebooks/ nor over a file the project tracks;
--only STEP[,STEP…]: only these steps and the steps they need, e.g. --only notebook;
--kernel ${KERNEL_NAMES.join("|")}: the kernel that runs the notebook, default ${DEFAULT_KERNEL}).
Parameters (the notebook's parameters cell):
${parametersUsage()}`;
}

/** Command-line options that are not parameters: where the outputs go, and which steps run. */
export interface RunOptions {
  outDir: string;
  /** The steps to run, in order: every step, or those `--only` names and the steps they need. */
  steps: OutputStep[];
  /** The kernel that runs the notebook. */
  kernel: KernelName;
}

/** The flags that are not parameters: where the outputs go, and which steps run. */
const RUN_FLAGS = ["out-dir", "only", "kernel"] as const;

/**
 * Reads `--flag value` / `--flag=value` pairs: the parameter values (by the cell's variable
 * names), `--out-dir`, `--only` and `--kernel`.
 */
export function parseArgs(argv: string[]): { values: GivenValues; options: RunOptions } {
  const byFlag = new Map<string, ParameterName>();
  for (const name of PARAMETER_NAMES) for (const f of PARAMETERS[name].flags) byFlag.set(f, name);
  const values: GivenValues = {};
  let outDir: string | undefined;
  let only: string[] | undefined;
  let kernel: KernelName | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--"))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (parameters are --name value)`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const option = RUN_FLAGS.find((f) => f === flag);
    const name = byFlag.get(flag);
    if (option === undefined && name === undefined) {
      throw new UsageError(
        `unknown parameter --${flag}; known: ${[...byFlag.keys(), ...RUN_FLAGS].map((f) => `--${f}`).join(", ")}`,
      );
    }
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) text = argv[++i];
    else throw new UsageError(`--${flag} needs a value`);
    if (option === "out-dir") {
      if (outDir !== undefined) throw new UsageError("--out-dir given twice");
      if (text === "") throw new UsageError("--out-dir needs a folder");
      outDir = resolve(text);
    } else if (option === "only") {
      if (only !== undefined) throw new UsageError("--only given twice");
      only = text.split(",").map((s) => s.trim());
      if (only.some((s) => s === ""))
        throw new UsageError(`--only: ${JSON.stringify(text)} has an empty step name (e.g. --only notebook,live)`);
    } else if (option === "kernel") {
      if (kernel !== undefined) throw new UsageError("--kernel given twice");
      kernel = KERNEL_NAMES.find((k) => k === text);
      if (kernel === undefined)
        throw new UsageError(`--kernel: unknown kernel ${JSON.stringify(text)}; known: ${KERNEL_NAMES.join(", ")}`);
    } else if (name !== undefined) {
      if (name in values) throw new UsageError(`--${flag}: ${name} given twice`);
      values[name] = parseValue(flag, name, text);
    }
  }
  return { values, options: { outDir: outDir ?? OUT_DIR, steps: selectSteps(only), kernel: kernel ?? DEFAULT_KERNEL } };
}

/** What the command line asks for: the usage (--help), a refusal with its message, or a run. */
export type CommandLine =
  | { kind: "help"; exitCode: 0; stdout: string }
  | { kind: "refused"; exitCode: 2; stderr: string }
  | { kind: "run"; values: GivenValues; options: RunOptions };

/**
 * Reads and checks the command line, before anything starts or is written: the arguments, the
 * output folder against the files the chosen steps write, and the values as the notebook will
 * use them (`checkParameters`).
 */
export function readCommandLine(argv: string[]): CommandLine {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help", exitCode: 0, stdout: usage() };
  try {
    const { values, options } = parseArgs(argv);
    checkOutDir(options.outDir, outputFiles(options.steps));
    checkParameters(parametersCell(NOTEBOOK), values);
    return { kind: "run", values, options };
  } catch (e) {
    if (e instanceof UsageError)
      return { kind: "refused", exitCode: 2, stderr: `npm start: ${e.message}\n\n${usage()}` };
    throw e;
  }
}
