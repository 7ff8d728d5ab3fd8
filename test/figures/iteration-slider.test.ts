// iterationSlider: every iteration of a run in one figure, a slider and play/pause to move through them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { GmmInputError, applyGmm, generateData, makeBlobs } from "../../src/index";
import { iterationSlider, sliderTraceIndices } from "../../src/figures/iteration-slider";
import type { IterationSliderFigure, IterationSource } from "../../src/figures/iteration-slider";
import type { GmmParams } from "../../src/em/params";
import { mahalanobis2 } from "../helpers/geometry";

// The notebook's run: the original's data (400 points) and poor start, 100 iterations.
const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const start = { pi: [0.1, 0.9], mu: [[0.1, 0], [0, 0]], Sigma: [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]] };
const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
const fig = iterationSlider(X, result, { title: "EM, every iteration" });

// k = 3 on blobs, a shorter run.
const blobs = makeBlobs({ nSamples: 150, centers: [[-4, 0], [0, 3], [4, 0]], clusterStd: 0.8, randomState: 3 });
const start3 = {
  pi: [1 / 3, 1 / 3, 1 / 3],
  mu: [[0, 0], [0.5, 0], [1, 0]],
  Sigma: [0, 1, 2].map(() => [[1, 0], [0, 1]]),
};
const result3 = applyGmm(blobs.X, start3.pi, start3.mu, start3.Sigma, { maxIter: 12 });
const fig3 = iterationSlider(blobs.X, result3);

/** The palette, written out here so that the test does not take the colours from the code under test. */
const PALETTE = [[214, 39, 40], [31, 119, 180], [44, 160, 44]];

function hexToRgb(hex: string): number[] {
  assert.match(hex, /^#[0-9a-f]{6}$/, "a compact #rrggbb colour");
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** Checks every frame of a slider figure against the run it was built from. */
function checkFrames(figure: IterationSliderFigure, run: IterationSource, data: Matrix): void {
  const k = run.coef[0].mu.length;
  const at = sliderTraceIndices(k);
  const xSpan = (figure.layout.xaxis as { range: number[] }).range[1] - (figure.layout.xaxis as { range: number[] }).range[0];
  const step = 10 ** Math.floor(Math.log10(xSpan / 1e4)); // the rounding of the ellipses' coordinates
  assert.equal(figure.frames.length, run.coef.length, "a frame per iteration, the start included");
  figure.frames.forEach((frame, i) => {
    assert.equal(frame.name, String(i));
    assert.deepEqual(frame.traces, [at.points, ...Array.from({ length: 2 * k }, (_, m) => 1 + m), at.means, at.marker]);
    assert.ok(!frame.traces.includes(at.curve), "the curve does not change");
    const part = (trace: number) => frame.data[frame.traces.indexOf(trace)];
    // colours: the ink blend Σⱼ rᵢⱼ · colourⱼ of iteration i's responsibilities, and nothing else
    const points = part(at.points);
    assert.deepEqual(Object.keys(points), ["marker"]);
    assert.deepEqual(Object.keys(points.marker!), ["color"]);
    const colors = points.marker!.color as string[];
    assert.equal(colors.length, data.rows);
    const r = run.rvals[i]!;
    for (let p = 0; p < data.rows; p++) {
      const expected = [0, 1, 2].map((c) => Math.round(PALETTE.slice(0, k).reduce((s, rgb, j) => s + r.get(p, j) * rgb[c], 0)));
      assert.deepEqual(hexToRgb(colors[p]), expected, `frame ${i}, point ${p}`);
    }
    // means and weights: coef[i]'s, exactly
    const means = part(at.means);
    assert.deepEqual(means.x, run.coef[i].mu.map((m) => m[0]));
    assert.deepEqual(means.y, run.coef[i].mu.map((m) => m[1]));
    assert.deepEqual(means.text, run.coef[i].pi.map((p, j) => `π<sub>${j + 1}</sub> = ${p.toFixed(3)}`));
    // ellipses: on the 1σ / 2σ contour of coef[i]'s Σⱼ about μⱼ, up to the rounding, and closed
    for (let j = 0; j < k; j++) {
      for (const scale of [1, 2] as const) {
        const e = part(at.ellipses(j, scale));
        checkEllipse(e.x! as number[], e.y! as number[], run.coef[i], j, scale, step, `frame ${i}, component ${j + 1}, ${scale}σ`);
      }
    }
    // the marker on the log-likelihood curve
    assert.deepEqual(part(at.marker), { x: [i], y: [run.logLikelihood[i]] });
  });
}

function checkEllipse(x: number[], y: number[], params: GmmParams, j: number, scale: number, step: number, what: string): void {
  const mu = params.mu[j], S = params.Sigma[j];
  assert.equal(x.length, 49, what);
  assert.deepEqual([x[0], y[0]], [x[48], y[48]], `${what}: closed`);
  const e = new EigenvalueDecomposition(new Matrix(S), { assumeSymmetric: true });
  const largest = Math.sqrt(Math.max(...e.realEigenvalues));
  const smallest = Math.sqrt(Math.max(Math.min(...e.realEigenvalues), 0));
  for (let p = 0; p < x.length; p++) {
    assert.ok(Math.abs(x[p] - Math.round(x[p] / step) * step) < step * 1e-6, `${what}: ${x[p]} rounded to ${step}`);
    // A point moved by at most step/2 per coordinate changes its distance from μ by ≤ step/√2.
    const r = Math.sqrt(mahalanobis2(x[p], y[p], mu, S)) / scale;
    const slack = step / Math.sqrt(2) / (scale * smallest) + 1e-9;
    assert.ok(Math.abs(r - 1) <= slack, `${what}, point ${p}: Mahalanobis distance ${r * scale}, expected ${scale}`);
  }
  // It reaches out to scale · √λ_max along the major axis (not just any curve on the contour).
  const reach = Math.max(...x.map((xp, p) => Math.hypot(xp - mu[0], y[p] - mu[1])));
  assert.ok(Math.abs(reach - scale * largest) < 0.01 * scale * largest + step, `${what}: reach ${reach}, expected ${scale * largest}`);
}

test("iterationSlider: a frame per iteration (101 for the notebook's run), each consistent with coef, rvals and logLikelihood", () => {
  assert.equal(result.nIter, 100);
  assert.equal(fig.frames.length, 101);
  checkFrames(fig, result, X);
});

test("iterationSlider: k = 3 (makeBlobs), every frame consistent with the run", () => {
  assert.equal(fig3.frames.length, 13);
  assert.equal(fig3.data.length, 1 + 2 * 3 + 3);
  checkFrames(fig3, result3, blobs.X);
});

test("iterationSlider: the figure itself shows iteration 0, as frame 0 does; the curve is the whole log-likelihood", () => {
  const at = sliderTraceIndices(2);
  assert.equal(fig.data.length, 1 + 4 + 3);
  const points = fig.data[at.points];
  assert.deepEqual(points.x, X.getColumn(0));
  assert.deepEqual(points.y, X.getColumn(1));
  const frame0 = fig.frames[0];
  frame0.traces.forEach((trace, m) => {
    for (const [key, value] of Object.entries(frame0.data[m])) {
      if (key === "marker") assert.deepEqual(fig.data[trace].marker!.color, (value as { color: unknown }).color, `trace ${trace}: marker colours`);
      else assert.deepEqual(fig.data[trace][key], value, `trace ${trace}: ${key}`);
    }
  });
  // at iteration 0 every responsibility is ½: every point is the same purple
  assert.deepEqual(new Set(points.marker!.color as string[]), new Set(["#7b4f6e"]));
  const curve = fig.data[at.curve];
  assert.equal(curve.xaxis, "x2");
  assert.deepEqual(curve.x, Array.from({ length: 101 }, (_, i) => i));
  assert.deepEqual(curve.y, result.logLikelihood);
  assert.equal(fig.data[at.marker].xaxis, "x2");
  for (let j = 0; j < 2; j++) {
    assert.equal(fig.data[at.ellipses(j, 1)].line!.dash, undefined);
    assert.equal(fig.data[at.ellipses(j, 2)].line!.dash, "dash");
    assert.equal(fig.data[at.ellipses(j, 1)].line!.color, fig.data[at.ellipses(j, 2)].line!.color);
  }
  assert.notEqual(fig.data[at.ellipses(0, 1)].line!.color, fig.data[at.ellipses(1, 1)].line!.color);
});

test("iterationSlider: a slider step per iteration that animates to its frame, labelled with the log-likelihood; play and pause", () => {
  const [slider] = fig.layout.sliders;
  assert.equal(slider.active, 0);
  assert.equal(slider.steps.length, 101);
  slider.steps.forEach((step, i) => {
    assert.equal(step.method, "animate");
    assert.deepEqual(step.args[0], [String(i)]);
    assert.equal(fig.frames.find((f) => f.name === step.args[0][0])?.name, String(i));
    assert.deepEqual(step.args[1], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } });
    assert.equal(step.label, `iteration ${i}: log-likelihood ${result.logLikelihood[i].toFixed(3)}`);
  });
  assert.equal(slider.steps[0].label, "iteration 0: log-likelihood -23306.809");
  const [menu] = fig.layout.updatemenus;
  assert.deepEqual(menu.buttons.map((b) => b.label), ["▶ play", "❚❚ pause"]);
  const [play, pause] = menu.buttons;
  assert.equal(play.args[0], null, "play: every frame");
  assert.equal(play.args[1].fromcurrent, true);
  assert.deepEqual(play.args[1].frame, { duration: 100, redraw: false });
  assert.deepEqual(pause.args[0], [null], "pause: animate to no frame stops the animation");
  const slow = iterationSlider(X, result, { frameDuration: 250 });
  assert.deepEqual(slow.layout.updatemenus[0].buttons[0].args[1].frame, { duration: 250, redraw: false });
});

test("iterationSlider: axes — equal aspect over the data and every mean; log-likelihood scaled from iteration 1", () => {
  const xa = fig.layout.xaxis as { range: number[] }, ya = fig.layout.yaxis as { range: number[]; scaleanchor: string };
  assert.equal(ya.scaleanchor, "x");
  assert.ok(Math.abs((xa.range[1] - xa.range[0]) - (ya.range[1] - ya.range[0])) < 1e-9);
  const inside = (p: number[]) => p[0] > xa.range[0] && p[0] < xa.range[1] && p[1] > ya.range[0] && p[1] < ya.range[1];
  assert.ok(X.to2DArray().every(inside));
  assert.ok(result.coef.every((c) => c.mu.every(inside)));
  const y2 = (fig.layout.yaxis2 as { range: number[] }).range;
  const ll = result.logLikelihood;
  assert.ok(y2[0] < Math.min(...ll.slice(1)) && y2[1] > Math.max(...ll.slice(1)), "iterations 1 … 100 inside");
  assert.ok(ll[0] < y2[0], "the poor start (iteration 0) lies below the panel");
  assert.ok(y2[1] - y2[0] < 0.2 * (Math.max(...ll) - ll[0]), "the curve is not flattened by iteration 0");
  const full = (iterationSlider(X, result, { logLikelihoodFrom: 0 }).layout.yaxis2 as { range: number[] }).range;
  assert.ok(full[0] < ll[0]);
  assert.deepEqual((fig.layout.xaxis2 as { range: number[] }).range, [0, 100]);
});

test("iterationSlider: size budget — the notebook's run (400 points, 100 iterations) serializes to under 800 kB, each frame under 8 kB", () => {
  const size = JSON.stringify(fig).length;
  const frames = fig.frames.map((f) => JSON.stringify(f).length);
  // Measured: about 734 kB in all, 6.7–6.9 kB per frame (4 kB of it the 400 colours).
  assert.ok(size < 800_000, `figure: ${size} characters`);
  assert.ok(Math.max(...frames) < 8_000, `largest frame: ${Math.max(...frames)} characters`);
  // Only what changes travels: the points' coordinates are in the figure once, not per frame.
  assert.ok(!/"x":\[-?\d/.test(JSON.stringify(fig.frames[5].data[0])));
});

test("iterationSlider: bad input is a GmmInputError naming what is wrong", () => {
  const some = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 5, keep: [0, 1, 5] });
  assert.throws(() => iterationSlider(X, some), (e: unknown) => e instanceof GmmInputError && /result\.rvals\[2\]/.test(e.message) && /keep: "all"/.test(e.message));
  assert.throws(() => iterationSlider(new Matrix(400, 3), result), (e: unknown) => e instanceof GmmInputError && /X/.test(e.message) && /2 columns/.test(e.message));
  assert.throws(() => iterationSlider(X.subMatrix(0, 9, 0, 1), result), (e: unknown) => e instanceof GmmInputError && /result\.rvals\[0\]/.test(e.message) && /10 × 2/.test(e.message));
  assert.throws(() => iterationSlider(X, { ...result, logLikelihood: result.logLikelihood.slice(1) }), /result\.logLikelihood/);
  assert.throws(() => iterationSlider(X, { ...result, logLikelihood: result.logLikelihood.map((v, i) => (i === 3 ? NaN : v)) }), /result\.logLikelihood\[3\]/);
  assert.throws(() => iterationSlider(X, result, { logLikelihoodFrom: -1 }), /options\.logLikelihoodFrom/);
  assert.throws(() => iterationSlider(X, result, { frameDuration: -5 }), /options\.frameDuration/);
  assert.throws(() => iterationSlider(X, result, { ellipsePoints: 2 }), /options\.ellipsePoints/);
  const bad = result.coef.map((c, i) => (i === 7 ? { ...c, mu: [[0, 0, 0], [1, 1, 1]] } : c));
  assert.throws(() => iterationSlider(X, { ...result, coef: bad }), /result\.coef\[7\]\.mu\[0\]/);
});
