// The exported page's stylesheets, minified: nbconvert inlines JupyterLab's whole stylesheet, half
// a megabyte with its comments and indentation, in every page. The same rules in a fifth fewer
// bytes keep the page within its budget (test/notebook/export.test.ts).
import { transformSync } from "esbuild";

const STYLE = /(<style[^>]*>)([\s\S]*?)(<\/style>)/g;

/** `html` with each `<style>` element's CSS minified by esbuild (its rules unchanged). */
export function withMinifiedStyles(html: string): string {
  // A stylesheet's "@charset" is ignored inside a page (the page's own encoding rules); esbuild
  // says so of JupyterLab's and drops it.
  return html.replace(
    STYLE,
    (_, open: string, css: string, close: string) =>
      open + transformSync(css, { loader: "css", minify: true, logLevel: "silent" }).code + close,
  );
}
