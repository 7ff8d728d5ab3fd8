// bicFigure: a model selection's BIC per number of components, one line per covariance type.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { bicFigure } from "../../src/figures/bic-figure";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";

describe("bicFigure", () => {
  const selection = {
    nComponents: [1, 2, 3],
    covarianceTypes: ["full", "diag"] as ("full" | "diag")[],
    bic: [[300, 250, 260], [310, null, 255]],
    table: [],
    best: { nComponents: 2, covarianceType: "full" as const, bic: 250, model: new GaussianMixture() },
  };
  const fig = bicFigure(selection);
  test("one line per covariance type over the numbers of components, gaps where a fit failed", () => {
    assert.equal(fig.data.length, 3);
    assert.deepEqual(fig.data.slice(0, 2).map((t) => t.name), ["full", "diag"]);
    assert.deepEqual(fig.data[0].x, [1, 2, 3]);
    assert.deepEqual(fig.data[0].y, [300, 250, 260]);
    assert.deepEqual(fig.data[1].y, [310, null, 255]);
    assert.equal(fig.data[0].mode, "lines+markers");
  });
  test("the best model is starred and named in the legend; axes are titled", () => {
    const star = fig.data[2] as { x: number[]; y: number[]; name: string; marker: { symbol: string } };
    assert.deepEqual([star.x, star.y], [[2], [250]]);
    assert.equal(star.marker.symbol, "star-open");
    assert.equal(star.name, "best: full, k = 2");
    const layout = fig.layout as { xaxis: { title: { text: string }; tickvals: number[] }; yaxis: { title: { text: string } } };
    assert.match(layout.xaxis.title.text, /components/);
    assert.deepEqual(layout.xaxis.tickvals, [1, 2, 3]);
    assert.equal(layout.yaxis.title.text, "BIC");
  });
  test("is pure: the selection is not changed, and it serialises to JSON", () => {
    const before = JSON.stringify(selection.bic);
    const again = bicFigure(selection);
    (again.data[0].y as number[])[0] = -1;
    assert.equal(JSON.stringify(selection.bic), before);
    assert.doesNotThrow(() => JSON.stringify(fig));
  });
});
