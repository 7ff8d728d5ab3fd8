// A notebook cell as the page's worker runs it, with the kernel's semantics (tslab's): TypeScript
// compiled to JavaScript by Sucrase (types removed, nothing checked, every line kept where it
// was, so that an error's line is the cell's), then the cell's top-level statements rewritten
// with acorn's syntax tree so that
//   - what the cell declares (const, let, var, function, class, import) is kept in one scope that
//     the cells after it read, and a cell run again declares its names again;
//   - `import { … } from "../dist/index.js"` takes the names from the library (`__import`);
//   - the value of a last expression is shown, as the kernel shows it (`__echo`).
// The result is the body of an async function, so that top-level `await` works.
import { type ImportDeclaration, type Pattern, parse } from "acorn";
import { transform } from "sucrase";

/** A cell that does not parse: the message and the line in the cell (from 1). */
export class CellSyntaxError extends Error {
  override name = "SyntaxError";
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface CompiledCell {
  /** The body of `async (__scope, __keep, __import, __echo) => …`, line for line the cell's. */
  body: string;
  /** Every name the cell reads from the scope or declares: the names written back when it ends. */
  names: string[];
}

/** The names a binding pattern declares (`{ pi: pi0, mu }`, `[a, , ...rest]`, `x = 1`). */
function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e) => (e === null ? [] : patternNames(e)));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** The line breaks in `text`, so that a replacement keeps the lines below where they were. */
const breaksOf = (text: string) => "\n".repeat(text.split("\n").length - 1);

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An import as a declaration of the same names from `__import`, on as many lines. */
function importEdit(node: ImportDeclaration, js: string, declared: string[]): Edit {
  const from = JSON.stringify(node.source.value);
  const named: string[] = [];
  const whole: string[] = [];
  for (const s of node.specifiers) {
    declared.push(s.local.name);
    if (s.type === "ImportNamespaceSpecifier") whole.push(s.local.name);
    else {
      const imported =
        s.type === "ImportDefaultSpecifier"
          ? "default"
          : s.imported.type === "Identifier"
            ? s.imported.name
            : String(s.imported.value);
      named.push(imported === s.local.name ? imported : `${JSON.stringify(imported)}: ${s.local.name}`);
    }
  }
  const parts = [
    ...whole.map((name) => `const ${name} = __import(${from});`),
    named.length > 0 ? `const { ${named.join(", ")} } = __import(${from});` : "",
    node.specifiers.length === 0 ? `__import(${from});` : "",
  ];
  return { start: node.start, end: node.end, text: parts.join(" ") + breaksOf(js.slice(node.start, node.end)) };
}

/** Sucrase's and acorn's messages end with "(line:column)": the message without it. */
const withoutPlace = (message: string) => message.replace(/\s*\(\d+:\d+\)\s*$/, "");

/** Compiles `source` (TypeScript) to a function body; `known` are the names earlier cells declared. */
export function compileCell(source: string, known: readonly string[]): CompiledCell {
  let js: string;
  try {
    js = transform(source, { transforms: ["typescript"], keepUnusedImports: true, disableESTransforms: true }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new CellSyntaxError(withoutPlace(err.message), err.loc?.line ?? 1);
  }
  let program: ReturnType<typeof parse>;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true });
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new CellSyntaxError(withoutPlace(err.message), err.loc?.line ?? 1);
  }
  const declared: string[] = [];
  const edits: Edit[] = [];
  const statements = program.body;
  statements.forEach((node, i) => {
    if (node.type === "ImportDeclaration") edits.push(importEdit(node, js, declared));
    else if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
      // A cell is no module: `export` is dropped, what it declares stays.
      const inner = node.declaration;
      if (inner === null || inner === undefined) edits.push({ start: node.start, end: node.end, text: "" });
      else edits.push({ start: node.start, end: inner.start, text: "" });
      if (inner?.type === "VariableDeclaration")
        declared.push(...inner.declarations.flatMap((d) => patternNames(d.id)));
      else if (inner && "id" in inner && inner.id) declared.push(inner.id.name);
    } else if (node.type === "VariableDeclaration")
      declared.push(...node.declarations.flatMap((d) => patternNames(d.id)));
    else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id)
      declared.push(node.id.name);
    else if (node.type === "ExpressionStatement" && i === statements.length - 1) {
      const expression = js.slice(node.expression.start, node.expression.end);
      edits.push({ start: node.start, end: node.end, text: `__echo((${expression}));` });
    }
  });
  let body = js;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  const outer = known.filter((name) => !declared.includes(name));
  const names = [...new Set([...outer, ...declared])];
  // On the cell's first line, so that every line stays the cell's. A name the cell never reached is
  // in its dead zone: reading it throws, and it is left as it was.
  const prologue = [
    outer.length > 0 ? `let { ${outer.join(", ")} } = __scope;` : "",
    `__keep(() => { ${names.map((n) => `try { __scope.${n} = ${n}; } catch {}`).join(" ")} });`,
  ].join(" ");
  return { body: `${prologue} ${body}`, names };
}
