/**
 * The live page's step in a browser: headless Chromium (software rendering, as in the tests) opens
 * the page file, draws 2 000 points (the original's clusters), sets k = 6 from the k-means++
 * start (regCovar 1e-6, no tol), then
 * - steps STEPS times, each click at the start of an animation frame: the script's time for one
 *   step (EM, the figures' traces, the canvas), and whether the frame after it came in time;
 * - plays at one step per animation frame for PLAY_MS: steps per second.
 * `npm run bench` runs it with the rest; `npm run bench -- --live` runs it alone and prints it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, offline } from "../scripts/export/chromium";

const ROOT = path.join(__dirname, "..");
export const LIVE_POINTS = 2000;
const STEPS = 60;
const PLAY_MS = 3000;

export interface LiveMeasurement {
  points: number;
  components: number;
  steps: number;
  /** The script's time for one step (ms): median and 95th percentile. */
  scriptMedianMs: number;
  scriptP95Ms: number;
  /** Steps whose next frame came within 1.5 frame intervals of the one they started in. */
  stepsInOneFrame: number;
  /** The browser's frame interval (ms), measured. */
  frameMs: number;
  /** Steps per second while playing at one step per frame. */
  playStepsPerSecond: number;
  chromium: string;
}

const quantile = (a: number[], q: number) =>
  a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))];

export async function measureLivePage(): Promise<LiveMeasurement> {
  const { livePageHtml } = require(path.join(ROOT, "dist", "jupyter")) as typeof import("../src/jupyter");
  const dir = mkdtempSync(path.join(os.tmpdir(), "gmm-em-bench-live-"));
  const browser = await launchChromium();
  try {
    const file = path.join(dir, "live.html");
    writeFileSync(
      file,
      livePageHtml({ data: { nSamples: LIVE_POINTS }, run: { tol: null, maxIter: 10000, regCovar: 1e-6 } }),
    );
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
      const script = [], late = [], gaps = [];
      let previous = await frame();
      for (let i = 0; i < 20; i++) { const t = await frame(); gaps.push(t - previous); previous = t; }
      gaps.sort((a, b) => a - b);
      const frameMs = gaps[gaps.length >> 1];
      for (let i = 0; i < ${STEPS}; i++) {
        const start = await frame();
        const t0 = performance.now();
        step.click();
        script.push(performance.now() - t0);
        const next = await frame();
        late.push(next - start > 1.5 * frameMs);
      }
      const before = Number(document.querySelector(".gmm-live").dataset.iteration);
      document.querySelector("[data-el=play]").click();
      const t = performance.now();
      await new Promise((r) => setTimeout(r, ${PLAY_MS}));
      document.querySelector("[data-el=play]").click();
      const played = Number(document.querySelector(".gmm-live").dataset.iteration) - before;
      return { script, late, frameMs, playStepsPerSecond: played / ((performance.now() - t) / 1000), k: window.gmmEmLivePage.snapshot().params.pi.length };
    })()`)) as { script: number[]; late: boolean[]; frameMs: number; playStepsPerSecond: number; k: number };
    return {
      points: LIVE_POINTS,
      components: measured.k,
      steps: STEPS,
      scriptMedianMs: quantile(measured.script, 0.5),
      scriptP95Ms: quantile(measured.script, 0.95),
      stepsInOneFrame: measured.late.filter((l) => !l).length,
      frameMs: measured.frameMs,
      playStepsPerSecond: measured.playStepsPerSecond,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurement as the README's section. */
export function liveMarkdown(m: LiveMeasurement): string {
  return `## The live page

A step of EM on the live page (\`out/gmm-em-live.html\`) at ${m.points} points and k = ${m.components}, in
headless Chromium ${m.chromium} with software rendering (\`bench/live.ts\`): the script of one step
(EM, the figures' traces, painting the canvas) takes **${m.scriptMedianMs.toFixed(1)} ms** (median; 95th percentile
${m.scriptP95Ms.toFixed(1)} ms) of a ${m.frameMs.toFixed(1)} ms animation frame, and ${m.stepsInOneFrame} of ${m.steps} steps showed in the next
frame. Played at one step per frame: ${m.playStepsPerSecond.toFixed(0)} steps per second.
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
