// The worker that runs the page's cells (one at a time, in the order the page sends them), with
// the library's browser build loaded before it (the global `gmmEm`). Everything a cell puts out
// goes to the page as messages: printed lines, tables, figures (as Plotly's JSON), the live figure
// (its options), the error that ended it. The page stops a cell by ending this worker and
// starting another: what the cells had declared goes with it, as a kernel's restart.
import { CellSyntaxError, compileCell } from "./compile-cell";
import type { CellError, CellMessage, RunRequest } from "./protocol";

type Library = typeof import("../../../src/browser");
type Body = (
  scope: Record<string, unknown>,
  keep: (writeBack: () => void) => void,
  importer: (from: string) => unknown,
  echo: (value: unknown) => void,
) => Promise<void>;

const lib = (globalThis as unknown as { gmmEm: Library }).gmmEm;
const post = (message: CellMessage) =>
  (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(message);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Body;

/** What the cells have declared, read by the cells after them. */
const scope: Record<string, unknown> = {};
/** The cell running now: where printed lines go. */
let current = -1;

/** A value as a printed line shows it, close to Node's `util.inspect` (which the kernel uses). */
function inspect(value: unknown, depth = 0, quote = true): string {
  if (typeof value === "string") return quote ? `'${value.replace(/'/g, "\\'")}'` : value;
  if (typeof value === "function") return `[Function: ${value.name || "(anonymous)"}]`;
  if (typeof value !== "object" || value === null) return Object.is(value, -0) ? "-0" : String(value);
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (depth > 2) return Array.isArray(value) ? "[Array]" : "[Object]";
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 100).map((v) => inspect(v, depth + 1));
    if (items.length > 100) shown.push(`... ${items.length - 100} more items`);
    return shown.length === 0 ? "[]" : `[ ${shown.join(", ")} ]`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inspect(v, depth + 1)}`,
  );
  const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : "";
  return entries.length === 0 ? `${name}{}` : `${name}{ ${entries.join(", ")} }`;
}

/** console.log's line: strings as they are, other values inspected, separated by spaces. */
const printed = (args: unknown[]) => `${args.map((a) => inspect(a, 0, false)).join(" ")}\n`;
for (const method of ["log", "info", "warn", "error", "debug"] as const)
  console[method] = (...args: unknown[]) => post({ type: "text", cell: current, text: printed(args) });

/** The notebook's display functions (`../dist/jupyter.js`), each one a message to the page. */
const display = {
  async loadPlotly(): Promise<void> {
    post({
      type: "html",
      cell: current,
      html: '<div class="lab-note">plotly.js (cartesian) is in this page: the figures draw offline.</div>',
    });
  },
  async showFigure(figure: { data?: unknown }): Promise<void> {
    if (typeof figure !== "object" || figure === null || !Array.isArray(figure.data))
      throw new lib.GmmInputError("figure", "must be a Plotly figure { data, layout }");
    post({ type: "figure", cell: current, figure: figure as never });
  },
  async showTable(columns: string[], rows: (string | number)[][], options = {}): Promise<void> {
    post({ type: "html", cell: current, html: lib.htmlTable(columns, rows, options) });
  },
  async showLive(options = {}): Promise<void> {
    post({ type: "live", cell: current, options: JSON.parse(JSON.stringify(options)) });
  },
};

/** What the notebook's imports name: the library's build, and its display functions. */
const MODULES: Record<string, unknown> = {
  "../dist/index.js": lib,
  "../dist": lib,
  "../dist/index": lib,
  "..": lib,
  "gmm-em": lib,
  "../dist/jupyter.js": display,
  "../dist/jupyter": display,
  "gmm-em/jupyter": display,
};

function importer(from: string): unknown {
  const found = MODULES[from];
  if (found === undefined)
    throw new Error(
      `import from ${JSON.stringify(from)}: this page has only the library (from "../dist/index.js") and its display functions (from "../dist/jupyter.js")`,
    );
  return found;
}

const fileOf = (cell: number) => `cell-${cell}.js`;

/** How many lines the function's wrapper puts before its body (V8: two), measured once. */
let offset: Promise<number> | undefined;
function bodyOffset(): Promise<number> {
  offset ??= new AsyncFunction(`throw new Error("where");\n//# sourceURL=${fileOf(-1)}`)(
    scope,
    () => {},
    importer,
    () => {},
  )
    .then(() => 0)
    .catch((e: Error) => Number(/cell--1\.js:(\d+)/.exec(e.stack ?? "")?.[1] ?? 1) - 1);
  return offset;
}

async function errorOf(e: unknown, cell: number): Promise<CellError> {
  if (e instanceof CellSyntaxError) return { name: e.name, message: e.message, line: e.line };
  const error = e instanceof Error ? e : null;
  const at = error ? new RegExp(`cell-${cell}\\.js:(\\d+):\\d+`).exec(error.stack ?? "") : null;
  return {
    name: error ? error.name : "Error",
    message: error ? error.message : inspect(e),
    line: at ? Number(at[1]) - (await bodyOffset()) : null,
  };
}

async function run({ cell, source }: RunRequest): Promise<void> {
  current = cell;
  let writeBack = () => {};
  try {
    const { body } = compileCell(source, Object.keys(scope));
    const f = new AsyncFunction("__scope", "__keep", "__import", "__echo", `${body}\n//# sourceURL=${fileOf(cell)}`);
    await f(
      scope,
      (w) => {
        writeBack = w;
      },
      importer,
      (value) => {
        if (value !== undefined) post({ type: "text", cell, text: `${inspect(value)}\n` });
      },
    );
  } catch (e) {
    post({ type: "error", cell, error: await errorOf(e, cell) });
  } finally {
    writeBack();
    post({ type: "done", cell });
  }
}

/** One cell after another: a request that comes while a cell awaits waits its turn. */
let queue = Promise.resolve();
(globalThis as unknown as { onmessage: (e: MessageEvent<RunRequest>) => void }).onmessage = (e) => {
  queue = queue.then(() => run(e.data));
};
