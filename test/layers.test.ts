// src/ in layers: data → density → em → estimator → figures → display → live → check. Every import of every file
// goes to its own layer or an earlier one; the shared root modules (errors.ts, validate.ts, format.ts,
// words.ts) stand apart; only the entry
// points, index.ts (Node's) and browser.ts (the browser build's), import everything. The checker
// (test/helpers/layers.ts) reads imports with TypeScript's parser.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { checkLayers, LAYERS, moduleReferences, SHARED_ROOT_FILES } from "./helpers/layers";

const SRC = join(__dirname, "..", "src");

/** Every .ts file under src/, by its path relative to src/ (with "/"). */
function sources(dir = SRC): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of sources(path)) files.set(k, v);
    else if (entry.name.endsWith(".ts"))
      files.set(relative(SRC, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return files;
}

test("src/: every import goes to the importer's layer or an earlier one; the shared root modules stand apart", () => {
  const files = sources();
  // What is checked: every layer has files, and they import one another.
  for (const layer of LAYERS)
    assert.ok(
      [...files.keys()].some((f) => f.startsWith(`${layer}/`)),
      `src/${layer}/ has files`,
    );
  for (const shared of SHARED_ROOT_FILES) assert.ok(files.has(shared), `src/${shared} is there`);
  const relativeImports = [...files].flatMap(([f, s]) =>
    moduleReferences(f, s).filter((r) => r.specifier.startsWith(".")),
  );
  assert.ok(relativeImports.length > 80, `${relativeImports.length} imports between src/ files`);
  const violations = checkLayers(files);
  assert.deepEqual(
    violations.map((v) => `src/${v.file}:${v.line}: "${v.specifier}": ${v.reason}`),
    [],
  );
});

test("the entry point, src/index.ts, imports from every layer; src/browser.ts only re-exports it and the live page's model and painter", () => {
  const imports = moduleReferences("index.ts", readFileSync(join(SRC, "index.ts"), "utf8")).map((r) => r.specifier);
  for (const layer of LAYERS)
    assert.ok(
      imports.some((s) => s.startsWith(`./${layer}/`)),
      `index.ts imports src/${layer}/`,
    );
  assert.deepEqual(
    moduleReferences("browser.ts", readFileSync(join(SRC, "browser.ts"), "utf8")).map(
      (r) => `${r.kind} ${r.specifier}`,
    ),
    [
      "export … from ./index",
      "export … from ./live/dots",
      "export … from ./live/figures",
      "export … from ./live/live-data",
      "export … from ./live/session",
    ],
  );
});

test("moduleReferences: static, type-only, re-exports, import = require, require(), import() and import types; not comments or strings", () => {
  const source = [
    'import { a } from "./a";',
    'import type { B } from "./b";',
    'export { c } from "./c";',
    'export * from "./d";',
    'import e = require("./e");',
    'const f = require("./f");',
    'const g = () => import("./g");',
    'let h: import("./h").H;',
    '// import { x } from "./comment";',
    "const s = 'import { y } from \"./string\"';",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template literal
    "const t = require(`./template-${s}`);",
  ].join("\n");
  assert.deepEqual(
    moduleReferences("x.ts", source).map((r) => `${r.line} ${r.kind} ${r.specifier}`),
    [
      "1 import ./a",
      "2 import type ./b",
      "3 export … from ./c",
      "4 export … from ./d",
      "5 import = require ./e",
      "6 require() ./f",
      "7 import() ./g",
      '8 import("…") type ./h',
    ],
  );
});

test("checkLayers reports imports that go against the flow, whatever their form, and passes the ones that follow it", () => {
  const bad = new Map<string, string>([
    ["figures/bad-display.ts", 'import { showFigure } from "../display/plotly";'],
    ["em/bad-type.ts", 'import type { GaussianMixtureOptions } from "../estimator/options";'],
    ["density/bad-reexport.ts", 'export { applyGmm } from "../em/apply-gmm";'],
    ["data/bad-require.ts", 'const html = require("../display/html");'],
    ["em/bad-dynamic.ts", 'async function f() { return import("../figures/types"); }'],
    ["data/bad-import-type.ts", 'let t: import("../estimator/options").InitParams;'],
    ["density/bad-import-equals.ts", 'import plotly = require("../display/plotly");'],
    ["data/bad-folder.ts", 'import * as em from "../em";'],
    ["em/bad-index.ts", 'import { applyGmm } from "../index";'],
    ["display/bad-browser.ts", 'import { mountLive } from "../browser";'],
    ["display/bad-live.ts", 'import { livePageHtml } from "../live/standalone-page";'],
    ["figures/bad-live-type.ts", 'import type { LiveOptions } from "../live/session";'],
    ["em/bad-outside.ts", 'import { main } from "../../scripts/start";'],
    ["errors.ts", 'import { toFlatData } from "./data/input";'],
    ["validate.ts", 'import { GmmInputError } from "./errors";\nimport { expNonPositive } from "./density/exp";'],
    ["words.ts", 'import { FIGURE_LABELS } from "./figures/labels";'],
    ["format.ts", 'import { GmmInputError } from "./errors";\nimport { say } from "./words";'],
    ["live/bad-root.ts", 'import { main } from "./nowhere";\nimport { x } from "../helpers";'],
    ["utils/helper.ts", "export const x = 1;"],
  ]);
  const reported = checkLayers(bad).map((v) => `${v.file}:${v.line} ${v.specifier}`);
  assert.deepEqual(reported, [
    "figures/bad-display.ts:1 ../display/plotly",
    "em/bad-type.ts:1 ../estimator/options",
    "density/bad-reexport.ts:1 ../em/apply-gmm",
    "data/bad-require.ts:1 ../display/html",
    "em/bad-dynamic.ts:1 ../figures/types",
    "data/bad-import-type.ts:1 ../estimator/options",
    "density/bad-import-equals.ts:1 ../display/plotly",
    "data/bad-folder.ts:1 ../em",
    "em/bad-index.ts:1 ../index",
    "display/bad-browser.ts:1 ../browser",
    "display/bad-live.ts:1 ../live/standalone-page",
    "figures/bad-live-type.ts:1 ../live/session",
    "em/bad-outside.ts:1 ../../scripts/start",
    "errors.ts:1 ./data/input",
    "validate.ts:2 ./density/exp",
    "words.ts:1 ./figures/labels",
    "format.ts:2 ./words",
    "live/bad-root.ts:2 ../helpers",
    "utils/helper.ts:1 ",
  ]);
  const reasons = checkLayers(new Map([["figures/x.ts", 'import { showFigure } from "../display/plotly";']])).map(
    (v) => v.reason,
  );
  assert.deepEqual(reasons, [
    "import: figures/ may import only from data, density, em, estimator, figures (and errors, validate, format, read-number, words), not from display/",
  ]);

  const good = new Map<string, string>([
    [
      "em/good.ts",
      [
        'import { Matrix } from "ml-matrix";',
        'import { readFileSync } from "node:fs";',
        'import { toFlatData } from "../data/input";',
        'import { logGauss } from "../density/gauss";',
        'import type { Sums } from "./sums";',
        'import { GmmInputError } from "../errors";',
        'import { checkInteger } from "../validate";',
        '// import { showFigure } from "../display/plotly";',
        "const text = 'import { showFigure } from \"../display/plotly\"';",
      ].join("\n"),
    ],
    [
      "display/good.ts",
      'import type { PlotlyFigure } from "../figures/types";\nimport type { GmmParams } from "../em/params";\nexport * from "./html";',
    ],
    [
      "live/good.ts",
      [
        'import { scriptJson } from "../display/html";',
        'import { FIGURE_LABELS } from "../figures/labels";',
        'import { EmRun } from "../em/em-run";',
        'import { LiveSession } from "./session";',
        'import { formatNumber } from "../format";',
        'import { PAGE_WORDS } from "../words";',
      ].join("\n"),
    ],
    ["validate.ts", 'import { GmmInputError } from "./errors";'],
    ["errors.ts", 'import { inspect } from "node:util";'],
    ["index.ts", 'export { showFigure } from "./display/plotly";\nexport { toFlatData } from "./data/input";'],
    ["browser.ts", 'export { formatNumber } from "./display/html";\nexport { applyGmm } from "./em/apply-gmm";'],
  ]);
  assert.deepEqual(checkLayers(good), []);
});
