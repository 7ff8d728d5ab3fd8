// Where the project keeps its Jupyter things: the kernels registered by `npm run setup` (./kernels.ts), what it
// found (setup.json: the Python with Jupyter, Chromium), the notary's signatures (trusted
// notebooks) and runtime files — all in .jupyter/, never in the user's own Jupyter folders.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_KERNEL, type KernelName, kernelSpecPath } from "./kernels";

export const ROOT = resolve(__dirname, "..");
export const JUPYTER_DIR = join(ROOT, ".jupyter");

/** What `npm run setup` found (scripts/setup.mjs writes it). */
interface SetupRecord {
  /** The Python with Jupyter (nbclient, nbconvert, jupyter_client; notebook or jupyterlab for npm run jupyter). */
  python: string;
  /** The Jupyter modules that Python has. */
  modules: string[];
  /** A Python with numpy and scikit-learn, if any (the fixtures, the benchmark's peers). */
  referencePython?: string;
  /** Chromium, Chrome or Edge, if any (still images, the PDF, the browser tests). */
  chromium?: string;
}

function readSetupRecord(): SetupRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(JUPYTER_DIR, "setup.json"), "utf8")) as SetupRecord;
  } catch {
    return undefined;
  }
}

export const SETUP: SetupRecord | undefined = readSetupRecord();
/** The Python that runs Jupyter: the one setup found (checkSetUp stops the commands that need it when there is none). */
export const PYTHON = SETUP?.python ?? "python3";
/**
 * The notebook npm start runs: the lesson, or the one GMM_EM_NOTEBOOK names (npm start's tests of
 * its signals and its lock run a short one: what they show is npm start's, not the lesson's).
 */
export const NOTEBOOK = process.env.GMM_EM_NOTEBOOK
  ? resolve(process.env.GMM_EM_NOTEBOOK)
  : join(ROOT, "notebooks", "gmm-em.ipynb");
export const OUT_DIR = join(ROOT, "out");

/** The environment for Jupyter processes: the project's kernel first, the project's data and config. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    JUPYTER_PATH: join(JUPYTER_DIR, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(JUPYTER_DIR, "data"),
    JUPYTER_CONFIG_DIR: join(JUPYTER_DIR, "config"),
    JUPYTER_RUNTIME_DIR: join(JUPYTER_DIR, "runtime"),
    IPYTHONDIR: join(JUPYTER_DIR, "ipython"),
  };
}

/** Stops with a clear message unless setup has been run (the kernels registered, the library built). */
export function checkSetUp(command: string, kernels: KernelName | readonly KernelName[] = DEFAULT_KERNEL): void {
  const missing: string[] = [];
  for (const kernel of typeof kernels === "string" ? [kernels] : kernels) {
    if (!existsSync(kernelSpecPath(JUPYTER_DIR, kernel))) missing.push(`the ${kernel} kernel in .jupyter/`);
  }
  if (!existsSync(join(ROOT, "dist", "index.js"))) missing.push("the library's build in dist/");
  if (!SETUP || !existsSync(PYTHON)) missing.push("a Python with Jupyter (found by setup)");
  if (missing.length > 0) {
    console.error(`${command}: missing ${missing.join(", ")}. Run: npm run setup`);
    process.exit(2);
  }
}
