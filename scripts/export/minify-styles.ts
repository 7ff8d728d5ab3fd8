// The exported page's stylesheets, minified and cut to what the page uses: nbconvert inlines
// JupyterLab's whole stylesheet (430 kB minified) in every page, most of it for widgets, editors
// and panels a static page never has. A selector that names a class the page does not contain
// cannot match anything in it, so it goes (csso's usage filter); a rule whose selectors all go, goes.
// The rest is minified by esbuild. The page renders the same pixels (the export's tests compare).
import { minify } from "csso";
import { transformSync } from "esbuild";

const STYLE = /(<style[^>]*>)([\s\S]*?)(<\/style>)/g;
const CLASS_IN_CSS = /\.(-?[A-Za-z_][\w-]*)/g;
const WORD = /-?[A-Za-z_][\w-]*/g;

/**
 * The class names of `css` that the page may use: those written anywhere in the page outside its
 * stylesheets (as a word of its markup or its scripts, which may add a class at run time).
 */
function classesUsed(css: string, words: ReadonlySet<string>): string[] {
  const named = new Set<string>();
  for (const m of css.matchAll(CLASS_IN_CSS)) named.add(m[1]);
  return [...named].filter((c) => words.has(c));
}

/**
 * `html` with each `<style>` element's CSS cut to the selectors whose classes occur in the page
 * (tags, ids and attribute selectors are kept whatever they name), then minified by esbuild.
 * `scriptsAddedLater`: the scripts the page gets after this; the classes they name count as used
 * (they are not searched for `<style>` elements: a script may hold one in a string).
 */
export function withMinifiedStyles(html: string, scriptsAddedLater = ""): string {
  const words = new Set(`${html.replace(STYLE, "")} ${scriptsAddedLater}`.match(WORD));
  // A stylesheet's "@charset" is ignored inside a page (the page's own encoding rules); esbuild
  // says so of JupyterLab's and drops it.
  return html.replace(STYLE, (_, open: string, css: string, close: string) => {
    const used = minify(css, { restructure: false, usage: { classes: classesUsed(css, words) } }).css;
    return open + transformSync(used, { loader: "css", minify: true, logLevel: "silent" }).code + close;
  });
}
