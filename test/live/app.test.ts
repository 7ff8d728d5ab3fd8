/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The live page file as a student uses it: opened from a file in Chromium, offline. The seed box
// redraws the points; a mean dragged with the mouse, then stepped, gives what Node's applyGmm
// gives for that data and start (read from the page, to 1e-12); step, play, reset and the slips
// switch do what they say; a collapse shows itself; wrong values show the library's messages.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { inkColor, NO_E_STEP_COLOR } from "../../src/figures/colors";
import { applyGmm, generateData, makeBlobs } from "../../src/index";
import type { LiveSnapshot } from "../../src/live/app";
import { PLANE_MARGIN } from "../../src/live/figures";
import { launchChromium, release } from "../helpers/browser";
import { agreement, openLivePage, snapshot, writeLivePage } from "../helpers/live";
import { removeDir, tempDir } from "../helpers/notebook";

let browser: Browser;
let dir = "";
let pagePath = "";

before(async () => {
  browser = await launchChromium();
  dir = tempDir("live-page");
  pagePath = writeLivePage(dir);
});
after(async () => {
  await browser?.close();
  if (dir) removeDir(dir);
});

/** Where the plane draws (x, y), in the viewport. */
function clientPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([px, py]) =>
      (
        window as unknown as { gmmEmLivePage: { clientPoint(x: number, y: number): { x: number; y: number } } }
      ).gmmEmLivePage.clientPoint(px, py),
    [x, y],
  );
}

/** Types `text` into the input and commits it (a change event), as a student does. */
async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.fill(selector, text);
  await page.locator(selector).dispatchEvent("change");
}

/** Node's applyGmm from the page's data and start, as far as the page's iteration (and one more, for the responsibilities under it). */
function nodeRun(s: LiveSnapshot) {
  return applyGmm(s.X, s.start.pi, s.start.mu, s.start.Sigma, {
    maxIter: s.iteration + 1,
    regCovar: s.run.regCovar,
    variant: s.run.variant,
  });
}

/**
 * The page's run against Node's: parameters, ℓ of every iteration, and the responsibilities of the
 * last E-step (rvals[i + 1], under coef[i], when the M-step comes next; rvals[i], which estimated
 * coef[i], after it; none before the first E-step); returns the agreement.
 */
function compareWithNode(s: LiveSnapshot) {
  const expected = nodeRun(s);
  const lastEStep = s.nextHalf === "m" ? s.iteration + 1 : s.iteration;
  return agreement(
    { params: s.params, logLikelihood: s.logLikelihood, responsibilities: s.responsibilities },
    {
      params: expected.coef[s.iteration],
      logLikelihood: expected.logLikelihood.slice(0, s.iteration + 1),
      responsibilities: lastEStep === 0 ? null : expected.rvals[lastEStep]!.to2DArray(),
    },
  );
}

/** The colour the plane's canvas shows at the data point (x, y), as [r, g, b, a]. */
async function planePixel(page: Page, x: number, y: number): Promise<number[]> {
  const where = await clientPoint(page, x, y);
  return page.evaluate(
    ([px, py]) => {
      const canvas = document.querySelector<HTMLCanvasElement>("[data-el=planeCanvas]")!;
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      return Array.from(
        canvas
          .getContext("2d")!
          .getImageData(Math.round((px - rect.left) * scale), Math.round((py - rect.top) * scale), 1, 1).data,
      );
    },
    [where.x, where.y],
  );
}

/** The data point farthest from any other: the plane paints it alone, in its own ink. */
function isolatedPoint(X: number[][]): number {
  return X.map((x, i) => ({
    i,
    gap: Math.min(...X.map((y, j) => (i === j ? Infinity : Math.hypot(x[0] - y[0], x[1] - y[1])))),
  })).sort((a, b) => b.gap - a.gap)[0].i;
}

/** Whether `pixel` is `color` (an rgb(…) text), within the canvas's blending. */
function painted(pixel: number[], color: string): boolean {
  const ink = /rgb\((\d+), (\d+), (\d+)\)/.exec(color)!.slice(1).map(Number);
  return pixel[3] === 255 && ink.every((c, i) => Math.abs(pixel[i] - c) <= 6);
}

describe("the live page in Chromium, each test on a page of its own", { concurrency: 2 }, () => {
  test("the page opens from a file, offline, without console errors: the original's data, its poor start, no E-step yet; the E-step paints the points in their responsibilities' ink", async () => {
    const { page, errors, external } = await openLivePage(browser, pagePath, { load: true });
    const s = await snapshot(page);
    assert.deepEqual(
      s.X,
      generateData({ variance1: 3, variance2: 1, rng: "numpy" }).to2DArray(),
      "numpy's points, as the notebook's",
    );
    assert.deepEqual(s.start, {
      pi: [0.1, 0.9],
      mu: [
        [0.1, 0],
        [0, 0],
      ],
      Sigma: [
        [
          [0.1, 0],
          [0, 0.1],
        ],
        [
          [0.1, 0],
          [0, 0.1],
        ],
      ],
    });
    assert.equal(s.iteration, 0);
    assert.equal(s.status, "ready");
    assert.equal(s.nextHalf, "e");
    assert.equal(s.responsibilities, null, "no E-step yet");
    // What a reader sees: an isolated point is painted in the colour of no E-step, then, after it, in the ink of its responsibilities.
    const isolated = isolatedPoint(s.X);
    const [x, y] = s.X[isolated];
    const before = await planePixel(page, x, y);
    assert.ok(painted(before, NO_E_STEP_COLOR), `point ${isolated}: painted ${before}, before any E-step`);
    assert.match(await page.locator("[data-el=state]").innerText(), /可继续 · ready/);
    await page.click("[data-el=eStep]");
    const r = (await snapshot(page)).responsibilities![isolated];
    const pixel = await planePixel(page, x, y);
    assert.ok(painted(pixel, inkColor(r)), `point ${isolated}: painted ${pixel}, its ink is ${inkColor(r)}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(external, []);
    await release(page);
  });

  test("the E-step and the M-step: E paints the points and leaves the ellipses, M moves the ellipses and leaves the colours; only the half that comes next can be pressed, and the status says which; the keys E and M; step and ▶ play from half-way", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const state = () => page.locator("[data-el=state]").innerText();
    const pressable = async () => ({
      e: !(await page.isDisabled("[data-el=eStep]")),
      m: !(await page.isDisabled("[data-el=mStep]")),
    });
    /** Keeps the plane's pixels, to compare with later. */
    const keepPlane = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>("[data-el=planeCanvas]")!;
        (window as unknown as { keptPlane: Uint8ClampedArray }).keptPlane = c
          .getContext("2d")!
          .getImageData(0, 0, c.width, c.height).data;
      });
    /** The plane's pixels changed since `keepPlane`: how many on a data point's marker (6 px across, and its edge's smoothing), how many elsewhere. */
    const planeChanges = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>("[data-el=planeCanvas]")!;
        const w = window as unknown as {
          keptPlane: Uint8ClampedArray;
          gmmEmLivePage: {
            snapshot(): { X: number[][] };
            clientPoint(x: number, y: number): { x: number; y: number };
          };
        };
        const now = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        const rect = c.getBoundingClientRect();
        const scale = c.width / rect.width;
        const points = w.gmmEmLivePage.snapshot().X.map(([x, y]) => w.gmmEmLivePage.clientPoint(x, y));
        let onPoints = 0,
          elsewhere = 0;
        for (let p = 0; p < now.length; p += 4) {
          if ([0, 1, 2, 3].every((ch) => now[p + ch] === w.keptPlane[p + ch])) continue;
          const px = rect.left + ((p / 4) % c.width) / scale;
          const py = rect.top + Math.floor(p / 4 / c.width) / scale;
          if (points.some((q) => Math.hypot(q.x - px, q.y - py) <= 5.5)) onPoints++;
          else elsewhere++;
        }
        return { onPoints, elsewhere };
      });

    let s = await snapshot(page);
    const expected = applyGmm(s.X, s.start.pi, s.start.mu, s.start.Sigma, { tol: s.run.tol!, maxIter: s.run.maxIter });
    const isolated = isolatedPoint(s.X);
    const [x, y] = s.X[isolated];
    assert.match(await state(), /下一步：E 步.* · .*next: the E-step/);
    assert.deepEqual(await pressable(), { e: true, m: false }, "the E-step comes first");

    await keepPlane();
    await page.click("[data-el=eStep]");
    s = await snapshot(page);
    assert.equal(s.iteration, 0, "an iteration counts when its M-step is done");
    assert.equal(s.nextHalf, "m");
    assert.deepEqual(s.params, expected.coef[0], "the E-step leaves the parameters");
    assert.deepEqual(s.responsibilities, expected.rvals[1]!.to2DArray(), "the E-step under the start");
    assert.deepEqual(s.logLikelihood, expected.logLikelihood.slice(0, 1));
    let changes = await planeChanges();
    assert.ok(changes.onPoints > 0, "the points take their responsibilities' ink");
    assert.equal(changes.elsewhere, 0, "nothing else moves: the ellipses stay");
    assert.match(await state(), /下一步：M 步.* · .*next: the M-step/);
    assert.deepEqual(await pressable(), { e: false, m: true });
    assert.equal(await page.locator("[data-el=iteration]").innerText(), "0");

    const colours = await planePixel(page, x, y);
    await keepPlane();
    await page.click("[data-el=mStep]");
    s = await snapshot(page);
    assert.equal(s.iteration, 1);
    assert.equal(s.nextHalf, "e");
    assert.deepEqual(s.params, expected.coef[1], "the M-step's parameters");
    assert.deepEqual(s.responsibilities, expected.rvals[1]!.to2DArray(), "the M-step leaves the responsibilities");
    assert.deepEqual(s.logLikelihood, expected.logLikelihood.slice(0, 2));
    changes = await planeChanges();
    assert.ok(changes.elsewhere > 100, `the ellipses move (${changes.elsewhere} pixels away from the points)`);
    assert.deepEqual(await planePixel(page, x, y), colours, "the colours stay");
    assert.equal(await page.locator("[data-el=iteration]").innerText(), "1");
    assert.deepEqual(await pressable(), { e: true, m: false });

    // The keys: M does nothing while the E-step comes next; E, then M.
    await page.locator("h2").click();
    await page.keyboard.press("m");
    assert.deepEqual(await snapshot(page), s, "M waits for the E-step");
    await page.keyboard.press("e");
    assert.equal((await snapshot(page)).nextHalf, "m");
    await page.keyboard.press("M");
    s = await snapshot(page);
    assert.deepEqual([s.iteration, s.nextHalf], [2, "e"]);
    assert.ok(compareWithNode(s).maxRel <= 1e-12);

    // step from half-way ends the iteration; ▶ play from half-way runs to where applyGmm stops.
    await page.keyboard.press("e");
    await page.click("[data-el=step]");
    s = await snapshot(page);
    assert.deepEqual([s.iteration, s.nextHalf], [3, "e"]);
    await page.keyboard.press("e");
    await page.click("[data-el=play]");
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>(".gmm-live")!.dataset.status === "converged",
      null,
      { timeout: 60_000 },
    );
    s = await snapshot(page);
    assert.equal(expected.converged, true);
    assert.equal(s.iteration, expected.nIter, "play stops where applyGmm's tol stops");
    assert.ok(compareWithNode(s).maxRel <= 1e-12);
    assert.deepEqual(await pressable(), { e: false, m: false }, "converged: no more halves");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("the data sets: the notebook's k = 3 blobs are its makeBlobs call (its 300 points, seeded by the seed box), without the clusters' or the random centres' boxes", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const notebookBlobs = (seed: number) =>
      makeBlobs({
        nSamples: 300,
        centers: [
          [-5, -3],
          [5, -3],
          [0, 5],
        ],
        clusterStd: 1,
        randomState: seed,
        rng: "numpy",
      }).X.to2DArray();
    await page.check("[data-el=kind-lessonBlobs]");
    let s = await snapshot(page);
    assert.equal(s.data.kind, "lessonBlobs");
    assert.deepEqual(s.X, notebookBlobs(42));
    assert.equal(await page.inputValue("[data-el=nSamples]"), "300");
    for (const box of ["variance1", "variance2", "centers"])
      assert.equal(await page.isVisible(`[data-el=${box}]`), false, `${box} does not apply`);
    assert.equal(await page.isVisible("[data-el=seed]"), true);
    await page.fill("[data-el=seed]", "913");
    s = await snapshot(page);
    assert.deepEqual(s.X, notebookBlobs(913));
    await page.selectOption("[data-el=k]", "3");
    await page.click("[data-el=kmeansPlusPlus]");
    await type(page, "[data-el=tol]", ""); // the blobs apart: k-means++ converges within a few steps
    for (let i = 0; i < 4; i++) await page.click("[data-el=step]");
    assert.ok(compareWithNode(await snapshot(page)).maxRel <= 1e-12);
    await page.check("[data-el=kind-original]");
    assert.equal(await page.isVisible("[data-el=variance1]"), true);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("changing the seed redraws the points at once (numpy's points for that seed); a seed out of range shows the library's message", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const before = await snapshot(page);
    await page.fill("[data-el=seed]", "7"); // the input event: no change event needed
    const after = await snapshot(page);
    assert.notDeepEqual(after.X, before.X);
    assert.deepEqual(after.X, generateData({ variance1: 3, variance2: 1, randomState: 7, rng: "numpy" }).to2DArray());
    await page.fill("[data-el=seed]", "-1");
    assert.match(
      await page.locator("[data-el=dataSection] .gmm-live-field-problem").innerText(),
      /^options\.randomState: must be an integer from 0 to 2\^32 − 1/,
    );
    assert.equal(await page.getAttribute("[data-el=seed]", "aria-invalid"), "true");
    assert.deepEqual((await snapshot(page)).X, after.X, "the data stay as they were");
    await page.fill("[data-el=seed]", "8");
    assert.equal(await page.locator("[data-el=dataSection] .gmm-live-field-problem").isHidden(), true);
    assert.equal((await snapshot(page)).data.seed, 8);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("a mean dragged with the mouse, then stepped: the page's responsibilities, means and ℓ are Node's applyGmm's to 1e-12", async (t) => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const from = await clientPoint(page, 0.1, 0); // μ₁ of the poor start
    const to = await clientPoint(page, -2.5, 3);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    let s = await snapshot(page);
    assert.ok(Math.hypot(s.start.mu[0][0] + 2.5, s.start.mu[0][1] - 3) < 0.1, `μ₁ dragged to (${s.start.mu[0]})`);
    assert.deepEqual(
      s.start.mu[0],
      s.start.mu[0].map((v) => Number(v.toFixed(2))),
      "placed to the hundredth",
    );
    assert.deepEqual(s.start.mu[1], [0, 0], "μ₂ stays");
    assert.equal(s.iteration, 0);
    for (let i = 0; i < 12; i++) await page.click("[data-el=step]");
    s = await snapshot(page);
    assert.equal(s.iteration, 12);
    const a = compareWithNode(s);
    t.diagnostic(
      `after the drag and 12 steps: ${a.count} numbers, ${a.differ} not bit for bit, max |Δ| ${a.maxAbs.toExponential(2)}, max relative ${a.maxRel.toExponential(2)}`,
    );
    assert.ok(a.maxRel <= 1e-12, `max relative difference ${a.maxRel}`);
    assert.equal(await page.locator("[data-el=iteration]").innerText(), "12");

    // A click away from the means places the next one (μ₁ first), then μ₂.
    const spot = await clientPoint(page, 0, 6);
    await page.mouse.click(spot.x, spot.y);
    s = await snapshot(page);
    assert.ok(Math.hypot(s.start.mu[0][0] - 0, s.start.mu[0][1] - 6) < 0.1, `μ₁ placed at (${s.start.mu[0]})`);
    assert.equal(s.iteration, 0, "a new start: back to iteration 0");
    const spot2 = await clientPoint(page, -6, -4);
    await page.mouse.click(spot2.x, spot2.y);
    s = await snapshot(page);
    assert.ok(Math.hypot(s.start.mu[1][0] + 6, s.start.mu[1][1] + 4) < 0.1, `μ₂ placed at (${s.start.mu[1]})`);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("step, ▶ play (to convergence, which the page says), reset, and the keyboard", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await page.click("[data-el=step]");
    assert.equal((await snapshot(page)).iteration, 1);
    await page.click("[data-el=play]");
    assert.equal((await snapshot(page)).playing, true);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>(".gmm-live")!.dataset.status === "converged",
      null,
      { timeout: 60_000 },
    );
    const s = await snapshot(page);
    const expected = applyGmm(s.X, s.start.pi, s.start.mu, s.start.Sigma, {
      tol: s.run.tol!,
      maxIter: s.run.maxIter,
      keep: "none",
    });
    assert.equal(expected.converged, true);
    assert.equal(s.iteration, expected.nIter, "play stops where applyGmm's tol stops");
    assert.equal(s.playing, false);
    assert.ok(agreement(s.logLikelihood, expected.logLikelihood).maxRel <= 1e-12);
    assert.match(await page.locator("[data-el=state]").innerText(), /已收敛 · converged/);
    assert.equal(await page.isDisabled("[data-el=step]"), true, "nothing to step once converged");
    await page.click("[data-el=reset]");
    const reset = await snapshot(page);
    assert.equal(reset.iteration, 0);
    assert.deepEqual(reset.params, reset.start);
    assert.equal(reset.logLikelihood.length, 1);

    // The keyboard: → steps, R resets, space plays and pauses (focus outside the text boxes).
    await page.locator("h2").click();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal((await snapshot(page)).iteration, 2);
    await page.keyboard.press("r");
    assert.equal((await snapshot(page)).iteration, 0);
    await page.keyboard.press(" ");
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>(".gmm-live")!.dataset.iteration) >= 3,
      null,
      { timeout: 30_000 },
    );
    await page.keyboard.press(" ");
    const paused = await snapshot(page);
    assert.equal(paused.playing, false);
    await page.waitForTimeout(400);
    assert.equal((await snapshot(page)).iteration, paused.iteration, "paused: no more steps");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("the slips switch runs the original's EM from the same start (Node's variant \"original\"), and needs k = d", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await type(page, "[data-el=tol]", ""); // no stopping: the slips' ℓ can stall
    await page.check("[data-el=slips]");
    for (let i = 0; i < 15; i++) await page.click("[data-el=step]");
    const s = await snapshot(page);
    assert.equal(s.run.variant, "original");
    assert.equal(s.iteration, 15);
    assert.ok(compareWithNode(s).maxRel <= 1e-12);
    const correct = applyGmm(s.X, s.start.pi, s.start.mu, s.start.Sigma, { maxIter: 15, keep: "none" });
    assert.ok(
      Math.hypot(correct.coef[15].mu[0][0] - s.params.mu[0][0], correct.coef[15].mu[0][1] - s.params.mu[0][1]) > 0.01,
      "the slips move the means elsewhere",
    );
    await page.selectOption("[data-el=k]", "3");
    const three = await snapshot(page);
    assert.equal(three.status, "invalid");
    assert.match(
      await page.locator("[data-el=problem]").innerText(),
      /options\.variant: "original" .* k = 3 and d = 2/,
    );
    assert.equal(await page.getAttribute("[data-el=slips]", "aria-invalid"), "true");
    assert.equal(await page.isDisabled("[data-el=step]"), true);
    await page.uncheck("[data-el=slips]");
    assert.equal((await snapshot(page)).status, "ready");
    assert.equal(await page.locator("[data-el=problem]").isHidden(), true);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("a collapsing start typed into the start table: the page says which component collapsed, when, and offers regCovar; the cure runs", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const { X } = await snapshot(page);
    const centre = [0, 1].map((c) => X.reduce((sum, x) => sum + x[c], 0) / X.length);
    const outer = X.reduce((best, x) =>
      Math.hypot(x[0] - centre[0], x[1] - centre[1]) > Math.hypot(best[0] - centre[0], best[1] - centre[1]) ? x : best,
    );
    const cell = (row: number, name: string) => `[data-el=startBody] tr:nth-child(${row + 1}) [data-name=${name}]`;
    const values: [number, string, number][] = [
      [0, "pi", 0.5],
      [1, "pi", 0.5],
      [0, "mu0", centre[0]],
      [0, "mu1", centre[1]],
      [1, "mu0", outer[0]],
      [1, "mu1", outer[1]],
      [0, "Sigma00", 3],
      [0, "Sigma11", 3],
      [1, "Sigma00", 0.01],
      [1, "Sigma11", 0.01],
    ];
    for (const [row, name, v] of values) await type(page, cell(row, name), String(v));
    let s = await snapshot(page);
    assert.deepEqual(s.start.mu, [centre, outer]);
    for (let i = 0; i < 5 && !(await page.isDisabled("[data-el=step]")); i++) await page.click("[data-el=step]");
    s = await snapshot(page);
    assert.equal(s.status, "collapsed");
    assert.equal(s.problem?.component, 1);
    // What Node's applyGmm throws from this start.
    assert.throws(
      () => applyGmm(s.X, s.start.pi, s.start.mu, s.start.Sigma, { maxIter: 10 }),
      (e: unknown) => (e as Error).message === s.problem!.message,
    );
    const problem = await page.locator("[data-el=problem]").innerText();
    assert.match(
      problem,
      new RegExp(
        `μ₂ 的分量在第 ${s.problem!.iteration} 次迭代时坍缩 · μ₂'s component collapsed at iteration ${s.problem!.iteration}`,
      ),
    );
    assert.match(problem, /the library counts from 0: component 1/);
    assert.ok(problem.includes(s.problem!.message), "the library's message");
    assert.match(await page.locator("[data-el=state]").innerText(), /分量坍缩 · a component collapsed/);
    assert.equal(await page.isDisabled("[data-el=step]"), true);
    assert.equal(await page.isDisabled("[data-el=reset]"), false, "reset stays: back to the start");
    await page.click("[data-el=cure]");
    s = await snapshot(page);
    assert.equal(s.run.regCovar, 1e-6);
    assert.equal(s.status, "ready");
    assert.equal(await page.inputValue("[data-el=regCovar]"), "0.000001");
    await type(page, "[data-el=tol]", "");
    for (let i = 0; i < 5; i++) await page.click("[data-el=step]");
    s = await snapshot(page);
    assert.equal(s.iteration, 5);
    assert.ok(compareWithNode(s).maxRel <= 1e-12);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("wrong values in the start table show the library's message by what it names; the run waits", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await type(page, "[data-el=startBody] tr:nth-child(2) [data-name=pi]", "0.6");
    let s = await snapshot(page);
    assert.equal(s.status, "invalid");
    assert.match(
      await page.locator("[data-el=problem]").innerText(),
      /初值无效 · the start is not valid\s+pi: sums to 0\.7/,
    );
    assert.equal(await page.locator("[data-name=pi][aria-invalid=true]").count(), 2);
    assert.equal(await page.isDisabled("[data-el=step]"), true);
    await type(page, "[data-el=startBody] tr:nth-child(2) [data-name=pi]", "0.9");
    await type(page, "[data-el=startBody] tr:nth-child(1) [data-name=Sigma01]", "1");
    assert.match(await page.locator("[data-el=problem]").innerText(), /Sigma\[0\]: .*positive definite/);
    assert.equal(
      await page.locator("[data-el=startBody] tr:nth-child(1) [data-name^=Sigma][aria-invalid=true]").count(),
      3,
    );
    await type(page, "[data-el=startBody] tr:nth-child(1) [data-name=Sigma01]", "");
    assert.match(
      await page.locator("[data-el=problem]").innerText(),
      /Sigma\[0\]\[0\]\[1\]: is not a finite number \(NaN\)|Sigma\[0\]\[1\]\[0\]: is not a finite number \(NaN\)/,
    );
    await type(page, "[data-el=startBody] tr:nth-child(1) [data-name=Sigma01]", "0");
    s = await snapshot(page);
    assert.equal(s.status, "ready");
    await type(page, "[data-el=tol]", "-1");
    assert.match(
      await page.locator("[data-el=optionsSection] .gmm-live-field-problem").innerText(),
      /^options\.tol: must be a finite number ≥ 0/,
    );
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("k from 1 to 6, the k-means++ start, the other data; the page at 1024 × 768 and at a phone's 390 × 844", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await page.selectOption("[data-el=k]", "6");
    await page.click("[data-el=kmeansPlusPlus]");
    let s = await snapshot(page);
    assert.equal(s.start.mu.length, 6);
    assert.equal(await page.locator("[data-el=startBody] tr").count(), 6);
    await page.check("[data-el=kind-blobs]");
    await type(page, "[data-el=centers]", "4");
    await type(page, "[data-el=nSamples]", "2000");
    s = await snapshot(page);
    assert.equal(s.X.length, 2000);
    assert.equal(s.data.kind, "blobs");
    for (let i = 0; i < 3; i++) await page.click("[data-el=step]");
    assert.ok(compareWithNode(await snapshot(page)).maxRel <= 1e-12);
    // On a projector: the run controls and the plot in the first screen.
    const plane = await page.locator("[data-el=planeCanvas]").boundingBox();
    assert.ok(
      plane !== null && plane.y + plane.height <= 768 && plane.width >= 400,
      `the plane at ${JSON.stringify(plane)}`,
    );
    // On a phone: nothing wider than the screen, the plane as wide as it can be, the five run buttons in a row.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-el=planeCanvas]")!.getBoundingClientRect().width <= 390,
    );
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling");
    const phonePlane = (await page.locator("[data-el=planeCanvas]").boundingBox())!;
    assert.ok(phonePlane.width >= 330, `the plane is ${phonePlane.width} px wide`);
    const buttons = await Promise.all(
      ["step", "eStep", "mStep", "play", "reset"].map((b) => page.locator(`[data-el=${b}]`).boundingBox()),
    );
    assert.ok(
      buttons.every((b) => b !== null && Math.abs(b.y - buttons[0]!.y) < 2 && b.height >= 44),
      "one row of large buttons",
    );
    assert.deepEqual(errors, []);
    await release(page);
  });

  /** Which element has the keyboard: a start cell as name@row, else its data-el or tag. */
  function focused(page: Page): Promise<string> {
    return page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const row = a.closest("tr");
      return a.dataset.name !== undefined && row !== null
        ? `${a.dataset.name}@${(row as HTMLTableRowElement).rowIndex}`
        : (a.dataset.el ?? a.tagName);
    });
  }

  test("typing as a student types: a click on ▶ play right after a box commits plays; Tab and clicks go from cell to cell; text that is not a number stays; an option is named as one; keys work beside the switches", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const cell = (row: number, name: string) => `[data-el=startBody] tr:nth-child(${row + 1}) [data-name=${name}]`;
    // tol typed, then ▶ play at once: the box commits on the way (its change event), and the click still plays.
    await page.click("[data-el=tol]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.001");
    await page.click("[data-el=play]");
    let s = await snapshot(page);
    assert.equal(s.run.tol, 0.001);
    assert.equal(s.playing, true, "the click on ▶ play was not lost to the box's commit");
    await page.click("[data-el=play]");
    assert.equal((await snapshot(page)).playing, false);

    // The start table: Tab to the next cell, a click on another, Enter; each commits and the keyboard stays where it went.
    await page.click(cell(0, "pi"));
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.3");
    await page.keyboard.press("Tab");
    assert.equal(await focused(page), "mu0@1");
    await page.click(cell(1, "pi"));
    assert.equal(await focused(page), "pi@2");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.7");
    await page.keyboard.press("Enter");
    assert.equal(await focused(page), "pi@2");
    s = await snapshot(page);
    assert.deepEqual(s.start.pi, [0.3, 0.7]);
    assert.equal(s.status, "ready");
    // Text that is not a number stays as typed, beside the library's message naming it.
    await page.click(cell(1, "Sigma00"));
    await page.keyboard.press("Control+A");
    await page.keyboard.type("1/3");
    await page.keyboard.press("Tab");
    assert.equal(await page.inputValue(cell(1, "Sigma00")), "1/3");
    assert.equal(await focused(page), "Sigma01@2");
    assert.match(
      await page.locator("[data-el=problem]").innerText(),
      /初值无效 · the start is not valid\s+Sigma\[1\]\[0\]\[0\]: is not a finite number \(NaN\)/,
    );
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.1");
    await page.keyboard.press("Enter");
    assert.equal((await snapshot(page)).status, "ready");

    // An option the run cannot take is named as an option, not as the start.
    await type(page, "[data-el=regCovar]", "-1");
    assert.match(
      await page.locator("[data-el=problem]").innerText(),
      /^选项无效 · an option is not valid\s+options\.regCovar: must be a finite number ≥ 0/,
    );
    assert.equal(await page.locator("[data-el=state]").innerText(), "选项无效 · an option is not valid");
    await type(page, "[data-el=regCovar]", "0");

    // → and R where they type nothing: on the slips switch, on a data choice.
    await page.click("[data-el=slips]");
    assert.equal(await focused(page), "slips");
    await page.keyboard.press("ArrowRight");
    assert.equal((await snapshot(page)).iteration, 1, "→ steps with the focus on the switch");
    await page.keyboard.press("r");
    assert.equal((await snapshot(page)).iteration, 0, "R resets with the focus on the switch");
    await page.keyboard.press(" ");
    assert.equal((await snapshot(page)).run.variant, "correct", "space still flips the switch");
    await page.click("[data-el=kind-original]");
    await page.click("[data-el=step]");
    await page.focus("[data-el=kind-original]");
    await page.keyboard.press("r");
    assert.equal((await snapshot(page)).iteration, 0, "R resets with the focus on a data choice");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("an extreme regularisation (1e300 up to 1.7e308) draws: each step moves the readout, every covariance stays finite, no page error", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await type(page, "[data-el=tol]", ""); // never stop: each step is an iteration, however little ℓ moves
    for (const text of ["1e300", "1e308", "1.7e308"]) {
      const regCovar = Number(text);
      await type(page, "[data-el=regCovar]", text);
      const ready = await snapshot(page);
      assert.equal(ready.run.regCovar, regCovar);
      assert.equal(ready.status, "ready", `${text}: ${ready.problem?.message}`);
      for (let i = 1; i <= 3; i++) {
        await page.click("[data-el=step]");
        const s = await snapshot(page);
        assert.equal(s.iteration, i, `${text}, step ${i}: ${s.status} ${s.problem?.message ?? ""}`);
        assert.equal(await page.locator("[data-el=iteration]").innerText(), String(i), "the readout moves");
        // Σ + regCovar · I: every covariance's diagonal is at least regCovar, and finite.
        for (const S of s.params.Sigma)
          assert.ok(S[0][0] >= regCovar && Number.isFinite(S[0][0]) && Number.isFinite(S[1][1]), `${S}`);
      }
    }
    assert.deepEqual(errors, []);
    await release(page);
  });

  /** Where the plane's plot area is, in the viewport: the canvas less the plane's margins. */
  async function plotArea(page: Page): Promise<{ left: number; top: number; right: number; bottom: number }> {
    const rect = (await page.locator("[data-el=planeCanvas]").boundingBox())!;
    const { l, r, t, b } = PLANE_MARGIN;
    return { left: rect.x + l, top: rect.y + t, right: rect.x + rect.width - r, bottom: rect.y + rect.height - b };
  }

  /** Where the plane draws (x, y), from the canvas's top left corner (whatever the page's scroll). */
  async function onCanvas(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
    const [p, rect] = await Promise.all([clientPoint(page, x, y), page.locator("[data-el=planeCanvas]").boundingBox()]);
    return { x: p.x - rect!.x, y: p.y - rect!.y };
  }

  test("a far mean typed in widens the plane, typed back the plane fits the data again; a mean dragged past the plane's corner stays inside it, whole, and the axes keep still", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    await page.fill("[data-el=seed]", "123");
    const { X } = await snapshot(page);
    const opening = await onCanvas(page, X[0][0], X[0][1]);
    const mu0 = "[data-el=startBody] tr:nth-child(1) [data-name=mu0]";
    await type(page, mu0, "1000");
    const far = await onCanvas(page, 1000, 0);
    const canvas = (await page.locator("[data-el=planeCanvas]").boundingBox())!;
    assert.ok(
      far.x > PLANE_MARGIN.l && far.x < canvas.width - PLANE_MARGIN.r,
      `the plane widens to the far mean (at ${far.x} px)`,
    );
    await type(page, mu0, "0.1");
    assert.deepEqual(await onCanvas(page, X[0][0], X[0][1]), opening, "back to the data's plane");

    await page.evaluate(() => window.scrollTo(0, 0));
    const area = await plotArea(page);
    const from = await clientPoint(page, 0.1, 0);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    // Past the top-left corner and on, as a hand overshoots.
    for (let i = 0; i < 20; i++) await page.mouse.move(area.left - 40 - i, area.top - 40 - i);
    await page.mouse.up();
    const s = await snapshot(page);
    assert.deepEqual(await onCanvas(page, X[0][0], X[0][1]), opening, "the axes did not move");
    const mean = await clientPoint(page, s.start.mu[0][0], s.start.mu[0][1]);
    const radius = 7;
    assert.ok(
      mean.x >= area.left + radius && mean.y >= area.top + radius,
      `μ₁ at ${JSON.stringify(mean)}, the plot from ${JSON.stringify(area)}`,
    );
    assert.ok(mean.x <= area.left + 20 && mean.y <= area.top + 20, "μ₁ is in the corner the pointer went past");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("ℓ's axis: its tick labels never run into its title (the first ℓ alone, ℓ in the millions), and the curve is painted on plotly.js's axes", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const overlaps = () =>
      page.evaluate(() => {
        const curve = document.querySelector("[data-el=curveAxes]")!;
        const title = curve.querySelector(".g-ytitle")!.getBoundingClientRect();
        const ticks = Array.from(curve.querySelectorAll(".ytick text")).map((t) => t.getBoundingClientRect());
        const left = curve.getBoundingClientRect().left;
        return {
          ticks: ticks.length,
          clash: ticks.filter((t) => t.left < title.right).length,
          clipped: title.left < left - 0.5,
        };
      });
    /**
     * Where the canvas's curve area begins against plotly.js's axes: the ring on iteration 0 is cut at
     * the plot area's left edge, which is where the x axis has its 0.
     */
    const ringAgainstTick = () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>("[data-el=curveCanvas]")!;
        const { data, width, height } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let low = Infinity;
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) if (data[4 * (y * width + x) + 3] > 128) low = Math.min(low, x);
        const rect = canvas.getBoundingClientRect();
        const zero = Array.from(document.querySelectorAll("[data-el=curveAxes] .xtick text"))
          .find((t) => t.textContent === "0")!
          .getBoundingClientRect();
        return { ring: rect.left + low / (canvas.width / rect.width), tick: (zero.left + zero.right) / 2 };
      });
    /** Once plotly.js has drawn the axes the page asked for (and the margin fits). */
    const drawn = () =>
      page.waitForFunction(() => document.querySelector<HTMLElement>(".gmm-live")!.dataset.ready === "true");
    for (const when of ["the first ℓ, alone", "ℓ in the millions"]) {
      if (when === "ℓ in the millions") {
        await page.check("[data-el=kind-blobs]");
        await type(page, "[data-el=nSamples]", "5000");
        await drawn();
      }
      const o = await overlaps();
      assert.ok(o.ticks >= 2, `${when}: ticks drawn`);
      assert.equal(o.clash, 0, `${when}: a tick label runs into the title`);
      assert.equal(o.clipped, false, `${when}: clipped at the figure's edge`);
      const r = await ringAgainstTick();
      assert.ok(Math.abs(r.ring - r.tick) <= 1.5, `${when}: the ring cut at ${r.ring}, the axis's 0 at ${r.tick}`);
    }
    for (let i = 0; i < 3; i++) await page.click("[data-el=step]");
    await drawn();
    assert.equal((await overlaps()).clash, 0, "after steps");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("a collapse regCovar cannot cure (no responsibility left) offers no cure; one it can offers the regCovar the library's message suggests, which runs", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const cell = (row: number, name: string) => `[data-el=startBody] tr:nth-child(${row + 1}) [data-name=${name}]`;
    const start = async (values: [number, string, number][]) => {
      for (const [row, name, v] of values) await type(page, cell(row, name), String(v));
    };
    const stepToStop = async () => {
      for (let i = 0; i < 5 && !(await page.isDisabled("[data-el=step]")); i++) await page.click("[data-el=step]");
    };
    await page.fill("[data-el=seed]", "31");
    // μ₂ far from every point with a small Σ: its density underflows everywhere.
    await start([
      [0, "pi", 0.5],
      [1, "pi", 0.5],
      [0, "Sigma00", 3],
      [0, "Sigma11", 3],
      [1, "mu0", 30],
      [1, "mu1", 30],
      [1, "Sigma00", 0.01],
      [1, "Sigma11", 0.01],
    ]);
    await stepToStop();
    let s = await snapshot(page);
    assert.equal(s.status, "collapsed");
    assert.match(s.problem!.message, /no responsibility left.*regCovar cannot help/);
    assert.equal(
      await page.locator("[data-el=cure]").isHidden(),
      true,
      "no regCovar offered where the library says it cannot help",
    );

    // makeBlobs' wider data: the library suggests 1e-5 (a millionth of the data's variance), and the button offers it.
    await page.check("[data-el=kind-blobs]");
    const { X } = await snapshot(page);
    const centre = [0, 1].map((c) => X.reduce((sum, x) => sum + x[c], 0) / X.length);
    const outer = X.reduce((best, x) =>
      Math.hypot(x[0] - centre[0], x[1] - centre[1]) > Math.hypot(best[0] - centre[0], best[1] - centre[1]) ? x : best,
    );
    await start([
      [0, "mu0", centre[0]],
      [0, "mu1", centre[1]],
      [0, "Sigma00", 30],
      [0, "Sigma11", 30],
      [1, "mu0", outer[0]],
      [1, "mu1", outer[1]],
      [1, "Sigma00", 0.001],
      [1, "Sigma11", 0.001],
    ]);
    await stepToStop();
    s = await snapshot(page);
    assert.equal(s.status, "collapsed");
    const suggested = /regCovar such as (\S+) \(/.exec(s.problem!.message)![1];
    assert.equal(suggested, "1e-5");
    assert.match(
      await page.locator("[data-el=cure]").innerText(),
      /用 regCovar = 1e-5 重新开始 · restart with regCovar = 1e-5/,
    );
    await page.click("[data-el=cure]");
    s = await snapshot(page);
    assert.equal(s.run.regCovar, 1e-5);
    assert.equal(await page.inputValue("[data-el=regCovar]"), "0.00001");
    await stepToStop();
    s = await snapshot(page);
    assert.notEqual(s.status, "collapsed");
    assert.ok(compareWithNode(s).maxRel <= 1e-12);
    assert.deepEqual(errors, []);
    await release(page);
  });
});
