/**
 * scikit-learn's ConvergenceWarning, the Node way: `process.emitWarning`, which prints it once to
 * stderr and lets a program listen for it (`process.on("warning", …)`). A browser bundle has
 * `convergence-warning-browser.ts` in its place (package.json's "browser" field).
 */
export function warnNotConverged(message: string): void {
  process.emitWarning(message, { type: "ConvergenceWarning", code: "GMM_NOT_CONVERGED" });
}
