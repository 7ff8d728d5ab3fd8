import { GmmInputError } from "../errors";
import { escapeHtml } from "../figures/shared";
import { formatNumber } from "../format";
import { checkParameters, is, shown } from "../validate";
import { checkPlotlyBundle } from "./plotly-bundles";

/** htmlTable's parameters: header texts, rows of texts and numbers, and its options. */
const TABLE_PARAMETERS = {
  columns: is.arrayOf(is.string),
  options: is.options({ digits: is.optional(is.integer(1, 20), 4), caption: is.optional(is.string, "") }),
};

export { formatNumber };

/**
 * JSON that is safe inside an inline `<script>`: every `<` (so no `</script` or `<!--` can end or
 * derail the element) and the line separators U+2028/U+2029 become \u escapes, which JSON
 * strings read back as the same characters.
 */
export function scriptJson(value: unknown, name = "options"): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new GmmInputError(name, `cannot be written as JSON (${(e as Error).message})`);
  }
  if (json === undefined) throw new GmmInputError(name, `cannot be written as JSON, got ${shown(value)}`);
  return json
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * JavaScript source made safe to inline in a `<script>` element: `</script` and `<!--` (which
 * would end it or switch the HTML parser into its escaped state) become `<\/script` and `<\!--`,
 * which mean the same inside the string and regular-expression literals where they can occur.
 */
export function scriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

export interface HtmlTableOptions {
  /** Digits after the decimal point of the numbers (default 4), as `formatNumber` writes them. */
  digits?: number;
  caption?: string;
}

/** A small HTML table: `columns` as headers, each row's cells as text (escaped) or numbers (to `digits`). */
export function htmlTable(columns: string[], rows: (string | number)[][], options: HtmlTableOptions = {}): string {
  const { columns: heads, options: checked } = checkParameters(TABLE_PARAMETERS, { columns, options });
  if (!Array.isArray(rows)) throw new GmmInputError("rows", `must be an array of rows, got ${shown(rows)}`);
  rows.forEach((row, r) => {
    if (!Array.isArray(row)) throw new GmmInputError(`rows[${r}]`, `must be an array of cells, got ${shown(row)}`);
    row.forEach((v, c) => {
      if (typeof v !== "string" && !(typeof v === "number" && !Number.isNaN(v)))
        throw new GmmInputError(`rows[${r}][${c}]`, `must be a string or a number, got ${shown(v)}`);
    });
  });
  const digits = checked.digits;
  const cell = (v: string | number) => (typeof v === "number" ? formatNumber(v, digits) : escapeHtml(v));
  const head = heads.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("\n");
  const caption = checked.caption ? `<caption>${escapeHtml(checked.caption)}</caption>` : "";
  return `<table class="gmm-em-table">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Throws unless `display` can show HTML (an object with an `html(text)` method, as tslab's `display`). */
export function checkDisplay(name: string, display: unknown): void {
  if (typeof display !== "object" || display === null || typeof (display as { html?: unknown }).html !== "function")
    throw new GmmInputError(name, `must have an html(text) method, as tslab.display has, got ${shown(display)}`);
}

/** Throws unless `figure` is a figure as the builders make it: { data: [...], layout: {...}, frames? }, as JSON. */
export function checkFigureJson(name: string, figure: unknown): void {
  const f = figure as { data?: unknown; layout?: unknown; frames?: unknown };
  if (typeof figure !== "object" || figure === null || !Array.isArray(f.data))
    throw new GmmInputError(name, `must be a Plotly figure { data, layout }, got ${shown(figure)}`);
  if (typeof f.layout !== "object" || f.layout === null || Array.isArray(f.layout))
    throw new GmmInputError(`${name}.layout`, `must be an object, got ${shown(f.layout)}`);
  if (f.frames !== undefined && !Array.isArray(f.frames))
    throw new GmmInputError(`${name}.frames`, `must be an array, got ${shown(f.frames)}`);
  try {
    JSON.stringify(figure);
  } catch (e) {
    throw new GmmInputError(name, `cannot be written as JSON (${(e as Error).message})`);
  }
}

const FIGURE_HTML_OPTIONS = {
  id: is.optional(is.string, undefined),
  includeBundle: is.optional(is.boolean, false),
  bundle: is.optional(checkPlotlyBundle, undefined),
};

/** Checks `plotlyFigureHtml`'s options: an id that is a string, includeBundle true or false, a bundle's name. */
export function checkFigureHtmlOptions(options: unknown): void {
  is.options(FIGURE_HTML_OPTIONS)("options", options);
}
