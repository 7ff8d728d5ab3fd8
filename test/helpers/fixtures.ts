// Reading the fixtures (test/fixtures/, written by test/reference/) and comparing with them.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Reads test/fixtures/<relative path> as JSON. */
export function fixture<T = any>(relative: string): T {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", relative), "utf8")) as T;
}

type Nested = number | ArrayLike<number> | Nested[];

function flatten(v: Nested, out: number[] = []): number[] {
  if (typeof v === "number") out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatten(x as Nested, out);
  else for (let i = 0; i < (v as ArrayLike<number>).length; i++) out.push((v as ArrayLike<number>)[i]);
  return out;
}

/**
 * Asserts that two (nested) arrays of numbers agree to `rtol`, relative to the largest magnitude
 * in `expected` (so that entries near zero, such as off-diagonal covariances, are judged on the
 * object's own scale).
 */
export function assertClose(actual: Nested, expected: Nested, rtol: number, what: string): void {
  const a = flatten(actual),
    e = flatten(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values, expected ${e.length}`);
  const scale = Math.max(...e.map(Math.abs), Number.MIN_VALUE);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Number.isFinite(a[i]), `${what}[${i}] is ${a[i]}`);
    const err = Math.abs(a[i] - e[i]);
    assert.ok(
      err <= rtol * scale,
      `${what}[${i}]: ${a[i]} vs ${e[i]} (|Δ| = ${err.toExponential(2)}, allowed ${(rtol * scale).toExponential(2)})`,
    );
  }
}
