/**
 * Lloyd's iterations of k-means on flat rows: each row to its nearest centre, each centre to the
 * mean of its rows, until no centre moves. The k-means initialisation's second half, after the
 * k-means++ seeds (kmeans.ts).
 */
import type { FlatData } from "../data/input";

/** Where Lloyd's iterations stopped: each row's centre, the centres (k × d, row-major), how many iterations. */
export interface LloydResult {
  labels: Int32Array;
  centres: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Each row's nearest centre by squared Euclidean distance; on a tie the lower index, as
 * `argmin` takes it. Writes into `labels`.
 */
export function assignToNearest(X: FlatData, centres: Float64Array, k: number, labels: Int32Array): void {
  const { n, d, data } = X;
  for (let i = 0; i < n; i++) {
    let best = 0,
      bestDistance = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const diff = data[i * d + c] - centres[j * d + c];
        s += diff * diff;
      }
      if (s < bestDistance) {
        bestDistance = s;
        best = j;
      }
    }
    labels[i] = best;
  }
}

/**
 * The mean of each centre's rows, summed in row order; a centre that no row chose stays where it
 * was (`previous`).
 */
export function centreMeans(X: FlatData, labels: Int32Array, previous: Float64Array, k: number): Float64Array {
  const { n, d, data } = X;
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const j = labels[i];
    counts[j]++;
    for (let c = 0; c < d; c++) sums[j * d + c] += data[i * d + c];
  }
  for (let j = 0; j < k; j++)
    for (let c = 0; c < d; c++) sums[j * d + c] = counts[j] > 0 ? sums[j * d + c] / counts[j] : previous[j * d + c];
  return sums;
}

/** Whether some centre moved at all (a squared distance above 0) from `before` to `after`. */
function moved(before: Float64Array, after: Float64Array): boolean {
  for (let i = 0; i < before.length; i++) if (after[i] - before[i] > 0 || before[i] - after[i] > 0) return true;
  return false;
}

/**
 * Lloyd's iterations from `initial` centres (k × d, row-major) until no centre moves, at most
 * `maxIterations` (scikit-learn's default 300). The labels are those of the last assignment: when
 * converged, each row's nearest of the final centres.
 */
export function lloyd(X: FlatData, initial: Float64Array, k: number, maxIterations = 300): LloydResult {
  const labels = new Int32Array(X.n);
  let centres: Float64Array = initial.slice();
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    assignToNearest(X, centres, k, labels);
    const next = centreMeans(X, labels, centres, k);
    const stillMoving = moved(centres, next);
    centres = next;
    if (!stillMoving) return { labels, centres, iterations: iteration, converged: true };
  }
  return { labels, centres, iterations: maxIterations, converged: false };
}
