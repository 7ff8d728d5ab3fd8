// ml-kmeans 7 ships its types under "exports" only, which TypeScript's node10 resolution (the
// tests' type check) does not read: the one function test/estimator/lloyd.test.ts compares with.
declare module "ml-kmeans" {
  export interface KMeansResult {
    clusters: number[];
    centroids: number[][];
    converged: boolean;
    iterations: number;
  }
  export function kmeans(
    data: number[][],
    K: number,
    options: { initialization?: number[][]; maxIterations?: number; tolerance?: number },
  ): KMeansResult;
}
