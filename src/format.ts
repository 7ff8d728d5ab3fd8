/**
 * Numbers as every part of the package prints them for a reader: tables (`htmlTable`), the
 * figures' titles and hover text, the live page's readouts. One function, so that a value reads
 * the same wherever it is shown.
 */

/** A number for a reader: fixed digits in the usual range, scientific notation for tiny or huge values. */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(digits - 1);
  return v.toFixed(digits);
}
