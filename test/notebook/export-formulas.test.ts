/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
// The export's formulas on a notebook made here (not the lesson's): inline and displayed math inside
// Chinese sentences is typeset into the page; code spans, code cells and their outputs keep their
// dollar signs; a formula MathJax cannot read stops the export, naming it.

import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { exportNotebook } from "../../scripts/export";
import { launchChromium } from "../helpers/browser";
import { removeDir, requireSetUp, tempDir } from "../helpers/notebook";

let browser: Browser;
before(async () => {
  requireSetUp();
  browser = await launchChromium();
});
after(async () => browser?.close());

const markdown = (source: string) => ({ cell_type: "markdown", metadata: {}, source });
function notebook(cells: object[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: cells.map((c, i) => ({ id: `cell-${i}`, ...c })),
  };
}

/** The folder holding the export of `cells` (the caller removes it; removed here if the export fails). */
async function exported(cells: object[]): Promise<string> {
  const dir = tempDir("formulas");
  try {
    const executed = join(dir, "executed.ipynb");
    writeFileSync(executed, JSON.stringify(notebook(cells)));
    await exportNotebook({
      executed,
      ipynb: join(dir, "lesson.ipynb"),
      html: join(dir, "lesson.html"),
      pdf: join(dir, "lesson.pdf"),
      name: "lesson",
    });
    return dir;
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

describe("formulas typeset at export", { concurrency: 2 }, () => {
  test("math in Chinese and English text is typeset; code spans, code cells and outputs are left as written", async () => {
    const dir = await exported([
      markdown(
        "## 责任 · Responsibilities\n\n每个分量的责任$r_{ij}$是它在点$x_i$处密度的份额:\n\n$$r_{ij} = \\frac{\\pi_j\\,\\mathcal{N}(x_i \\mid \\mu_j, \\Sigma_j)}{\\sum_l \\pi_l\\,\\mathcal{N}(x_i \\mid \\mu_l, \\Sigma_l)}$$\n\n" +
          "权重满足 $\\sum_j \\pi_j = 1$。And `echo $HOME` is code.",
      ),
      {
        cell_type: "code",
        metadata: {},
        execution_count: 1,
        source: 'console.log("$x$ and $$y$$");',
        outputs: [{ output_type: "stream", name: "stdout", text: "$x$ and $$y$$\n" }],
      },
    ]);
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(dir, "lesson.html")).href);
      const seen = await page.evaluate(() => {
        const cell = document.querySelector(".jp-MarkdownCell")!.cloneNode(true) as HTMLElement;
        const formulas = cell.querySelectorAll("mjx-container").length;
        const displayed = cell.querySelectorAll('mjx-container[display="true"]').length;
        for (const m of cell.querySelectorAll("mjx-container")) m.replaceWith("[math]");
        return {
          formulas,
          displayed,
          tex: [...cell.querySelectorAll("mjx-assistive-mml")].map((m) => m.textContent),
          text: cell.textContent!.replace(/\s+/g, " ").trim(),
          code: document.querySelector(".jp-CodeCell")!.textContent!,
        };
      });
      assert.equal(seen.formulas, 4, JSON.stringify(seen));
      assert.equal(seen.displayed, 1);
      assert.ok(seen.text.includes("每个分量的责任[math]是它在点[math]处密度的份额:"), seen.text);
      assert.ok(seen.text.includes("权重满足 [math]。And echo $HOME is code."), seen.text);
      assert.ok(
        seen.code.includes('console.log("$x$ and $$y$$");') && seen.code.includes("$x$ and $$y$$\n"),
        "the code cell and its output as written",
      );
      await page.close();
      assert.ok(existsSync(join(dir, "lesson.pdf")));
    } finally {
      removeDir(dir);
    }
  });

  test("a formula MathJax cannot read stops the export, naming the formula", async () => {
    const made = exported([markdown("Fine: $b$. Broken: $\\frac{a}$ and $\\notacommand{x}$.")]);
    await assert.rejects(
      made.then(removeDir),
      /MathJax could not read 2 formula\(s\) of the markdown: \\frac\{a\} \| \\notacommand\{x\}$/,
    );
  });
});
