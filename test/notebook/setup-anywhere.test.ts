// `npm run setup` as a person without root would run it: in a fresh copy of the project, as a user
// who is not root (when the tests run as root, as `nobody`), with no sudo and with Chromium hidden;
// then `npm start`, the README's first command, given values (seedrandom's data, a k = 3 start):
// with Chromium hidden, this run shows both what values change and what npm start writes without
// Chromium. And how setup finds a Python with Jupyter.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../../scripts/jupyter-env";
import { findPython, howToGetJupyter, pythonCandidates } from "../../scripts/setup/python.mjs";
import { EXECUTED, outputFiles } from "../../scripts/start/steps";
import { formatNumber } from "../../src/display/html";
import { applyGmm, generateData } from "../../src/index";
import { sha256 } from "../helpers/default-run";
import { checkExecuted, htmlOutputs, readNotebook, removeDir, tempDir, text } from "../helpers/notebook";

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** The project's files as they are in the working tree (tracked, and new ones git does not ignore): what a fresh clone of this work holds. */
function copyProject(to: string): void {
  const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .stdout.split("\0")
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(to, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(to, f));
  }
}

/** Every file and folder under `dir` made the user's (before node_modules is linked in: those stay root's, read-only). */
function chownTree(dir: string, uid: number): void {
  spawnSync("chown", ["-R", `${uid}:${uid}`, dir]);
}

const unit = [
  [1, 0],
  [0, 1],
];
/** The values of the run with values: seedrandom's data, and a k = 3 start. */
const VALUES = {
  rng: "seedrandom",
  seed: 7,
  variance1: 2,
  maxIter: 40,
  pi: [0.2, 0.3, 0.5],
  // a third mean beside the second cluster's: EM converges well before maxIter (the slider's end shows the run's)
  mu: [
    [-2, 2],
    [2, -2],
    [2, -1],
  ],
  Sigma: [unit, unit, unit],
};

/** `VALUES` as npm start's flags. */
function valuesArgs(values: typeof VALUES): string[] {
  return [
    "--rng",
    values.rng,
    "--seed",
    String(values.seed),
    "--variance1",
    String(values.variance1),
    "--max-iter",
    String(values.maxIter),
    "--pi",
    JSON.stringify(values.pi),
    "--mu",
    JSON.stringify(values.mu),
    "--Sigma",
    JSON.stringify(values.Sigma),
  ];
}

/** What a run with `values` and without Chromium wrote into `out`, and said. */
function checkRunWithValues(out: string, run: { stdout: string; stderr: string }, values: typeof VALUES): void {
  // Without Chromium: npm start says so, and writes every output but the PDF, with no still images.
  assert.match(
    run.stderr,
    /no-chromium-here is missing, so the figures get no still images .* and no PDF handout is made/,
  );
  assert.deepEqual(
    readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((f) => statSync(join(out, f)).isFile())
      .sort(),
    outputFiles(undefined, false).sort(),
  );
  assert.ok(!existsSync(join(out, "gmm-em.pdf")));
  assert.doesNotMatch(htmlOutputs(readNotebook(join(out, EXECUTED))), /<img /, "no still images");
  assert.ok((htmlOutputs(readNotebook(join(out, EXECUTED))).match(/class="gmm-em-figure"/g) ?? []).length >= 7);
  assert.match(
    readFileSync(join(out, "gmm-em.html"), "utf8"),
    /<mjx-container/,
    "the formulas are typeset all the same",
  );
  // the live page (it needs no Chromium) opens on the run's seed
  assert.match(
    readFileSync(join(out, "gmm-em-live.html"), "utf8"),
    /mountLive\(root, \{"data":\{"kind":"original","seed":7,/,
  );

  const nb = readNotebook(join(out, EXECUTED));
  checkExecuted(nb);
  const at = nb.cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
  const injected = nb.cells[at + 1];
  assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
  assert.match(
    text(injected.source),
    /rng = "seedrandom";\s*randomState = 7;\s*variance1 = 2;\s*maxIter = 40;\s*pi = \[0\.2,0\.3,0\.5\];\s*mu = \[\[-2,2\],\[2,-2\],\[2,-1\]\];\s*Sigma = \[\[\[1,0\],\[0,1\]\],/,
  );
  // its last statement has no value to echo: its one output is the line naming the values given, read back as they were given
  assert.deepEqual(
    (injected.outputs ?? []).map((o) => o.output_type),
    ["stream"],
    "no execute_result (Deno's echo) and no echoed value (tslab's)",
  );
  const printed = /^npm start 给定的参数 · parameters given to npm start: (.*)\n$/.exec(
    text(injected.outputs![0].text),
  );
  assert.ok(printed, text(injected.outputs![0].text));
  assert.deepEqual(JSON.parse(printed[1]), {
    rng: "seedrandom",
    randomState: 7,
    variance1: 2,
    maxIter: 40,
    pi: values.pi,
    mu: values.mu,
    Sigma: values.Sigma,
  });
  // the first rows shown are seedrandom's at seed 7 and variance 2: not numpy's, not the default run's
  const X = generateData({ randomState: 7, variance1: 2, variance2: 1, rng: "seedrandom" });
  const numpy = generateData({ randomState: 7, variance1: 2, variance2: 1, rng: "numpy" });
  const defaults = generateData({ randomState: 42, variance1: 3, variance2: 1, rng: "numpy" });
  const html = htmlOutputs(nb);
  assert.ok(html.includes(`<td>${formatNumber(X.get(0, 0))}</td>`), "seedrandom's first row");
  assert.ok(!html.includes(`<td>${formatNumber(numpy.get(0, 0))}</td>`), "not numpy's");
  assert.ok(!html.includes(`<td>${formatNumber(defaults.get(0, 0))}</td>`), "not the default data");
  // every cell ran, none raised (the pitfalls section falls back to the original's start for k ≠ 2)
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    assert.equal(typeof cell.execution_count, "number", `cell ${i} ran`);
    for (const o of cell.outputs ?? []) assert.notEqual(o.output_type, "error", `cell ${i}: ${o.ename}`);
  }
  assert.match(run.stdout, /π = \([\d.]+, [\d.]+, [\d.]+\)/, "the main run used the three components");
  // the slider ends five iterations after EM converged (tol = 1e-3), within the run's maxIter = 40
  const slider = [...html.matchAll(/\n {2}var figure = (.*);\n {2}function draw/g)]
    .map((m) => JSON.parse(m[1]))
    .find((f) => f.frames);
  const result = applyGmm(X, values.pi, values.mu, values.Sigma, { maxIter: 40, keep: "none" });
  const fit = applyGmm(X, values.pi, values.mu, values.Sigma, { maxIter: 40, tol: 1e-3, keep: "none" });
  assert.equal(result.nIter, 40);
  assert.ok(fit.nIter + 5 < 40, `converged at iteration ${fit.nIter}: the slider ends before maxIter`);
  assert.equal(slider.frames.length, Math.min(fit.nIter + 5, result.nIter) + 1, "the slider follows the run");
}

describe("npm run setup and npm start in a fresh copy, not as root, no sudo, no Chromium", () => {
  // As root the scratch folder must be reachable by `nobody`: not under the runner's own $TMPDIR (mode 700).
  let scratch = "";
  let project = "";
  const env: NodeJS.ProcessEnv = {};
  /** Runs `command` in the copy as the user: `nobody` when the tests run as root, else the tests' own user. */
  const asUser = (args: string[]) =>
    spawnSync(
      asRoot ? "setpriv" : args[0],
      asRoot ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", ...args] : args.slice(1),
      {
        cwd: project,
        env,
        encoding: "utf8",
        timeout: 240_000,
      },
    );

  before(() => {
    scratch = asRoot ? mkdtempSync("/tmp/gmm-em-setup-") : tempDir("setup");
    project = join(scratch, "gmm-em");
    copyProject(project);
    for (const d of ["home", "tmp"]) mkdirSync(join(scratch, d));
    if (asRoot) {
      chmodSync(scratch, 0o755);
      chownTree(project, NOBODY);
      chownTree(join(scratch, "home"), NOBODY);
      chownTree(join(scratch, "tmp"), NOBODY);
    }
    // What npm ci makes in a fresh clone: node_modules (linked, not copied: a second) and dist/,
    // which its `prepare` builds (copied: setup finds it is the build of the sources as they are).
    const cp = spawnSync("cp", ["-al", join(ROOT, "node_modules"), join(project, "node_modules")]);
    assert.equal(cp.status, 0, cp.stderr?.toString());
    const dist = spawnSync("cp", ["-a", join(ROOT, "dist"), join(project, "dist")]);
    assert.equal(dist.status, 0, dist.stderr?.toString());
    Object.assign(env, {
      PATH: process.env.PATH,
      HOME: join(scratch, "home"),
      TMPDIR: join(scratch, "tmp"),
      LANG: "C.UTF-8",
      GMM_EM_CHROMIUM: join(scratch, "no-chromium-here"),
    });
  });
  after(() => removeDir(scratch));

  test("setup: no apt-get, no sudo; Jupyter found, the kernel registered in the project only, what Chromium's absence narrows said once", () => {
    if (asRoot) assert.equal(asUser(["id", "-u"]).stdout.trim(), String(NOBODY), "runs as nobody");
    assert.notEqual(asUser(["id", "-u"]).stdout.trim(), "0");
    const setup = asUser(["npm", "run", "setup"]);
    assert.equal(setup.status, 0, `setup failed:\n${setup.stdout}\n${setup.stderr}`);
    assert.doesNotMatch(setup.stdout + setup.stderr, /apt-get|sudo/, "a user without root is not asked for root");
    assert.match(setup.stdout, /✔ Python with Jupyter \(/);
    assert.match(setup.stdout, /✘ Chromium: the figures' still images .* and the PDF handout/);
    assert.equal(setup.stdout.split("without Chromium, npm start writes no still images and no PDF").length - 1, 1);
    const kernel = JSON.parse(readFileSync(join(project, ".jupyter/share/jupyter/kernels/tslab/kernel.json"), "utf8"));
    assert.equal(
      kernel.argv[1],
      join(project, "scripts/tslab-kernel.cjs"),
      "the project's tslab, without file watchers",
    );
    assert.ok(!existsSync(join(scratch, "home", ".local", "share", "jupyter")), "nothing in the user's own Jupyter");
    const record = JSON.parse(readFileSync(join(project, ".jupyter/setup.json"), "utf8"));
    assert.equal(record.chromium, undefined);
    assert.match(setup.stdout, /node_modules already matches package-lock.json: npm ci skipped/);
    assert.match(setup.stdout, /dist\/ is the build of the sources as they are: not built again/);
  });

  test("npm start with values, without Chromium: the injected cell after the tagged one, seedrandom's points at the given seed and variance, a k = 3 start run top to bottom, the slider following the run; the notebook, the HTML (formulas typeset) and the live page, no stills, no PDF", () => {
    const notebookHash = sha256(join(project, "notebooks", "gmm-em.ipynb"));
    const start = asUser(["npm", "start", "--", ...valuesArgs(VALUES)]);
    assert.equal(start.status, 0, `npm start failed:\n${start.stdout.slice(-3000)}\n${start.stderr.slice(-3000)}`);
    const out = join(project, "out");
    for (const f of ["gmm-em.ipynb", "gmm-em.html", "gmm-em-live.html"]) assert.ok(existsSync(join(out, f)), f);
    assert.match(start.stdout, /log-likelihood/);
    checkRunWithValues(out, start, VALUES);
    assert.equal(
      sha256(join(project, "notebooks", "gmm-em.ipynb")),
      notebookHash,
      "notebooks/gmm-em.ipynb is never written",
    );
    // A changed source: setup would build again.
    const built = () =>
      asUser([
        process.execPath,
        "-e",
        'import("./scripts/setup/build-inputs.mjs").then((m) => console.log(m.builtFromInputs()))',
      ]).stdout.trim();
    assert.equal(built(), "true");
    writeFileSync(join(project, "src", "format.ts"), `${readFileSync(join(project, "src", "format.ts"), "utf8")}\n`);
    assert.equal(built(), "false", "a changed source is seen");
  });
});

describe("how setup finds a Python with Jupyter", () => {
  let dir = "";
  before(() => {
    dir = tempDir("python");
  });
  after(() => removeDir(dir));

  /** Runs `fn` with these environment variables set (and the others as they are), then restores them. */
  function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    try {
      return fn();
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  }

  test("the Python behind a `jupyter` command on PATH comes before python3 on PATH; the one found has the modules npm start needs", () => {
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "jupyter"), "#!/usr/bin/python3\nimport sys\n", { mode: 0o755 });
    const candidates = withEnv(
      { PATH: `${bin}:/usr/bin:/bin`, GMM_EM_PYTHON: undefined, CONDA_PREFIX: undefined },
      () => pythonCandidates(dir),
    );
    assert.deepEqual(candidates[0], ["/usr/bin/python3"], "the jupyter command's interpreter first");
    const found = withEnv({ PATH: `${bin}:/usr/bin:/bin`, GMM_EM_PYTHON: undefined }, () => findPython(dir));
    assert.equal(found.jupyter?.executable, "/usr/bin/python3");
    for (const m of ["nbclient", "nbformat", "nbconvert", "jupyter_client"])
      assert.ok(found.jupyter?.modules.includes(m), m);
  });

  test("a Python without Jupyter is not chosen; setup then says what each found one lacks and how to get Jupyter here", () => {
    // A "python" that answers the probe with no modules.
    const fake = join(dir, "python-without-jupyter");
    writeFileSync(fake, `#!/bin/sh\necho '{"executable": "${fake}", "version": "3.12.0", "modules": ["numpy"]}'\n`, {
      mode: 0o755,
    });
    const found = withEnv({ GMM_EM_PYTHON: fake }, () => findPython(dir));
    assert.equal(found.jupyter, undefined);
    assert.deepEqual(
      found.probed.map((p) => p.executable),
      [fake],
      "GMM_EM_PYTHON: only that one",
    );
    const how = howToGetJupyter();
    assert.match(how, /python3 -m venv \.venv && \.venv\/bin\/python3 -m pip install notebook/);
    assert.match(how, /GMM_EM_PYTHON=/);
  });
});
