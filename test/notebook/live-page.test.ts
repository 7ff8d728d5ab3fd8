/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// npm start's live page, out/gmm-em-live.html (the default run's): written beside the notebook's
// outputs, it opens from the file in Chromium, offline, on the notebook's parameters, and runs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "path";
import { Browser } from "playwright-core";
import { checkParameters, parametersCell } from "../../scripts/start";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { applyGmm, generateData } from "../../src/index";
import { useDefaultRun } from "../helpers/default-run";
import { launchChromium } from "../helpers/browser";
import { agreement, openLivePage, snapshot } from "../helpers/live";

const defaultRun = useDefaultRun({ requireSuccess: true });
let browser: Browser;
let pagePath = "";

before(async () => {
  const run = await defaultRun.ready;
  pagePath = join(run.dir, "gmm-em-live.html");
  browser = await launchChromium();
});
after(async () => browser?.close());

test("out/gmm-em-live.html opens offline on the notebook's data and start, and ▶ play runs EM to convergence as applyGmm does", async () => {
  assert.match(defaultRun().stdout, /Live page: +.*gmm-em-live\.html/);
  // (Plain JSON: checkParameters evaluates the cell in a context of its own, with its own Array.)
  const p = JSON.parse(JSON.stringify(checkParameters(parametersCell(NOTEBOOK), {}))) as Record<string, any>;
  const { page, errors, external } = await openLivePage(browser, pagePath);
  const s = await snapshot(page);
  assert.deepEqual(s.X, generateData({ nSamples1: p.nSamples1, nSamples2: p.nSamples2, variance1: p.variance1, variance2: p.variance2, randomState: p.randomState, rng: "numpy" }).to2DArray());
  assert.deepEqual(s.start, { pi: p.pi, mu: p.mu, Sigma: p.Sigma });
  assert.equal(s.run.maxIter, p.maxIter);
  await page.click("[data-el=play]");
  await page.waitForFunction(() => ["converged", "max-iter"].includes(document.querySelector<HTMLElement>(".gmm-live")!.dataset.status!), null, { timeout: 60_000 });
  const end = await snapshot(page);
  const expected = applyGmm(s.X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, tol: end.run.tol ?? undefined, keep: "none" });
  assert.equal(end.iteration, expected.nIter);
  assert.ok(agreement(end.logLikelihood, expected.logLikelihood).maxRel <= 1e-12);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);
  await page.close();
});
