/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// The live page from npm start's default run: out/gmm-em-live.html, written beside the notebook's
// outputs, opens from the file in Chromium, offline, on the notebook's parameters, and runs. (The
// notebook's live cell, in out/gmm-em.html: html-page.test.ts.)

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { LIVE_SCREENSHOTS, takeLiveScreenshots } from "../../scripts/screenshots";
import { applyGmm } from "../../src/index";
import { DEFAULT_RUN } from "../../src/live/session";
import { launchChromium, release } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { agreement, openLivePage, snapshot } from "../helpers/live";
import { lessonDefaults, removeDir, tempDir } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let pagePath = "";

before(async () => {
  const run = await defaultRun.ready;
  pagePath = join(run.dir, "gmm-em-live.html");
  browser = await launchChromium();
});
after(async () => browser?.close());

describe("the default run's live page", { concurrency: 2 }, () => {
  test("out/gmm-em-live.html opens offline on the notebook's data and start, and ▶ play runs EM to convergence as applyGmm does", async () => {
    assert.match(defaultRun().stdout, /Live page: +.*gmm-em-live\.html/);
    // (Plain JSON: checkParameters evaluates the cell in a context of its own, with its own Array.)
    const { p, X } = lessonDefaults();
    const { page, errors, external } = await openLivePage(browser, pagePath, { load: true });
    const s = await snapshot(page);
    assert.deepEqual(s.X, X.to2DArray());
    assert.deepEqual(s.start, { pi: p.pi, mu: p.mu, Sigma: p.Sigma });
    assert.equal(s.run.maxIter, p.maxIter);
    assert.equal(s.run.tol, p.tol ?? DEFAULT_RUN.tol, "the notebook's tol when npm start takes one, else the page's");
    await page.click("[data-el=play]");
    await page.waitForFunction(
      () => ["converged", "max-iter"].includes(document.querySelector<HTMLElement>(".gmm-live")!.dataset.status!),
      null,
      { timeout: 60_000 },
    );
    const end = await snapshot(page);
    const expected = applyGmm(s.X, p.pi, p.mu, p.Sigma, {
      maxIter: p.maxIter,
      tol: end.run.tol ?? undefined,
      keep: "none",
    });
    assert.equal(end.iteration, expected.nIter);
    assert.ok(agreement(end.logLikelihood, expected.logLikelihood).maxRel <= 1e-12);
    assert.deepEqual(errors, []);
    assert.deepEqual(external, []);
    await release(page);
  });

  test("npm run screenshots' camera for the live page: EM under way, as PNGs at 1024 × 768 and 390 × 844, written into the folder given", async () => {
    const dir = tempDir("live-screenshots");
    try {
      const written = await takeLiveScreenshots(pagePath, dir, browser);
      assert.deepEqual(
        written,
        Object.values(LIVE_SCREENSHOTS).map((s) => join(dir, s.file)),
      );
      Object.values(LIVE_SCREENSHOTS).forEach(({ viewport }, i) => {
        const png = readFileSync(written[i]);
        assert.equal(png.subarray(1, 4).toString(), "PNG");
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [viewport.width, viewport.height]);
      });
    } finally {
      removeDir(dir);
    }
  });
});
