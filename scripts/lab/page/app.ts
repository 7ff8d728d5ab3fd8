// The lab page's script: every code cell of the notebook (./code-cell.ts), run by the page's
// kernel (./kernel.ts) with its outputs under it; the toolbar (run all, stop, reset, download);
// and `window.gmmEmLab`, the page's API for tests and automation.
import { button, CodeCell } from "./code-cell";
import { Kernel } from "./kernel";
import { editedNotebook, type Notebook, SavedEdits, sourceOf } from "./notebook-file";

const byId = (id: string) => document.getElementById(id)!;

const notebookText = byId("lab-notebook").textContent!;
const notebook = JSON.parse(notebookText) as Notebook;
const settings = JSON.parse(byId("lab-settings").textContent!) as { file: string; download: string };
const saved = new SavedEdits(settings.file, notebookText);
const status = byId("lab-status");
const code = new Map<number, CodeCell>();

const kernel = new Kernel(`${byId("lab-library").textContent}\n;\n${byId("lab-worker").textContent}`, (cell) => {
  status.textContent = cell === null ? "空闲 · idle" : `运行中 · running: [${cell}]`;
  document.body.classList.toggle("lab-busy", cell !== null);
  for (const c of code.values()) c.section.classList.toggle("lab-running", c.index === cell);
});

function cellOf(i: number): CodeCell {
  const cell = code.get(i);
  if (cell === undefined)
    throw new RangeError(`cell ${i} is not a code cell (code cells: ${[...code.keys()].join(", ")})`);
  return cell;
}

async function runCell(i: number): Promise<boolean> {
  const cell = cellOf(i);
  const ok = await kernel.run(i, cell.source, cell.area);
  cell.showErrorLine();
  return ok;
}

/** Runs the code cells from `from` on, in order, until one fails; resolves true when all ran. */
async function runFrom(from: number): Promise<boolean> {
  for (const i of [...code.keys()].filter((i) => i >= from)) if (!(await runCell(i))) return false;
  return true;
}

/** Shift+Enter goes on to the next code cell, as in Jupyter. */
function focusNext(i: number): void {
  const next = [...code.keys()].find((j) => j > i);
  if (next === undefined) return;
  const cell = cellOf(next);
  cell.editor().focus();
  cell.section.scrollIntoView({ block: "nearest" });
}

function download(): void {
  const nb = editedNotebook(notebook, (i) => cellOf(i).source);
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
  for (const cell of code.values()) cell.setSource(cell.original);
  saved.clear();
}

const actions = {
  run: (cell: CodeCell, next: boolean) => {
    void runCell(cell.index);
    if (next) focusNext(cell.index);
  },
  runFrom: (cell: CodeCell) => void runFrom(cell.index),
};
// The editors are made as their cells come near the screen.
const near = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      near.unobserve(entry.target);
      cellOf(Number((entry.target as HTMLElement).dataset.cell)).editor();
    }
  },
  { rootMargin: "600px 0px" },
);
for (const section of document.querySelectorAll<HTMLElement>(".lab-code")) {
  const index = Number(section.dataset.cell);
  code.set(index, new CodeCell(index, section, sourceOf(notebook.cells[index]), saved, actions));
  near.observe(section);
}
byId("lab-tools").append(
  button("▶▶ 全部运行 · Run all", "从头运行所有单元 · run every cell from the top", () => runFrom(0)),
  button(
    "■ 停止（重启）· Stop (restarts)",
    "停止并重启内核（变量清空）· stop and restart the kernel (variables are cleared)",
    () => kernel.interrupt(),
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
  source: (i: number) => (code.has(i) ? cellOf(i).source : sourceOf(notebook.cells[i])),
  setSource: (i: number, text: string) => cellOf(i).setSource(text),
  run: (i: number) => runCell(i),
  runAll: () => runFrom(0),
  outputs: (i: number) => {
    const { area } = cellOf(i);
    return { text: area.text, figures: area.figures, error: area.error };
  },
  interrupt: () => kernel.interrupt(),
};
