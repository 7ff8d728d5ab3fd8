// How the lab page's worker compiles a cell (scripts/lab/page/compile-cell.ts), run here in Node on
// the same rewriting: the kernel's semantics (tslab's) for declarations, imports, top-level await,
// the last expression's value, and syntax errors with their line in the cell.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CellSyntaxError, compileCell } from "../../scripts/lab/page/compile-cell";

type Body = (
  scope: Record<string, unknown>,
  keep: (w: () => void) => void,
  importer: (from: string) => unknown,
  echo: (v: unknown) => void,
) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Body;

/** Runs `cells` in order as the worker does; returns the values each cell's last expression showed. */
async function run(cells: string[], modules: Record<string, unknown> = {}): Promise<unknown[][]> {
  const scope: Record<string, unknown> = {};
  const shown: unknown[][] = [];
  for (const source of cells) {
    const values: unknown[] = [];
    shown.push(values);
    const { body } = compileCell(source, Object.keys(scope));
    let writeBack = () => {};
    try {
      await new AsyncFunction("__scope", "__keep", "__import", "__echo", body)(
        scope,
        (w) => {
          writeBack = w;
        },
        (from) => modules[from],
        (v) => values.push(v),
      );
    } finally {
      writeBack();
    }
  }
  return shown;
}

test("a cell's declarations are the next cell's; a later cell declares a name again; a let reassigned is seen after", async () => {
  const shown = await run([
    "const ks = [1, 2];\nlet n: number = 3;\nfunction twice(x: number): number { return 2 * x; }\nclass Box { v = 1; }",
    "n = n + 1;\nconst { length } = ks, [first, , ...rest] = [7, 8, 9, 10];\ntwice(n) + length + first + rest.length",
    "const ks = ['a'];\nks.length + n + new Box().v",
  ]);
  assert.deepEqual(shown, [[], [4 * 2 + 2 + 7 + 2], [1 + 4 + 1]]);
});

test("imports take their names from the page's modules (renamed, namespace, default); type-only names are dropped", async () => {
  const lib = { generateData: () => "data", formatNumber: (v: number) => v.toFixed(1), default: "d" };
  const shown = await run(
    [
      'import {\n  generateData, formatNumber as fmt, type GmmParams,\n} from "../dist/index.js";\nimport * as all from "../dist/index.js";',
      'import d from "../dist/index.js";\nconst p: GmmParams | null = null;\n[generateData(), fmt(2), typeof all.generateData, d, p]',
    ],
    { "../dist/index.js": lib },
  );
  assert.deepEqual(shown[1], [["data", "2.0", "function", "d", null]]);
});

test("top-level await; the last expression is shown, a declaration or an undefined value is not", async () => {
  const shown = await run([
    "const v = await Promise.resolve(5);",
    "await Promise.resolve(v * 2)",
    "let w = v;",
    "v > 1 ? 'yes' : 'no';",
  ]);
  assert.deepEqual(shown, [[], [10], [], ["yes"]]);
});

test("the compiled body keeps every line where the cell had it (so an error's line is the cell's)", () => {
  const source =
    'import {\n  a,\n  b,\n} from "../dist/index.js";\nconst x: number = 1;\ninterface T {\n  y: number;\n}\nthrow new Error(String(x));';
  const { body } = compileCell(source, ["old"]);
  const lines = body.split("\n");
  assert.equal(lines.length, source.split("\n").length);
  assert.equal(
    lines.findIndex((l) => l.includes("throw new Error")),
    8,
  );
  assert.match(lines[0], /^let \{ old \} = __scope;.*const \{ a, b \} = __import\("\.\.\/dist\/index\.js"\);/);
});

test("a syntax error names its line in the cell (TypeScript's and JavaScript's)", () => {
  const cases: [string, number, RegExp][] = [
    ["const a = 1;\nconst r: number[][] = [;\n", 2, /^Unexpected token/],
    ["let ok = 1;\n\nfunction f( {\n  return 1;\n}", 4, /Unexpected token/],
    ["const a = 1;\nconst a = 2;", 2, /Identifier 'a' has already been declared/],
  ];
  for (const [source, line, message] of cases) {
    assert.throws(
      () => compileCell(source, []),
      (e: unknown) => e instanceof CellSyntaxError && e.line === line && message.test(e.message),
      source,
    );
  }
});
