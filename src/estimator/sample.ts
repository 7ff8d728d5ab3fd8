/**
 * Points drawn from a mixture: each point's component by its weight, then the point by the
 * component's Gaussian, x = μⱼ + L z with Σⱼ = L Lᵀ and z standard normal. `GaussianMixture.sample`
 * and the samples figure share it.
 */
import { NumpyRandomState } from "../data/numpy-random";
import { choleskyLower } from "../density/cholesky";
import type { MixtureState } from "../em/params";
import { ARRAY_ROW_BYTES, checkInteger, checkMemory } from "../validate";

/**
 * n points drawn from `state` with numpy's generator seeded by `seed`, grouped by component as
 * scikit-learn's `sample` (X, and each point's component y): the counts per component first,
 * then each component's points. The covariances must be positive definite (checked before).
 */
export function sampleMixture(
  state: MixtureState,
  n: number,
  seed: number,
  name = "n",
): { X: number[][]; y: number[] } {
  checkInteger(name, n, 1);
  const { k, d, weights, means, covariances } = state;
  checkMemory(
    name,
    n * (ARRAY_ROW_BYTES(d) + 8),
    `${n} samples of dimension ${d} (as arrays of rows)`,
    "draw them in batches",
  );
  const rng = new NumpyRandomState(seed);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const u = rng.randomSample();
    let j = 0,
      cumulative = weights[0];
    while (u >= cumulative && j < k - 1) cumulative += weights[++j];
    counts[j]++;
  }
  const X: number[][] = [];
  const y: number[] = [];
  const z = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    const L = choleskyLower(covariances, j * d * d, d)!;
    for (let s = 0; s < counts[j]; s++) {
      for (let c = 0; c < d; c++) z[c] = rng.standardNormal();
      const x = new Array<number>(d);
      for (let r = 0; r < d; r++) {
        let v = means[j * d + r];
        for (let c = 0; c <= r; c++) v += L[r * d + c] * z[c];
        x[r] = v;
      }
      X.push(x);
      y.push(j);
    }
  }
  return { X, y };
}
