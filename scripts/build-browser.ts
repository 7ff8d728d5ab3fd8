// The browser build (npm run build, after tsc), two minified files made by esbuild:
//
// - dist/browser/gmm-em.min.js, the library (src/browser.ts): a classic <script> defines the
//   global `gmmEm`; as an ES module (`import "./gmm-em.min.js"`) it defines `globalThis.gmmEm` too.
// - dist/browser/gmm-em-live.min.js, the live page's script (src/live/app.ts: its controls,
//   canvas, markup and style), global `gmmEmLive`. It uses the library through `gmmEm`, so load that first.
//
// No Node built-in reaches them: esbuild bundles for the browser, where package.json's "browser"
// field puts the one-thread E-step (src/em/threads-browser.ts) in place of the worker threads and a
// console warning in place of process.emitWarning, and an import of fs, os, path or worker_threads
// fails the build. ml-matrix and seedrandom come in as their own sources, so that only what the
// library uses of them is bundled (see BUNDLE_ALIASES).

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BuildOptions, build, type Metafile, type Plugin, transform } from "esbuild";

const ROOT = join(__dirname, "..");
const SRC = join(ROOT, "src");
export const BROWSER_DIR = join(ROOT, "dist", "browser");
export const LIBRARY_BUNDLE = join(BROWSER_DIR, "gmm-em.min.js");
export const LIVE_BUNDLE = join(BROWSER_DIR, "gmm-em-live.min.js");

/**
 * The live page's own files: the live bundle holds these (the app, its markup and style as text, the
 * word table, of which the library bundle has the figures' words, and the number boxes' reader), and takes everything else
 * from `gmmEm` (the session and the figures are the library's).
 */
export const LIVE_APP_MODULES = [
  ...[
    "app.ts",
    "app.html",
    "app.css",
    "canvas.ts",
    "controls.ts",
    "elements.ts",
    "markup.ts",
    "plots.ts",
    "pointer.ts",
    "readouts.ts",
    "start-table.ts",
    "words.ts",
  ].map((f) => join(SRC, "live", f)),
  join(SRC, "words.ts"),
  join(SRC, "read-number.ts"),
];

/**
 * The packages' own sources instead of their prebuilt entries: ml-matrix's ES modules (its
 * CommonJS build is one 70 kB file that cannot be tree-shaken) and seedrandom's ARC4 generator
 * alone (its index adds six other generators the library never calls).
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  "ml-matrix": join(ROOT, "node_modules", "ml-matrix", "src", "index.js"),
  seedrandom: join(ROOT, "node_modules", "seedrandom", "seedrandom.js"),
};

/**
 * An esbuild plugin for the live bundle: every import of the library (a module of src/ other than
 * the live page's own, or ml-matrix) becomes a module that re-exports the names `gmmEm` has. An
 * import of a name the library bundle does not export fails the build.
 */
function libraryFromGlobal(names: string[]): Plugin {
  const again = Symbol("resolving");
  return {
    name: "library-from-global",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === again || args.kind === "entry-point") return undefined;
        if (args.path === "ml-matrix") return { path: "gmmEm", namespace: "global" };
        const resolved = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: again,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.path.startsWith(SRC) && !LIVE_APP_MODULES.includes(resolved.path))
          return { path: "gmmEm", namespace: "global" };
        return { path: resolved.path };
      });
      b.onLoad({ filter: /.*/, namespace: "global" }, () => ({
        loader: "js",
        contents: [
          "const g = globalThis.gmmEm;",
          'if (!g) throw new Error("gmm-em-live.min.js: load gmm-em.min.js (the global gmmEm) first");',
          `export const { ${names.join(", ")} } = g;`,
        ].join("\n"),
      }));
    },
  };
}

/**
 * An esbuild plugin for the live page's markup (.html) and style (.css): each is bundled as a
 * string (esbuild's text loader), minified first. The style through esbuild's own CSS minifier;
 * the markup without its comments and the line breaks and indentation between its tags (which
 * show nothing: a space inside a line, which can, stays).
 */
function minifiedText(): Plugin {
  return {
    name: "minified-text",
    setup(b) {
      b.onLoad({ filter: /\.(html|css)$/ }, async (args) => {
        const source = readFileSync(args.path, "utf8");
        const contents = args.path.endsWith(".css")
          ? (await transform(source, { loader: "css", minify: true })).code.trim()
          : source.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s*/g, "");
        return { contents, loader: "text" };
      });
    },
  };
}

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** How every script a page inlines is bundled: one minified IIFE for browsers, kept in memory. */
export const PAGE_SCRIPT = {
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  // The words (Chinese, μ, Σ, ℓ) as UTF-8, not \u escapes: a third of the bytes. Pages declare UTF-8.
  charset: "utf8",
  legalComments: "eof",
  write: false as const,
  logLevel: "warning",
} satisfies BuildOptions;

const COMMON: BuildOptions = {
  ...PAGE_SCRIPT,
  metafile: true,
};

export const LIBRARY_OPTIONS: BuildOptions = {
  ...COMMON,
  entryPoints: [join(SRC, "browser.ts")],
  globalName: "gmmEm",
  alias: BUNDLE_ALIASES,
  banner: {
    js: `/*! gmm-em ${version()}: Gaussian mixtures fitted by EM, browser build (global gmmEm). MIT licence. */`,
  },
  // As an ES module, the top-level `var gmmEm` is the module's own: make it global there too.
  footer: { js: "globalThis.gmmEm=gmmEm;" },
};

/** The live bundle's options: `names` are the library bundle's exports (what `gmmEm` holds). */
export function liveOptions(names: string[]): BuildOptions {
  return {
    ...COMMON,
    entryPoints: [join(SRC, "live", "app.ts")],
    globalName: "gmmEmLive",
    plugins: [libraryFromGlobal(names), minifiedText()],
    banner: {
      js: `/*! gmm-em ${version()}: the live page's script (global gmmEmLive), on gmm-em.min.js. MIT licence. */`,
    },
    footer: { js: "globalThis.gmmEmLive=gmmEmLive;" },
  };
}

export interface BrowserBundle {
  text: string;
  metafile: Metafile;
}

/** The names the library bundle exports: those of src/browser.ts as tsc compiled it (npm run build runs tsc first). */
export function libraryExportNames(): string[] {
  return Object.keys(require(join(ROOT, "dist", "browser.js")) as object)
    .filter((name) => name !== "__esModule")
    .sort();
}

/** Builds both bundles (in memory). */
export async function buildBrowserBundles(): Promise<{ library: BrowserBundle; live: BrowserBundle }> {
  const library = await build(LIBRARY_OPTIONS);
  const live = await build(liveOptions(libraryExportNames()));
  return {
    library: { text: library.outputFiles![0].text, metafile: library.metafile! },
    live: { text: live.outputFiles![0].text, metafile: live.metafile! },
  };
}

/** Writes `text` to `path` whole or not at all: a temporary file beside it, renamed into place. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const remove = () => rmSync(temporary, { force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } finally {
    remove();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

const kB = (text: string) => `${(Buffer.byteLength(text) / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const { library, live } = await buildBrowserBundles();
  mkdirSync(BROWSER_DIR, { recursive: true });
  writeWhole(LIBRARY_BUNDLE, library.text);
  writeWhole(LIVE_BUNDLE, live.text);
  console.log(
    `browser build: dist/browser/gmm-em.min.js ${kB(library.text)}, dist/browser/gmm-em-live.min.js ${kB(live.text)}`,
  );
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(`npm run build: the browser build failed: ${e.message}`);
    process.exit(1);
  });
}
