// iterationSlider: every iteration of a run in one figure, a slider and play/pause to move through them.

import assert from "node:assert/strict";
import { test } from "node:test";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { ApplyGmmResult } from "../../src/em/apply-gmm";
import type { GmmParams } from "../../src/em/params";
import type { IterationSliderFigure } from "../../src/figures/iteration-slider";
import { iterationSlider, sliderTraceIndices } from "../../src/figures/iteration-slider";
import { applyGmm, GmmInputError, generateData, makeBlobs } from "../../src/index";
import { mahalanobis2 } from "../helpers/geometry";

// The notebook's run: the original's data (400 points) and poor start, 100 iterations.
const X = generateData({ rng: "numpy", variance1: 3, variance2: 1 });
const start = {
  pi: [0.1, 0.9],
  mu: [
    [0.1, 0],
    [0, 0],
  ],
  Sigma: [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
};
const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100 });
const fig = iterationSlider(X, result, { title: "EM, every iteration" });
// The notebook's slider: to five iterations past convergence (tol = 1e-3: iteration 20).
const converged = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 100, tol: 1e-3, keep: "none" });
const notebookSlider = iterationSlider(X, result, { lastIteration: converged.nIter + 5, labels: "zh-en" });

// k = 3 on blobs, a shorter run.
const blobs = makeBlobs({
  nSamples: 150,
  centers: [
    [-4, 0],
    [0, 3],
    [4, 0],
  ],
  clusterStd: 0.8,
  randomState: 3,
});
const start3 = {
  pi: [1 / 3, 1 / 3, 1 / 3],
  mu: [
    [0, 0],
    [0.5, 0],
    [1, 0],
  ],
  Sigma: [0, 1, 2].map(() => [
    [1, 0],
    [0, 1],
  ]),
};
const result3 = applyGmm(blobs.X, start3.pi, start3.mu, start3.Sigma, { maxIter: 12 });
const fig3 = iterationSlider(blobs.X, result3);

/** The palette (Okabe–Ito), written out here so that the test does not take the colours from the code under test. */
const PALETTE = [
  [213, 94, 0],
  [0, 114, 178],
  [0, 158, 115],
];

function hexToRgb(hex: string): number[] {
  assert.match(hex, /^#[0-9a-f]{6}$/, "a compact #rrggbb colour");
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** Checks every frame of a slider figure against the run it was built from. */
function checkFrames(figure: IterationSliderFigure, run: ApplyGmmResult, data: Matrix): void {
  const k = run.coef[0].mu.length;
  const at = sliderTraceIndices(k);
  const xSpan =
    (figure.layout.xaxis as { range: number[] }).range[1] - (figure.layout.xaxis as { range: number[] }).range[0];
  const step = 10 ** Math.floor(Math.log10(xSpan / 1e4)); // the rounding of the ellipses' coordinates
  assert.equal(figure.frames.length, run.coef.length, "a frame per iteration, the start included");
  figure.frames.forEach((frame, i) => {
    assert.equal(frame.name, String(i));
    assert.deepEqual(frame.traces, [at.points, at.means, ...Array.from({ length: 2 * k }, (_, m) => 2 + m), at.marker]);
    assert.ok(!frame.traces.includes(at.curve), "the curve does not change");
    const part = (trace: number) => frame.data[frame.traces.indexOf(trace)];
    // colours: grey before any E-step; then the ink blend Σⱼ rᵢⱼ · colourⱼ of the responsibilities
    // that coef[i] gives — the library's next E-step, rvals[i + 1] — and nothing else
    const points = part(at.points);
    assert.deepEqual(Object.keys(points), ["marker"]);
    assert.deepEqual(Object.keys(points.marker!), ["color"]);
    if (i === 0) {
      assert.equal(points.marker!.color, "#afafaf", "frame 0: grey, no E-step yet");
    } else if (i + 1 < run.coef.length) {
      const colors = points.marker!.color as string[];
      assert.equal(colors.length, data.rows);
      const r = run.rvals[i + 1]!;
      for (let p = 0; p < data.rows; p++) {
        const expected = [0, 1, 2].map((c) => PALETTE.slice(0, k).reduce((s, rgb, j) => s + r.get(p, j) * rgb[c], 0));
        hexToRgb(colors[p]).forEach((v, c) =>
          assert.ok(Math.abs(v - expected[c]) <= 0.5 + 1e-6, `frame ${i}, point ${p}: ${v} vs ${expected[c]}`),
        );
      }
    }
    // means and weights: coef[i]'s, exactly
    const means = part(at.means);
    assert.deepEqual(
      means.x,
      run.coef[i].mu.map((m) => m[0]),
    );
    assert.deepEqual(
      means.y,
      run.coef[i].mu.map((m) => m[1]),
    );
    assert.deepEqual(
      means.text,
      run.coef[i].pi.map((p, j) => `π<sub>${j + 1}</sub> = ${p.toFixed(3)}`),
    );
    // ellipses: on the 1σ / 2σ contour of coef[i]'s Σⱼ about μⱼ, up to the rounding, and closed
    for (let j = 0; j < k; j++) {
      for (const scale of [1, 2] as const) {
        const e = part(at.ellipses(j, scale));
        checkEllipse(
          e.x! as number[],
          e.y! as number[],
          run.coef[i],
          j,
          scale,
          step,
          `frame ${i}, component ${j + 1}, ${scale}σ`,
        );
      }
    }
    // the marker on the log-likelihood curve
    assert.deepEqual(part(at.marker), { x: [i], y: [run.logLikelihood[i]] });
  });
}

function checkEllipse(
  x: number[],
  y: number[],
  params: GmmParams,
  j: number,
  scale: number,
  step: number,
  what: string,
): void {
  const mu = params.mu[j],
    S = params.Sigma[j];
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
  assert.ok(
    Math.abs(reach - scale * largest) < 0.01 * scale * largest + step,
    `${what}: reach ${reach}, expected ${scale * largest}`,
  );
}

test("iterationSlider: a frame per iteration (101 for a run of 100), each consistent with coef, the next E-step and logLikelihood", () => {
  assert.equal(result.nIter, 100);
  assert.equal(fig.frames.length, 101);
  checkFrames(fig, result, X);
});

test("iterationSlider: k = 3 (makeBlobs), every frame consistent with the run", () => {
  assert.equal(fig3.frames.length, 13);
  assert.equal(fig3.data.length, 2 + 2 * 3 + 2);
  checkFrames(fig3, result3, blobs.X);
});

test("iterationSlider: the figure itself shows iteration 0, as frame 0 does; the curve is the whole log-likelihood", () => {
  const at = sliderTraceIndices(2);
  assert.equal(fig.data.length, 2 + 4 + 2);
  const points = fig.data[at.points];
  assert.deepEqual(points.x, X.getColumn(0));
  assert.deepEqual(points.y, X.getColumn(1));
  const frame0 = fig.frames[0];
  frame0.traces.forEach((trace, m) => {
    for (const [key, value] of Object.entries(frame0.data[m])) {
      if (key === "marker")
        assert.deepEqual(
          fig.data[trace].marker!.color,
          (value as { color: unknown }).color,
          `trace ${trace}: marker colours`,
        );
      else assert.deepEqual(fig.data[trace][key], value, `trace ${trace}: ${key}`);
    }
  });
  // at iteration 0 no E-step has run: every point is grey
  assert.equal(points.marker!.color, "#afafaf");
  const curve = fig.data[at.curve];
  assert.equal(curve.xaxis, "x2");
  assert.deepEqual(
    curve.x,
    Array.from({ length: 101 }, (_, i) => i),
  );
  assert.deepEqual(curve.y, result.logLikelihood);
  assert.equal(fig.data[at.marker].xaxis, "x2");
  // per component: its own colour and dash; 1σ thick, 2σ thin
  for (let j = 0; j < 2; j++) {
    const one = fig.data[at.ellipses(j, 1)].line!,
      two = fig.data[at.ellipses(j, 2)].line!;
    assert.deepEqual([one.color, one.dash], [two.color, two.dash]);
    assert.ok(one.width! > two.width!);
  }
  assert.deepEqual(
    [0, 1].map((j) => fig.data[at.ellipses(j, 1)].line!.dash),
    ["solid", "dash"],
  );
  assert.notEqual(fig.data[at.ellipses(0, 1)].line!.color, fig.data[at.ellipses(1, 1)].line!.color);
  // the means' markers differ by symbol as well as colour; the ellipses are drawn after (above) them
  assert.deepEqual(fig.data[at.means].marker!.symbol, ["x", "cross"]);
  assert.ok(at.ellipses(0, 1) > at.means);
});

test("iterationSlider: a slider step per iteration that animates to its frame, labelled with the log-likelihood; play and pause", () => {
  const [slider] = fig.layout.sliders;
  assert.equal(slider.active, 0);
  assert.equal(slider.steps.length, 101);
  slider.steps.forEach((step, i) => {
    assert.equal(step.method, "animate");
    assert.deepEqual(step.args[0], [String(i)]);
    assert.equal(fig.frames.find((f) => f.name === step.args[0][0])?.name, String(i));
    assert.deepEqual(step.args[1], {
      mode: "immediate",
      frame: { duration: 0, redraw: false },
      transition: { duration: 0 },
    });
    assert.equal(step.label, `iteration ${i}: ℓ = ${result.logLikelihood[i].toFixed(3)}`);
  });
  assert.equal(slider.steps[0].label, "iteration 0: ℓ = -23306.809");
  const [menu] = fig.layout.updatemenus;
  assert.deepEqual(
    menu.buttons.map((b) => b.label),
    ["▶ play", "❚❚ pause"],
  );
  const [, pause] = menu.buttons;
  assert.deepEqual(pause.args[0], [null], "pause: animate to no frame stops the animation");
});

test("iterationSlider: ▶ play plays every frame from the start, spending its time where the picture moves", () => {
  const [play] = notebookSlider.layout.updatemenus[0].buttons;
  const last = converged.nIter + 5;
  assert.equal(last, 25);
  assert.deepEqual(
    play.args[0],
    Array.from({ length: last + 1 }, (_, i) => String(i)),
  );
  const durations = (play.args[1].frame as { duration: number; redraw: boolean }[]).map((f) => f.duration);
  assert.equal(durations.length, last + 1);
  durations.forEach((d) => assert.ok(d >= 60 && d <= 1500, `${d} ms`));
  // the default 8 s, give or take the 60 ms floor and the 1.5 s ceiling
  const total = durations.reduce((a, b) => a + b, 0);
  assert.ok(total > 6000 && total < 9000, `${total} ms in all`);
  // the first iterations, where the means cross the plot, are held far longer than the settled ones
  const early = durations.slice(1, 6).reduce((a, b) => a + b, 0),
    late = durations.slice(-5).reduce((a, b) => a + b, 0);
  assert.ok(early > 5 * late, `iterations 1–5: ${early} ms, the last five: ${late} ms`);
  // the slider ends at lastIteration, the curve and its axis too
  assert.equal(notebookSlider.frames.length, last + 1);
  assert.equal(notebookSlider.layout.sliders[0].steps.length, last + 1);
  assert.deepEqual((notebookSlider.layout.xaxis2 as { range: number[] }).range, [0, last]);
  assert.equal(
    notebookSlider.layout.sliders[0].steps[3].label,
    `第 3 次迭代 · iteration 3: ℓ = ${result.logLikelihood[3].toFixed(3)}`,
  );
  assert.deepEqual(
    notebookSlider.layout.updatemenus[0].buttons.map((b) => b.label),
    ["▶ 播放 · play", "❚❚ 暂停 · pause"],
  );
});

test("iterationSlider: axes — equal aspect over the data and every mean; log-likelihood scaled from iteration 1", () => {
  const xa = fig.layout.xaxis as { range: number[] },
    ya = fig.layout.yaxis as { range: number[]; scaleanchor: string };
  assert.equal(ya.scaleanchor, "x");
  assert.ok(Math.abs(xa.range[1] - xa.range[0] - (ya.range[1] - ya.range[0])) < 1e-9);
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

test("iterationSlider: size budget — the notebook's slider (400 points, 26 iterations) serializes to under 250 kB, each frame under 8 kB", () => {
  const size = JSON.stringify(notebookSlider).length;
  const frames = fig.frames.map((f) => JSON.stringify(f).length);
  // Measured: 201 kB in all (all 101 iterations: 740 kB), 6.7–6.9 kB per frame (4 kB of it the 400 colours).
  assert.ok(size < 250_000, `figure: ${size} characters`);
  assert.ok(Math.max(...frames) < 8_000, `largest frame: ${Math.max(...frames)} characters`);
  // Only what changes travels: the points' coordinates are in the figure once, not per frame.
  assert.ok(!/"x":\[-?\d/.test(JSON.stringify(fig.frames[5].data[0])));
});

test("iterationSlider: bad input is a GmmInputError naming what is wrong", () => {
  assert.throws(
    () => iterationSlider(new Matrix(400, 3), result),
    (e: unknown) => e instanceof GmmInputError && /X/.test(e.message) && /2 columns/.test(e.message),
  );
  assert.throws(
    () => iterationSlider(X, { ...result, logLikelihood: result.logLikelihood.slice(1) }),
    /result\.logLikelihood/,
  );
  assert.throws(
    () => iterationSlider(X, { ...result, logLikelihood: result.logLikelihood.map((v, i) => (i === 3 ? NaN : v)) }),
    /result\.logLikelihood\[3\]/,
  );
  assert.throws(() => iterationSlider(X, result, { logLikelihoodFrom: -1 }), /options\.logLikelihoodFrom/);
  assert.throws(() => iterationSlider(X, result, { playDuration: -5 }), /options\.playDuration/);
  assert.throws(
    () => iterationSlider(X, result, { lastIteration: 101 }),
    /options\.lastIteration: must be an iteration from 0 to 100/,
  );
  assert.throws(() => iterationSlider(X, result, { ellipsePoints: 2 }), /options\.ellipsePoints/);
  const bad = result.coef.map((c, i) =>
    i === 7
      ? {
          ...c,
          mu: [
            [0, 0, 0],
            [1, 1, 1],
          ],
        }
      : c,
  );
  assert.throws(() => iterationSlider(X, { ...result, coef: bad }), /result\.coef\[7\]\.mu\[0\]/);
});
