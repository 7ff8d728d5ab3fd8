// ml-kmeans 7 ships its types under "exports" only, which TypeScript's node10 resolution (this
// package builds CommonJS) does not read: declare the one function used.
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
