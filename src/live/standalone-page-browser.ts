/**
 * What `standalone-page.ts` is in a browser bundle (package.json's "browser" field puts this file
 * in its place): writing the page needs Node.js (plotly.js and the browser build read from disk);
 * `livePageHtml` is here by name only and throws a `GmmEnvironmentError`.
 */
import { GmmEnvironmentError } from "../errors";
import type * as page from "./standalone-page";

export const livePageHtml: typeof page.livePageHtml = () => {
  throw new GmmEnvironmentError(
    "livePageHtml",
    "needs Node.js (it writes the page with plotly.js and the browser build read from disk)",
    "In a page, mount the live page with gmmEmLive.mountLive(element, options) (dist/browser/gmm-em-live.min.js).",
  );
};
