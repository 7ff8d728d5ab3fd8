/**
 * Bad-input cases as a table: each call must throw a `GmmInputError` whose message matches.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { GmmInputError } from "../../src/errors";

/** [what the case is, the call, the message it must throw] */
export type InputErrorCase = [string, () => unknown, RegExp];

/** One test per case: the call throws a `GmmInputError` whose message matches. */
export function testInputErrors(cases: InputErrorCase[]): void {
  for (const [what, run, message] of cases) {
    test(what, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof GmmInputError, `${what}: ${String(e)}`);
        assert.match((e as Error).message, message);
        return true;
      });
    });
  }
}
