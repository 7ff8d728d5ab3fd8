// criteriaFigure: BIC and AIC against k side by side, the model each picks starred.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { selectModel } from "../../src/estimator/select-model";
import { bicFigure } from "../../src/figures/bic-figure";
import { criteriaFigure } from "../../src/figures/criteria-figure";
import { testInputErrors } from "../helpers/errors";
import { fixture } from "../helpers/fixtures";

const f = fixture("estimator/select-model.json");
const selection = selectModel(f.X, {
  nComponents: f.nComponents,
  covarianceTypes: ["full", "spherical"],
  randomState: 0,
});

describe("criteriaFigure", () => {
  const fig = criteriaFigure(selection);

  test("the left panel is the BIC figure's lines and star; the right panel the AIC values", () => {
    const left = fig.data.filter((t) => t.xaxis === undefined);
    assert.deepEqual(left, bicFigure(selection).data);
    const right = fig.data.filter((t) => t.xaxis === "x2");
    assert.equal(right.length, 3);
    assert.deepEqual(right[0].y, selection.aic[0]);
    assert.deepEqual(right[1].y, selection.aic[1]);
    assert.ok(
      right.slice(0, 2).every((t) => t.showlegend === false),
      "each covariance type in the legend once",
    );
  });

  test("each star marks its criterion's lowest value", () => {
    const stars = fig.data.filter((t) => t.mode === "markers");
    assert.deepEqual(stars[0].y, [Math.min(...selection.bic.flat().map(Number))]);
    assert.deepEqual(stars[1].y, [Math.min(...selection.aic.flat().map(Number))]);
    assert.deepEqual(stars[1].x, [selection.bestAic.nComponents]);
    assert.match(stars[1].name!, /^lowest AIC: /);
  });

  test("Chinese labels", () => {
    const zh = criteriaFigure(selection, { labels: "zh" });
    assert.equal((zh.layout.title as { text: string }).text, "用 BIC 与 AIC 选模型（越低越好）");
  });
});

describe("criteriaFigure refuses", () => {
  testInputErrors([
    ["a selection without AIC", () => criteriaFigure({ ...selection, aic: undefined } as never), /^selection\.aic/],
    [
      "an AIC that is not a number",
      () => criteriaFigure({ ...selection, aic: [[1, 2, 3, 4, "5"], selection.aic[1]] } as never),
      /^selection\.aic\[0\]\[4\]/,
    ],
    ["no best AIC", () => criteriaFigure({ ...selection, bestAic: null } as never), /^selection\.bestAic/],
    ["an unknown option", () => criteriaFigure(selection, { colour: "red" } as never), /options/],
  ]);
});
