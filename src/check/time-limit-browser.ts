/**
 * What time-limit.ts is in a browser bundle (package.json's "browser" field puts this file in its
 * place): a page has no `node:vm`, so the student's function is called as it is, without a limit
 * (a loop hangs the page's thread, as any loop on it does).
 */

/** What one call gave: its value, what it threw, or that the time limit stopped it. */
export type CallResult = { value: unknown } | { threw: unknown } | { timedOut: number };

/** `f(...args)`; `timeLimit` is not enforced here. */
export function callWithin(f: (...args: never[]) => unknown, args: unknown[], _timeLimit: number): CallResult {
  try {
    return { value: f(...(args as never[])) };
  } catch (e) {
    return { threw: e };
  }
}
