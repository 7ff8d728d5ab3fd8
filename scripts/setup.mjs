// npm run setup: everything the notebook needs, on Linux, macOS or Windows, with or without root.
// The npm packages (npm ci, unless node_modules already matches the lock), the library's build,
// a Python with Jupyter found where it is (or how to get one), the kernels registered for this
// project only (.jupyter/, never the user's own Jupyter), and what each missing extra narrows.
// On Debian or Ubuntu as root (e.g. CI, a container) it first installs Debian's packages that are
// missing, extras included; `--no-apt` skips that. Plain JavaScript: it runs before npm ci.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium, findExtras } from "./setup/extras.mjs";
import { findPython, howToGetJupyter } from "./setup/python.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const JUPYTER_DIR = join(ROOT, ".jupyter");
/** What setup found, for npm start, npm run jupyter and the tests (scripts/jupyter-env.ts reads it). */
const RECORD = join(JUPYTER_DIR, "setup.json");
const WINDOWS = process.platform === "win32";

/** Debian's packages: Jupyter (the notebook), then the extras (see scripts/setup/extras.mjs). */
const DEBIAN_PACKAGES = [
  "jupyter-notebook",
  "jupyter-nbconvert",
  "python3-nbclient",
  "python3-numpy",
  "python3-sklearn",
  "chromium",
  "fonts-noto-cjk",
  "poppler-utils",
];

const say = (line) => console.log(`setup: ${line}`);
function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

/** Runs a command in the project, its output shown; stops setup if it fails. */
function run(command, args, what) {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", shell: WINDOWS && !command.endsWith(".exe") });
  if (r.status !== 0) fail(`${what} failed (${r.error?.message ?? `exit code ${r.status}`})`);
}

/** npm itself: the one that runs this script, else the one on PATH. */
function npm(args, what) {
  if (process.env.npm_execpath?.endsWith(".js")) run(process.execPath, [process.env.npm_execpath, ...args], what);
  else run(WINDOWS ? "npm.cmd" : "npm", args, what);
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(
      `Node.js ≥ 20.19 is needed (this is ${process.version}): install a newer one from https://nodejs.org, then run npm run setup again.`,
    );
}

/** On Debian or Ubuntu as root: installs the packages that are missing (all of them are extras or Jupyter). */
function installDebianPackages() {
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || !existsSync("/etc/debian_version") || spawnSync("apt-get", ["--version"]).status !== 0) return;
  const installed = (p) =>
    /^Status: install ok installed$/m.test(spawnSync("dpkg", ["-s", p], { encoding: "utf8" }).stdout ?? "");
  const missing = DEBIAN_PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) return;
  say(`as root on Debian/Ubuntu: installing ${missing.join(" ")} (--no-apt skips this)`);
  run("apt-get", ["update"], "apt-get update");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { stdio: "inherit", env });
  if (r.status !== 0) fail(`apt-get install ${missing.join(" ")} failed`);
}

/** Whether node_modules holds exactly what package-lock.json asks for (what npm ci would make). */
function nodeModulesMatchLock() {
  const hidden = join(ROOT, "node_modules", ".package-lock.json");
  if (!existsSync(hidden)) return false;
  const want = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")).packages;
  const have = JSON.parse(readFileSync(hidden, "utf8")).packages;
  return Object.entries(want).every(
    ([path, p]) => path === "" || have[path]?.version === p.version || (p.optional && !(path in have)),
  );
}

/** Writes `text` to `file` whole or not at all: a temporary file beside it, renamed into place. */
function writeWhole(file, text) {
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, text);
  renameSync(staged, file);
}

checkNode();
if (!process.argv.includes("--no-apt")) installDebianPackages();

if (nodeModulesMatchLock()) {
  say("node_modules already matches package-lock.json: npm ci skipped");
  npm(["run", "build"], "npm run build");
} else {
  // npm ci builds dist/ too (the package's `prepare`), unless scripts are turned off.
  npm(["ci", "--no-audit", "--no-fund"], "npm ci");
  if (!existsSync(join(ROOT, "dist", "jupyter.js"))) npm(["run", "build"], "npm run build");
}

const { jupyter, reference, needed, probed } = findPython(ROOT);
const chromium = findChromium();
mkdirSync(JUPYTER_DIR, { recursive: true });
// The kernels (scripts/kernels.ts: tslab and Deno's), for this project only.
run(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "kernels.ts"), JUPYTER_DIR], "registering the kernels");
if (jupyter) {
  const record = {
    python: jupyter.executable,
    modules: jupyter.modules,
    referencePython: reference?.executable,
    chromium,
  };
  writeWhole(RECORD, `${JSON.stringify(record, null, 2)}\n`);
} else rmSync(RECORD, { force: true });

say("what was found, and what each thing serves:");
const line = (ok, name, where, serves) =>
  console.log(`  ${ok ? "✔" : "✘"} ${name}${where ? ` (${where})` : ""}: ${serves}`);
line(true, "Node.js", process.version, "the library, the kernel (tslab), npm start");
if (jupyter) {
  line(true, "Python with Jupyter", `${jupyter.executable}, ${jupyter.version}`, "npm start, npm run jupyter");
  if (!jupyter.modules.includes("notebook") && !jupyter.modules.includes("jupyterlab"))
    line(false, "notebook or jupyterlab in that Python", "", "npm run jupyter (npm start does not need it)");
}
for (const extra of findExtras(chromium, reference))
  line(Boolean(extra.found), extra.name, extra.found && extra.found !== "yes" ? extra.found : "", extra.serves);

if (!jupyter) {
  const seen = probed.map(
    (p) => `    ${p.executable} (${p.version}): lacks ${needed.filter((m) => !p.modules.includes(m)).join(", ")}`,
  );
  console.error(
    [
      `setup: no Python with Jupyter was found (it needs ${needed.join(", ")}).`,
      ...(seen.length > 0 ? ["  Pythons found:", ...seen] : ["  No Python was found."]),
      howToGetJupyter(),
    ].join("\n"),
  );
  process.exit(1);
}
if (!chromium) say("without Chromium, npm start writes no still images and no PDF (everything else is made).");
say("done: npm start runs the notebook; npm run jupyter opens it.");
