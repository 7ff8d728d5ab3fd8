// The package's entry points: src/index.ts (Node's) lists what a user or the lesson's notebook
// calls; src/browser.ts (the browser build's) is index.ts itself, with package.json's "browser"
// field putting stand-ins in place of the modules that need Node.js, plus the live page's model.
// What the types promise is there in a browser too: each Node-only function by name, throwing a
// GmmEnvironmentError that says what to do instead, never undefined.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runInNewContext } from "node:vm";
import ts from "typescript";

const ROOT = join(__dirname, "..");
const library = require(join(ROOT, "dist", "index.js")) as Record<string, unknown>;

/** package.json's "browser" field: the stand-ins, by the module they stand in for. */
const browserField = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { browser: Record<string, string> }
).browser;

/** The stand-ins of the modules that need Node.js: a browser cannot run any of their functions. */
const NODE_ONLY = ["display/plotly", "live/notebook-output", "live/standalone-page"];

test("package.json's browser field: each stand-in, in src/ and in dist/, beside the module it stands in for", () => {
  for (const module of [...NODE_ONLY, "em/threads", "estimator/convergence-warning"]) {
    assert.equal(browserField[`./src/${module}.ts`], `./src/${module}-browser.ts`);
    assert.equal(browserField[`./dist/${module}.js`], `./dist/${module}-browser.js`);
  }
  assert.equal(Object.keys(browserField).length, 10, "nothing else is swapped");
});

test("each stand-in exports what its module exports, name for name, and each Node-only function throws a GmmEnvironmentError naming itself", () => {
  const { GmmEnvironmentError } = library as { GmmEnvironmentError: new (...args: never[]) => Error };
  for (const [module, standIn] of Object.entries(browserField).filter(([m]) => m.startsWith("./dist/"))) {
    const real = require(join(ROOT, module)) as Record<string, unknown>;
    const stand = require(join(ROOT, standIn)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(stand).sort(), Object.keys(real).sort(), `${standIn} exports what ${module} does`);
    if (!NODE_ONLY.some((m) => module === `./dist/${m}.js`)) continue;
    for (const [name, value] of Object.entries(stand)) {
      assert.equal(typeof value, "function", `${standIn}: ${name}`);
      assert.throws(
        () => (value as () => unknown)(),
        (e: unknown) =>
          e instanceof GmmEnvironmentError &&
          e.name === "GmmEnvironmentError" &&
          (e as unknown as { function: string }).function === name &&
          e.message.startsWith(`${name} needs Node.js`) &&
          /it does not run in a browser/.test(e.message),
        `${standIn}: ${name} says it needs Node.js`,
      );
    }
  }
});

test("the browser build defines every name index.ts exports, and the live page's model; errors keep their names when minified", () => {
  const context: Record<string, unknown> = {};
  runInNewContext(readFileSync(join(ROOT, "dist", "browser", "gmm-em.min.js"), "utf8"), context);
  const g = context.gmmEm as Record<string, unknown>;
  const undefinedNames = Object.keys(library).filter((name) => g[name] === undefined);
  assert.deepEqual(undefinedNames, [], "undefined in the browser build");
  for (const name of ["LiveSession", "livePlaneTraces", "liveCurveLayout"])
    assert.equal(typeof g[name], "function", name);
  const showFigure = g.showFigure as () => void;
  assert.throws(showFigure, { name: "GmmEnvironmentError" });
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

test("index.ts exports what a user or the notebook uses: every function, class and constant it exports is named in the notebook, the README or docs/", () => {
  const source = ts.createSourceFile(
    "index.ts",
    readFileSync(join(ROOT, "src", "index.ts"), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const values: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue;
    assert.ok(statement.exportClause && ts.isNamedExports(statement.exportClause), "index.ts names its exports");
    for (const element of statement.exportClause.elements) values.push(element.name.text);
  }
  assert.deepEqual(values.sort(), Object.keys(library).sort(), "index.ts's value exports are the compiled library's");
  const text = documentation();
  const unused = values.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
  assert.deepEqual(unused, [], "exported, but used by no one a user reads");
});
