/**
 * Hostile calls of every function the package's entry points export, for test/hostile-inputs.test.ts
 * (which runs them in a worker with a memory limit and a clock). The callables are found at run
 * time: each entry point's exports (package.json "exports", Node's condition), each exported
 * class's constructor, public methods and static methods, and the functions inside exported
 * objects (FIGURE_LABELS' label functions). Each needs a valid call in `EXAMPLES`, which the cases
 * then spoil: an argument or a value deep inside one replaced by a hostile value, an unknown field
 * added, arguments left out, or all of them random.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "..", "..");

/** A seeded uniform source in [0, 1) (mulberry32): the same seed gives the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The package's entry points for Node: package.json "exports", each one's source file under src/. */
export function entryPoints(): { name: string; source: string }[] {
  type Target = string | { [condition: string]: Target };
  const exportsField = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Target> }
  ).exports;
  // The file Node's require() loads: the first of its conditions that applies, nested conditions followed.
  const resolve = (target: Target | undefined): string | undefined =>
    typeof target === "string" || target === undefined
      ? target
      : resolve(target.require ?? target.node ?? target.default);
  const entries: { name: string; source: string }[] = [];
  for (const [name, target] of Object.entries(exportsField)) {
    const file = resolve(target);
    const m = /^\.\/dist\/(.+)\.js$/.exec(file ?? "");
    if (m === null) continue; // package.json itself
    entries.push({ name, source: join(ROOT, "src", `${m[1]}.ts`) });
  }
  return entries;
}

/** Every src/ file, for finding where an exported class is declared. */
function sourceFiles(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The public methods of class `name` as its source declares them (TypeScript's `private` is gone at run time). */
function publicMethods(name: string): { instance: string[]; statics: string[] } {
  for (const file of sourceFiles()) {
    const text = readFileSync(file, "utf8");
    if (!text.includes(`export class ${name} `)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || statement.name?.text !== name) continue;
      const instance: string[] = [],
        statics: string[] = [];
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
        const modifiers = ts.getModifiers(member) ?? [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword))
          continue;
        (modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ? statics : instance).push(member.name.text);
      }
      return { instance, statics };
    }
  }
  throw new Error(`class ${name}: no "export class ${name}" in src/ (${relative(ROOT, join(ROOT, "src"))})`);
}

/** What a case calls: `new` a class, or a function with `this`. */
export interface Callable {
  /** "generateData", "new EmRun", "EmRun#step", "GaussianMixture.fromJSON", "FIGURE_LABELS.en.component". */
  name: string;
  call: (args: unknown[]) => unknown;
}

/** Exports that are not the package's functions to check, and why. */
const NOT_CHECKED: Record<string, string> = {
  Matrix: "ml-matrix's class, re-exported for convenience: its checks are ml-matrix's",
};

/** Whether `value` is a class (its source says so: a class cannot be called without `new`). */
function isClass(value: unknown): value is new (...args: unknown[]) => object {
  return typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
}

/** Every callable the entry points export, found at run time; `make` builds a fresh instance of a class for its methods. */
export function callables(
  modules: Record<string, unknown>[],
  make: (className: string) => object,
): { callables: Callable[]; skipped: string[] } {
  const found = new Map<string, Callable>();
  const skipped: string[] = [];
  const walkObject = (path: string, value: unknown, depth: number) => {
    if (typeof value === "function") {
      const f = value as (...a: unknown[]) => unknown;
      found.set(path, { name: path, call: (args) => f(...args) });
    } else if (typeof value === "object" && value !== null && depth < 3 && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) walkObject(`${path}.${key}`, v, depth + 1);
    }
  };
  for (const library of modules) {
    for (const [name, value] of Object.entries(library)) {
      if (name in NOT_CHECKED) {
        skipped.push(`${name}: ${NOT_CHECKED[name]}`);
        continue;
      }
      if (isClass(value)) {
        if (value.prototype instanceof Error || value === Error) {
          skipped.push(`${name}: an error class (it formats what the library gives it)`);
          continue;
        }
        const C = value;
        found.set(`new ${name}`, { name: `new ${name}`, call: (args) => new C(...args) });
        const { instance, statics } = publicMethods(name);
        for (const method of instance) {
          found.set(`${name}#${method}`, {
            name: `${name}#${method}`,
            call: (args) => {
              const object = make(name) as Record<string, (...a: unknown[]) => unknown>;
              return object[method](...args);
            },
          });
        }
        for (const method of statics) {
          const f = (C as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
          found.set(`${name}.${method}`, { name: `${name}.${method}`, call: (args) => f.apply(C, args) });
        }
      } else walkObject(name, value, 0);
    }
  }
  return { callables: [...found.values()], skipped };
}

/** Values that have broken functions before: non-finite and extreme numbers, huge counts, wrong types, numeric strings. */
export const HOSTILE: readonly (() => unknown)[] = [
  () => Number.NaN,
  () => Infinity,
  () => -Infinity,
  () => 1e308,
  () => -1e308,
  () => Number.MIN_VALUE,
  () => 2 ** 31,
  () => 1e9,
  () => 2 ** 53 + 2,
  () => 1e15,
  () => -1,
  () => 0,
  () => -0,
  () => 0.5,
  () => 3,
  () => "7",
  () => "1e3",
  () => "",
  () => "abc",
  () => " 2 ",
  () => null,
  () => undefined,
  () => true,
  () => false,
  () => ({}),
  () => [],
  () => [[]],
  () => [Number.NaN, 1],
  () => [1e308, -1e308],
  () => [[1, "2"], [3]],
  () => ({ a: { b: [null, { c: Number.NaN }] } }),
  () => Object.create(null),
  () => () => 1,
  () => 7n,
  () => Symbol("hostile"),
  () => new Float64Array(3),
  () => ({ toString: () => "7", valueOf: () => 7 }),
];

/** A hostile value. */
export function hostile(random: () => number): unknown {
  return HOSTILE[Math.floor(random() * HOSTILE.length)]();
}

/** Arrays and plain objects are walked into; anything else (a Matrix, a typed array, a function) is a leaf. */
function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return Array.isArray(v) || (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype);
}

/** A deep copy of arrays and plain objects (leaves shared): a case spoils its own copy of the example. */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (isContainer(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}

/** Every place inside `args` (paths of keys), the arguments themselves included. */
function places(
  value: unknown,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (path.length > 0) out.push(path);
  if (isContainer(value) && path.length < 6)
    for (const key of Object.keys(value)) places((value as Record<string, unknown>)[key], [...path, key], out);
  return out;
}

/** One spoiled call of `example` (args), and what was done to it. */
export function spoil(example: unknown[], random: () => number): { args: unknown[]; how: string } {
  const args = copy(example);
  const roll = random();
  if (roll < 0.35 || args.length === 0) {
    // An argument replaced (or one past the last given).
    const at = Math.floor(random() * (args.length + 1));
    args[at] = hostile(random);
    return { args, how: `argument ${at} replaced` };
  }
  if (roll < 0.8) {
    const all = places(args);
    const path = all[Math.floor(random() * all.length)];
    let parent = args as unknown as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path[path.length - 1]] = hostile(random);
    return { args, how: `${path.join(".")} replaced` };
  }
  if (roll < 0.9) {
    const objects = places(args).filter((p) => {
      let v: unknown = args;
      for (const key of p) v = (v as Record<string | number, unknown>)[key];
      return isContainer(v) && !Array.isArray(v);
    });
    if (objects.length > 0) {
      const path = objects[Math.floor(random() * objects.length)];
      let v: unknown = args;
      for (const key of path) v = (v as Record<string | number, unknown>)[key];
      (v as Record<string, unknown>).unknownField = hostile(random);
      return { args, how: `${path.join(".")}.unknownField added` };
    }
  }
  if (roll < 0.95) return { args: args.slice(0, Math.floor(random() * args.length)), how: "arguments left out" };
  return {
    args: Array.from({ length: Math.floor(random() * 4) }, () => hostile(random)),
    how: "random arguments",
  };
}

/**
 * What is wrong with a result, or null: a NaN, an infinite number where a finite one belongs,
 * or text showing NaN, undefined or an object's default string.
 */
export function malformed(value: unknown, path = "result", seen = new Set<unknown>()): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value === "string") {
    // The text a reader sees: scripts (plotly.js, the library's own build) are code, not text.
    value = value.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "<script></script>");
    const m = /NaN|undefined|\[object \w+\]/.exec(value as string);
    const text = value as string;
    return m ? `${path} shows "${m[0]}": ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}` : null;
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return null;
  // An instance of a class (a model, a run) keeps its own state: its methods' results are checked.
  const prototype = Object.getPrototypeOf(value);
  const plain = prototype === Object.prototype || prototype === Array.prototype || prototype === null;
  seen.add(value);
  if (typeof (value as { to1DArray?: unknown }).to1DArray === "function")
    return malformed(Array.from((value as { to1DArray(): number[] }).to1DArray()), path, seen);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const values = value as unknown as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `${path}[${i}] is ${values[i]}`;
    return null;
  }
  if (!plain) return null;
  for (const [key, v] of Object.entries(value)) {
    const problem = malformed(v, `${path}.${key}`, seen);
    if (problem !== null) return problem;
  }
  return null;
}

/** A value for a message: short, strings quoted, what JSON cannot show named. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol" || typeof value === "function") return String(value).slice(0, 40);
  if (typeof value === "number" || value === undefined || value === null || typeof value === "boolean")
    return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  try {
    const text = JSON.stringify(value, (_, v) =>
      typeof v === "number" && !Number.isFinite(v)
        ? String(v)
        : typeof v === "bigint" || typeof v === "symbol" || typeof v === "function"
          ? String(v)
          : v === undefined
            ? "undefined"
            : v,
    );
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
