// What writing a page takes, loaded when a page is written: MathJax (./typeset.ts) and csso with
// esbuild (./minify-styles.ts) take about a CPU-second to load, which npm start's runs that write
// no page (`--only notebook`, `--help`, a refused value) and the tests that read its declarations
// do not pay.

export const typesetter = () => require("./typeset") as typeof import("./typeset");
export const styleCutter = () => require("./minify-styles") as typeof import("./minify-styles");
