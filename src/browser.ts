/**
 * gmm-em in a browser: the entry of the browser build (`dist/browser/gmm-em.min.js`, the global
 * `gmmEm`). The library as `index.ts` exports it, name for name (package.json's "browser" field
 * runs the E-step on the page's thread and warns on the console, where Node has worker threads and
 * process warnings). And, for the live page's script (`dist/browser/gmm-em-live.min.js`, which
 * takes the library from `gmmEm`), its session, figures and the painter of the plane's points.
 *
 * @packageDocumentation
 */

export * from "./index";
export * from "./live/dots";
export * from "./live/figures";
export * from "./live/live-data";
export * from "./live/session";
