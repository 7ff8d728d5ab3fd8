// bicFigure: a model selection's BIC per number of components, one line per covariance type.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COVARIANCE_TYPES } from "../../src/em/covariance-type";
import { GmmInputError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { bicFigure } from "../../src/figures/bic-figure";
import { smallestDifference } from "../helpers/color-vision";

describe("bicFigure", () => {
  const selection = {
    nComponents: [1, 2, 3],
    covarianceTypes: ["full", "diag"] as ("full" | "diag")[],
    bic: [
      [300, 250, 260],
      [310, null, 255],
    ],
    table: [],
    best: { nComponents: 2, covarianceType: "full" as const, bic: 250, model: new GaussianMixture() },
  };
  const fig = bicFigure(selection);
  test("one line per covariance type over the numbers of components, gaps where a fit failed", () => {
    assert.equal(fig.data.length, 3);
    assert.deepEqual(
      fig.data.slice(0, 2).map((t) => t.name),
      ["full", "diag"],
    );
    assert.deepEqual(fig.data[0].x, [1, 2, 3]);
    assert.deepEqual(fig.data[0].y, [300, 250, 260]);
    assert.deepEqual(fig.data[1].y, [310, null, 255]);
    assert.equal(fig.data[0].mode, "lines+markers");
  });
  test("the best model is starred and named in the legend; axes are titled", () => {
    const star = fig.data[2] as { x: number[]; y: number[]; name: string; marker: { symbol: string } };
    assert.deepEqual([star.x, star.y], [[2], [250]]);
    assert.equal(star.marker.symbol, "star-open");
    assert.equal(star.name, "lowest BIC: full, k = 2");
    const layout = fig.layout as {
      xaxis: { title: { text: string }; tickvals: number[] };
      yaxis: { title: { text: string } };
    };
    assert.match(layout.xaxis.title.text, /components/);
    assert.deepEqual(layout.xaxis.tickvals, [1, 2, 3]);
    assert.equal(layout.yaxis.title.text, "BIC");
  });
  test("each covariance type has its own dash and marker, and colours that stay apart under colour-vision deficiencies", () => {
    const every = bicFigure({
      ...selection,
      covarianceTypes: [...COVARIANCE_TYPES],
      bic: COVARIANCE_TYPES.map(() => [1, 2, 3]),
    });
    const lines = every.data.slice(0, COVARIANCE_TYPES.length);
    assert.deepEqual(
      lines.map((t) => t.name),
      [...COVARIANCE_TYPES],
    );
    assert.equal(new Set(lines.map((t) => t.line!.dash)).size, COVARIANCE_TYPES.length);
    assert.equal(new Set(lines.map((t) => t.marker!.symbol)).size, COVARIANCE_TYPES.length);
    const rgb = lines.map(
      (t) => /^rgb\((\d+), (\d+), (\d+)\)$/.exec(t.line!.color!)!.slice(1).map(Number) as [number, number, number],
    );
    // diag and spherical were green and red before: one olive under deuteranopia
    for (const d of ["protanopia", "deuteranopia", "tritanopia"] as const)
      assert.ok(smallestDifference(rgb, d) >= 10, d);
  });
  test('words: bilingual legend and axes with labels: "zh-en"; the title as given', () => {
    const both = bicFigure(selection, { labels: "zh-en", title: "用 BIC 选模型 · Model selection by BIC" });
    assert.deepEqual(
      both.data.map((t) => t.name),
      ["完全 · full", "对角 · diag", "BIC 最低 · lowest BIC: 完全 · full, k = 2"],
    );
    assert.equal((both.layout.xaxis as { title: { text: string } }).title.text, "分量个数 k · number of components k");
    assert.equal(both.layout.title!.text, "用 BIC 选模型 · Model selection by BIC");
  });
  test("bad input: not a model selection, or unknown options, is a GmmInputError naming it", () => {
    assert.throws(
      () => bicFigure({} as never),
      (e: unknown) => e instanceof GmmInputError && /^selection\.nComponents: /.test(e.message),
    );
    assert.throws(
      () => bicFigure(null as never),
      (e: unknown) => e instanceof GmmInputError && /^selection: /.test(e.message),
    );
    assert.throws(
      () =>
        bicFigure({
          ...selection,
          bic: [
            [1, 2, NaN],
            [1, 2, 3],
          ],
        }),
      /selection\.bic\[0\]\[2\]: must be a finite number or null/,
    );
    assert.throws(() => bicFigure(selection, { titel: "x" } as never), /options\.titel: is not a known option/);
  });
  test("is pure: the selection is not changed, and it serialises to JSON", () => {
    const before = JSON.stringify(selection.bic);
    const again = bicFigure(selection);
    (again.data[0].y as number[])[0] = -1;
    assert.equal(JSON.stringify(selection.bic), before);
    assert.doesNotThrow(() => JSON.stringify(fig));
  });
});
