// Finding a Python that has Jupyter, wherever it was installed: GMM_EM_PYTHON if given; the
// project's own .venv; the Python behind a `jupyter` command on PATH (pip's, conda's, Debian's);
// python3 / python / Windows' `py -3`; conda's and Anaconda's usual homes; the system's.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";

const WINDOWS = process.platform === "win32";

/** What each Python module serves; `needed` ones are what npm start cannot run without. */
export const PYTHON_MODULES = [
  { module: "nbclient", needed: true, serves: "running the notebook (npm start)" },
  { module: "nbformat", needed: true, serves: "reading and signing notebooks" },
  { module: "nbconvert", needed: true, serves: "the HTML export" },
  { module: "jupyter_client", needed: true, serves: "starting kernels" },
  { module: "notebook", needed: false, serves: "npm run jupyter (classic Notebook or Notebook 7)" },
  { module: "jupyterlab", needed: false, serves: "npm run jupyter -- --lab" },
  { module: "numpy", needed: false, serves: "npm run fixtures, npm run bench" },
  { module: "sklearn", needed: false, serves: "npm run fixtures, npm run bench (scikit-learn)" },
];

/** Every executable named `name` on PATH (with Windows' extensions). */
export function onPath(name) {
  const exts = WINDOWS ? (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").map((e) => e.toLowerCase()) : [""];
  const found = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = join(dir, name + ext);
      if (existsSync(file)) found.push(file);
    }
  }
  return found;
}

/** The interpreter a `jupyter` launcher runs: its shebang (POSIX), or the python.exe beside its Scripts\ folder. */
function pythonBehind(jupyter) {
  if (WINDOWS) return [join(dirname(jupyter), "..", "python.exe"), join(dirname(jupyter), "python.exe")];
  try {
    const first = readFileSync(jupyter, "utf8").slice(0, 300).split("\n")[0];
    const shebang = first.match(/^#!\s*(\S+)(?:\s+(\S+))?/);
    if (!shebang) return [];
    // "#!/usr/bin/env python3" names a command, not a file.
    if (shebang[1].endsWith("/env") && shebang[2]) return onPath(shebang[2]);
    return [shebang[1]];
  } catch {
    return [];
  }
}

/** Candidate interpreters, as commands: [file, ...args], best first, without repeats. */
export function pythonCandidates(root) {
  if (process.env.GMM_EM_PYTHON) return [[process.env.GMM_EM_PYTHON]];
  const home = homedir();
  const bin = (prefix) => (WINDOWS ? join(prefix, "python.exe") : join(prefix, "bin", "python3"));
  const files = [
    WINDOWS ? join(root, ".venv", "Scripts", "python.exe") : join(root, ".venv", "bin", "python3"),
    ...onPath("jupyter").flatMap(pythonBehind),
    ...(process.env.CONDA_PREFIX ? [bin(process.env.CONDA_PREFIX)] : []),
    ...onPath("python3"),
    ...onPath("python"),
  ];
  const commands = files.map((f) => [f]);
  if (WINDOWS) commands.push(["py", "-3"]);
  for (const name of ["anaconda3", "miniconda3", "miniforge3", "mambaforge"]) {
    commands.push([bin(join(home, name))]);
    if (!WINDOWS) commands.push([bin(join("/opt", name))]);
  }
  if (WINDOWS) {
    const programs = join(process.env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "Programs", "Python");
    if (existsSync(programs))
      for (const v of readdirSync(programs).sort().reverse()) commands.push([join(programs, v, "python.exe")]);
  } else {
    for (const f of ["/opt/homebrew/bin/python3", "/usr/local/bin/python3", "/usr/bin/python3"]) commands.push([f]);
  }
  const seen = new Set();
  return commands.filter((c) => {
    const key = c.join(" ");
    if (seen.has(key) || (c.length === 1 && c[0].includes("/") && !existsSync(c[0]))) return false;
    seen.add(key);
    return true;
  });
}

const PROBE = `import importlib.util, json, sys
mods = ${JSON.stringify(PYTHON_MODULES.map((m) => m.module))}
print(json.dumps({"executable": sys.executable, "version": sys.version.split()[0], "modules": [m for m in mods if importlib.util.find_spec(m)]}))`;

/** What `command` is and has: { executable, version, modules }, or undefined if it does not run. */
export function probePython(command) {
  const run = spawnSync(command[0], [...command.slice(1), "-c", PROBE], { encoding: "utf8", timeout: 30_000 });
  if (run.status !== 0) return undefined;
  try {
    return JSON.parse(run.stdout.trim().split("\n").at(-1));
  } catch {
    return undefined;
  }
}

/**
 * Every candidate that runs, probed: the chosen one is the first with every needed module,
 * and `reference` the first with numpy and scikit-learn (for the fixtures and the benchmark).
 */
export function findPython(root) {
  const probed = [];
  for (const command of pythonCandidates(root)) {
    const p = probePython(command);
    if (p && !probed.some((q) => q.executable === p.executable)) probed.push(p);
  }
  const has = (p, mods) => mods.every((m) => p.modules.includes(m));
  const needed = PYTHON_MODULES.filter((m) => m.needed).map((m) => m.module);
  const jupyter =
    probed.find((p) => has(p, needed) && (p.modules.includes("notebook") || p.modules.includes("jupyterlab"))) ??
    probed.find((p) => has(p, needed));
  const reference = probed.find((p) => has(p, ["numpy", "sklearn"]));
  return { probed, jupyter, reference, needed };
}

/** How to get Jupyter on this platform, without root first: the lines setup prints when none is found. */
export function howToGetJupyter() {
  const venv = WINDOWS
    ? ["py -3 -m venv .venv", ".venv\\Scripts\\python -m pip install notebook"]
    : ["python3 -m venv .venv", ".venv/bin/python3 -m pip install notebook"];
  const lines = [
    "Any of these, then run `npm run setup` again:",
    `  - in this folder, without root (any platform with Python 3.9+): ${venv.join(" && ")}`,
    "  - with pip, for your user: python3 -m pip install --user notebook (Windows: py -m pip install --user notebook)",
    "  - with conda or Anaconda: conda install notebook (then run setup in that environment)",
  ];
  if (process.platform === "darwin") lines.push("  - with Homebrew: brew install jupyterlab");
  if (process.platform === "linux" && existsSync("/etc/debian_version"))
    lines.push(
      "  - on Debian/Ubuntu, as root: sudo apt-get install -y --no-install-recommends jupyter-notebook jupyter-nbconvert python3-nbclient",
    );
  lines.push("  - or name the Python that has it: GMM_EM_PYTHON=/path/to/python npm run setup");
  return lines.join("\n");
}
