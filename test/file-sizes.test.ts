// No file in src/ is over 450 lines: a file that grows past it holds more than one concept, and is
// split where its concepts part.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const ROOT = join(__dirname, "..");
const MAX_LINES = 450;

/** Every .ts file under `dir`, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

/** Lines as an editor numbers them (a last line without its newline counts). */
function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

test("lineCount counts lines as an editor numbers them", () => {
  assert.equal(lineCount(""), 0);
  assert.equal(lineCount("a"), 1);
  assert.equal(lineCount("a\n"), 1);
  assert.equal(lineCount("a\nb"), 2);
  assert.equal(lineCount("a\n\nb\n"), 3);
});

test(`every src/**/*.ts is at most ${MAX_LINES} lines`, () => {
  const files = sources(join(ROOT, "src"));
  assert.ok(files.length > 50, `${files.length} files`);
  const long = files
    .map((f) => ({ f, lines: lineCount(readFileSync(join(ROOT, f), "utf8")) }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ f, lines }) => `${f}: ${lines} lines`);
  assert.deepEqual(long, []);
});
