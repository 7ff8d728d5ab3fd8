// The palette: each point inked by its responsibilities, and colours as compact #rrggbb.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { hexColor, inkColor, responsibilityColors } from "../../src/figures/colors";
import { GmmInputError } from "../../src/errors";

test("inkColor / responsibilityColors: red, blue, and purple when undecided; bad rows rejected", () => {
  assert.equal(inkColor([1, 0]), "rgb(214, 39, 40)");
  assert.equal(inkColor([0, 1]), "rgb(31, 119, 180)");
  assert.equal(inkColor([0.5, 0.5]), "rgb(123, 79, 110)");
  assert.deepEqual(responsibilityColors(new Matrix([[0.25, 0.75]])), ["rgb(77, 99, 145)"]);
  assert.throws(() => responsibilityColors(new Matrix([[0.5, 0.6]])), /responsibilities\[0\]: must sum to 1/);
  assert.throws(() => responsibilityColors(new Matrix([[NaN, 1]])), /responsibilities\[0\]\[0\]/);
});

test("hexColor: rgb(r, g, b) as #rrggbb; anything else is a GmmInputError", () => {
  assert.equal(hexColor("rgb(214, 39, 40)"), "#d62728");
  assert.equal(hexColor("rgb(0, 5, 255)"), "#0005ff");
  assert.throws(() => hexColor("#d62728"), GmmInputError);
});
