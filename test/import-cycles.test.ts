// No import cycle anywhere: among the .ts files of src/, scripts/, bench/ and test/, no file reaches
// itself through its imports (static, `import type`, re-exports, require(), import() and import
// types all count), so every module loads after everything it uses. The checker is
// test/helpers/import-cycles.ts; a synthetic graph shows it finds each kind of cycle.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { importCycles, importGraph, resolveSpecifier, stronglyConnectedComponents } from "./helpers/import-cycles";

const ROOT = join(__dirname, "..");
const FOLDERS = ["src", "scripts", "bench", "test"];

/** Every .ts file under `dir` (node_modules aside), by its path relative to the repository (with "/"). */
function sources(dir: string, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") sources(path, files);
    else if (entry.isFile() && entry.name.endsWith(".ts"))
      files.set(relative(ROOT, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return files;
}

const show = (cycles: string[][]) => cycles.map((c) => c.join(" → "));

test("src/, scripts/, bench/ and test/: no import cycle", () => {
  const files = new Map<string, string>();
  for (const folder of FOLDERS) sources(join(ROOT, folder), files);
  const graph = importGraph(files);
  // What is checked: every folder's files, and the imports between them.
  for (const folder of FOLDERS)
    assert.ok(
      [...files.keys()].some((f) => f.startsWith(`${folder}/`)),
      `${folder}/ has .ts files`,
    );
  const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
  assert.ok(edges > 300, `${edges} imports between the files`);
  assert.ok(graph.get("scripts/export/step.ts")?.includes("scripts/start/errors.ts"), "scripts/ is read");
  assert.deepEqual(show(importCycles(graph)), []);
});

test("resolveSpecifier: a file with or without its extension, a folder's index, a .js name for its .ts; not a package or a missing file", () => {
  const files = new Set(["scripts/start/errors.ts", "src/index.ts", "src/em/apply-gmm.ts", "src/types.d.ts"]);
  assert.equal(resolveSpecifier("scripts/export/step.ts", "../start/errors", files), "scripts/start/errors.ts");
  assert.equal(resolveSpecifier("scripts/export/step.ts", "../start/errors.ts", files), "scripts/start/errors.ts");
  assert.equal(resolveSpecifier("scripts/export/step.ts", "../start/errors.js", files), "scripts/start/errors.ts");
  assert.equal(resolveSpecifier("test/a.test.ts", "../src", files), "src/index.ts");
  assert.equal(resolveSpecifier("src/em/x.ts", "..", files), "src/index.ts");
  assert.equal(resolveSpecifier("src/em/x.ts", "./apply-gmm", files), "src/em/apply-gmm.ts");
  assert.equal(resolveSpecifier("src/em/x.ts", "../types", files), "src/types.d.ts");
  assert.equal(resolveSpecifier("src/em/x.ts", "ml-matrix", files), undefined);
  assert.equal(resolveSpecifier("src/em/x.ts", "./missing", files), undefined);
});

test("importCycles finds a cycle through every kind of reference, each as a path of files, and passes a graph without one", () => {
  const cyclic = new Map<string, string>([
    // a → b (a folder's index) → c (a re-export) → a (a type-only import): one cycle of three files
    ["a.ts", 'import { b } from "./b";'],
    ["b/index.ts", 'export { c } from "../c";'],
    ["c.ts", 'import type { A } from "./a";\nexport const c = 1;'],
    // d ⇄ e through require() and a dynamic import()
    ["d.ts", 'const e = require("./e");'],
    ["e.ts", 'export async function load() { return import("./d"); }'],
    // f imports itself (through an import type)
    ["f.ts", 'let self: import("./f").F;\nexport type F = number;'],
    // g → h only: no cycle; a comment and a string are not references
    ["g.ts", 'import { h } from "./h";\n// import { g } from "./g";'],
    ["h.ts", "const text = 'import { g } from \"./g\"';\nexport const h = 1;"],
  ]);
  const graph = importGraph(cyclic);
  assert.deepEqual(graph.get("b/index.ts"), ["c.ts"]);
  assert.deepEqual(graph.get("h.ts"), []);
  assert.deepEqual(show(importCycles(graph)), ["a.ts → b/index.ts → c.ts → a.ts", "d.ts → e.ts → d.ts", "f.ts → f.ts"]);
  const components = stronglyConnectedComponents(graph).filter((c) => c.length > 1);
  assert.deepEqual(components, [
    ["a.ts", "b/index.ts", "c.ts"],
    ["d.ts", "e.ts"],
  ]);

  // The same files with the cycles broken (the import that closed each one removed): none found.
  const acyclic = new Map(cyclic);
  acyclic.set("c.ts", "export const c = 1;");
  acyclic.set("e.ts", "export async function load() { return 1; }");
  acyclic.set("f.ts", "export type F = number;");
  assert.deepEqual(show(importCycles(importGraph(acyclic))), []);
});

test("importCycles on a cycle inside a larger component reports one path through the component's first file", () => {
  // x → y → z → x and y → w → y: one component of four files; the path reported is the shortest
  // through its first file by name, w.ts.
  const graph = new Map<string, string[]>([
    ["w.ts", ["y.ts"]],
    ["x.ts", ["y.ts"]],
    ["y.ts", ["w.ts", "z.ts"]],
    ["z.ts", ["x.ts"]],
  ]);
  assert.deepEqual(stronglyConnectedComponents(graph), [["w.ts", "x.ts", "y.ts", "z.ts"]]);
  assert.deepEqual(show(importCycles(graph)), ["w.ts → y.ts → w.ts"]);
});
