// Every figure builder checks its options: an unknown name (a typo) or a size or duration that is
// not a finite number is a GmmInputError naming the option, never silently ignored.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  applyGmm,
  bicFigure,
  boundaryFigure,
  comparisonFigure,
  dataScatter,
  GmmInputError,
  generateData,
  iterationSlider,
  snapshotGrid,
} from "../../src/index";

const X = generateData({ nSamples1: 30, nSamples2: 30 });
const result = applyGmm(
  X,
  [0.5, 0.5],
  [
    [-1, 1],
    [1, -1],
  ],
  [
    [
      [1, 0],
      [0, 1],
    ],
    [
      [1, 0],
      [0, 1],
    ],
  ],
  { maxIter: 3 },
);
const run = { label: "EM", coef: result.coef, logLikelihood: result.logLikelihood };
const panel = { title: "EM", params: result.coef[3] };

/** The error is a GmmInputError whose message starts with `argument: `. */
const naming = (argument: string) => (e: unknown) =>
  e instanceof GmmInputError && e.argument === argument && e.message.startsWith(`${argument}: `);

test("snapshotGrid(X, r, h, { titel }) — a misspelt option — is a GmmInputError listing the known names", () => {
  assert.throws(
    () => snapshotGrid(X, result, [0, 1], { titel: "EM" } as never),
    (e: unknown) =>
      naming("options.titel")(e) &&
      /is not a known option \(known: columns, title, labels, width, height\)/.test((e as Error).message),
  );
});

test("iterationSlider(X, r, { frameDuraton: 5 }) — a misspelt option — is a GmmInputError", () => {
  assert.throws(() => iterationSlider(X, result, { frameDuraton: 5 } as never), naming("options.frameDuraton"));
});

test("width: NaN, height: Infinity or a size under 100 px is a GmmInputError in every builder", () => {
  assert.throws(() => snapshotGrid(X, result, [0], { width: NaN }), naming("options.width"));
  assert.throws(() => iterationSlider(X, result, { height: Infinity }), naming("options.height"));
  assert.throws(() => comparisonFigure([run], { width: 20 }), naming("options.width"));
  assert.throws(() => dataScatter(X, { width: NaN }), naming("options.width"));
  assert.throws(() => boundaryFigure(X, [panel], { height: NaN }), naming("options.height"));
  assert.throws(() => iterationSlider(X, result, { playDuration: NaN }), naming("options.playDuration"));
});

test("bicFigure({}) — not a model selection — is a GmmInputError, not a TypeError", () => {
  assert.throws(() => bicFigure({} as never), naming("selection.nComponents"));
});

test("unknown options of the other builders, and a title or labels of the wrong kind", () => {
  assert.throws(() => comparisonFigure([run], { finalEllipse: true } as never), naming("options.finalEllipse"));
  assert.throws(() => comparisonFigure([run], { finalEllipses: "yes" } as never), naming("options.finalEllipses"));
  assert.throws(() => dataScatter(X, { colour: "red" } as never), naming("options.colour"));
  assert.throws(() => boundaryFigure(X, [panel], { resolution: 1 }), naming("options.resolution"));
  assert.throws(() => snapshotGrid(X, result, [0], { title: 5 } as never), naming("options.title"));
  assert.throws(
    () => snapshotGrid(X, result, [0], { labels: "fr" } as never),
    (e: unknown) => naming("options.labels")(e) && /"en", "zh", "zh-en"/.test((e as Error).message),
  );
  assert.throws(
    () => snapshotGrid(X, result, [0], { labels: { iteration: "Iteration" } } as never),
    naming("options.labels.iterationNumber"),
  );
  assert.throws(() => snapshotGrid(X, result, [0], null as never), naming("options"));
});
