// npm run jupyter [-- --port 8888] [-- --lab]: Jupyter on 127.0.0.1 with the project's kernels (tslab, the
// notebook's own, and Deno's: Kernel > Change kernel), on
// the person's working copy of the notebook (workspace/, not tracked), while `tsc --watch`
// rebuilds the library in dist/ when src/ changes (restart the kernel to load the new build).
// The Notebook (classic or 7) if the Python has it, else JupyterLab; --lab for JupyterLab.
// Ctrl-C stops both.
import { type ChildProcess, spawn } from "node:child_process";
import { join, relative } from "node:path";
import { checkSetUp, jupyterEnv, NOTEBOOK, PYTHON, ROOT, SETUP } from "./jupyter-env";
import { KERNEL_NAMES } from "./kernels";
import { workingCopy } from "./working-copy";

checkSetUp("npm run jupyter", KERNEL_NAMES);
const argv = process.argv.slice(2);
const portAt = argv.indexOf("--port");
const port = portAt >= 0 ? argv[portAt + 1] : "8888";
if (!/^\d+$/.test(port ?? "")) {
  console.error("npm run jupyter: --port needs a number");
  process.exit(2);
}

const children: ChildProcess[] = [];
function stop(code: number): never {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}

const tsc = spawn(
  process.execPath,
  [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--watch", "--preserveWatchOutput"],
  { cwd: ROOT, stdio: "inherit" },
);
children.push(tsc);
const rootArgs = process.getuid?.() === 0 ? ["--allow-root"] : []; // e.g. in a container
const modules = SETUP?.modules ?? [];
const app =
  (argv.includes("--lab") || !modules.includes("notebook")) && modules.includes("jupyterlab")
    ? "jupyterlab"
    : "notebook";
const copy = workingCopy(ROOT, NOTEBOOK);
const where = relative(ROOT, copy.path).split("\\").join("/");
const notebook = spawn(
  PYTHON,
  ["-m", app, "--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--notebook-dir=${ROOT}`, ...rootArgs],
  { cwd: ROOT, stdio: "inherit", env: jupyterEnv() },
);
children.push(notebook);
console.log(
  `npm run jupyter: open the URL printed below, then ${where} (kernel: TypeScript, tslab; or Deno, from Kernel > Change kernel): your copy of the course's ` +
    `notebook, ${copy.made ? "made now" : "as you left it"}; git does not track it (delete it to start again from ` +
    `${relative(ROOT, NOTEBOOK)}).`,
);

notebook.on("exit", (code) => stop(code ?? 0));
tsc.on("exit", (code) => {
  if (code) stop(code);
});
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
