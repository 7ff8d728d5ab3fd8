/** scikit-learn's ConvergenceWarning in a page: on the console (a page has no `process`). */
export function warnNotConverged(message: string): void {
  console.warn(`ConvergenceWarning: ${message}`);
}
