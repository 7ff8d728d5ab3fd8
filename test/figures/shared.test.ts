// What the figures share: axis ranges over data and means, and rounding coordinates to the figure's scale.

import assert from "node:assert/strict";
import { test } from "node:test";
import { rounder, sharedRanges } from "../../src/figures/shared";

test("sharedRanges: padded bounding box of data and extra points, widened to equal spans", () => {
  const r = sharedRanges(
    [
      [0, 0],
      [10, 2],
    ],
    [[5, 4]],
    0.1,
  );
  assert.deepEqual(r.x, [-1, 11]);
  assert.deepEqual(r.y, [-4, 8]);
  assert.throws(() => sharedRanges([[1, 2, 3]]), /X: must have 2 columns/);
});

test("rounder(span): to the power of ten at or below span / 10⁴", () => {
  assert.equal(rounder(16)(1.234567), 1.235); // 16/10⁴ = 0.0016 → to 10⁻³
  assert.equal(rounder(0.02)(0.0123456789), 0.012346); // 2·10⁻⁶ → to 10⁻⁶
  assert.equal(rounder(5e5)(123456.78), 123457);
});
