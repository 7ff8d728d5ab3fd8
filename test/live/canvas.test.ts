// The live page's canvas: its mapping between data and pixels, and plotly.js's dashes.

import assert from "node:assert/strict";
import { test } from "node:test";
import { dashPattern, toData, toPixel } from "../../src/live/canvas";

test("the canvas maps data to pixels and back, and dashes lines as plotly.js does", () => {
  const area = {
    left: 50,
    top: 10,
    width: 400,
    height: 300,
    x: [-5, 5] as [number, number],
    y: [0, 3] as [number, number],
  };
  assert.deepEqual(toPixel(area, -5, 3), [50, 10]);
  assert.deepEqual(toPixel(area, 5, 0), [450, 310]);
  for (const [x, y] of [
    [1.25, 2.5],
    [-3, 0.1],
  ]) {
    const [px, py] = toPixel(area, x, y);
    const [bx, by] = toData(area, px, py);
    assert.ok(Math.abs(bx - x) < 1e-12 && Math.abs(by - y) < 1e-12);
  }
  assert.deepEqual(dashPattern("dash", 1.5), [9, 9]);
  assert.deepEqual(dashPattern("dot", 4), [4, 4]);
  assert.deepEqual(dashPattern("dashdot", 2), [9, 3, 3, 3]);
  assert.deepEqual(dashPattern(undefined, 2), []);
  assert.deepEqual(dashPattern("solid", 2), []);
});
