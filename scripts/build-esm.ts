// The ES module build (npm run build, after `tsc -p tsconfig.esm.json` wrote dist/esm/): what
// tsc emits for `module: es2020`, made loadable by Node, Deno and bundlers as ES modules.
//
// - dist/esm/package.json says "type": "module", so that its .js and .d.ts files are ES modules;
//   bundlers that read only the nearest package.json (Vite's browser mapping, webpack's
//   sideEffects) find there the root package.json's "browser" swaps of dist/esm/ and its
//   "sideEffects".
// - Each relative import names its file (`./e-step` → `./e-step.js`, a folder → `./x/index.js`):
//   an ES module's import is a URL, with no extension search.
// - The few modules that use CommonJS's `require`, `__dirname` or `__filename` (the E-step's worker
//   threads, the notebook's display functions reading plotly.js and the browser build) get them
//   from `import.meta.url`. `__dirname` is the CommonJS build's folder of the same module: the
//   files a module reads beside itself (the E-step worker, dist/browser/) are the CommonJS build's,
//   which a worker thread loads on every Node version (no `require` of an ES module).

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..");
export const ESM_DIR = join(ROOT, "dist", "esm");
const CJS_DIR = join(ROOT, "dist");

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** `specifier` as an ES module's import names it: the file it resolves to, from `dir`. */
function withFile(specifier: string, dir: string, extension: ".js" | ".d.ts"): string {
  if (!specifier.startsWith(".") || /\.(js|json|css|html)$/.test(specifier)) return specifier;
  if (existsSync(join(dir, specifier + extension))) return `${specifier}.js`;
  if (existsSync(join(dir, specifier, `index${extension}`))) return `${specifier}/index.js`;
  throw new Error(`${dir}: import "${specifier}" names no file of the ES module build`);
}

/** Rewrites the specifiers of `import … from`, `export … from` and `import("…")` in `text`. */
function rewriteImports(text: string, dir: string, extension: ".js" | ".d.ts"): string {
  return text
    .replace(
      /(\b(?:from|import)\s*)(["'])(\.[^"']*)\2/g,
      (_, lead, q, s) => `${lead}${q}${withFile(s, dir, extension)}${q}`,
    )
    .replace(/(\bimport\(\s*)(["'])(\.[^"']*)\2/g, (_, lead, q, s) => `${lead}${q}${withFile(s, dir, extension)}${q}`);
}

/** CommonJS's module variables, for an ES module at `file` (see the top of this file). */
function commonJsPrelude(file: string): string {
  const cjsFile = join(CJS_DIR, relative(ESM_DIR, file));
  const fromHere = relative(dirname(file), cjsFile).split(sep).join("/");
  return [
    'import { createRequire as __createRequire } from "node:module";',
    'import { dirname as __pathDirname } from "node:path";',
    'import { fileURLToPath as __fileURLToPath } from "node:url";',
    "const require = __createRequire(import.meta.url);",
    `const __filename = __fileURLToPath(new URL(${JSON.stringify(fromHere)}, import.meta.url));`,
    "const __dirname = __pathDirname(__filename);",
    "",
  ].join("\n");
}

/** dist/esm/package.json: see the top of this file. */
function esmPackageJson(): object {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    browser: Record<string, string>;
    sideEffects: boolean;
  };
  const inEsm = (path: string) => `./${relative(ESM_DIR, join(ROOT, path)).split(sep).join("/")}`;
  const browser = Object.fromEntries(
    Object.entries(root.browser)
      .filter(([from]) => from.startsWith("./dist/esm/"))
      .map(([from, to]) => [inEsm(from), inEsm(to)]),
  );
  return { type: "module", sideEffects: root.sideEffects, browser };
}

function main(): void {
  writeFileSync(join(ESM_DIR, "package.json"), `${JSON.stringify(esmPackageJson(), null, 2)}\n`);
  for (const file of files(ESM_DIR)) {
    const extension = file.endsWith(".d.ts") ? ".d.ts" : file.endsWith(".js") ? ".js" : undefined;
    if (extension === undefined) continue;
    let text = rewriteImports(readFileSync(file, "utf8"), dirname(file), extension);
    const usesCommonJs = /\b(require|__dirname|__filename)\b/.test(text) && !text.includes("__createRequire");
    if (extension === ".js" && usesCommonJs) text = commonJsPrelude(file) + text;
    writeFileSync(file, text);
  }
}

if (require.main === module) main();
