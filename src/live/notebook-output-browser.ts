/**
 * What `notebook-output.ts` is in a browser bundle (package.json's "browser" field puts this file
 * in its place): the live figure's notebook output carries the browser build read from disk, which
 * needs Node.js; each function is here by name only and throws a `GmmEnvironmentError`.
 */
import { GmmEnvironmentError } from "../errors";
import type * as output from "./notebook-output";

export type { LiveHtmlOptions } from "./notebook-output";

/** A function of `notebook-output.ts` that says, when called, that it needs Node.js. */
function nodeOnly(name: string): (...args: unknown[]) => never {
  return () => {
    throw new GmmEnvironmentError(
      name,
      "needs Node.js (it writes the live figure for a notebook, with the browser build read from disk)",
      "In a page, mount the live page with gmmEmLive.mountLive(element, options) (dist/browser/gmm-em-live.min.js).",
    );
  };
}

export const liveBundleHtml: typeof output.liveBundleHtml = nodeOnly("liveBundleHtml");
export const liveFigureHtml: typeof output.liveFigureHtml = nodeOnly("liveFigureHtml");
export const showLive: typeof output.showLive = nodeOnly("showLive");
