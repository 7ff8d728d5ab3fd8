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

/** Every text of a label set as a reader sees it: the functions called with sample arguments. */
function shown(labels: FigureLabels): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(labels).map(([key, v]) => {
      if (typeof v === "string") return [key, v];
      if (key === "covarianceTypeName")
        return [key, (["full", "tied", "diag", "spherical"] as const).map((t) => labels.covarianceTypeName(t))];
      return [key, (v as (n: number) => string)(key === "logLikelihoodFrom" ? 1 : 7)];
    }),
  );
}

test("FIGURE_LABELS' texts, word for word (made from the word table the live page shares)", () => {
  const en = {
    iteration: "iteration",
    iterationNumber: "iteration 7",
    logLikelihood: "log-likelihood ℓ",
    logLikelihoodFrom: "log-likelihood ℓ (axis from iteration 1)",
    component: "component 7",
    mean: "mean μ",
    ellipses: "1σ (thick) and 2σ (thin) ellipses",
    noEStep: "start: no E-step yet",
    gridCaption: "colours: the responsibilities under the parameters drawn",
    sliderPanel: "responsibilities, means, 1σ and 2σ ellipses",
    play: "play",
    pause: "pause",
    data: "data",
    meanPaths: "paths of the means",
    meanPathsAndEllipses: "paths of the means, final 2σ ellipses",
    bicTitle: "Model selection by BIC (lower is better)",
    numberOfComponents: "number of components k",
    covarianceType: "covariance type",
    covarianceTypeName: ["full", "tied", "diag", "spherical"],
    best: "lowest BIC",
    boundary: "boundary",
    lowerBoundTitle: "One EM step: the bound L touches ℓ at θ<sub>old</sub>, peaks at θ<sub>new</sub>",
    lowerBound: "lower bound L(q, θ), q the posterior under θ<sub>old</sub>",
    boundTouches: "θ<sub>old</sub>: after the E-step L = ℓ",
    boundMaximum: "θ<sub>new</sub>: the M-step maximises L",
    logLikelihoodAfter: "ℓ at θ<sub>new</sub> (≥ L)",
    pathParameter: "t: θ(t) from θ<sub>old</sub> (t = 0) to θ<sub>new</sub> (t = 1)",
    logLikelihoodAndBound: "ℓ and L",
    densityTitle: "The fitted mixture density p(x)",
    logDensity: "log-density log p(x)",
    uncertaintyTitle: "Classification uncertainty 1 − max<sub>j</sub> r<sub>ij</sub>",
    uncertainty: "uncertainty",
    samples: "samples from the fitted model",
    before: "before",
    after: "after",
    mixture: "mixture Σ<sub>j</sub> π<sub>j</sub> N(x | μ<sub>j</sub>, σ<sub>j</sub><sup>2</sup>)",
    probabilityDensity: "probability density",
    beforeStep: "before: the old r's colours",
    afterEStep: "E-step: new colours, same ellipses",
    afterMStep: "M-step: new ellipses, same colours",
    criteriaTitle: "Model selection by BIC and AIC (lower is better)",
    bestAic: "lowest AIC",
  };
  const zh = {
    iteration: "迭代次数",
    iterationNumber: "第 7 次迭代",
    logLikelihood: "对数似然 ℓ",
    logLikelihoodFrom: "对数似然 ℓ（纵轴从第 1 次迭代起）",
    component: "分量 7",
    mean: "均值 μ",
    ellipses: "1σ（粗）与 2σ（细）椭圆",
    noEStep: "初值：尚未做 E 步",
    gridCaption: "颜色：所画参数下的责任度",
    sliderPanel: "责任度、均值、1σ 与 2σ 椭圆",
    play: "播放",
    pause: "暂停",
    data: "数据",
    meanPaths: "均值的轨迹",
    meanPathsAndEllipses: "均值的轨迹与最终的 2σ 椭圆",
    bicTitle: "用 BIC 选模型（越低越好）",
    numberOfComponents: "分量个数 k",
    covarianceType: "协方差类型",
    covarianceTypeName: ["完全", "共享", "对角", "球形"],
    best: "BIC 最低",
    boundary: "分界线",
    lowerBoundTitle: "EM 的一步：下界 L 在 θ<sub>old</sub> 处贴住 ℓ，在 θ<sub>new</sub> 处最大",
    lowerBound: "下界 L(q, θ)，q 为 θ<sub>old</sub> 下的后验",
    boundTouches: "θ<sub>old</sub>：E 步之后 L = ℓ",
    boundMaximum: "θ<sub>new</sub>：M 步取 L 的最大值",
    logLikelihoodAfter: "θ<sub>new</sub> 处的 ℓ（≥ L）",
    pathParameter: "t：θ(t) 从 θ<sub>old</sub>（t = 0）到 θ<sub>new</sub>（t = 1）",
    logLikelihoodAndBound: "ℓ 与 L",
    densityTitle: "拟合的混合密度 p(x)",
    logDensity: "对数密度 log p(x)",
    uncertaintyTitle: "分类的不确定度 1 − max<sub>j</sub> r<sub>ij</sub>",
    uncertainty: "不确定度",
    samples: "从拟合的模型抽样",
    before: "之前",
    after: "之后",
    mixture: "混合 Σ<sub>j</sub> π<sub>j</sub> N(x | μ<sub>j</sub>, σ<sub>j</sub><sup>2</sup>)",
    probabilityDensity: "概率密度",
    beforeStep: "之前：旧的 r 的颜色",
    afterEStep: "E 步：颜色变，椭圆不动",
    afterMStep: "M 步：椭圆移动，颜色不变",
    criteriaTitle: "用 BIC 与 AIC 选模型（越低越好）",
    bestAic: "AIC 最低",
  };
  assert.deepEqual(shown(FIGURE_LABELS.en), en);
  assert.deepEqual(shown(FIGURE_LABELS.zh), zh);
  const both = shown(FIGURE_LABELS["zh-en"]);
  for (const [key, z] of Object.entries(zh)) {
    const e = en[key as keyof typeof en];
    const join = (a: string, b: string) => (a === b ? a : `${a} · ${b}`);
    assert.deepEqual(
      both[key],
      Array.isArray(z) ? z.map((t, i) => join(t, (e as string[])[i])) : join(z, e as string),
      key,
    );
  }
});
