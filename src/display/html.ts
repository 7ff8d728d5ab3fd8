import { escapeHtml } from "../figures/shared";
import { formatNumber } from "../format";

export { formatNumber };

/**
 * JSON that is safe inside an inline `<script>`: every `<` (so no `</script` or `<!--` can end or
 * derail the element) and the line separators U+2028/U+2029 become \u escapes, which JSON
 * strings read back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
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
  const digits = options.digits ?? 4;
  const cell = (v: string | number) => (typeof v === "number" ? formatNumber(v, digits) : escapeHtml(v));
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("\n");
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  return `<table class="gmm-em-table">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
