/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The notebook live: classic Jupyter Notebook on loopback, driven in headless Chromium — every cell
// run through the Notebook's own menu, and the default run's executed copy reopened as saved.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { constants } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { jupyterEnv, NOTEBOOK, PYTHON } from "../../scripts/jupyter-env";
import { everyFigureDrawn, launchChromium } from "../helpers/browser";
import { useDefaultRun } from "../helpers/default-run";
import { ROOT, requireSetUp } from "../helpers/notebook";

// A copy beside the original (so its `import … from ".."` finds the library the same way),
// removed afterwards; notebooks/ itself is never written. The reopening tests put the default
// run's executed copy at the same path: the Notebook then gives it the session that path already
// has, whose kernel is running, instead of starting another (a tslab start costs about 3 CPU-seconds).
const copyName = `live-test-${process.pid}.ipynb`;
const copy = join(ROOT, "notebooks", copyName);
const copyUrl = () => `http://127.0.0.1:${port}/notebooks/notebooks/${copyName}?token=${token}`;
const token = randomBytes(16).toString("hex");
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let port = 0;
let serverLog = "";
const defaultRun = useDefaultRun();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

before(async () => {
  requireSetUp();
  port = await freePort();
  copyFileSync(NOTEBOOK, copy);
  const rootArgs = process.getuid?.() === 0 ? ["--allow-root"] : [];
  server = spawn(
    PYTHON,
    [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${ROOT}`,
      ...rootArgs,
    ],
    { cwd: ROOT, env: jupyterEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout!.on("data", (d) => {
    serverLog += d;
  });
  server.stderr!.on("data", (d) => {
    serverLog += d;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (server.exitCode !== null || Date.now() > deadline)
      throw new Error(`jupyter notebook did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchChromium();
});

/** Removes the copy in notebooks/ (and its checkpoint). */
function removeCopies(): void {
  rmSync(copy, { force: true });
  const checkpoints = join(ROOT, "notebooks", ".ipynb_checkpoints");
  rmSync(join(checkpoints, copyName.replace(/\.ipynb$/, "-checkpoint.ipynb")), { force: true });
  if (existsSync(checkpoints) && readdirSync(checkpoints).length === 0) rmdirSync(checkpoints);
}

// A signal ends this process before after() runs (npm test passes Ctrl-C on): the copies go then,
// and the server with them. (Playwright closes the browser on exit.)
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    server?.kill("SIGTERM");
    removeCopies();
    process.exit(128 + constants.signals[signal]);
  });
}

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  removeCopies();
});

/**
 * A page of its own for the Notebook, its MathJax showing formulas as CommonHTML, as a reader may
 * choose in MathJax's menu (which keeps the choice in this cookie). The Notebook's default,
 * HTML-CSS with STIX fonts and automatic line breaks, costs about 3 CPU-seconds more a load.
 */
async function notebookPage(): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1300, height: 1000 } });
  await page
    .context()
    .addCookies([
      { name: "mjx.menu", value: encodeURIComponent("renderer:CommonHTML"), url: `http://127.0.0.1:${port}/` },
    ]);
  return page;
}

/** The snapshot grid: the figure whose panel titles include iteration 40 (title and ℓ on two lines). */
function snapshotGrid(page: Page): Locator {
  return page
    .locator(".output_area .gmm-em-figure")
    .filter({ has: page.locator(".annotation-text", { hasText: /iteration 40ℓ/ }) })
    .first();
}

describe("the classic Jupyter Notebook on loopback", () => {
  test("live: classic Jupyter Notebook on loopback runs every cell through its own menu, and the grid renders", async () => {
    const page = await notebookPage();
    const pageErrors: string[] = [];
    const external: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.protocol === "data:") return route.continue();
      external.push(url.href);
      return route.abort();
    });
    await page.goto(copyUrl());
    // the page is up and the tslab kernel has started
    await page.waitForFunction(
      () => {
        const J = (
          window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean; name: string } } } }
        ).Jupyter;
        return J?.notebook?.kernel?.is_connected() === true;
      },
      null,
      { timeout: 90_000 },
    );
    assert.equal(
      await page.evaluate(
        () =>
          (window as unknown as { Jupyter: { notebook: { kernel: { name: string } } } }).Jupyter.notebook.kernel.name,
      ),
      "tslab",
    );
    await page.click("#celllink"); // the "Cell" menu
    await page.click("#run_all_cells > a"); // "Run All"
    // every code cell gets an execution number, then both figures are drawn
    await page.waitForFunction(
      () => {
        const prompts = [...document.querySelectorAll(".code_cell .input_prompt")].map((p) => p.textContent ?? "");
        return prompts.length >= 6 && prompts.every((p) => /\[\d+\]/.test(p));
      },
      null,
      { timeout: 180_000 },
    );
    await everyFigureDrawn(page, 3, ".output_area");
    assert.equal(await page.locator(".output_error").count(), 0, "no error output");
    assert.equal(await page.locator(".output_stderr").count(), 0, "nothing on stderr");
    const grid = snapshotGrid(page);
    assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 6);
    const titles = (await grid.locator(".annotation-text").allTextContents()).slice(0, 6);
    [0, 1, 5, 10, 25, 40].forEach((i, p) =>
      assert.match(titles[p], new RegExp(`^第 ${i} 次迭代 · iteration ${i}ℓ = -\\d+\\.\\d\\d$`)),
    );
    assert.equal(await grid.locator(".scatterlayer path.point").count(), 6 * 402);
    assert.ok((await grid.locator(".scatterlayer path.js-line").count()) >= 24);
    assert.deepEqual(external, []);
    assert.deepEqual(pageErrors, []);
    mkdirSync(join(ROOT, "out"), { recursive: true });
    await grid.screenshot({ path: join(ROOT, "out", "live-notebook-grid.png") }); // for a person to look at
    await page.close();
  });

  test("live: the executed, trusted copy from npm start reopens in the Notebook with its figures drawn, nothing re-run", async () => {
    // A byte-for-byte copy of the default run's notebook stays trusted.
    const run = defaultRun();
    assert.equal(run.status, 0, run.stderr);
    copyFileSync(run.notebookPath, copy);
    const page = await notebookPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(copyUrl());
    await everyFigureDrawn(page, 3, ".output_area");
    const grid = snapshotGrid(page);
    assert.equal(await grid.locator(".cartesianlayer .subplot").count(), 6);
    assert.equal(await grid.locator(".scatterlayer path.point").count(), 6 * 402);
    // shown as saved: the prompts are the headless run's, no cell was run again
    const prompts = await page.locator(".code_cell .input_prompt").allTextContents();
    assert.ok(prompts.length >= 6 && prompts.every((p) => /\[\d+\]/.test(p)), JSON.stringify(prompts));
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test("live: the executed copy opened untrusted (as from another machine) shows every figure's still image, no script run", async () => {
    // Any change to a signed notebook makes it untrusted, as a copy from another machine is.
    const run = defaultRun();
    assert.equal(run.status, 0, run.stderr);
    const nb = JSON.parse(readFileSync(run.notebookPath, "utf8")) as {
      metadata: Record<string, unknown>;
      cells: { outputs?: { data?: Record<string, unknown> }[] }[];
    };
    nb.metadata.copied_from = "another machine";
    writeFileSync(copy, JSON.stringify(nb, null, 1));
    const figures = nb.cells
      .flatMap((c) => c.outputs ?? [])
      .map((o) => String(([] as unknown[]).concat(o.data?.["text/html"] ?? []).join("")))
      .reduce((n, html) => n + (html.match(/class="gmm-em-figure"/g) ?? []).length, 0);
    assert.ok(figures >= 7, `${figures} figures`);
    const page = await notebookPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(copyUrl());
    await page.waitForFunction(
      () => {
        const J = (window as unknown as { Jupyter?: { notebook?: { trusted?: boolean; _fully_loaded?: boolean } } })
          .Jupyter;
        return J?.notebook?._fully_loaded === true;
      },
      null,
      { timeout: 60_000 },
    );
    assert.equal(
      await page.evaluate(
        () => (window as unknown as { Jupyter: { notebook: { trusted: boolean } } }).Jupyter.notebook.trusted,
      ),
      false,
      "opened untrusted",
    );
    // every figure's still, loaded and shown at its size, inside its output; no figure drawn live
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll(".output_area img")].filter(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        ).length >= n,
      figures,
      { timeout: 30_000 },
    );
    const images = await page.evaluate(() =>
      [...document.querySelectorAll(".output_area img")].map((img) => ({
        data: (img as HTMLImageElement).src.startsWith("data:image/"),
        width: img.getBoundingClientRect().width,
        alt: img.getAttribute("alt") ?? "",
      })),
    );
    assert.equal(images.length, figures);
    for (const image of images) assert.ok(image.data && image.width > 200, JSON.stringify({ ...image }));
    assert.ok(
      images.some((i) => i.alt.includes("EM from a poor start")),
      "the snapshot grid's still",
    );
    assert.equal(await page.locator(".output_area .js-plotly-plot").count(), 0, "nothing drawn by a script");
    assert.equal(await page.locator(".output_area", { hasText: "waiting for plotly.js" }).count(), 0);
    mkdirSync(join(ROOT, "out", "export-check"), { recursive: true });
    const grid = page.locator('.output_area img[alt*="EM from a poor start"]');
    await grid.scrollIntoViewIfNeeded();
    await page
      .locator(".output_area")
      .filter({ has: page.locator('img[alt*="EM from a poor start"]') })
      .screenshot({ path: join(ROOT, "out", "export-check", "untrusted-notebook-grid.png") });
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
