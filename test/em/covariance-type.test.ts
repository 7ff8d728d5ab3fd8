// The covariance types are defined once, in COVARIANCE_FORMS (src/em/covariance-type.ts): the
// CovarianceType union beside it names the same types, every list of them in the library (the
// defaults, the messages, the test helpers) is derived from the table, and no other source file
// spells the names out as a list.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import { COVARIANCE_FORMS, COVARIANCE_TYPES } from "../../src/em/covariance-type";
import { GmmInputError } from "../../src/errors";
import { GaussianMixture } from "../../src/estimator/gaussian-mixture";
import { selectModel } from "../../src/estimator/select-model";
import { bicFigure } from "../../src/figures/bic-figure";
import { FIGURE_LABELS } from "../../src/figures/labels";
import { TYPES, threeClusters } from "../helpers/estimator";

const SRC = join(__dirname, "..", "..", "src");
const DEFINING_FILE = "em/covariance-type.ts";

/** Every .ts file under src/, by its path relative to src/ (with "/"). */
function sources(dir = SRC): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of sources(path)) files.set(k, v);
    else if (entry.name.endsWith(".ts"))
      files.set(relative(SRC, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return files;
}

/** The string literals of the `CovarianceType` union, read from the source with TypeScript's parser. */
function unionMembers(source: string): string[] {
  const file = ts.createSourceFile(DEFINING_FILE, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let members: string[] | null = null;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text === "CovarianceType") {
      assert.ok(ts.isUnionTypeNode(node.type), "CovarianceType is a union");
      members = node.type.types.map((t) => {
        assert.ok(ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal), "of string literals");
        return t.literal.text;
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(members !== null, `${DEFINING_FILE} declares type CovarianceType`);
  return members;
}

/**
 * The places where `text` spells out three or more of `names` as a list: the names one after
 * another with nothing between them but quotes, commas, bars, brackets, spaces and "or"/"and"
 * (`["a", "b", "c"]`, `"a" | "b" | "c"`, "a, b or c"). A Record keyed by the names
 * (`{ a: …, b: … }`) is not a list: the compiler keeps it complete.
 */
function spelledOutLists(text: string, names: readonly string[]): string[] {
  const word = new RegExp(`\\b(${names.join("|")})\\b`, "g");
  const separator = /^(?:[\s"'`,|[\]]|\bor\b|\band\b)*$/;
  const found: string[] = [];
  let run: { start: number; end: number; names: Set<string> } | null = null;
  const close = () => {
    if (run !== null && run.names.size >= 3) found.push(text.slice(run.start, run.end));
  };
  for (const m of text.matchAll(word)) {
    const at = m.index!;
    if (run !== null && separator.test(text.slice(run.end, at))) {
      run.names.add(m[1]);
      run.end = at + m[1].length;
    } else {
      close();
      run = { start: at, end: at + m[1].length, names: new Set([m[1]]) };
    }
  }
  close();
  return found;
}

describe("one entry per covariance type", () => {
  const types = [...COVARIANCE_TYPES];

  test("the table's keys, the CovarianceType union and COVARIANCE_TYPES name the same types, in the same order", () => {
    const union = unionMembers(readFileSync(join(SRC, DEFINING_FILE), "utf8"));
    assert.deepEqual(Object.keys(COVARIANCE_FORMS), union);
    assert.deepEqual(types, union);
    assert.ok(types.length >= 4, `${types.length} types`);
  });

  test("the test helpers' TYPES is the table's list", () => {
    assert.deepEqual([...TYPES], types);
  });

  test("selectModel tries every type of the table by default, in its order", () => {
    const s = selectModel(threeClusters(60, 3), { nComponents: [1], randomState: 0 });
    assert.deepEqual(s.covarianceTypes, types);
    assert.deepEqual(
      s.table.map((row) => row.covarianceType),
      types,
    );
  });

  test("the messages for an unknown type list the table's types", () => {
    const quoted = types.map((t) => `"${t}"`).join(", ");
    const cases: [string, () => unknown, string, string][] = [
      [
        "GaussianMixture",
        () => new GaussianMixture({ covarianceType: "tide" as never }),
        "options.covarianceType",
        `must be one of ${quoted}, got "tide"`,
      ],
      [
        "selectModel, an empty list",
        () => selectModel([[0], [1]], { nComponents: [1], covarianceTypes: [] }),
        "options.covarianceTypes",
        `must be a non-empty array of ${quoted}`,
      ],
      [
        "selectModel, an unknown type",
        () => selectModel([[0], [1]], { nComponents: [1], covarianceTypes: [types[0], "tide" as never] }),
        "options.covarianceTypes[1]",
        `must be one of ${types.join(", ")}, got "tide"`,
      ],
      [
        "bicFigure",
        () =>
          bicFigure({
            nComponents: [1],
            covarianceTypes: [types[0], "tide" as never],
            bic: [[1], [2]],
            table: [],
            best: { nComponents: 1, covarianceType: types[0], bic: 1, model: new GaussianMixture() },
          }),
        "selection.covarianceTypes[1]",
        `must be ${types.slice(0, -1).join(", ")} or ${types[types.length - 1]}, got "tide"`,
      ],
    ];
    for (const [what, run, argument, problem] of cases) {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof GmmInputError, `${what}: ${String(e)}`);
        assert.equal(e.argument, argument, what);
        assert.equal(e.message, `${argument}: ${problem}`, what);
        return true;
      });
    }
  });

  test("every type has a name in every label set, each its own", () => {
    for (const [locale, labels] of Object.entries(FIGURE_LABELS)) {
      const names = types.map((t) => labels.covarianceTypeName(t));
      assert.ok(
        names.every((n) => typeof n === "string" && n.length > 0),
        locale,
      );
      assert.equal(new Set(names).size, types.length, locale);
    }
  });

  test("spelledOutLists finds lists of the names, and not Records keyed by them nor prose about them", () => {
    const names = ["full", "tied", "diag", "spherical"];
    assert.deepEqual(spelledOutLists('const T = ["full", "tied", "diag", "spherical"];', names), [
      'full", "tied", "diag", "spherical',
    ]);
    assert.equal(spelledOutLists('type T = "full" | "tied" | "diag" | "spherical";', names).length, 1);
    assert.equal(spelledOutLists("`must be full, tied, diag or spherical, got `", names).length, 1);
    assert.equal(spelledOutLists('[\n  "tied",\n  "full",\n  "diag",\n]', names).length, 1);
    assert.equal(spelledOutLists("/** (default all four: full, tied, diag, spherical). */", names).length, 1);
    assert.deepEqual(spelledOutLists('{ full: "完全", tied: "共享", diag: "对角", spherical: "球形" }', names), []);
    assert.deepEqual(spelledOutLists("(full k × d × d, tied d × d, diag k × d, spherical k)", names), []);
    assert.deepEqual(spelledOutLists("fully tied; a diagonal and the full one", names), []);
    assert.deepEqual(spelledOutLists('["full", "diag"]', names), []);
  });

  test(`no file of src/ but ${DEFINING_FILE} spells the types out as a list`, () => {
    const files = sources();
    assert.ok(files.size > 40, `${files.size} files read`);
    // The defining file's own union is such a list: the search reads the real text.
    assert.equal(spelledOutLists(files.get(DEFINING_FILE)!, types).length, 1);
    const lists = [...files]
      .filter(([file]) => file !== DEFINING_FILE)
      .flatMap(([file, text]) => spelledOutLists(text, types).map((list) => `src/${file}: ${list}`));
    assert.deepEqual(lists, []);
  });
});
