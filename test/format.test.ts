// One number format for every reader: fixed digits in the usual range, scientific notation for tiny
// and huge values; the tables, the figures' titles and hover text, and the live page's readouts
// all print with it.

import assert from "node:assert/strict";
import { test } from "node:test";
import * as html from "../src/display/html";
import { formatNumber } from "../src/format";
import { applyGmm, componentTraces, generateData, iterationSlider, snapshotGrid } from "../src/index";

test("formatNumber: fixed digits from 0.001 to a million, scientific notation beyond, ±Infinity as JavaScript writes it, NaN refused", () => {
  assert.equal(formatNumber(0.5), "0.5000");
  assert.equal(formatNumber(-1234.56789, 2), "-1234.57");
  assert.equal(formatNumber(0), "0.0000");
  assert.equal(formatNumber(0.001, 3), "0.001");
  assert.equal(formatNumber(0.000999, 3), "9.99e-4");
  assert.equal(formatNumber(-1e-20, 3), "-1.00e-20");
  assert.equal(formatNumber(999999.5, 1), "999999.5");
  assert.equal(formatNumber(-1e6, 3), "-1.00e+6");
  // NaN is a mistake upstream: refused by name, never printed as "NaN".
  assert.throws(() => formatNumber(Number.NaN), { name: "GmmInputError", message: "v: must be a number, got NaN" });
  assert.throws(() => formatNumber("7" as never), { name: "GmmInputError", message: 'v: must be a number, got "7"' });
  assert.equal(formatNumber(-Infinity), "-Infinity");
  assert.equal(html.formatNumber, formatNumber, "display/html's formatNumber is this one");
});

test("the figures print their numbers with it: a tiny weight in the means' hover text, ℓ in the panels' titles and the slider's label", () => {
  const [mean] = componentTraces({
    pi: [2e-5, 1 - 2e-5],
    mu: [
      [0, 0],
      [1, 1],
    ],
    Sigma: [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
  });
  assert.match(mean.hovertemplate!, /π<sub>1<\/sub> = 2\.00e-5</);
  const X = generateData({ variance1: 3, rng: "numpy" });
  const run = applyGmm(
    X,
    [0.1, 0.9],
    [
      [0.1, 0],
      [0, 0],
    ],
    [
      [
        [0.1, 0],
        [0, 0.1],
      ],
      [
        [0.1, 0],
        [0, 0.1],
      ],
    ],
    { maxIter: 5 },
  );
  const grid = snapshotGrid(X, run, [0, 5]);
  assert.equal(grid.layout.annotations![1].text, `iteration 5<br>ℓ = ${formatNumber(run.logLikelihood[5], 2)}`);
  const slider = iterationSlider(X, run);
  assert.equal(slider.layout.sliders![0].steps[5].label, `iteration 5: ℓ = ${formatNumber(run.logLikelihood[5], 3)}`);
});
