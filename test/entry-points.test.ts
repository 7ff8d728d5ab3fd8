// The package's two entry points list their exports by layer: src/index.ts (Node's) and
// src/browser.ts (the browser build's). The browser's exports everything Node's does but what
// reads files (the notebook's display helpers, the live page's writer), and the live page's model
// and figures besides; a name added to one list and not the other fails here.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import ts from "typescript";

const SRC = join(__dirname, "..", "src");

/** Modules that read files (plotly.js, the browser build) for a notebook or a page: Node's only. */
const NODE_ONLY = ["./display/plotly", "./live/notebook-output", "./live/standalone-page", "./live/bundle-source"];
/** Modules whose exports the browser build adds, for the live page's script. */
const BROWSER_ONLY = ["./live/session", "./live/figures"];

/** name → the module it is re-exported from, for every `export … from` of an entry point. */
function reExports(file: string): Map<string, string> {
  const source = ts.createSourceFile(file, readFileSync(join(SRC, file), "utf8"), ts.ScriptTarget.Latest, true);
  const names = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined) continue;
    const from = (statement.moduleSpecifier as ts.StringLiteral).text;
    assert.ok(
      statement.exportClause && ts.isNamedExports(statement.exportClause),
      `${file}: export * from "${from}" (name the exports)`,
    );
    for (const element of statement.exportClause.elements) names.set(element.name.text, from);
  }
  return names;
}

test("src/browser.ts exports what src/index.ts exports but what reads files, plus the live page's model and figures", () => {
  const node = reExports("index.ts");
  const browser = reExports("browser.ts");
  assert.ok(node.size > 80 && browser.size > 80, `${node.size} and ${browser.size} exports`);
  const missing = [...node]
    .filter(([name, from]) => !NODE_ONLY.includes(from) && browser.get(name) !== from)
    .map(([name, from]) => `${name} (from ${from})`);
  assert.deepEqual(missing, [], "exported by index.ts, missing from browser.ts");
  const extra = [...browser]
    .filter(([name, from]) => node.get(name) !== from && !BROWSER_ONLY.includes(from))
    .map(([name, from]) => `${name} (from ${from})`);
  assert.deepEqual(extra, [], "exported by browser.ts only, from a module that is not the live page's");
  const nodeOnly = [...browser].filter(([, from]) => NODE_ONLY.includes(from)).map(([name]) => name);
  assert.deepEqual(nodeOnly, [], "browser.ts exports nothing that reads files");
});
