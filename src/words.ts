/**
 * Every word the figures and the live page show, Chinese then English, as the lesson writes them.
 * The figures' label sets (`FIGURE_LABELS`, figures/labels.ts) and the live page's words
 * (live/words.ts) are both made from these tables, so that a word they share is written once.
 *
 * A text may hold `{name}`: a value filled in where it is shown (`{i}`, an iteration), or a shared
 * word in the same language (`{iteration}`), so that what is built on a shared word says so.
 * Numbers and symbols (ℓ, μ, σ, x₁) are the same in every language.
 */

/** Chinese, then English. */
export type Bilingual = readonly [zh: string, en: string];

/** Which of a `Bilingual`'s two texts: 0 Chinese, 1 English. */
export type Language = 0 | 1;

/** Words both the figures and the live page show. */
export const SHARED_WORDS = {
  iteration: ["迭代", "iteration"],
  play: ["播放", "play"],
  pause: ["暂停", "pause"],
  component: ["分量", "component"],
  data: ["数据", "data"],
} as const satisfies Record<string, Bilingual>;

/** The figures' words, by the `FigureLabels` entry they make (see figures/labels.ts for what each is). */
export const FIGURE_WORDS = {
  // The iteration axis counts them: 迭代次数.
  iteration: ["{iteration}次数", "{iteration}"],
  iterationNumber: ["第 {i} 次{iteration}", "{iteration} {i}"],
  logLikelihood: ["对数似然 ℓ", "log-likelihood ℓ"],
  logLikelihoodFrom: ["对数似然 ℓ（纵轴从第 {from} 次迭代起）", "log-likelihood ℓ (axis from iteration {from})"],
  component: ["{component} {j}", "{component} {j}"],
  mean: ["均值 μ", "mean μ"],
  ellipses: ["1σ（粗）与 2σ（细）椭圆", "1σ (thick) and 2σ (thin) ellipses"],
  noEStep: ["初值：尚未做 E 步", "start: no E-step yet"],
  gridCaption: ["颜色：所画参数下的责任度", "colours: the responsibilities under the parameters drawn"],
  sliderPanel: ["责任度、均值、1σ 与 2σ 椭圆", "responsibilities, means, 1σ and 2σ ellipses"],
  play: ["{play}", "{play}"],
  pause: ["{pause}", "{pause}"],
  data: ["{data}", "{data}"],
  meanPaths: ["均值的轨迹", "paths of the means"],
  meanPathsAndEllipses: ["均值的轨迹与最终的 2σ 椭圆", "paths of the means, final 2σ ellipses"],
  bicTitle: ["用 BIC 选模型（越低越好）", "Model selection by BIC (lower is better)"],
  numberOfComponents: ["分量个数 k", "number of components k"],
  covarianceType: ["协方差类型", "covariance type"],
  best: ["BIC 最低", "lowest BIC"],
  boundary: ["分界线", "boundary"],
  lowerBoundTitle: [
    "EM 的一步：下界 L 在 θ<sub>old</sub> 处贴住 ℓ，在 θ<sub>new</sub> 处最大",
    "One EM step: the bound L touches ℓ at θ<sub>old</sub>, peaks at θ<sub>new</sub>",
  ],
  lowerBound: [
    "下界 L(q, θ)，q 为 θ<sub>old</sub> 下的后验",
    "lower bound L(q, θ), q the posterior under θ<sub>old</sub>",
  ],
  boundTouches: ["θ<sub>old</sub>：E 步之后 L = ℓ", "θ<sub>old</sub>: after the E-step L = ℓ"],
  boundMaximum: ["θ<sub>new</sub>：M 步取 L 的最大值", "θ<sub>new</sub>: the M-step maximises L"],
  logLikelihoodAfter: ["θ<sub>new</sub> 处的 ℓ（≥ L）", "ℓ at θ<sub>new</sub> (≥ L)"],
  pathParameter: [
    "t：θ(t) 从 θ<sub>old</sub>（t = 0）到 θ<sub>new</sub>（t = 1）",
    "t: θ(t) from θ<sub>old</sub> (t = 0) to θ<sub>new</sub> (t = 1)",
  ],
  logLikelihoodAndBound: ["ℓ 与 L", "ℓ and L"],
  densityTitle: ["拟合的混合密度 p(x)", "The fitted mixture density p(x)"],
  logDensity: ["对数密度 log p(x)", "log-density log p(x)"],
  uncertaintyTitle: [
    "分类的不确定度 1 − max<sub>j</sub> r<sub>ij</sub>",
    "Classification uncertainty 1 − max<sub>j</sub> r<sub>ij</sub>",
  ],
  uncertainty: ["不确定度", "uncertainty"],
  samples: ["从拟合的模型抽样", "samples from the fitted model"],
  before: ["之前", "before"],
  after: ["之后", "after"],
  mixture: [
    "混合 Σ<sub>j</sub> π<sub>j</sub> N(x | μ<sub>j</sub>, σ<sub>j</sub><sup>2</sup>)",
    "mixture Σ<sub>j</sub> π<sub>j</sub> N(x | μ<sub>j</sub>, σ<sub>j</sub><sup>2</sup>)",
  ],
  probabilityDensity: ["概率密度", "probability density"],
  beforeStep: ["之前：旧的 r 的颜色", "before: the old r's colours"],
  afterEStep: ["E 步：颜色变，椭圆不动", "E-step: new colours, same ellipses"],
  afterMStep: ["M 步：椭圆移动，颜色不变", "M-step: new ellipses, same colours"],
  criteriaTitle: ["用 BIC 与 AIC 选模型（越低越好）", "Model selection by BIC and AIC (lower is better)"],
  bestAic: ["AIC 最低", "lowest AIC"],
} as const satisfies Record<string, Bilingual>;

/** The covariance types' names in the BIC figure's legend (English: the option's own value). */
export const COVARIANCE_TYPE_WORDS = {
  full: ["完全", "full"],
  tied: ["共享", "tied"],
  diag: ["对角", "diag"],
  spherical: ["球形", "spherical"],
} as const satisfies Record<string, Bilingual>;

/** The live page's own words (the figures on it speak FIGURE_WORDS). */
export const PAGE_WORDS = {
  title: ["高斯混合模型：EM 实时演示", "Gaussian mixture EM, live"],
  lead: [
    "在图上点击放置初始均值，或拖动均值的标记；改变种子和 k，看 EM 一步步拟合。",
    "Click the plot to place the starting means, or drag a mean's marker; change the seed and k, and watch EM fit step by step.",
  ],
  run: ["运行", "run"],
  step: ["单步", "step"],
  eStep: ["E 步", "E-step"],
  mStep: ["M 步", "M-step"],
  playButton: ["▶ {play}", "▶ {play}"],
  pauseButton: ["❚❚ {pause}", "❚❚ {pause}"],
  reset: ["↺ 重置", "↺ reset"],
  speed: ["速度（次/秒）", "speed (steps/s)"],
  everyFrame: ["每帧", "every frame"],
  keys: [
    "键盘：→ 单步，E E 步，M M 步，空格 播放/暂停，R 重置",
    "keys: → step, E E-step, M M-step, space play/pause, R reset",
  ],
  ready: ["可继续", "ready"],
  nextE: ["下一步：E 步，给点上色", "next: the E-step, colouring the points"],
  nextM: ["下一步：M 步，移动椭圆", "next: the M-step, moving the ellipses"],
  playing: ["运行中", "running"],
  converged: ["已收敛", "converged"],
  convergedWhy: ["ℓ 的增量小于 tol", "ℓ gained less than tol"],
  maxIter: ["已到最大迭代次数", "reached maxIter"],
  collapsed: ["分量坍缩", "a component collapsed"],
  invalid: ["初值无效", "the start is not valid"],
  invalidOption: ["选项无效", "an option is not valid"],
  cannotStart: ["EM 无法开始", "EM cannot start"],
  failed: ["EM 无法继续", "EM cannot go on"],
  collapseHeadline: ["μ{j} 的分量在第 {i} 次迭代时坍缩", "μ{j}'s component collapsed at iteration {i}"],
  collapseCounting: ["库从 0 计数，称它 component {c}", "the library counts from 0: component {c}"],
  cure: ["用 regCovar = {r} 重新开始", "restart with regCovar = {r}"],
  original: ["原始数据（numpy 的点）", "the original's data (numpy's points)"],
  unequal: ["两簇大小不等（1 : 5）", "unequal clusters (1 : 5)"],
  lessonBlobs: ["notebook 中 k = 3 的三簇", "the notebook's k = 3 blobs"],
  blobs: ["makeBlobs 的 k 个簇", "makeBlobs with k centres"],
  seed: ["随机种子", "seed"],
  nSamples: ["点数", "points"],
  variance1: ["簇 1 的方差", "variance of cluster 1"],
  variance2: ["簇 2 的方差", "variance of cluster 2"],
  centers: ["簇数（中心）", "centres"],
  start: ["初值", "start"],
  k: ["分量数 k", "components k"],
  poorStart: ["原代码的差初值", "the original's poor start"],
  kmeansPlusPlus: ["k-means++ 初值", "k-means++ start"],
  place: ["点击图中放置", "a click places"],
  placeHint: [
    "拖动标记可移动均值；改动初值会回到第 0 次迭代。",
    "Drag a marker to move its mean; changing the start goes back to iteration 0.",
  ],
  current: ["当前参数", "current parameters"],
  options: ["选项", "options"],
  tol: ["tol（空：不停止）", "tol (empty: never stop)"],
  maxIterOption: ["最大迭代次数", "maxIter"],
  regCovar: ["regCovar（加到 Σ 对角线）", "regCovar (added to Σ's diagonal)"],
  slips: ["原代码的两处错误（k = d）", "the original's two slips (k = d)"],
  slipsHint: [
    "E 步不乘 π，均值除以错误的 N：与正确的 EM 从同一初值出发比较。",
    "The E-step leaves out π, and the means are divided by the wrong N: compare with correct EM from the same start.",
  ],
  pageNoScript: ["这个页面需要能运行 JavaScript 的浏览器。", "This page needs a browser that runs JavaScript."],
  noScript: [
    "这个实时图需要运行 JavaScript：请信任此 notebook（经典 Notebook：File → Trust Notebook；JupyterLab、Notebook 7：命令面板的 Trust Notebook），或在浏览器中打开导出的 HTML。",
    "This live figure needs JavaScript: trust the notebook (classic Notebook: File → Trust Notebook; JupyterLab, Notebook 7: Trust Notebook in the command palette), or open the exported HTML in a browser.",
  ],
} as const satisfies Record<string, Bilingual>;

/**
 * One language's text of `word`, its `{name}`s filled from `values`, then from the shared words; a
 * name that is neither stays as written.
 */
export function say(word: Bilingual, language: Language, values: Record<string, string | number> = {}): string {
  const shared: Record<string, Bilingual> = SHARED_WORDS;
  return word[language].replace(/\{(\w+)\}/g, (written, name: string) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) return String(values[name]);
    if (Object.prototype.hasOwnProperty.call(shared, name)) return shared[name][language];
    return written;
  });
}
