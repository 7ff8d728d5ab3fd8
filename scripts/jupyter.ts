// npm run jupyter [-- --port 8888]: the classic Notebook on 127.0.0.1 with the project's kernels
// (tslab, the notebook's own, and Deno's: Kernel > Change kernel), while `tsc --watch` rebuilds the library in dist/ when src/ changes (restart the
// kernel to load the new build). Ctrl-C stops both.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { checkSetUp, jupyterEnv, PYTHON, ROOT } from "./jupyter-env";
import { KERNEL_NAMES } from "./kernels";

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
const notebook = spawn(
  PYTHON,
  ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--notebook-dir=${ROOT}`, ...rootArgs],
  { cwd: ROOT, stdio: "inherit", env: jupyterEnv() },
);
children.push(notebook);
console.log(
  `npm run jupyter: open the URL printed below, then notebooks/gmm-em.ipynb (kernel: TypeScript, tslab; or Deno, from Kernel > Change kernel).`,
);

notebook.on("exit", (code) => stop(code ?? 0));
tsc.on("exit", (code) => {
  if (code) stop(code);
});
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
