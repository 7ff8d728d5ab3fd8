// The messages between the page and the worker that runs its cells. The page sends one cell at a
// time; the worker answers with what the cell puts out, in order, then `done`.
import type { PlotlyFigureJson } from "../../../src/figures/types";
import type { LiveOptions } from "../../../src/live/session";

/** Page → worker: run this cell. */
export interface RunRequest {
  type: "run";
  cell: number;
  source: string;
}

/** Where an error happened: the cell's own line (from 1), when its stack names it. */
export interface CellError {
  name: string;
  message: string;
  line: number | null;
}

/** Worker → page: one output of the running cell, or its end. */
export type CellMessage =
  | { type: "text"; cell: number; text: string }
  | { type: "html"; cell: number; html: string }
  | { type: "figure"; cell: number; figure: PlotlyFigureJson }
  | { type: "live"; cell: number; options: LiveOptions }
  | { type: "error"; cell: number; error: CellError }
  | { type: "done"; cell: number };
