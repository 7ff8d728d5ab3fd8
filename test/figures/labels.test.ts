// The figures' words: English by default, Chinese, or both (Chinese first), and a label set of one's own.

import assert from "node:assert/strict";
import { test } from "node:test";
import { bilingualLabels, FIGURE_LABELS, type FigureLabels } from "../../src/figures/labels";
import { snapshotGrid } from "../../src/figures/snapshot-grid";
import { applyGmm, generateData } from "../../src/index";

const CJK = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]{2}/;

/** Every text of a label set, the functions called with sample arguments. */
function texts(labels: FigureLabels): string[] {
  return Object.entries(labels).map(([key, v]) => {
    if (typeof v === "string") return v;
    return key === "covarianceTypeName" ? labels.covarianceTypeName("spherical") : (v as (i: number) => string)(3);
  });
}

test("FIGURE_LABELS: en is English, zh is Chinese, zh-en has both in every text, Chinese first", () => {
  assert.deepEqual(Object.keys(FIGURE_LABELS), ["en", "zh", "zh-en"]);
  assert.deepEqual(Object.keys(FIGURE_LABELS.zh), Object.keys(FIGURE_LABELS.en), "the same entries");
  for (const t of texts(FIGURE_LABELS.en)) assert.ok(!CJK.test(t), t);
  for (const t of texts(FIGURE_LABELS.zh)) assert.ok(CJK.test(t), `zh: ${t}`);
  for (const t of texts(FIGURE_LABELS["zh-en"])) {
    const [zh, en] = t.split(" · ");
    assert.ok(CJK.test(zh) && LATIN.test(en) && !CJK.test(en), `zh-en, Chinese first: ${t}`);
  }
  assert.equal(FIGURE_LABELS["zh-en"].iterationNumber(5), "第 5 次迭代 · iteration 5");
  assert.equal(FIGURE_LABELS["zh-en"].covarianceTypeName("tied"), "共享 · tied");
});

test("bilingualLabels joins any two sets; a label set of one's own is taken as is", () => {
  const both = bilingualLabels(FIGURE_LABELS.en, FIGURE_LABELS.zh);
  assert.equal(both.iteration, "iteration · 迭代次数");
  assert.equal(both.component(1), "component 1 · 分量 1");
  const X = generateData({ nSamples1: 20, nSamples2: 20 });
  const run = applyGmm(
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
    { maxIter: 2 },
  );
  const own: FigureLabels = { ...FIGURE_LABELS.en, iterationNumber: (i) => `Iteration no. ${i}` };
  assert.match(snapshotGrid(X, run, [2], { labels: own }).layout.annotations![0].text, /^Iteration no\. 2<br>ℓ = /);
});
