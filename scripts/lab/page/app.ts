// The lab page's script: every code cell of the notebook in an editor, run by the page's kernel
// (./kernel.ts) with its outputs under it; the toolbar (run all, stop, reset, download); the edits
// saved in the browser; and `window.gmmEmLab`, the page's API for tests and automation.
import type { EditorView } from "@codemirror/view";
import { codeEditor, setText } from "./editor";
import { Kernel } from "./kernel";
import { editedNotebook, type Notebook, SavedEdits, sourceOf } from "./notebook-file";
import { OutputArea } from "./output-area";

interface CodeCell {
  index: number;
  original: string;
  view: EditorView;
  area: OutputArea;
  section: HTMLElement;
}

const byId = (id: string) => document.getElementById(id)!;

const notebookText = byId("lab-notebook").textContent!;
const notebook = JSON.parse(notebookText) as Notebook;
const settings = JSON.parse(byId("lab-settings").textContent!) as { file: string; download: string };
const saved = new SavedEdits(settings.file, notebookText);
const status = byId("lab-status");

const kernel = new Kernel(`${byId("lab-library").textContent}\n;\n${byId("lab-worker").textContent}`, (cell) => {
  status.textContent = cell === null ? "空闲 · idle" : `运行中 · running: [${cell}]`;
  document.body.classList.toggle("lab-busy", cell !== null);
  for (const c of code.values()) c.section.classList.toggle("lab-running", c.index === cell);
});

const code = new Map<number, CodeCell>();

function cellOf(i: number): CodeCell {
  const cell = code.get(i);
  if (cell === undefined)
    throw new RangeError(`cell ${i} is not a code cell (code cells: ${[...code.keys()].join(", ")})`);
  return cell;
}

function runCell(i: number): Promise<boolean> {
  const cell = cellOf(i);
  return kernel.run(i, cell.view.state.doc.toString(), cell.area);
}

/** Runs the code cells from `from` on, in order, until one fails; resolves true when all ran. */
async function runFrom(from: number): Promise<boolean> {
  for (const i of [...code.keys()].filter((i) => i >= from)) if (!(await runCell(i))) return false;
  return true;
}

function focusNext(i: number): void {
  const next = [...code.keys()].find((j) => j > i);
  if (next !== undefined) {
    const { view, section } = cellOf(next);
    view.focus();
    section.scrollIntoView({ block: "nearest" });
  }
}

function button(label: string, title: string, action: () => unknown): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", () => action());
  return b;
}

function mountCell(section: HTMLElement): void {
  const index = Number(section.dataset.cell);
  const original = sourceOf(notebook.cells[index]);
  section.textContent = "";
  const tools = document.createElement("div");
  tools.className = "lab-cell-tools";
  const prompt = document.createElement("span");
  prompt.className = "lab-prompt";
  prompt.textContent = `[${index}]`;
  const editorHost = document.createElement("div");
  editorHost.className = "lab-editor";
  const outputs = document.createElement("div");
  outputs.className = "lab-outputs";
  section.append(tools, editorHost, outputs);
  const view = codeEditor(editorHost, saved.edits[index] ?? original, {
    changed: (text) => {
      saved.set(index, text === original ? null : text);
      section.classList.toggle("lab-edited", text !== original);
    },
    run: (next) => {
      void runCell(index);
      if (next) focusNext(index);
    },
  });
  section.classList.toggle("lab-edited", view.state.doc.toString() !== original);
  tools.append(
    prompt,
    button("▶ 运行 · Run", "运行这个单元（Shift+Enter）· run this cell (Shift+Enter)", () => runCell(index)),
    button("▶▶ 从这里运行 · Run from here", "运行这个单元和它下面的所有单元 · run this cell and all below", () =>
      runFrom(index),
    ),
    button("↺ 还原 · Reset", "还原这个单元的原始代码 · back to this cell's original code", () =>
      setText(view, original),
    ),
  );
  code.set(index, { index, original, view, area: new OutputArea(outputs), section });
}

function download(): void {
  const nb = editedNotebook(notebook, (i) => cellOf(i).view.state.doc.toString());
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(nb, null, 1)}\n`], { type: "application/x-ipynb+json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = settings.download;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function resetPage(): void {
  if (!confirm("把所有单元还原为原始代码？· Put every cell back to its original code?")) return;
  for (const cell of code.values()) setText(cell.view, cell.original);
  saved.clear();
}

for (const section of document.querySelectorAll<HTMLElement>(".lab-code")) mountCell(section);
byId("lab-tools").append(
  button("▶▶ 全部运行 · Run all", "从头运行所有单元 · run every cell from the top", () => runFrom(0)),
  button("■ 停止 · Stop", "停止并重启内核（变量清空）· stop and restart the kernel (variables are cleared)", () =>
    kernel.interrupt(),
  ),
  button("↺ 全部还原 · Reset all", "所有单元还原为原始代码 · every cell back to its original", resetPage),
  button(
    "⤓ 下载 .ipynb · Download",
    "下载改过的笔记本（可在 Jupyter 中运行）· the edited notebook, for Jupyter",
    download,
  ),
);
status.textContent = "空闲 · idle";

/** The page's API, for tests and automation: the notebook's cells by their index in the notebook. */
(window as unknown as { gmmEmLab: unknown }).gmmEmLab = {
  cells: notebook.cells.length,
  source: (i: number) => (code.has(i) ? cellOf(i).view.state.doc.toString() : sourceOf(notebook.cells[i])),
  setSource: (i: number, text: string) => setText(cellOf(i).view, text),
  run: (i: number) => runCell(i),
  runAll: () => runFrom(0),
  outputs: (i: number) => {
    const { area } = cellOf(i);
    return { text: area.text, figures: area.figures, error: area.error };
  },
  interrupt: () => kernel.interrupt(),
};
