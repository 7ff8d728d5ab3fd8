// One code cell of the lab page: its toolbar, its source, its outputs. The source shows first as
// the page was written (a <pre>); the editor (CodeMirror) takes its place when the cell comes near
// the screen or is used, so that a page of forty code cells is ready at once. Every change is
// saved in the browser (./notebook-file.ts).
import type { EditorView } from "@codemirror/view";
import { codeEditor, markErrorLine, setText } from "./editor";
import type { SavedEdits } from "./notebook-file";
import { OutputArea } from "./output-area";

export interface CellActions {
  run(cell: CodeCell, next: boolean): void;
  runFrom(cell: CodeCell): void;
}

export function button(label: string, title: string, action: () => unknown): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", () => action());
  return b;
}

export class CodeCell {
  readonly area: OutputArea;
  private view: EditorView | null = null;
  private text: string;
  private readonly host: HTMLElement;

  constructor(
    readonly index: number,
    readonly section: HTMLElement,
    readonly original: string,
    private readonly saved: SavedEdits,
    private readonly actions: CellActions,
  ) {
    this.text = saved.edits[index] ?? original;
    section.textContent = "";
    const tools = document.createElement("div");
    tools.className = "lab-cell-tools";
    const prompt = document.createElement("span");
    prompt.className = "lab-prompt";
    prompt.textContent = `[${index}]`;
    tools.append(
      prompt,
      button("▶ 运行 · Run", "运行这个单元（Shift+Enter）· run this cell (Shift+Enter)", () =>
        actions.run(this, false),
      ),
      button("▶▶ 从这里运行 · Run from here", "运行这个单元和它下面的所有单元 · run this cell and all below", () =>
        actions.runFrom(this),
      ),
      button("↺ 还原 · Reset", "还原这个单元的原始代码 · back to this cell's original code", () =>
        this.setSource(original),
      ),
    );
    this.host = document.createElement("div");
    this.host.className = "lab-editor";
    const pre = document.createElement("pre");
    pre.className = "lab-source";
    pre.textContent = this.text;
    // On the press, not the click: the editor that replaces the text takes the focus (and a click
    // whose press landed on the text just before the editor came would reach nothing).
    pre.addEventListener("mousedown", (e) => {
      e.preventDefault();
      this.editor().focus();
    });
    this.host.append(pre);
    const outputs = document.createElement("div");
    outputs.className = "lab-outputs";
    section.append(tools, this.host, outputs);
    this.area = new OutputArea(outputs);
    this.marked();
  }

  get source(): string {
    return this.view === null ? this.text : this.view.state.doc.toString();
  }

  /** The cell's editor, made now if it is not there yet. */
  editor(): EditorView {
    if (this.view === null) {
      this.host.textContent = "";
      this.view = codeEditor(this.host, this.text, {
        changed: (text) => this.changed(text),
        run: (next) => this.actions.run(this, next),
      });
    }
    return this.view;
  }

  /** Marks the line of the error the last run ended with (the editor made, to show it), or clears the mark. */
  showErrorLine(): void {
    const line = this.area.errorLine;
    if (line !== null) markErrorLine(this.editor(), line);
    else if (this.view !== null) markErrorLine(this.view, null);
  }

  setSource(text: string): void {
    if (this.view !== null) setText(this.view, text);
    else {
      this.text = text;
      this.host.querySelector("pre")!.textContent = text;
      this.changed(text);
    }
  }

  private changed(text: string): void {
    this.saved.set(this.index, text === this.original ? null : text);
    this.marked();
  }

  /** The cell's mark when its source is not the original. */
  private marked(): void {
    this.section.classList.toggle("lab-edited", this.source !== this.original);
  }
}
