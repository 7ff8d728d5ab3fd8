// What a cell put out, under it: printed text, tables, figures drawn with plotly.js, the live
// figure, and the error that ended it (its name, message and line in the cell). It also keeps
// what the page API reports: the text, the number of figures drawn, the error shown.
import type { LiveOptions } from "../../../src/live/session";
import type { CellError, CellMessage } from "./protocol";

interface PlotlyLike {
  newPlot(div: HTMLElement, figure: object): Promise<unknown>;
}
interface LiveLike {
  mountLive(div: HTMLElement, options: LiveOptions): unknown;
}
const page = globalThis as unknown as { Plotly: PlotlyLike; gmmEmLive: LiveLike };

/** The error as the cell shows it: "TypeError: … (第 3 行 · line 3)". */
export function errorText(error: CellError): string {
  const where = error.line === null ? "" : ` (第 ${error.line} 行 · line ${error.line})`;
  return `${error.name}: ${error.message}${where}`;
}

export class OutputArea {
  text = "";
  figures = 0;
  error: string | null = null;
  /** The line of the cell the error was raised on, when its stack names it. */
  errorLine: number | null = null;
  private drawing: Promise<unknown>[] = [];
  private stream: HTMLPreElement | null = null;

  constructor(readonly element: HTMLElement) {}

  clear(): void {
    this.element.textContent = "";
    this.text = "";
    this.figures = 0;
    this.error = null;
    this.errorLine = null;
    this.drawing = [];
    this.stream = null;
  }

  /** Resolves when every figure put out so far is drawn. */
  drawn(): Promise<unknown> {
    return Promise.allSettled(this.drawing);
  }

  private block<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    element.className = className;
    this.element.append(element);
    this.stream = null;
    return element;
  }

  showError(error: CellError): void {
    this.error = errorText(error);
    this.errorLine = error.line;
    this.block("pre", "lab-error").textContent = this.error;
  }

  add(message: CellMessage): void {
    switch (message.type) {
      case "text":
        this.text += message.text;
        if (this.stream === null) {
          const pre = this.block("pre", "lab-stream");
          this.stream = pre;
        }
        this.stream.textContent += message.text;
        break;
      case "html":
        this.block("div", "lab-html").innerHTML = message.html;
        break;
      case "figure": {
        const div = this.block("div", "lab-figure");
        const { data, layout, frames } = message.figure as { data: object[]; layout: object; frames?: object[] };
        const config = { responsive: false, displaylogo: false };
        this.drawing.push(
          page.Plotly.newPlot(div, { data, layout, frames, config }).then(() => {
            div.setAttribute("data-rendered", "true");
            this.figures++;
          }),
        );
        break;
      }
      case "live":
        page.gmmEmLive.mountLive(this.block("div", "lab-live"), message.options);
        this.figures++;
        break;
      case "error":
        this.showError(message.error);
        break;
      case "done":
        break;
    }
  }
}
