// The package's entry points: src/index.ts (`gmm-em`) lists what a user or the lesson's notebook
// calls and runs anywhere; src/jupyter.ts (`gmm-em/jupyter`) what needs a notebook kernel or Node's
// files; src/browser.ts (the browser build's) is index.ts itself plus the live page's model, with
// package.json's "browser" field running the E-step on the page's thread and warning on the console.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runInNewContext } from "node:vm";
import ts from "typescript";

const ROOT = join(__dirname, "..");
const library = require(join(ROOT, "dist", "index.js")) as Record<string, unknown>;
const jupyter = require(join(ROOT, "dist", "jupyter.js")) as Record<string, unknown>;

/** package.json's "browser" field: the stand-ins, by the module they stand in for. */
const browserField = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { browser: Record<string, string> }
).browser;

/**
 * The modules a browser has a stand-in for: what Node does with worker threads and process warnings,
 * and the checks' time limit (node:vm) and grade file (the environment, node:fs).
 */
const SWAPPED = ["em/threads", "estimator/convergence-warning", "check/time-limit", "check/grade-record"];

test("package.json's browser field: each stand-in, in src/ and in both builds, beside the module it stands in for; dist/esm/package.json repeats the ES build's", () => {
  for (const module of SWAPPED) {
    assert.equal(browserField[`./src/${module}.ts`], `./src/${module}-browser.ts`);
    assert.equal(browserField[`./dist/${module}.js`], `./dist/${module}-browser.js`);
    assert.equal(browserField[`./dist/esm/${module}.js`], `./dist/esm/${module}-browser.js`);
  }
  assert.equal(Object.keys(browserField).length, 3 * SWAPPED.length, "nothing else is swapped");
  const esm = JSON.parse(readFileSync(join(ROOT, "dist", "esm", "package.json"), "utf8"));
  assert.deepEqual(esm, {
    type: "module",
    sideEffects: false,
    browser: Object.fromEntries(SWAPPED.map((m) => [`./${m}.js`, `./${m}-browser.js`])),
  });
});

test("each stand-in exports what its module exports, name for name", () => {
  for (const module of SWAPPED) {
    const real = require(join(ROOT, "dist", `${module}.js`)) as Record<string, unknown>;
    const stand = require(join(ROOT, "dist", `${module}-browser.js`)) as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(stand).sort(),
      Object.keys(real).sort(),
      `${module}-browser exports what ${module} does`,
    );
  }
});

test("gmm-em/jupyter has the functions that need a kernel or Node's files, and gmm-em none of them", () => {
  assert.deepEqual(Object.keys(jupyter).sort(), [
    "livePageHtml",
    "loadPlotly",
    "plotlyFigureHtml",
    "showFigure",
    "showLive",
    "showTable",
  ]);
  for (const name of Object.keys(jupyter)) assert.equal(library[name], undefined, `gmm-em exports ${name}`);
});

test('the repository as a package (the notebook\'s `from ".."` and `from "../jupyter"`): the CommonJS build, one copy', () => {
  assert.equal(require.resolve(ROOT), join(ROOT, "dist", "index.js"));
  assert.equal(require.resolve(join(ROOT, "jupyter")), join(ROOT, "dist", "jupyter.js"));
  assert.equal(require(ROOT), library);
  assert.equal(require(join(ROOT, "jupyter")), jupyter);
});

test("the browser build defines every name index.ts exports, and the live page's model, and nothing of gmm-em/jupyter; errors keep their names when minified", () => {
  const context: Record<string, unknown> = {};
  runInNewContext(readFileSync(join(ROOT, "dist", "browser", "gmm-em.min.js"), "utf8"), context);
  const g = context.gmmEm as Record<string, unknown>;
  const undefinedNames = Object.keys(library).filter((name) => g[name] === undefined);
  assert.deepEqual(undefinedNames, [], "undefined in the browser build");
  for (const name of ["LiveSession", "livePlaneTraces", "liveCurveLayout"])
    assert.equal(typeof g[name], "function", name);
  assert.deepEqual(
    Object.keys(jupyter).filter((name) => name in g),
    [],
    "the Node-only functions are not in the browser build",
  );
  const generateData = g.generateData as (o: object) => unknown;
  assert.throws(() => generateData({ variance1: -1 }), { name: "GmmInputError" });
});

/** Every .md file of the project's docs, and the notebook: where a user meets the API. */
function documentation(): string {
  const docs = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
  return [join(ROOT, "README.md"), ...docs.map((f) => join(ROOT, "docs", f)), join(ROOT, "notebooks", "gmm-em.ipynb")]
    .map((path) => readFileSync(path, "utf8"))
    .join("\n");
}

for (const [file, compiled] of [
  ["index.ts", library],
  ["jupyter.ts", jupyter],
] as const) {
  test(`${file} exports what a user or the notebook uses: every function, class and constant it exports is named in the notebook, the README or docs/`, () => {
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, "src", file), "utf8"), ts.ScriptTarget.Latest);
    const values: string[] = [];
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue;
      assert.ok(statement.exportClause && ts.isNamedExports(statement.exportClause), `${file} names its exports`);
      for (const element of statement.exportClause.elements) values.push(element.name.text);
    }
    assert.deepEqual(values.sort(), Object.keys(compiled).sort(), `${file}'s value exports are the compiled module's`);
    const text = documentation();
    const unused = values.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    assert.deepEqual(unused, [], "exported, but used by no one a user reads");
  });
}
