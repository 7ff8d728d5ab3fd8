// The lab page (out/gmm-em-lab.html) in Chromium, offline: a reader edits the seed with the keyboard
// and runs every cell, and the page's numbers are Node's for the same cells; a broken cell shows
// its error and line; an endless loop is stopped; a reload keeps the edits; the downloaded notebook
// runs in the tslab kernel; the students' page runs its checks.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import type { Notebook } from "../../scripts/class-kit/release";
import { jupyterEnv, NOTEBOOK, PYTHON, ROOT } from "../../scripts/jupyter-env";
import { withValues } from "../../scripts/lab/step";
import { MB } from "../../scripts/start/output-step";
import { injectedSource } from "../../scripts/start/parameters";
import { launchChromium, pageAlone } from "../helpers/browser";
import { runCells } from "../helpers/cell-runner";
import { useDefaultRun } from "../helpers/default-run";
import { readNotebook, removeDir, requireSetUp, tempDir } from "../helpers/notebook";

interface LabOutputs {
  text: string;
  figures: number;
  error: string | null;
}

const source = JSON.parse(readFileSync(NOTEBOOK, "utf8")) as Notebook;
const sourceOf = (nb: Notebook, i: number) => [nb.cells[i].source].flat().join("");
/** The first code cell whose metadata and text pass `test`. */
const codeCell = (test: (cell: Notebook["cells"][number], text: string) => boolean) => {
  const i = source.cells.findIndex((c, at) => c.cell_type === "code" && test(c, sourceOf(source, at)));
  assert.ok(i >= 0, `the notebook has the cell ${test}`);
  return i;
};
const PARAMETERS = codeCell((c) => ((c.metadata.tags as string[]) ?? []).includes("parameters"));
const E_STEP = codeCell((c) => c.metadata.nbgrader?.grade_id === "e-step");
const E_M_CHECK = codeCell((c) => JSON.stringify(c.metadata.gmm_em?.check) === '["e-step","m-step"]');
const FINAL = codeCell((_, t) => t.includes("Final (iteration "));
const GRID = codeCell((_, t) => t.includes("snapshotGrid(X, result, histIndex"));
const CHECKS = new Set(source.cells.flatMap((c, i) => (c.metadata.gmm_em?.check ? [i] : [])));

/** The lines the run-all test adds, in the page and in Node alike: the numbers at full precision. */
const PRINT_FINAL = '\nconsole.log("PARAMS " + JSON.stringify(last));';
const PRINT_GRID =
  '\nconsole.log("GRID " + JSON.stringify(snapshotGrid(X, result, histIndex, { title: gridTitle, labels: bilingual }).data));';

/** The download and its run in the kernel. */
let dir: string;
let browser: Browser;
let teacherPage: string, studentPage: string;
/** The reader's tab, on the teacher's page: the tests below are one session in it, in order. */
let reader: Awaited<ReturnType<typeof pageAlone>>;

/** npm start's default run: its two lab pages are the ones tested. */
const defaultRun = useDefaultRun({ requireSuccess: true });

before(async () => {
  requireSetUp();
  dir = tempDir("lab");
  teacherPage = join(defaultRun().dir, "gmm-em-lab.html");
  studentPage = join(defaultRun().dir, "student", "gmm-em-lab.html");
  for (const page of [teacherPage, studentPage]) {
    const bytes = statSync(page).size;
    assert.ok(bytes <= 6 * MB, `${page}: ${(bytes / MB).toFixed(2)} MB, at most 6`);
  }
  browser = await launchChromium();
  reader = await pageAlone(browser, teacherPage, { javaScript: true });
  await reader.page.context().route(pathToFileURL(studentPage).href, (route) => route.continue());
  await ready(reader.page);
});

after(async () => {
  // A run still going when a test failed first: stopped (run_notebook.py shuts its kernel down).
  if (kernelRun && kernelRun.child.exitCode === null) {
    kernelRun.child.kill("SIGTERM");
    await kernelRun.done;
  }
  await reader?.close();
  await browser?.close();
  if (dir) removeDir(dir);
});

type Lab = {
  cells: number;
  source(i: number): string;
  setSource(i: number, text: string): void;
  run(i: number): Promise<boolean>;
  runAll(): Promise<boolean>;
  outputs(i: number): LabOutputs;
  interrupt(): void;
};
const lab = <T>(page: Page, f: (lab: Lab, arg: any) => T | Promise<T>, arg?: unknown): Promise<T> =>
  page.evaluate(([body, a]) => new Function("lab", "arg", `return (${body})(lab, arg);`)((window as any).gmmEmLab, a), [
    f.toString(),
    arg,
  ] as const) as Promise<T>;

const ready = (page: Page) => page.waitForFunction(() => (window as any).gmmEmLab !== undefined);

/** The students' page in a tab of the reader's browser. */
async function openStudentPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await reader.page.context().newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(studentPage).href);
  await ready(page);
  return { page, errors };
}

/** Every number in `a` within 1e-12 of `b`'s (relative to its size), the rest equal. */
function assertNumbersClose(a: unknown, b: unknown, where: string): void {
  if (typeof a === "number" && typeof b === "number") {
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${where}: ${a} against ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${where}: length`);
    a.forEach((v, i) => assertNumbersClose(v, b[i], `${where}[${i}]`));
  } else if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${where}: keys`);
    for (const k of Object.keys(a)) assertNumbersClose((a as any)[k], (b as any)[k], `${where}.${k}`);
  } else assert.deepEqual(a, b, where);
}

/**
 * The same text, but for its numbers, each within 1e-12 of the other's: a printed rounding-level
 * quantity (a gain of -2.5e-12) may differ by the last bits of the sums it comes from.
 */
function assertTextClose(a: string, b: string, where: string): void {
  const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g;
  assert.equal(a.replace(NUMBER, "#"), b.replace(NUMBER, "#"), where);
  assertNumbersClose((a.match(NUMBER) ?? []).map(Number), (b.match(NUMBER) ?? []).map(Number), where);
}

const printed = (text: string, tag: string) =>
  JSON.parse(
    text
      .split("\n")
      .find((l) => l.startsWith(`${tag} `))!
      .slice(tag.length + 1),
  );

let kernelRun:
  | { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }>; executed: string }
  | undefined;
let pageFinal = "";

test("the seed edited with the keyboard, Shift+Enter, run all: the page's numbers are Node's for the same cells; the download runs in tslab", async () => {
  const { page, refused, errors } = reader;
  assert.equal(await lab(page, (l) => l.cells), source.cells.length);
  // Real key presses: to the end of the seed's line, 42 → 7, Shift+Enter.
  // As a reader does: the cell scrolled to (its editor is made as it comes near), then clicked.
  await page.locator(`.lab-code[data-cell="${PARAMETERS}"]`).scrollIntoViewIfNeeded();
  const editor = page.locator(`.lab-code[data-cell="${PARAMETERS}"] .cm-content`);
  await editor.click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("End");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type("7;");
  await page.keyboard.press("Shift+Enter");
  await page.waitForFunction((i) => !document.querySelector(`.lab-code[data-cell="${i}"].lab-running`), PARAMETERS);
  assert.match(await lab(page, (l, i) => l.source(i), PARAMETERS), /^let randomState = 7;\n/);
  assert.equal((await lab(page, (l, i) => l.outputs(i), PARAMETERS)).error, null);
  // Shift+Enter went on to the next code cell, as in Jupyter.
  const focused = await page.evaluate(() => document.activeElement?.closest(".lab-code")?.getAttribute("data-cell"));
  assert.equal(
    Number(focused),
    source.cells.findIndex((c, i) => i > PARAMETERS && c.cell_type === "code"),
  );

  for (const [i, line] of [
    [FINAL, PRINT_FINAL],
    [GRID, PRINT_GRID],
  ] as const)
    await lab(page, (l, [c, t]) => l.setSource(c, l.source(c) + t), [i, line]);
  const codeCells = source.cells.flatMap((c, i) => (c.cell_type === "code" ? [i] : []));
  const pageSources = await lab(page, (l, cells: number[]) => cells.map((i) => l.source(i)), codeCells);

  // The download: the notebook with the page's sources, no outputs; then one run in the kernel.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .locator("#lab-tools")
      .getByRole("button", { name: /Download/ })
      .click(),
  ]);
  assert.equal(download.suggestedFilename(), "gmm-em.ipynb");
  const saved = join(dir, "downloaded.ipynb");
  await download.saveAs(saved);
  const nb = JSON.parse(readFileSync(saved, "utf8")) as Notebook;
  assert.equal(nb.cells.length, source.cells.length);
  nb.cells.forEach((cell, i) => {
    const original = source.cells[i];
    assert.deepEqual(cell.metadata, original.metadata, `cell ${i}'s metadata`);
    if (cell.cell_type !== "code") return assert.deepEqual(cell, original, `markdown cell ${i} as it was`);
    assert.equal(sourceOf(nb, i), pageSources[codeCells.indexOf(i)], `cell ${i}'s source`);
    assert.deepEqual(cell.outputs, []);
  });
  assert.deepEqual(nb.metadata, source.metadata);
  const executed = join(dir, "executed.ipynb");
  // The kernel runs while the page and the tests below do; --parent-pid ends it with this process.
  const child = spawn(
    PYTHON,
    [
      join(ROOT, "scripts", "run_notebook.py"),
      saved,
      "--executed",
      executed,
      "--run-in",
      join(ROOT, "notebooks"),
      "--parent-pid",
      String(process.pid),
      "--timeout",
      "120",
      "--report-fd",
      "3",
    ],
    { env: jupyterEnv(), stdio: ["ignore", "ignore", "pipe", "pipe"] },
  );
  // What went wrong, if anything: its messages and its reports (a failed or timed-out cell).
  let stderr = "";
  for (const stream of [child.stderr!, child.stdio[3] as NodeJS.ReadableStream])
    stream.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
  kernelRun = {
    child,
    executed,
    done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr }))),
  };

  const started = Date.now();
  assert.equal(await lab(page, (l) => l.runAll()), true, "every cell ran");
  const seconds = (Date.now() - started) / 1000;
  const pageOutputs = await lab(page, (l, cells: number[]) => cells.map((i) => l.outputs(i)), codeCells);

  // Node: the same sources, run by the test's cell runner on the library's build.
  const node = await runCells(codeCells.map((index, k) => ({ index, source: pageSources[k] })));
  codeCells.forEach((index, k) => {
    const mine = pageOutputs[k];
    const theirs = node.get(index)!;
    assert.equal(mine.error, null, `cell ${index}: ${mine.error}`);
    assert.equal(theirs.error, undefined, `cell ${index} in Node: ${theirs.error}`);
    // The checks print a fresh seed each run: their verdicts are compared, not the seeds.
    // The added lines' numbers are compared below, within 1e-12.
    const verdicts = (t: string) =>
      t.split("\n").filter((l) => !(CHECKS.has(index) && /seed/.test(l)) && !/^(GRID|PARAMS) /.test(l));
    assertTextClose(verdicts(mine.text).join("\n"), verdicts(theirs.text).join("\n"), `cell ${index}'s printed text`);
    assert.equal(
      mine.figures,
      theirs.html.filter((h) => /class="gmm-em-(figure|live-output)"/.test(h)).length,
      `cell ${index}'s figures`,
    );
  });
  const finalText = pageOutputs[codeCells.indexOf(FINAL)].text;
  assertNumbersClose(printed(finalText, "PARAMS"), printed(node.get(FINAL)!.text, "PARAMS"), "final parameters");
  const nodeGrid = printed(node.get(GRID)!.text, "GRID") as { x?: number[]; y?: number[] }[];
  assertNumbersClose(printed(pageOutputs[codeCells.indexOf(GRID)].text, "GRID"), nodeGrid, "the grid's data");
  // What plotly.js drew in the page is that data.
  const drawn = await page.evaluate(
    (i) =>
      ((document.querySelector(`.lab-code[data-cell="${i}"] .lab-figure`) as any).data as any[]).map((t) => ({
        x: t.x,
        y: t.y,
      })),
    GRID,
  );
  assertNumbersClose(
    drawn,
    nodeGrid.map((t) => ({ x: t.x, y: t.y })),
    "the grid as drawn",
  );
  assert.match(finalText, /^Final \(iteration \d+\)/m);
  pageFinal = finalText.split("\n").find((l) => l.startsWith("Final (iteration "))!;
  console.log(`# run all in the page: ${seconds.toFixed(1)} s`);

  assert.deepEqual(refused, [], "nothing fetched");
  assert.deepEqual(errors, []);
});

test("a broken cell shows its error, with its line in the cell; the cells after it do not run", async () => {
  const { page, errors } = reader;
  // A syntax error in the E-step: the page says which line.
  const eStep = sourceOf(source, E_STEP);
  const broken = eStep.replace("const r: number[][] = [];", "const r: number[][] = [;");
  const line = broken.split("\n").findIndex((l) => l.includes("= [;")) + 1;
  await lab(page, (l, [i, t]) => l.setSource(i, t), [E_STEP, broken]);
  assert.equal(await lab(page, (l, i) => l.run(i), E_STEP), false);
  const syntax = await lab(page, (l, i) => l.outputs(i), E_STEP);
  assert.equal(syntax.error, `SyntaxError: Unexpected token (第 ${line} 行 · line ${line})`);
  assert.equal(await page.locator(`.lab-code[data-cell="${E_STEP}"] .lab-error`).textContent(), syntax.error);
  // The editor marks the line.
  const marked = page.locator(`.lab-code[data-cell="${E_STEP}"] .cm-line.lab-error-line`);
  assert.equal(await marked.textContent(), broken.split("\n")[line - 1]);

  // An error thrown when the cell runs: its name, message and line; run all stops at it.
  const thrown = `${eStep}\nconst first = eStep(null as unknown as Matrix, [1], [[0]], [[[1]]]);`;
  await lab(page, (l, [i, t]) => l.setSource(i, t), [E_STEP, thrown]);
  const checkBefore = (await lab(page, (l, i) => l.outputs(i), E_M_CHECK)).text;
  assert.match(checkBefore, /seed/, "the check ran in the run before");
  assert.equal(await lab(page, (l) => l.runAll()), false);
  const runtime = await lab(page, (l, i) => l.outputs(i), E_STEP);
  // The error is thrown inside eStep (line 6, where it reads X), which this cell declares.
  const readsX = eStep.split("\n").findIndex((l) => l.includes("logGauss(X")) + 1;
  assert.match(
    runtime.error ?? "",
    new RegExp(`^(TypeError|GmmInputError): .+ \\(第 ${readsX} 行 · line ${readsX}\\)$`),
  );
  // The check after it did not run again: its output is the run before's, fresh seed and all.
  assert.equal((await lab(page, (l, i) => l.outputs(i), E_M_CHECK)).text, checkBefore);
  assert.deepEqual(errors, []);
});

test("an endless loop is stopped by interrupt(): the kernel restarts and the page runs cells again", async () => {
  const { page, errors } = reader;
  await lab(page, (l, i) => l.setSource(i, "let spins = 0;\nwhile (true) spins++;"), PARAMETERS);
  const started = Date.now();
  await page.evaluate((i) => {
    (window as any).loop = (window as any).gmmEmLab.run(i);
  }, PARAMETERS);
  await page.waitForTimeout(700);
  assert.equal(await page.locator(".lab-running").count(), 1, "the loop is running");
  // The page stays usable while the worker loops: the toolbar answers.
  assert.match((await page.locator("#lab-status").textContent()) ?? "", /running/);
  await lab(page, (l) => l.interrupt());
  assert.equal(await page.evaluate(() => (window as any).loop), false, "the run settled, failed");
  assert.ok(Date.now() - started < 10_000);
  assert.match(
    (await lab(page, (l, i) => l.outputs(i), PARAMETERS)).error ?? "",
    /^Interrupted: .*the kernel restarted/,
  );
  // A fresh kernel: the imports cell runs, and the next cell sees what it declared.
  await lab(page, (l, i) => l.setSource(i, "let seen = typeof generateData;\nseen"), PARAMETERS);
  const imports = codeCell((_, t) => t.includes("await loadPlotly()"));
  assert.equal(await lab(page, (l, i) => l.run(i), imports), true);
  assert.equal(await lab(page, (l, i) => l.run(i), PARAMETERS), true);
  assert.equal(
    (await lab(page, (l, i) => l.outputs(i), PARAMETERS)).text,
    "'function'\n",
    "the last expression's value, shown",
  );
  assert.deepEqual(errors, []);
});

test("a reload keeps the edits (per page file); Reset puts a cell back, and the reload after it shows the original", async () => {
  const { page, errors } = reader;
  const edited = sourceOf(source, PARAMETERS).replace("let randomState = 42;", "let randomState = 3;");
  await lab(page, (l, [i, t]) => l.setSource(i, t), [PARAMETERS, edited]);
  await page.reload();
  await ready(page);
  assert.equal(await lab(page, (l, i) => l.source(i), PARAMETERS), edited);
  const parametersCell = page.locator(`.lab-code[data-cell="${PARAMETERS}"]`);
  assert.match((await parametersCell.getAttribute("class")) ?? "", /\blab-edited\b/);
  // The students' page, in the same browser, keeps its own.
  const student = await openStudentPage();
  assert.equal(await lab(student.page, (l, i) => l.source(i), PARAMETERS), sourceOf(source, PARAMETERS));
  await student.page.close();

  await page.locator(`.lab-code[data-cell="${PARAMETERS}"]`).getByRole("button", { name: /Reset/ }).click();
  assert.equal(await lab(page, (l, i) => l.source(i), PARAMETERS), sourceOf(source, PARAMETERS));
  await page.reload();
  await ready(page);
  assert.equal(await lab(page, (l, i) => l.source(i), PARAMETERS), sourceOf(source, PARAMETERS));
  assert.doesNotMatch((await parametersCell.getAttribute("class")) ?? "", /\blab-edited\b/);
  assert.deepEqual(errors, []);
});

test("the students' page: the check says the E-step is not written, and passes once it is", async () => {
  const { page, errors } = await openStudentPage();
  try {
    assert.match(await lab(page, (l, i) => l.source(i), E_STEP), /throw new GmmNotWrittenError\(1\);/);
    const upTo = source.cells.flatMap((c, i) => (c.cell_type === "code" && i <= E_M_CHECK ? [i] : []));
    for (const i of upTo) assert.equal(await lab(page, (l, c) => l.run(c), i), true, `cell ${i}`);
    const before = await lab(page, (l, i) => l.outputs(i), E_M_CHECK);
    assert.match(before.text, /还没写（练习 1） · not written yet \(exercise 1\)/);
    assert.match(before.text, /the cells below use the library's E-step/);
    await lab(page, (l, [i, t]) => l.setSource(i, t), [E_STEP, sourceOf(source, E_STEP)]);
    assert.equal(await lab(page, (l, i) => l.run(i), E_STEP), true);
    assert.equal(await lab(page, (l, i) => l.run(i), E_M_CHECK), true);
    const after = await lab(page, (l, i) => l.outputs(i), E_M_CHECK);
    assert.match(after.text, /✓ 练习 1 · Exercise 1 \(eStep\): 通过 · passed/);
    assert.doesNotMatch(after.text, /library's E-step/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("the downloaded notebook, run by the tslab kernel, prints the page's result", async () => {
  assert.ok(kernelRun !== undefined, "the run-all test downloaded the notebook");
  const { code, stderr } = await kernelRun.done;
  assert.equal(code, 0, `run_notebook.py failed: ${stderr}`);
  const executed = readNotebook(kernelRun.executed);
  const text = [executed.cells[FINAL].outputs ?? []]
    .flat()
    .flatMap((o: any) => [o.text ?? ""].flat())
    .join("");
  assert.ok(text.includes(pageFinal), `the kernel printed ${JSON.stringify(pageFinal)}`);
  assert.match(pageFinal, /^Final \(iteration/);
});

test("npm start's values go into a cell of their own after the parameters cell, as the kernel's run has them", () => {
  const given = withValues(source, { randomState: 7 });
  assert.equal(given.cells.length, source.cells.length + 1);
  assert.deepEqual(given.cells.slice(0, PARAMETERS + 1), source.cells.slice(0, PARAMETERS + 1));
  assert.equal(given.cells[PARAMETERS + 1].source, injectedSource({ randomState: 7 }));
  assert.deepEqual(given.cells[PARAMETERS + 1].metadata, { tags: ["injected-parameters"] });
  assert.deepEqual(given.cells.slice(PARAMETERS + 2), source.cells.slice(PARAMETERS + 1));
  assert.equal(withValues(source, {}), source);
});
