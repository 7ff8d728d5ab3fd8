// The palette: colour-blind-safe component colours, each point inked by its responsibilities,
// and colours as compact #rrggbb.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Matrix } from "ml-matrix";
import { GmmInputError } from "../../src/errors";
import {
  COMPONENT_COLORS,
  COMPONENT_DASHES,
  COMPONENT_SYMBOLS,
  hexColor,
  inkColor,
  responsibilityColors,
} from "../../src/figures/colors";
import { type Deficiency, deltaE2000, deltaE2000Lab, lab, simulate, smallestDifference } from "../helpers/color-vision";

/**
 * Two colours a person tells apart at a glance: CIEDE2000 ≥ 10 (ΔE₀₀ ≈ 1 is a just-noticeable
 * difference, ≈ 2–10 "perceptible at a glance" only side by side; 10 leaves a margin for points
 * as small as the figures' 6-px markers).
 */
const DISTINCT = 10;
const DEFICIENCIES: Deficiency[] = ["protanopia", "deuteranopia", "tritanopia"];

test("the colour-vision helpers: CIELAB and CIEDE2000 against published values; the simulation keeps greys grey", () => {
  // sRGB white and pure red in CIELAB (D65)
  lab([255, 255, 255]).forEach((v, i) => assert.ok(Math.abs(v - [100, 0, 0][i]) < 0.01, `white ${v}`));
  lab([255, 0, 0]).forEach((v, i) => assert.ok(Math.abs(v - [53.24, 80.09, 67.2][i]) < 0.05, `red ${v}`));
  // CIEDE2000: pairs 1, 7, 17 and 34 of Sharma, Wu & Dalal's (2005) test data, to their 4 decimals
  const sharma: [number[], number[], number][] = [
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
  ];
  for (const [a, b, expected] of sharma)
    assert.ok(Math.abs(deltaE2000Lab(a, b) - expected) < 5e-5, `${a} / ${b}: ${deltaE2000Lab(a, b)}`);
  assert.equal(deltaE2000([10, 20, 30], [10, 20, 30]), 0);
  assert.ok(Math.abs(deltaE2000([0, 114, 178], [213, 94, 0]) - deltaE2000([213, 94, 0], [0, 114, 178])) < 1e-12);
  assert.ok(Math.abs(deltaE2000([0, 0, 0], [255, 255, 255]) - 100) < 0.01);
  for (const d of DEFICIENCIES)
    simulate([128, 128, 128], d).forEach((v) => assert.ok(Math.abs(v - 128) < 1.5, `${d}: grey stays grey (${v})`));
  // the simulation does what it is for: red and green, far apart, become alike for a deuteranope
  assert.ok(deltaE2000([214, 39, 40], [44, 160, 44]) > 50);
  assert.ok(deltaE2000(simulate([214, 39, 40], "deuteranopia"), simulate([44, 160, 44], "deuteranopia")) < 10);
});

test("COMPONENT_COLORS: the first four stay distinct (ΔE₀₀ ≥ 10) under protanopia, deuteranopia and tritanopia", () => {
  const four = COMPONENT_COLORS.slice(0, 4);
  assert.ok(smallestDifference(four) >= DISTINCT, "normal vision");
  for (const d of DEFICIENCIES) {
    const least = smallestDifference(four, d);
    assert.ok(least >= DISTINCT, `${d}: smallest ΔE₀₀ ${least.toFixed(1)}`);
  }
  // the palette the figures had before (Plotly's red, blue, green, orange) fails this test: red and green merge
  const before = [
    [214, 39, 40],
    [31, 119, 180],
    [44, 160, 44],
    [255, 127, 14],
  ] as const;
  assert.ok(smallestDifference(before, "deuteranopia") < 5 && smallestDifference(before, "protanopia") < 5);
  // k = 2 stays a red/blue pair: component 1 reddish, component 2 bluish
  const [first, second] = COMPONENT_COLORS;
  assert.ok(first[0] > first[2] && second[2] > second[0]);
  // and every component has its own dash and marker beside its colour
  assert.equal(new Set(COMPONENT_DASHES).size, COMPONENT_DASHES.length);
  assert.equal(new Set(COMPONENT_SYMBOLS).size, COMPONENT_SYMBOLS.length);
});

test("inkColor / responsibilityColors: vermillion, blue, and the blend when undecided; bad rows rejected", () => {
  assert.equal(inkColor([1, 0]), "rgb(213, 94, 0)");
  assert.equal(inkColor([0, 1]), "rgb(0, 114, 178)");
  assert.equal(inkColor([0.5, 0.5]), "rgb(107, 104, 89)");
  assert.deepEqual(responsibilityColors(new Matrix([[0.25, 0.75]])), ["rgb(53, 109, 134)"]);
  assert.throws(() => responsibilityColors(new Matrix([[0.5, 0.6]])), /responsibilities\[0\]: must sum to 1/);
  assert.throws(() => responsibilityColors(new Matrix([[NaN, 1]])), /responsibilities\[0\]\[0\]/);
});

test("hexColor: rgb(r, g, b) as #rrggbb; anything else is a GmmInputError", () => {
  assert.equal(hexColor("rgb(214, 39, 40)"), "#d62728");
  assert.equal(hexColor("rgb(0, 5, 255)"), "#0005ff");
  assert.throws(() => hexColor("#d62728"), GmmInputError);
});
