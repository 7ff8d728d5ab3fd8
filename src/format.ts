/**
 * Numbers as every part of the package prints them for a reader: tables (`htmlTable`), the
 * figures' titles and hover text, the live page's readouts. One function, so that a value reads
 * the same wherever it is shown.
 */
import { GmmInputError } from "./errors";
import { checkInteger, shown } from "./validate";

/**
 * A number for a reader: fixed digits in the usual range, scientific notation for tiny or huge
 * values; ±Infinity as itself (a log-likelihood can be −Infinity). NaN or what is not a number is
 * refused: a table that shows "NaN" hides the mistake that made it.
 */
export function formatNumber(v: number, digits = 4): string {
  if (typeof v !== "number" || Number.isNaN(v)) throw new GmmInputError("v", `must be a number, got ${shown(v)}`);
  checkInteger("digits", digits, 1, 20);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}
