// The project's Jupyter kernels, registered in its own .jupyter/ (never in the user's Jupyter
// folders): tslab (the notebook's default) and Deno's, each started with this project's own copy
// from node_modules/. `deno jupyter --install` is not used: it writes to the user's folder.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export type KernelName = "tslab" | "deno";

/** A kernel: its display name, and the command Jupyter starts it with (`{connection_file}` is Jupyter's). */
interface KernelDeclaration {
  displayName: string;
  /** The kernel's command line, given the project's root. */
  argv(root: string): string[];
  /** Its environment's additions, given the Jupyter folder it is registered in. */
  env?(jupyterDir: string): Record<string, string>;
}

/**
 * Deno's binary inside node_modules/: its package puts it there from the platform's package
 * (an optional dependency) when first run, whether or not npm ran its install script.
 */
function denoBinary(root: string): string {
  const install = require(require.resolve("deno/install_api.cjs", { paths: [root] })) as { runInstall(): string };
  return install.runInstall();
}

export const KERNELS: Record<KernelName, KernelDeclaration> = {
  tslab: {
    displayName: "TypeScript",
    // This Node.js running tslab through scripts/tslab-kernel.cjs (tslab without file watchers):
    // no shell shim (node_modules/.bin's differ by platform).
    argv: (root) => [
      process.execPath,
      join(root, "scripts", "tslab-kernel.cjs"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ],
  },
  deno: {
    displayName: "Deno",
    argv: (root) => [denoBinary(root), "jupyter", "--quiet", "--kernel", "--conn", "{connection_file}"],
    // --quiet: without the warning that `deno jupyter` is unstable on every start. Its cache of
    // compiled cells in the project's folder, and no look for a newer Deno online.
    env: (jupyterDir) => ({ DENO_DIR: join(jupyterDir, "deno"), DENO_NO_UPDATE_CHECK: "1" }),
  },
};

export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

/** The notebook's own kernel (its metadata's): npm start's and npm run jupyter's default. */
export const DEFAULT_KERNEL: KernelName = "tslab";

/** Where kernel `name`'s kernel.json is, in the Jupyter folder `jupyterDir` (the project's .jupyter/). */
export function kernelSpecPath(jupyterDir: string, name: KernelName): string {
  return join(jupyterDir, "share", "jupyter", "kernels", name, "kernel.json");
}

/** Writes every kernel's kernel.json into `jupyterDir` (the project's .jupyter/); returns their paths. */
export function registerKernels(jupyterDir: string, root = resolve(__dirname, "..")): string[] {
  return KERNEL_NAMES.map((name) => {
    const path = kernelSpecPath(jupyterDir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    const kernel = KERNELS[name];
    const spec = {
      argv: kernel.argv(root),
      display_name: kernel.displayName,
      language: "typescript",
      ...(kernel.env ? { env: kernel.env(jupyterDir) } : {}),
    };
    // Whole or not at all: a temporary file beside it, renamed into place.
    writeFileSync(`${path}.${process.pid}.tmp`, `${JSON.stringify(spec, null, 2)}\n`);
    renameSync(`${path}.${process.pid}.tmp`, path);
    return path;
  });
}

if (require.main === module) {
  for (const path of registerKernels(resolve(process.argv[2] ?? join(__dirname, "..", ".jupyter"))))
    console.log(`kernel registered: ${path}`);
}
