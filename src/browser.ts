/**
 * gmm-em in a browser: the entry of the browser build (`dist/browser/gmm-em.min.js`, the global
 * `gmmEm`) and of bundlers that follow package.json's "browser" field. The library as `index.ts`
 * exports it, name for name: there the "browser" field puts stand-ins in place of the modules that
 * need Node.js (the notebook's display functions and the page writers throw a
 * `GmmEnvironmentError` saying so; the E-step runs on the page's thread). And, for the live page's
 * script (`dist/browser/gmm-em-live.min.js`, which takes the library from `gmmEm`), its session and
 * figures.
 *
 * @packageDocumentation
 */

export * from "./index";
export * from "./live/figures";
export * from "./live/session";
