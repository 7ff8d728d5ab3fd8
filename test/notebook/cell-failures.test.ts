// A cell that throws must lose nothing that later cells need. In a kernel, a cell runs top to bottom
// and stops at the statement that throws: what it would have declared after that is never made, and
// later cells fail with errors that point elsewhere ("helper is not defined"). So in every code
// cell of the lesson, each helper or constant that a later cell uses (a declaration whose value
// cannot throw: a function, a class, a literal) comes before the first statement that can throw.
// Declarations computed by the cell (`const fit = applyGmm(…)`) are the cell's result: when an
// earlier statement throws, re-running the cell is the fix, and the error names the cell.

import assert from "node:assert/strict";
import { test } from "node:test";
import ts from "typescript";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { readNotebook, text } from "../helpers/notebook";

/** Whether evaluating `node` can only make a value: literals, functions, classes, names, and arrays or objects of those. */
function cannotThrow(node: ts.Expression): boolean {
  if (
    ts.isLiteralExpression(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isClassExpression(node) ||
    ts.isIdentifier(node) ||
    [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(node.kind)
  )
    return true;
  if (ts.isPrefixUnaryExpression(node)) return ts.isNumericLiteral(node.operand);
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return cannotThrow(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => !ts.isSpreadElement(e) && cannotThrow(e));
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (p) =>
        (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && cannotThrow(p.initializer)) ||
        ts.isShorthandPropertyAssignment(p) ||
        ts.isMethodDeclaration(p),
    );
  return false;
}

/** The names a top-level statement declares, if it is a declaration that cannot throw (a helper or a constant). */
function helperNames(s: ts.Statement): string[] {
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) return [s.name.text];
  if (
    ts.isVariableStatement(s) &&
    s.declarationList.declarations.every((d) => !d.initializer || cannotThrow(d.initializer))
  )
    return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}

/** Whether a top-level statement can throw: anything but imports, type declarations and helpers. */
function canThrow(s: ts.Statement): boolean {
  return !(
    ts.isImportDeclaration(s) ||
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    helperNames(s).length > 0 ||
    (ts.isVariableStatement(s) && s.declarationList.declarations.every((d) => !d.initializer))
  );
}

/** Every identifier in `source`. */
function identifiers(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The helpers of each cell that a later cell uses but that come after a statement of their cell that can throw. */
export function helpersLostOnFailure(cells: string[]): string[] {
  const parsed = cells.map((c, i) => ts.createSourceFile(`cell${i}.ts`, c, ts.ScriptTarget.ES2022, true));
  const usedFrom = parsed.map((_, i) => {
    const later = new Set<string>();
    for (const p of parsed.slice(i + 1)) for (const n of identifiers(p)) later.add(n);
    return later;
  });
  const lost: string[] = [];
  parsed.forEach((source, i) => {
    const firstThrowing = source.statements.findIndex(canThrow);
    if (firstThrowing < 0) return;
    for (const s of source.statements.slice(firstThrowing + 1))
      for (const name of helperNames(s))
        if (usedFrom[i].has(name))
          lost.push(
            `code cell ${i + 1}: ${name} comes after \`${source.statements[firstThrowing].getText().split("\n")[0]}\``,
          );
  });
  return lost;
}

test("the check finds a helper or a constant after a statement that can throw, and nothing else", () => {
  const lost = helpersLostOnFailure([
    'loadPlotly();\nconst bilingual = "zh-en";\nfunction fmt(x: number) { return x; }\nconst fit = run();\nconst unused = 1;',
    "const later = [bilingual, fmt(1), fit];",
  ]);
  assert.deepEqual(lost, [
    "code cell 1: bilingual comes after `loadPlotly();`",
    "code cell 1: fmt comes after `loadPlotly();`",
  ]);
  assert.deepEqual(helpersLostOnFailure(['const bilingual = "zh-en";\nloadPlotly();', "bilingual;"]), []);
});

test("in the lesson, a cell that throws loses nothing a later cell needs: its helpers and constants come before anything that can throw", () => {
  const cells = readNotebook(NOTEBOOK)
    .cells.filter((c) => c.cell_type === "code")
    .map((c) => text(c.source));
  assert.ok(cells.length > 20, "the lesson's code cells");
  assert.deepEqual(helpersLostOnFailure(cells), []);
});
