/**
 * Runs a check as a notebook cell does and keeps what it printed: the lines, and the function it
 * returned (the student's, or the library's).
 */
import { check } from "../../src/check/check";
import type { CheckOptions } from "../../src/check/run-check";

export type CheckName = keyof typeof check;

/** What one check printed and returned. */
export interface CheckRun {
  lines: string[];
  /** The verdict line (the first). */
  verdict: string;
  returned: unknown;
  /** How long the check took, in ms. */
  ms: number;
}

/** `check[name](f, options)`, its printed lines captured instead of shown. */
export function runChecked(name: CheckName, f: unknown, options?: CheckOptions): CheckRun {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
  const start = performance.now();
  try {
    const returned = (check[name] as (f: unknown, o?: CheckOptions) => unknown)(f, options);
    return { lines, verdict: lines[0] ?? "", returned, ms: performance.now() - start };
  } finally {
    console.log = log;
  }
}
