/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The live figure as a notebook output (showLive): every live output carries the browser build,
// so that any one of them works alone in a saved notebook (a cell run twice keeps only its second
// output; the kernel cannot know which outputs a saved notebook keeps); the live output mounts once the div, plotly.js and the build are all in the page, whatever the
// order the front end shows the outputs in, also when its script runs before the output is
// attached (classic Notebook); where scripts do not run, it says what it needs.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { loadPlotly, plotlyBundleHtml } from "../../src/display/plotly";
import { libraryBundleSource, liveBundleSource } from "../../src/live/bundle-source";
import { liveBundleHtml, liveFigureHtml, showLive } from "../../src/live/notebook-output";
import { livePageHtml } from "../../src/live/standalone-page";
import { launchChromium, release, watchedPage } from "../helpers/browser";
import { removeDir, tempDir } from "../helpers/notebook";

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => browser?.close());

const outputsPage = (outputs: string[]) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${outputs.map((o) => `<div class="output">${o}</div>`).join("\n")}</body></html>`;

describe("the live figure as a notebook output", { concurrency: 2 }, () => {
  test("showLive sends the browser build with every output, resolved once sent; each output has its own div and the options", async () => {
    const sent: string[] = [];
    const display = { html: (s: string) => sent.push(s) };
    await showLive({ data: { seed: 7 } }, display);
    await showLive({ run: { tol: null } }, display);
    const library = libraryBundleSource(),
      live = liveBundleSource();
    for (const [i, output] of sent.entries()) {
      assert.equal(output.split(library.slice(0, 200)).length - 1, 1, `output ${i} carries the library build, once`);
      assert.ok(output.includes(live.slice(0, 200)), `and the live page's script (${i})`);
      assert.match(
        output,
        /<script type="text\/javascript">if \(!window\.gmmEmLive\) \{/,
        "run only if the page has none",
      );
    }
    const ids = sent.map((s) => /<div id="([^"]+)" class="gmm-em-live-output">/.exec(s)![1]);
    assert.notEqual(ids[0], ids[1]);
    assert.match(sent[0], /"seed":7/);
    assert.match(sent[1], /"tol":null/);
    // Where scripts do not run, the div says what the figure needs.
    assert.match(
      sent[1],
      /class="gmm-em-live-output"><p[^>]*>这个实时图需要运行 JavaScript[^<]*This live figure needs JavaScript: trust the notebook/,
    );
    // A display that sends asynchronously (Deno's kernel): showLive resolves only once it has sent.
    let resolved = false;
    const slow = {
      html: () =>
        new Promise<void>((r) => setTimeout(r, 20)).then(() => {
          resolved = true;
        }),
    };
    await showLive({}, slow);
    assert.equal(resolved, true);
  });

  test("the live cell run twice in one session, saved, reopened without its first output: the second live figure draws and steps", async () => {
    // The outputs as the kernel sent them: the imports cell's (loadPlotly), then the live cell's,
    // twice; the saved notebook keeps the second only (a re-run replaces a cell's outputs).
    const sent: string[] = [];
    const display = { html: (s: string) => sent.push(s) };
    await loadPlotly(display);
    await showLive({ data: { seed: 5 } }, display);
    await showLive({ data: { seed: 11 } }, display);
    const [plotly, , second] = sent;
    const id = /<div id="([^"]+)" class="gmm-em-live-output">/.exec(second)![1];
    const dir = tempDir("live-rerun");
    try {
      const path = join(dir, "outputs.html");
      // Reopened, with the live output shown before the imports cell's (the order a front end may render them in).
      writeFileSync(path, outputsPage([second, plotly]));
      const { page, errors, external } = await watchedPage(browser);
      await page.goto(pathToFileURL(path).href);
      await page.waitForFunction((i) => document.getElementById(i)?.getAttribute("data-ready") === "true", id, {
        timeout: 60_000,
      });
      assert.equal(await page.locator(`#${id} [data-el=seed]`).inputValue(), "11");
      assert.equal(await page.locator(`#${id} .gmm-live-plane canvas`).count(), 1, "it draws");
      await page.click(`#${id} [data-el=step]`);
      await page.click(`#${id} [data-el=step]`);
      assert.equal(await page.getAttribute(`#${id}`, "data-iteration"), "2", "and steps");
      assert.deepEqual(errors, []);
      assert.deepEqual(external, []);
      await release(page);
    } finally {
      removeDir(dir);
    }
  });

  test("in Chromium, offline: the live output mounts when it comes before plotly.js and the build; two live outputs run apart", async () => {
    const dir = tempDir("live-notebook");
    try {
      const path = join(dir, "outputs.html");
      writeFileSync(
        path,
        outputsPage([
          liveFigureHtml({ data: { seed: 3 } }, { id: "first" }),
          plotlyBundleHtml(),
          liveBundleHtml(),
          liveFigureHtml({}, { id: "second" }),
        ]),
      );
      const { page, errors, external } = await watchedPage(browser);
      await page.goto(pathToFileURL(path).href);
      await page.waitForFunction(
        () => document.querySelectorAll("#first[data-ready=true], #second[data-ready=true]").length === 2,
        null,
        { timeout: 60_000 },
      );
      assert.equal(await page.locator("#first .gmm-live-plane canvas").count(), 1);
      assert.equal(await page.locator("#first [data-el=seed]").inputValue(), "3");
      assert.equal(await page.locator("#second [data-el=seed]").inputValue(), "42");
      // The two are independent: a step in one leaves the other at its start.
      await page.click("#first [data-el=step]");
      assert.equal(await page.getAttribute("#first", "data-iteration"), "1");
      assert.equal(await page.getAttribute("#second", "data-iteration"), "0");
      // Their radio buttons are groups of their own: a choice in one leaves the other's as it was.
      await page.check("#second [data-el=kind-blobs]");
      await page.check("#second [data-el=placing] input[value='1']");
      assert.equal(await page.isChecked("#first [data-el=kind-original]"), true);
      assert.equal(await page.isChecked("#first [data-el=placing] input[value='0']"), true);
      assert.deepEqual(errors, []);
      assert.deepEqual(external, []);
      await release(page);
    } finally {
      removeDir(dir);
    }
  });

  test("a live output whose script runs before the output is attached (classic Notebook) mounts; its keys do not reach the notebook", async () => {
    const { page, errors } = await watchedPage(browser);
    await page.setContent(outputsPage([plotlyBundleHtml(), liveBundleHtml()]));
    await page.evaluate(
      (html) => {
        const output = document.createElement("div");
        output.innerHTML = html;
        // biome-ignore lint: an indirect eval runs each script globally, as the classic Notebook runs an output\'s scripts
        for (const s of [...output.querySelectorAll("script")]) (0, eval)(s.textContent ?? "");
        setTimeout(() => document.body.appendChild(output), 300);
      },
      liveFigureHtml({}, { id: "late" }),
    );
    await page.waitForFunction(() => document.querySelector("#late")?.getAttribute("data-ready") === "true", null, {
      timeout: 60_000,
    });
    const reached = await page.evaluate(() => {
      let count = 0;
      document.addEventListener("keydown", () => count++);
      const root = document.querySelector<HTMLElement>("#late")!;
      root.focus();
      root.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
      return { count, iteration: root.dataset.iteration };
    });
    assert.deepEqual(reached, { count: 0, iteration: "1" }, "the step is the live page's alone");
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("where scripts do not run, the live output says what it needs", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(outputsPage([liveFigureHtml({}, { id: "static" })]));
    assert.match(
      await page.locator("#static").innerText(),
      /trust the notebook \(File → Trust Notebook\), or open the exported HTML in a browser/,
    );
    await context.close();
  });

  test("options the page cannot take: the output and the page file say what is wrong instead of staying blank", async () => {
    const dir = tempDir("live-bad-options");
    try {
      const bad = { data: { seed: -1 } };
      const path = join(dir, "outputs.html");
      writeFileSync(path, outputsPage([plotlyBundleHtml(), liveBundleHtml(), liveFigureHtml(bad, { id: "bad" })]));
      const { page, errors } = await watchedPage(browser);
      await page.goto(pathToFileURL(path).href);
      await page.waitForFunction(
        () => /gmm-em live page:/.test(document.querySelector("#bad")?.textContent ?? ""),
        null,
        { timeout: 60_000 },
      );
      assert.match(
        await page.locator("#bad").innerText(),
        /^gmm-em live page: options\.randomState: must be an integer from 0 to 2\^32 − 1/,
      );
      assert.equal(errors.length, 1, "the error is on the console too");
      const file = join(dir, "gmm-em-live.html");
      writeFileSync(file, livePageHtml(bad));
      const second = await watchedPage(browser);
      await second.page.goto(pathToFileURL(file).href);
      assert.match(await second.page.locator("#gmm-em-live").innerText(), /^gmm-em live page: options\.randomState/);
      await release(page);
      await release(second.page);
    } finally {
      removeDir(dir);
    }
  });
});
