import { Matrix } from "ml-matrix";
import seedrandom from "seedrandom";
import { GmmInputError } from "../errors";
import {
  checkInteger,
  checkMemory,
  checkNumber,
  checkOptionNames,
  MATRIX_ROW_BYTES,
  optionNames,
  shown,
} from "../validate";
import { checkNumpySeed, NumpyRandomState } from "./numpy-random";

/**
 * Which random numbers: `"seedrandom"` (ARC4 via the seedrandom package, the library's own) or
 * `"numpy"` (numpy's legacy MT19937 stream, to reproduce the Python notebook's very numbers).
 */
export type RandomSourceName = "seedrandom" | "numpy";

/** Checks an `rng` option (default `"seedrandom"`). */
export function checkRandomSourceName(name: string, rng: unknown): RandomSourceName {
  if (typeof name !== "string") throw new GmmInputError("name", `must be a string, got ${shown(name)}`);
  if (rng === undefined) return "seedrandom";
  if (rng !== "seedrandom" && rng !== "numpy") {
    throw new GmmInputError(name, `must be "seedrandom" or "numpy", got ${shown(rng)}`);
  }
  return rng;
}

export interface GenerateDataOptions {
  /** Points in cluster 1, centred at (−2, 2) (default 200). */
  nSamples1?: number;
  /** Points in cluster 2, centred at (2, −2) (default 200). */
  nSamples2?: number;
  /** Variance of cluster 1 in each coordinate (default 1). */
  variance1?: number;
  /** Variance of cluster 2 in each coordinate (default 1). */
  variance2?: number;
  /**
   * Seed (default 42): the same options give the same matrix, bit for bit. With `rng: "numpy"`
   * an integer from 0 to 2³² − 1, as numpy's `np.random.seed` takes.
   */
  randomState?: number;
  /**
   * `"seedrandom"` (default) or `"numpy"`: the original's very points, identical to
   * `np.random.seed(randomState)` then two `np.random.multivariate_normal` calls (numpy's legacy
   * stream), for any seed, sizes and variances.
   */
  rng?: RandomSourceName;
}

const OPTION_NAMES = optionNames<GenerateDataOptions>({
  nSamples1: true,
  nSamples2: true,
  variance1: true,
  variance2: true,
  randomState: true,
  rng: true,
});

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
 * Seeded with seedrandom (ARC4) by default, or with numpy's legacy generator (`rng: "numpy"`);
 * either way identical on every run and machine.
 */
export function generateData(options: GenerateDataOptions = {}): Matrix {
  checkOptionNames("options", options, OPTION_NAMES);
  const n1 = checkInteger("options.nSamples1", options.nSamples1 ?? 200, 0);
  const n2 = checkInteger("options.nSamples2", options.nSamples2 ?? 200, 0);
  const v1 = checkNumber("options.variance1", options.variance1 ?? 1, 0);
  const v2 = checkNumber("options.variance2", options.variance2 ?? 1, 0);
  const rng = checkRandomSourceName("options.rng", options.rng);
  checkMemory(
    n1 >= n2 ? "options.nSamples1" : "options.nSamples2",
    (n1 + n2) * MATRIX_ROW_BYTES(2),
    `a Matrix of ${n1 + n2} points`,
    "ask for fewer points",
  );
  if (rng === "numpy") {
    const seed = checkNumpySeed("options.randomState", options.randomState ?? 42);
    return numpyGenerateData(n1, n2, v1, v2, seed);
  }
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

/** generate_data exactly as numpy runs it: seed, then cluster 1's and cluster 2's multivariate_normal. */
function numpyGenerateData(n1: number, n2: number, v1: number, v2: number, seed: number): Matrix {
  const random = new NumpyRandomState(seed);
  const cluster1 = random.multivariateNormalIsotropic([-2, 2], v1, n1);
  const cluster2 = random.multivariateNormalIsotropic([2, -2], v2, n2);
  const X = new Matrix(n1 + n2, 2);
  for (let i = 0; i < n1; i++) {
    X.set(i, 0, cluster1[2 * i]);
    X.set(i, 1, cluster1[2 * i + 1]);
  }
  for (let i = 0; i < n2; i++) {
    X.set(n1 + i, 0, cluster2[2 * i]);
    X.set(n1 + i, 1, cluster2[2 * i + 1]);
  }
  return X;
}
