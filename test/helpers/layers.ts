// The layer rule of src/, checked on source text with the TypeScript compiler's parser.
//
// The layers, in the order data flows: data → density → em → estimator → figures → display → live →
// check. A file in a layer may import from its own layer and the ones before it, and from the shared root
// modules (SHARED_ROOT_FILES), which import nothing of src/ (src/validate.ts only src/errors.ts, src/format.ts
// and src/read-number.ts only those two: they refuse what is not a number as every check does). Only
// the package's entry points may import from every layer: src/index.ts (`gmm-em`, what runs anywhere),
// src/jupyter.ts (`gmm-em/jupyter`, what needs a kernel or Node's files) and src/browser.ts (the
// browser build's). Packages (ml-matrix, node:fs, …) are not layers.
import * as path from "node:path";
import ts from "typescript";

export const LAYERS = ["data", "density", "em", "estimator", "figures", "display", "live", "check"] as const;
/** The files at the root of src/ that the layers may import: the errors, the input checks, the number format and reader, the words. */
export const SHARED_ROOT_FILES = ["errors.ts", "validate.ts", "format.ts", "read-number.ts", "words.ts"];
const SHARED_NAMES = SHARED_ROOT_FILES.map((f) => f.replace(/\.ts$/, ""));
/** The entry points at the root of src/: they import from every layer, and nothing imports them. */
export const ENTRY_FILES = ["index.ts", "jupyter.ts", "browser.ts"];

export interface ModuleReference {
  specifier: string;
  line: number;
  /** import / import type / export … from / import x = require / require() / import() / import("…").T */
  kind: string;
}

export interface LayerViolation {
  /** The importing file, relative to src/. */
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

function stringLiteral(node: ts.Node | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

/** Every module `source` refers to with a string literal: static, type-only, re-exports, require and import(). */
export function moduleReferences(fileName: string, source: string): ModuleReference[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: string | undefined, kind: string) => {
    if (specifier !== undefined)
      found.push({ specifier, kind, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, stringLiteral(node.moduleSpecifier), node.importClause?.isTypeOnly ? "import type" : "import");
    } else if (ts.isExportDeclaration(node)) {
      add(node, stringLiteral(node.moduleSpecifier), "export … from");
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, stringLiteral(node.moduleReference.expression), "import = require");
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(node, stringLiteral(node.arguments[0]), "import()");
      else if (ts.isIdentifier(callee) && callee.text === "require")
        add(node, stringLiteral(node.arguments[0]), "require()");
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, stringLiteral(node.argument.literal), 'import("…") type');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The layer of a path relative to src/ ("em/e-step.ts" → 2), or the name of a file at src/'s root. */
function placeOf(relativePath: string): { layer: number } | { root: string } | { unknown: string } {
  const parts = relativePath.split("/");
  const layer = (LAYERS as readonly string[]).indexOf(parts[0]);
  if (layer >= 0) return { layer }; // a file of the layer, or the folder itself (its index)
  return parts.length === 1 ? { root: parts[0] } : { unknown: parts[0] };
}

/**
 * The imports of `files` (path relative to src/ → source text) that break the layer rule. Relative
 * specifiers are resolved against the importing file; a target may be named with or without its
 * extension, or as a folder (its index).
 */
export function checkLayers(files: ReadonlyMap<string, string>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [file, source] of files) {
    const from = placeOf(file);
    if ("unknown" in from) {
      violations.push({
        file,
        line: 1,
        specifier: "",
        reason: `src/${from.unknown}/ is not a layer (${LAYERS.join(" → ")})`,
      });
      continue;
    }
    for (const ref of moduleReferences(file, source)) {
      if (!ref.specifier.startsWith(".")) continue; // a package
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.specifier));
      const report = (reason: string) =>
        violations.push({ file, line: ref.line, specifier: ref.specifier, reason: `${ref.kind}: ${reason}` });
      if (target.startsWith("..")) {
        report("reaches outside src/");
        continue;
      }
      const to = placeOf(target);
      const targetRoot = "root" in to ? to.root.replace(/(\.d)?\.(ts|js)$/, "") : undefined;
      if ("root" in from) {
        if (ENTRY_FILES.includes(from.root)) continue; // an entry point of the package: every layer
        if (from.root === "validate.ts" && targetRoot === "errors") continue;
        const readsNumbers = from.root === "format.ts" || from.root === "read-number.ts";
        if (readsNumbers && (targetRoot === "errors" || targetRoot === "validate")) continue;
        report(
          `src/${from.root} imports nothing of src/${from.root === "validate.ts" ? " but errors.ts" : readsNumbers ? " but errors.ts and validate.ts" : ""}`,
        );
        continue;
      }
      if ("root" in to) {
        if (!SHARED_NAMES.includes(targetRoot!))
          report(
            `a layer may import the shared ${SHARED_ROOT_FILES.map((f) => `src/${f}`).join(", ")}, not src/${targetRoot}`,
          );
        continue;
      }
      if ("unknown" in to) {
        report(`src/${to.unknown}/ is not a layer`);
        continue;
      }
      if (to.layer > from.layer)
        report(
          `${LAYERS[from.layer]}/ may import only from ${LAYERS.slice(0, from.layer + 1).join(", ")} (and ${SHARED_NAMES.join(", ")}), not from ${LAYERS[to.layer]}/`,
        );
    }
  }
  return violations;
}
