/**
 * The live page's step in a browser: headless Chromium (software rendering, as in the tests) opens
 * the page file, draws LIVE_POINTS points (the original's clusters; then again at 2 000), sets
 * k = 6 from the k-means++ start (regCovar 1e-6, no tol), then
 * - steps STEPS times, each click at the start of an animation frame: the script's time for one
 *   step, split into EM (`LiveSession.step`), the figures' data (the points' inks and the traces
 *   above them: `pointInks`, `liveOverlayTraces`, `liveCurveTraces`), plotly.js moving the
 *   curve's axes (`Plotly.relayout`, at the steps where ℓ leaves them) and the rest (painting the
 *   canvas, the readouts); and whether the frame after it came in time;
 * - plays at one step per animation frame for PLAY_MS: steps per second.
 * The split is timed by wrappers put around those functions before the page's script takes them
 * from the library (a script added between the two; the page is otherwise the file npm start
 * writes). `npm run bench` runs it with the rest; `npm run bench -- --live` runs it alone and prints it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { launchChromium, offline } from "../scripts/export/chromium";

const ROOT = path.join(__dirname, "..");
export const LIVE_POINTS = [5000, 2000];
const STEPS = 60;
const PLAY_MS = 3000;

export interface LiveMeasurement {
  points: number;
  components: number;
  steps: number;
  /** The script's time for one step (ms): median and 95th percentile. */
  scriptMedianMs: number;
  scriptP95Ms: number;
  /** Medians of its parts (ms): EM, the figures' data, plotly.js's axes, the rest (canvas, readouts). */
  split?: { em: number; figures: number; axes: number; rest: number };
  /** Steps whose next frame came within 1.5 frame intervals of the one they started in. */
  stepsInOneFrame: number;
  /** The browser's frame interval (ms), measured. */
  frameMs: number;
  /** Steps per second while playing at one step per frame. */
  playStepsPerSecond: number;
  chromium: string;
}

/** Times the step's parts: wraps the library's functions before the page's script destructures `gmmEm`. */
const SPLIT_SCRIPT = `<script>
(function () {
  var real = window.gmmEm, times = (window.gmmEmBenchTimes = { em: 0, figures: 0, axes: 0 }), lib = {};
  function timed(fn, key) {
    return function () {
      var t0 = performance.now();
      try { return fn.apply(this, arguments); } finally { times[key] += performance.now() - t0; }
    };
  }
  for (var name in real) lib[name] = real[name];
  ["pointInks", "liveOverlayTraces", "liveCurveTraces"].forEach(function (n) { lib[n] = timed(real[n], "figures"); });
  real.LiveSession.prototype.step = timed(real.LiveSession.prototype.step, "em");
  window.Plotly.relayout = timed(window.Plotly.relayout, "axes");
  window.gmmEm = lib;
})();
</script>
`;

export async function measureLivePage(): Promise<LiveMeasurement[]> {
  const browser = await launchChromium();
  try {
    const out: LiveMeasurement[] = [];
    for (const points of LIVE_POINTS) out.push(await measureAt(browser, points));
    return out;
  } finally {
    await browser.close();
  }
}

async function measureAt(browser: Browser, points: number): Promise<LiveMeasurement> {
  const { livePageHtml } = require(path.join(ROOT, "dist", "jupyter")) as typeof import("../src/jupyter");
  const { liveBundleSource } = require(
    path.join(ROOT, "dist", "live", "bundle-source"),
  ) as typeof import("../src/live/bundle-source");
  const { scriptSource } = require(path.join(ROOT, "dist", "display", "html")) as typeof import("../src/display/html");
  const dir = mkdtempSync(path.join(os.tmpdir(), "gmm-em-bench-live-"));
  try {
    const file = path.join(dir, "live.html");
    const html = livePageHtml({ data: { nSamples: points }, run: { tol: null, maxIter: 10000, regCovar: 1e-6 } });
    const liveScript = html.lastIndexOf("<script>", html.indexOf(scriptSource(liveBundleSource())));
    writeFileSync(file, html.slice(0, liveScript) + SPLIT_SCRIPT + html.slice(liveScript));
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await offline(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction("document.querySelector('.gmm-live')?.dataset.ready === 'true'", null, {
      timeout: 120_000,
    });
    await page.selectOption("[data-el=k]", "6");
    await page.click("[data-el=kmeansPlusPlus]");
    await page.selectOption("[data-el=speed]", "0");
    // In the page: plain functions in a string (no helpers of the test runner's compiler).
    const measured = (await page.evaluate(`(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const step = document.querySelector("[data-el=step]");
      const times = window.gmmEmBenchTimes;
      const script = [], late = [], gaps = [], em = [], figures = [], axes = [], rest = [];
      let previous = await frame();
      for (let i = 0; i < 20; i++) { const t = await frame(); gaps.push(t - previous); previous = t; }
      gaps.sort((a, b) => a - b);
      const frameMs = gaps[gaps.length >> 1];
      for (let i = 0; i < ${STEPS}; i++) {
        const start = await frame();
        times.em = times.figures = times.axes = 0;
        const t0 = performance.now();
        step.click();
        const total = performance.now() - t0;
        script.push(total);
        em.push(times.em); figures.push(times.figures); axes.push(times.axes);
        rest.push(total - times.em - times.figures - times.axes);
        const next = await frame();
        late.push(next - start > 1.5 * frameMs);
      }
      const before = Number(document.querySelector(".gmm-live").dataset.iteration);
      document.querySelector("[data-el=play]").click();
      const t = performance.now();
      await new Promise((r) => setTimeout(r, ${PLAY_MS}));
      document.querySelector("[data-el=play]").click();
      const played = Number(document.querySelector(".gmm-live").dataset.iteration) - before;
      return { script, em, figures, axes, rest, late, frameMs, playStepsPerSecond: played / ((performance.now() - t) / 1000), k: window.gmmEmLivePage.snapshot().params.pi.length };
    })()`)) as {
      script: number[];
      em: number[];
      figures: number[];
      axes: number[];
      rest: number[];
      late: boolean[];
      frameMs: number;
      playStepsPerSecond: number;
      k: number;
    };
    await page.close();
    return {
      points,
      components: measured.k,
      steps: STEPS,
      scriptMedianMs: quantile(measured.script, 0.5),
      scriptP95Ms: quantile(measured.script, 0.95),
      split: {
        em: quantile(measured.em, 0.5),
        figures: quantile(measured.figures, 0.5),
        axes: quantile(measured.axes, 0.5),
        rest: quantile(measured.rest, 0.5),
      },
      stepsInOneFrame: measured.late.filter((l) => !l).length,
      frameMs: measured.frameMs,
      playStepsPerSecond: measured.playStepsPerSecond,
      chromium: browser.version(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const quantile = (a: number[], q: number) =>
  a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))];

/** The measurements (a list: one per number of points; a single one from runs before the split) as the README's section. */
export function liveMarkdown(measured: LiveMeasurement | LiveMeasurement[]): string {
  const all = Array.isArray(measured) ? measured : [measured];
  const m = all[0];
  const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);
  const rows = all.map(
    (r) =>
      `| ${r.points} | ${r.components} | **${ms(r.scriptMedianMs)}** | ${ms(r.scriptP95Ms)} | ${r.split ? `${ms(r.split.em)} | ${ms(r.split.figures)} | ${ms(r.split.axes)} | ${ms(r.split.rest)}` : "— | — | — | —"} | ${r.stepsInOneFrame} of ${r.steps} | ${r.playStepsPerSecond.toFixed(0)} |`,
  );
  return `## The live page

A step of EM on the live page (\`out/gmm-em-live.html\`) from the k-means++ start, in headless
Chromium ${m.chromium} with software rendering (\`bench/live.ts\`): the script of one step
(median and 95th percentile of ${m.steps} steps, each clicked at the start of a ${m.frameMs.toFixed(1)} ms animation
frame), split into its parts' medians: EM (\`LiveSession.step\`), the figures' data (the points'
inks and the traces above them), plotly.js moving the curve's axes (at the steps where ℓ leaves
them: 0 at most), and the rest (painting the canvas, the readouts). Then played at one step per frame.

| points | k | script of a step (ms) | 95th percentile | EM | figures' data | axes | canvas and readouts | steps shown in the next frame | steps per second, playing |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
}

if (require.main === module) {
  measureLivePage().then(
    (m) => process.stdout.write(`${liveMarkdown(m)}\n${JSON.stringify(m, null, 2)}\n`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
