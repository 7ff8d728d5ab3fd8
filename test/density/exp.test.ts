// expNonPositive: the E-step's exp of log-responsibilities (arguments ≤ 0).

import * as assert from "node:assert/strict";
import { test } from "node:test";
import { expNonPositive } from "../../src/density/exp";

test("expNonPositive: within 2 ulp of Math.exp on [−708, 0], the same limits, exact at 0", () => {
  let worst = 0;
  const seeded = (i: number) => ((i * 2654435761) % 4294967296) / 4294967296; // a fixed spread of points
  for (let i = 0; i < 200_000; i++) {
    for (const x of [-708 * seeded(i), -3 * seeded(i + 7), -i * 1e-6]) {
      const want = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - want) / want);
    }
  }
  assert.ok(worst <= 2 * Number.EPSILON, `max relative error ${worst}`);
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-Infinity), 0);
  assert.equal(expNonPositive(-746), 0);
  for (const x of [-709.5, -720, -740, -745]) {
    assert.ok(Math.abs(expNonPositive(x) - Math.exp(x)) <= 4 * Number.MIN_VALUE, `subnormal at ${x}`);
  }
});
