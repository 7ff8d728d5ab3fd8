/**
 * The student's function called under a time limit (Node): in a `node:vm` context with `timeout`,
 * which stops a synchronous loop. V8 ends whatever runs on the thread when the limit passes, so a
 * loop in a function defined in another context (tslab's, the notebook's) is stopped too. The
 * browser build has time-limit-browser.ts in its place (package.json's "browser" field).
 */
import * as vm from "node:vm";

/** What one call gave: its value, what it threw, or that the time limit stopped it. */
export type CallResult = { value: unknown } | { threw: unknown } | { timedOut: number };

/** Made once: the context only holds the function and its arguments while it runs. */
let context: vm.Context | null = null;

/** `f(...args)`, stopped after `timeLimit` ms (a loop, however it is written). */
export function callWithin(f: (...args: never[]) => unknown, args: unknown[], timeLimit: number): CallResult {
  context ??= vm.createContext({});
  context.f = f;
  context.args = args;
  try {
    return { value: vm.runInContext("f.apply(undefined, args)", context, { timeout: timeLimit }) };
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { timedOut: timeLimit };
    return { threw: e };
  } finally {
    context.f = undefined;
    context.args = undefined;
  }
}
