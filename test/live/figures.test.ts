// The live page's figures: made of the library's builders (the same traces the notebook's figures
// draw), and the curve's axes that move seldom.

import assert from "node:assert/strict";
import { test } from "node:test";
import { responsibilityColors } from "../../src/figures/colors";
import { componentTraces, Matrix, responsibilityTrace } from "../../src/index";
import { POINT_RADIUS } from "../../src/live/dots";
import {
  curveRanges,
  liveCurveTraces,
  liveOverlayTraces,
  livePlaneLayout,
  livePlaneTraces,
  pointInks,
} from "../../src/live/figures";
import { LiveSession } from "../../src/live/session";

test("the plane's traces: the builders' points and components, with each mean's path between them", () => {
  const session = new LiveSession({ run: { tol: null } });
  for (let i = 0; i < 4; i++) session.step();
  const R = Matrix.from1DArray(session.X.rows, 2, session.responsibilities!);
  const traces = livePlaneTraces({
    X: session.points,
    params: session.params,
    responsibilities: R,
    meanPaths: session.meanPaths,
    ellipses: true,
  });
  assert.deepEqual(traces[0], responsibilityTrace(session.X, R));
  assert.deepEqual(traces.slice(3), componentTraces(session.params));
  for (const j of [0, 1]) {
    const path = traces[1 + j];
    assert.equal(path.mode, "lines");
    assert.deepEqual(
      path.x,
      session.meanPaths.map((m) => m[j][0]),
    );
    assert.deepEqual(
      path.y,
      session.meanPaths.map((m) => m[j][1]),
    );
    assert.equal(path.x.length, 5, "the start and four steps");
  }
  // A start the library rejected: the means only (no covariance to draw an ellipse from).
  const bad = livePlaneTraces({
    X: session.points,
    params: {
      pi: [0.5, 0.5],
      mu: [
        [0, 0],
        [1, Number.NaN],
      ],
      Sigma: [
        [
          [1, 2],
          [2, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ],
    },
    responsibilities: null,
    meanPaths: [],
    ellipses: false,
  });
  assert.equal(bad.length, 2);
  assert.deepEqual(bad[1].x, [0, 1]);
  assert.deepEqual(bad[1].y, [0, null]);
});

test("what the page paints itself: the points' inks are the points trace's colours as bytes (grey before the first E-step), at its marker size; the traces above them are the rest", () => {
  const session = new LiveSession({ run: { tol: null } });
  const n = session.X.rows;
  const grey = pointInks(null, n, 2);
  assert.equal(grey.length, 3 * n);
  assert.ok(grey.every((c) => c === 175));
  for (let i = 0; i < 3; i++) session.step();
  const R = Matrix.from1DArray(n, 2, session.responsibilities!);
  const view = {
    X: session.points,
    params: session.params,
    responsibilities: R,
    meanPaths: session.meanPaths,
    ellipses: true,
  };
  const points = livePlaneTraces(view)[0];
  assert.equal(points.marker?.size, 2 * POINT_RADIUS);
  const inks = pointInks(session.responsibilities, n, 2, new Uint8ClampedArray(3 * n));
  const colors = responsibilityColors(R);
  let blended = 0;
  for (let i = 0; i < n; i++) {
    const rgb = `rgb(${inks[3 * i]}, ${inks[3 * i + 1]}, ${inks[3 * i + 2]})`;
    assert.equal(rgb, colors[i], `point ${i}`);
    if (rgb !== "rgb(213, 94, 0)" && rgb !== "rgb(0, 114, 178)") blended++;
  }
  assert.ok(blended > 0, "some points are undecided, in a blend");
  assert.deepEqual(liveOverlayTraces(view), livePlaneTraces(view).slice(1));
});

test("the plane's layout: a square plot area of the given side on the given ranges, nothing to zoom", () => {
  const layout = livePlaneLayout({ x: [-5, 5], y: [-4, 6] }, 400);
  const m = layout.margin!;
  assert.equal((layout.width as number) - m.l! - m.r!, 400);
  assert.equal((layout.height as number) - m.t! - m.b!, 400);
  assert.deepEqual((layout.xaxis as { range: number[] }).range, [-5, 5]);
  assert.equal((layout.yaxis as { fixedrange: boolean }).fixedrange, true);
  assert.equal(layout.dragmode, false);
});

test("the curve's ranges: iterations to the next stop, ℓ from iteration 1 with room to climb, kept while the curve stays inside", () => {
  const ll = [-23307, -1700, -1650, -1620];
  const first = curveRanges(ll);
  assert.deepEqual(first.x, [0, 10]);
  assert.ok(first.y[0] < -1700 && first.y[0] > -1720, `from iteration 1: ${first.y}`);
  assert.ok(first.y[1] > -1620 + 0.2 * 80 - 10, "room above for the climb");
  assert.equal(curveRanges([...ll, -1610], first).y, first.y, "inside: the same range");
  assert.notEqual(curveRanges([...ll, -1500], first).y, first.y, "outside: a new range");
  assert.deepEqual(curveRanges(new Array(11).fill(-1), first).x, [0, 10]);
  assert.deepEqual(curveRanges(new Array(12).fill(-1), first).x, [0, 20]);
  assert.deepEqual(curveRanges(new Array(120).fill(-1), first).x, [0, 200]);
  assert.deepEqual(liveCurveTraces(ll)[1].x, [3]);
  assert.deepEqual(liveCurveTraces(ll)[0].y, ll);
});
