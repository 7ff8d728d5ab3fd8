/**
 * The live page's words, Chinese then English, as the lesson writes them. The figures' own words
 * (axis titles, …) are the figure layer's.
 */
export const LIVE_WORDS = {
  title: ["高斯混合模型：EM 实时演示", "Gaussian mixture EM, live"],
  lead: [
    "在图上点击放置初始均值，或拖动均值的标记；改变种子和 k，看 EM 一步步拟合。",
    "Click the plot to place the starting means, or drag a mean's marker; change the seed and k, and watch EM fit step by step.",
  ],
  run: ["运行", "run"],
  step: ["单步", "step"],
  play: ["▶ 播放", "▶ play"],
  pause: ["❚❚ 暂停", "❚❚ pause"],
  reset: ["↺ 重置", "↺ reset"],
  speed: ["速度（次/秒）", "speed (steps/s)"],
  everyFrame: ["每帧", "every frame"],
  keys: ["键盘：→ 单步，空格 播放/暂停，R 重置", "keys: → step, space play/pause, R reset"],
  iteration: ["迭代", "iteration"],
  ready: ["可继续", "ready"],
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
  data: ["数据", "data"],
  original: ["原始数据（numpy 的点）", "the original's data (numpy's points)"],
  unequal: ["两簇大小不等（1 : 5）", "unequal clusters (1 : 5)"],
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
  component: ["分量", "component"],
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
    "这个实时图需要运行 JavaScript：请信任此 notebook（File → Trust Notebook）或在浏览器中打开导出的 HTML。",
    "This live figure needs JavaScript: trust the notebook (File → Trust Notebook), or open the exported HTML in a browser.",
  ],
} as const;

export type LiveWord = keyof typeof LIVE_WORDS;

/** "中文 · English", with {name} placeholders filled in. */
export function words(key: LiveWord, values: Record<string, string | number> = {}): string {
  return LIVE_WORDS[key]
    .map((w) => w.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)))
    .join(" · ");
}

/** Chinese above, English below (buttons): two spans the page's style stacks. */
export function twoLines(key: LiveWord): string {
  const [zh, en] = LIVE_WORDS[key];
  return `<span lang="zh">${zh}</span><span lang="en">${en}</span>`;
}

/** j as subscript digits (μ₁₂). */
export function subscript(j: number): string {
  return String(j).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
