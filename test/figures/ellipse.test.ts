// ellipseAxes and ellipsePoints: a covariance's 1σ and 2σ ellipses.

import assert from "node:assert/strict";
import { test } from "node:test";
import { GmmInputError } from "../../src/errors";
import { ellipseAxes, ellipsePoints } from "../../src/figures/ellipse";

test("ellipseAxes: radii are √eigenvalues, along the eigenvectors; the 2σ ellipse is twice as large", () => {
  // Σ = R diag(9, 1) Rᵀ, rotated by 30°: radii 3 and 1
  const t = Math.PI / 6,
    c = Math.cos(t),
    s = Math.sin(t);
  const Sigma = [
    [9 * c * c + s * s, 8 * c * s],
    [8 * c * s, 9 * s * s + c * c],
  ];
  const { radii, directions } = ellipseAxes(Sigma);
  assert.ok(Math.abs(radii[0] - 3) < 1e-12 && Math.abs(radii[1] - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(directions[0][0] * c + directions[0][1] * s) - 1) < 1e-12, "major axis at 30°");
  const one = ellipsePoints([1, -1], Sigma, 1),
    two = ellipsePoints([1, -1], Sigma, 2);
  const far = (e: { x: number[]; y: number[] }) => Math.max(...e.x.map((x, i) => Math.hypot(x - 1, e.y[i] + 1)));
  const near = (e: { x: number[]; y: number[] }) => Math.min(...e.x.map((x, i) => Math.hypot(x - 1, e.y[i] + 1)));
  assert.ok(Math.abs(far(one) - 3) < 1e-9 && Math.abs(near(one) - 1) < 1e-2);
  assert.ok(Math.abs(far(two) - 6) < 1e-9 && Math.abs(near(two) - 2) < 2e-2);
  // diagonal: radii are the standard deviations
  assert.deepEqual(
    ellipseAxes([
      [4, 0],
      [0, 0.25],
    ]).radii,
    [2, 0.5],
  );
  assert.throws(
    () =>
      ellipseAxes([
        [1, 2],
        [2, 1],
      ]),
    (e: unknown) => e instanceof GmmInputError && /positive semi-definite/.test(e.message),
  );
  assert.throws(
    () =>
      ellipseAxes([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    GmmInputError,
  );
});
