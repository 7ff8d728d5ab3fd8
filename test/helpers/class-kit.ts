// Reading the class kit's notebooks in tests: the lines of their solution regions, found by a scan of
// its own (not the release's), so that a release that kept a line is caught.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Notebook, NotebookCell } from "../../scripts/class-kit/release";
import { ROOT } from "../../scripts/jupyter-env";

/** The small notebook in the kit's form (one code exercise with its check, one written answer). */
export const KIT_FIXTURE = join(ROOT, "test", "fixtures", "notebooks", "class-kit.ipynb");

export const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8")) as Notebook;

export const cellText = (cell: NotebookCell): string =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/** Every line of `nb`'s cells outside the solution regions (markers excluded), trimmed. */
export function linesOutsideSolutions(nb: Notebook): string[] {
  const found: string[] = [];
  for (const cell of nb.cells) {
    let inside = false;
    for (const line of cellText(cell).split("\n")) {
      if (line.includes("BEGIN SOLUTION")) inside = true;
      else if (line.includes("END SOLUTION")) inside = false;
      else if (!inside) found.push(line.trim());
    }
  }
  return found;
}

/** Every line strictly between a BEGIN SOLUTION and an END SOLUTION line of `nb`'s cells, trimmed, blank ones left out. */
export function solutionLines(nb: Notebook): { cell: number; line: string }[] {
  const found: { cell: number; line: string }[] = [];
  nb.cells.forEach((cell, index) => {
    let inside = false;
    for (const line of cellText(cell).split("\n")) {
      if (line.includes("BEGIN SOLUTION")) inside = true;
      else if (line.includes("END SOLUTION")) inside = false;
      else if (inside && line.trim() !== "") found.push({ cell: index, line: line.trim() });
    }
  });
  return found;
}
