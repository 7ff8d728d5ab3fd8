// File and folder names under src/ and test/ are kebab-case: lower-case words joined by "-", then
// the extensions (e-step-worker.ts, ml-kmeans.d.ts, far-from-origin.json, run-all.sh).

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const ROOT = join(__dirname, "..");
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*$/;

/** Every file and folder under `dir`, relative to the repository. */
function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return [relative(ROOT, path), ...(e.isDirectory() ? entries(path) : [])];
  });
}

test("the kebab-case pattern takes kebab-case names and rejects the others", () => {
  for (const name of ["e-step-worker.ts", "ml-kmeans.d.ts", "k3.json", "run-all.sh", "apply-gmm.test.ts", "em"])
    assert.match(name, KEBAB);
  for (const name of [
    "numpy_random.json",
    "makeBlobs.ts",
    "Gauss.ts",
    "e--step.ts",
    "-x.ts",
    "x-.ts",
    "run_all.sh",
    "make_core.py",
    "a b.ts",
  ]) {
    assert.doesNotMatch(name, KEBAB);
  }
});

test("every file and folder name under src/ and test/ is kebab-case", () => {
  const all = [...entries(join(ROOT, "src")), ...entries(join(ROOT, "test"))];
  assert.ok(all.length > 100, `${all.length} names`);
  assert.ok(
    all.some((p) => p.startsWith(join("test", "fixtures"))) && all.some((p) => p.startsWith(join("test", "reference"))),
  );
  const bad = all.filter((p) => !KEBAB.test(p.split(/[\\/]/).pop()!));
  assert.deepEqual(bad, []);
});
