import { Matrix } from "ml-matrix";
import seedrandom from "seedrandom";
import { checkInteger, checkNumber, checkOptionNames } from "./input";

export interface GenerateDataOptions {
  /** Points in cluster 1, centred at (−2, 2) (default 200). */
  nSamples1?: number;
  /** Points in cluster 2, centred at (2, −2) (default 200). */
  nSamples2?: number;
  /** Variance of cluster 1 in each coordinate (default 1). */
  variance1?: number;
  /** Variance of cluster 2 in each coordinate (default 1). */
  variance2?: number;
  /** Seed (default 42): the same options give the same matrix, bit for bit. */
  randomState?: number;
}

const OPTION_NAMES = ["nSamples1", "nSamples2", "variance1", "variance2", "randomState"] as const;

/** Standard normal draws from a uniform source, by the polar (Marsaglia) method, caching the second value. */
export function normalSource(uniform: () => number): () => number {
  let cached: number | null = null;
  return () => {
    if (cached !== null) {
      const z = cached;
      cached = null;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    cached = v * f;
    return u * f;
  };
}

/**
 * The original's `generate_data`: two isotropic 2-D Gaussian clusters, N((−2, 2), variance1·I)
 * then N((2, −2), variance2·I), as an (nSamples1 + nSamples2) × 2 Matrix, rows of cluster 1 first.
 * Seeded with seedrandom (ARC4), so identical on every run and machine.
 */
export function generateData(options: GenerateDataOptions = {}): Matrix {
  checkOptionNames("options", options, OPTION_NAMES);
  const n1 = checkInteger("options.nSamples1", options.nSamples1 ?? 200, 0);
  const n2 = checkInteger("options.nSamples2", options.nSamples2 ?? 200, 0);
  const v1 = checkNumber("options.variance1", options.variance1 ?? 1, 0);
  const v2 = checkNumber("options.variance2", options.variance2 ?? 1, 0);
  const seed = checkInteger("options.randomState", options.randomState ?? 42, 0);
  const normal = normalSource(seedrandom(`gmm-em:${seed}`));
  const X = new Matrix(n1 + n2, 2);
  const clusters = [
    { rows: n1, centre: [-2, 2], sd: Math.sqrt(v1) },
    { rows: n2, centre: [2, -2], sd: Math.sqrt(v2) },
  ];
  let i = 0;
  for (const { rows, centre, sd } of clusters) {
    for (let r = 0; r < rows; r++, i++) {
      X.set(i, 0, centre[0] + sd * normal());
      X.set(i, 1, centre[1] + sd * normal());
    }
  }
  return X;
}
