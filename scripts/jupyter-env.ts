// Where the project keeps its Jupyter things: the kernels registered by scripts/setup.sh (./kernels.ts),
// the notary's signatures (trusted notebooks) and runtime files — all in .jupyter/, never in
// the user's own Jupyter folders.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_KERNEL, type KernelName, kernelSpecPath } from "./kernels";

export const ROOT = resolve(__dirname, "..");
export const PYTHON = "/usr/bin/python3"; // Debian's, with nbclient/nbconvert (the first python3 on PATH may be another)
export const JUPYTER_DIR = join(ROOT, ".jupyter");
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
  if (!existsSync(PYTHON)) missing.push(PYTHON);
  if (missing.length > 0) {
    console.error(`${command}: missing ${missing.join(", ")}. Run: bash scripts/setup.sh`);
    process.exit(2);
  }
}
