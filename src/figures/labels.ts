/**
 * The words the figures show — axis titles, panel titles, legends, the slider's label and
 * buttons — as a label set, so that a figure speaks the lesson's language. `FIGURE_LABELS.en` is
 * every builder's default; `FIGURE_LABELS.zh` is Chinese; `FIGURE_LABELS["zh-en"]` shows both,
 * Chinese first (`bilingualLabels` joins any two sets the same way). Numbers and symbols (ℓ, μ,
 * σ, x₁) are added by the builders and are the same in every language.
 */
import type { CovarianceType } from "../em/covariance-type";

export interface FigureLabels {
  /** Axis title of the iteration axis. */
  iteration: string;
  /** A panel's or the slider's name for iteration i. */
  iterationNumber: (i: number) => string;
  /** Axis title of the log-likelihood axis; also its panel's title. */
  logLikelihood: string;
  /** The log-likelihood panel's title when its axis starts at iteration `from`. */
  logLikelihoodFrom: (from: number) => string;
  /** Component j (from 1) in legends and hover text. */
  component: (j: number) => string;
  /** Legend entries of the colour key. */
  mean: string;
  ellipses: string;
  /** The points before any E-step: grey, no responsibilities yet. */
  noEStep: string;
  /** What the snapshot grid's colours are (its caption). */
  gridCaption: string;
  /** The slider figure's left panel. */
  sliderPanel: string;
  /** The slider's buttons (the builder puts ▶ and ❚❚ before them). */
  play: string;
  pause: string;
  /** The data (a legend entry, a trace name). */
  data: string;
  /** The comparison's left panel: the means' paths, and with the final ellipses. */
  meanPaths: string;
  meanPathsAndEllipses: string;
  /** The BIC figure's default title, axis titles and legend title. */
  bicTitle: string;
  numberOfComponents: string;
  covarianceType: string;
  /** A covariance type's name in the legend. */
  covarianceTypeName: (type: CovarianceType) => string;
  /** The BIC figure's star: the model with the lowest BIC. */
  best: string;
  /** k-means' hard assignment and its boundary. */
  boundary: string;
}

export type FigureLocale = "en" | "zh" | "zh-en";

const EN: FigureLabels = {
  iteration: "iteration",
  iterationNumber: (i) => `iteration ${i}`,
  logLikelihood: "log-likelihood ℓ",
  logLikelihoodFrom: (from) => `log-likelihood ℓ (axis from iteration ${from})`,
  component: (j) => `component ${j}`,
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
  covarianceTypeName: (type) => type,
  best: "lowest BIC",
  boundary: "boundary",
};

const COVARIANCE_ZH: Record<CovarianceType, string> = { full: "完全", tied: "共享", diag: "对角", spherical: "球形" };

const ZH: FigureLabels = {
  iteration: "迭代次数",
  iterationNumber: (i) => `第 ${i} 次迭代`,
  logLikelihood: "对数似然 ℓ",
  logLikelihoodFrom: (from) => `对数似然 ℓ（纵轴从第 ${from} 次迭代起）`,
  component: (j) => `分量 ${j}`,
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
  covarianceTypeName: (type) => COVARIANCE_ZH[type],
  best: "BIC 最低",
  boundary: "分界线",
};

/**
 * Two label sets in one: each text is `first · second` (short texts) — the way a bilingual
 * slide puts both languages side by side. Texts that are the same in both appear once.
 */
export function bilingualLabels(first: FigureLabels, second: FigureLabels): FigureLabels {
  const both = (a: string, b: string) => (a === b ? a : `${a} · ${b}`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first) as (keyof FigureLabels)[]) {
    const a = first[key],
      b = second[key];
    out[key] =
      typeof a === "function"
        ? (...args: unknown[]) =>
            both((a as (...x: unknown[]) => string)(...args), (b as (...x: unknown[]) => string)(...args))
        : both(a as string, b as string);
  }
  return out as unknown as FigureLabels;
}

/** The label sets by locale: English (the default), Chinese, and both (Chinese first). */
export const FIGURE_LABELS: Readonly<Record<FigureLocale, FigureLabels>> = {
  en: EN,
  zh: ZH,
  "zh-en": bilingualLabels(ZH, EN),
};
