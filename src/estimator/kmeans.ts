/**
 * K-means for the estimator's `initParams: "kmeans"` and `"k-means++"`: scikit-learn's greedy
 * k-means++ seeding drawn from the same numpy generator (so the same seeds for the same
 * `randomState`), then Lloyd's iterations (lloyd.ts) from those seeds.
 */
import type { FlatData } from "../data/input";
import type { NumpyRandomState } from "../data/numpy-random";
import { lloyd } from "./lloyd";

/** Squared norm of each row. */
function rowSquaredNorms(X: FlatData): Float64Array {
  const { n, d, data } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[i * d + c] * data[i * d + c];
    out[i] = s;
  }
  return out;
}

/** Squared distances from row `row` of X to every row, as scikit-learn forms them: |c|² − 2 c·x + |x|², clipped at 0. */
function squaredDistancesTo(X: FlatData, row: number, norms: Float64Array, out: Float64Array): void {
  const { n, d, data } = X;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += data[row * d + c] * data[i * d + c];
    const v = -2 * dot + norms[row] + norms[i];
    out[i] = Math.max(v, 0);
  }
}

/**
 * scikit-learn's `kmeans_plusplus`: the first seed uniformly, each next one the best (lowest
 * potential) of 2 + ⌊log k⌋ candidates drawn with probability ∝ squared distance to the nearest
 * seed so far. Returns the seeds' row indices.
 */
export function kmeansPlusPlus(X: FlatData, k: number, rng: NumpyRandomState): number[] {
  const { n } = X;
  const norms = rowSquaredNorms(X);
  const trials = 2 + Math.floor(Math.log(k));
  const indices: number[] = [rng.randint(n)];
  const closest = new Float64Array(n);
  squaredDistancesTo(X, indices[0], norms, closest);
  let potential = closest.reduce((a, b) => a + b, 0);
  const cumulative = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i];
    const candidates: number[] = [];
    for (let t = 0; t < trials; t++)
      candidates.push(Math.min(searchSorted(cumulative, rng.randomSample() * potential), n - 1));
    let bestPotential = Infinity,
      bestId = -1;
    for (const id of candidates) {
      squaredDistancesTo(X, id, norms, candidateDist);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        if (candidateDist[i] > closest[i]) candidateDist[i] = closest[i];
        pot += candidateDist[i];
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestId = id;
        best = candidateDist.slice();
      }
    }
    indices.push(bestId);
    potential = bestPotential;
    closest.set(best);
  }
  return indices;
}

/** First index i with sorted[i] ≥ value (numpy's `searchsorted`, side "left"). */
function searchSorted(sorted: Float64Array, value: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Labels of a k-means clustering as scikit-learn's `KMeans(n_clusters=k, n_init=1)` finds it: the
 * data centred on its mean, k-means++ seeds, then Lloyd's iterations until no centre moves (at
 * most 300, scikit-learn's default).
 */
export function kmeansLabels(X: FlatData, k: number, rng: NumpyRandomState): Int32Array {
  const { n, d, data } = X;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) centred[i * d + c] = data[i * d + c] - mean[c];
  const flat: FlatData = { data: centred, n, d };
  const seeds = kmeansPlusPlus(flat, k, rng);
  const initial = new Float64Array(k * d);
  seeds.forEach((row, j) => initial.set(centred.subarray(row * d, (row + 1) * d), j * d));
  return lloyd(flat, initial, k).labels;
}
