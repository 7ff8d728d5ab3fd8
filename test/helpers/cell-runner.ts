// The notebook's code cells run in this process, top to bottom, as a kernel runs them, without
// one: each cell is compiled by TypeScript (types stripped, nothing checked) into an async function,
// so that top-level `await` works; what a cell declares at its top level (imports, const, let,
// function, class) is visible to the cells after it, and a later cell may declare the same name
// again (tslab and Deno accept that). `console.log` (the cells' and the library's) and the
// library's display (through a `Deno.jupyter` stand-in: the library sends to Deno's kernel when it
// finds one) become the cell's outputs. A kernel run of the notebook costs about 12 CPU-seconds
// (tslab type-checks every cell); this, well under a second beyond the computing the cells do, so
// the lesson can be run on many seeds and starts.
// Its semantics differ from a kernel's in one point: a function keeps seeing the values its own
// cell gave to variables it closes over, not later cells' reassignments.

import { join } from "node:path";
import { format } from "node:util";
import ts from "typescript";
import { ROOT } from "../../scripts/jupyter-env";

/** What a cell put out: its printed text, and the HTML it displayed (tables, figures, the live figure). */
export interface CellOutputs {
  text: string;
  html: string[];
  /** The error the cell threw, if any (the run stops there, as nbclient's does). */
  error?: Error;
}

/** A code cell to run: its source, and its index in the notebook (for messages). */
export interface CodeCell {
  index: number;
  source: string;
}

/** The names a top-level statement of compiled JavaScript declares. */
function declaredNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
  else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
    names.push(statement.name.text);
  return names;
}

/**
 * A cell as the body of an async function: its imports become `const { … } = __import(…)`, the
 * names of earlier cells it does not declare itself are read from the scope first, and a function
 * that writes every name back to the scope is handed to `__keep` before the cell's statements run
 * (the caller calls it when the cell ends, also when it throws, so that what ran is kept).
 */
export function cellFunctionBody(source: string, known: readonly string[]): { body: string; declared: string[] } {
  // The same lesson runs on many seeds: each cell is compiled once per set of names before it.
  const key = `${known.join(",")}\0${source}`;
  const made = bodies.get(key) ?? makeCellFunctionBody(source, known);
  bodies.set(key, made);
  return { body: made.body, declared: [...made.declared] };
}

const bodies = new Map<string, { body: string; declared: string[] }>();

function makeCellFunctionBody(source: string, known: readonly string[]): { body: string; declared: string[] } {
  const js = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true, // every import kept, even one this cell does not use
      isolatedModules: true,
    },
    reportDiagnostics: false,
  }).outputText;
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true);
  const declared: string[] = [];
  const pieces: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const parts = bindings.elements.map((e) => {
          declared.push(e.name.text);
          return e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text;
        });
        pieces.push(`const { ${parts.join(", ")} } = __import(${JSON.stringify(from)});`);
      }
      continue;
    }
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) continue; // `export {};`
    declared.push(...declaredNames(statement));
    pieces.push(statement.getFullText(file));
  }
  const outer = known.filter((n) => !declared.includes(n));
  const all = [...new Set([...outer, ...declared])];
  const body = [
    outer.length > 0 ? `let { ${outer.join(", ")} } = __scope;` : "",
    // A name the cell did not reach is in its dead zone: reading it throws, and it is left out.
    `__keep(() => { ${all.map((n) => `try { __scope.${n} = ${n}; } catch {}`).join(" ")} });`,
    ...pieces,
  ].join("\n");
  return { body, declared: all };
}

type AsyncBody = (
  scope: Record<string, unknown>,
  keep: (writeBack: () => void) => void,
  importer: (from: string) => unknown,
  console: Pick<Console, "log" | "error" | "warn" | "info">,
) => Promise<void>;

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncBody;

/** What the notebook's imports resolve to: the built library (as the kernels load it). */
function importer(from: string): unknown {
  const file = { "../dist/index.js": "index.js", "../dist/jupyter.js": "jupyter.js" }[from];
  if (file === undefined) throw new Error(`cell-runner: the notebook imports ${from}, which it does not know`);
  return require(join(ROOT, "dist", file));
}

/**
 * Runs `cells` in order in this process; stops at the first cell that throws (its error is in its
 * outputs). The library's display is reached through a `Deno.jupyter` stand-in for the time of the
 * run; the library keeps its own module state (e.g. that plotly.js was sent) from run to run, as
 * one kernel would.
 */
export async function runCells(cells: readonly CodeCell[]): Promise<Map<number, CellOutputs>> {
  const outputs = new Map<number, CellOutputs>();
  const scope: Record<string, unknown> = {};
  const global = globalThis as { Deno?: unknown };
  const previousDeno = global.Deno;
  let current: CellOutputs = { text: "", html: [] };
  global.Deno = {
    jupyter: {
      display: (bundle: Record<string, string>) => {
        current.html.push(bundle["text/html"]);
        return Promise.resolve();
      },
    },
  };
  const write = (...args: unknown[]) => {
    current.text += `${format(...args)}\n`;
  };
  const cellConsole = { log: write, error: write, warn: write, info: write };
  // What the library prints (the checks' verdicts) is the cell's output too, as in a kernel.
  const globalConsole = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  Object.assign(console, cellConsole);
  try {
    for (const cell of cells) {
      current = { text: "", html: [] };
      outputs.set(cell.index, current);
      const { body } = cellFunctionBody(cell.source, Object.keys(scope));
      let writeBack = () => {};
      try {
        const run = new AsyncFunction("__scope", "__keep", "__import", "console", body);
        await run(scope, (w) => (writeBack = w), importer, cellConsole);
      } catch (e) {
        current.error = e instanceof Error ? e : new Error(String(e));
        break;
      } finally {
        writeBack();
      }
    }
  } finally {
    Object.assign(console, globalConsole);
    if (previousDeno === undefined) delete global.Deno;
    else global.Deno = previousDeno;
  }
  return outputs;
}
