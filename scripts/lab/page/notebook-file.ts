// The notebook the page was made from, and what the student changed in it: edits kept in the
// browser's localStorage (one entry per page file and notebook, so that the teacher's and the
// students' pages, or a new release, keep theirs apart), and the notebook downloaded with them.

import type { Notebook, NotebookCell } from "../../class-kit/release";

export type { Notebook };

export const sourceOf = (cell: NotebookCell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** A source as nbformat writes it: its lines, each with its line break but the last. */
export const linesOf = (text: string) => text.split(/(?<=\n)/).filter((line) => line !== "");

/** FNV-1a of the notebook's text: which notebook the saved edits belong to. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

export class SavedEdits {
  private readonly key: string;
  readonly edits: Record<number, string>;

  /** `file`: the page's file ("gmm-em-lab.html", "student/gmm-em-lab.html"); `text`: the notebook's JSON. */
  constructor(file: string, text: string) {
    this.key = `gmm-em-lab:${file}:${hashOf(text)}`;
    let saved: Record<number, string> = {};
    try {
      saved = JSON.parse(localStorage.getItem(this.key) ?? "{}");
    } catch {
      /* no storage (a private window may refuse it) or a damaged entry: start from the notebook */
    }
    this.edits = saved;
  }

  /** Records cell `i`'s source (`null`: back to the original). */
  set(i: number, text: string | null): void {
    if (text === null) delete this.edits[i];
    else this.edits[i] = text;
    try {
      localStorage.setItem(this.key, JSON.stringify(this.edits));
    } catch {
      /* storage full or refused: the edits stay in the page until it is closed */
    }
  }

  clear(): void {
    for (const i of Object.keys(this.edits)) delete this.edits[Number(i)];
    try {
      localStorage.removeItem(this.key);
    } catch {
      /* as above */
    }
  }
}

/** The notebook with `sources` (the page's, cell by cell) and no outputs: it runs in Jupyter as the original does. */
export function editedNotebook(original: Notebook, sources: (i: number) => string): Notebook {
  const copy = JSON.parse(JSON.stringify(original)) as Notebook;
  copy.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    cell.source = linesOf(sources(i));
    cell.outputs = [];
    cell.execution_count = null;
  });
  return copy;
}
