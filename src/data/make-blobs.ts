import { Matrix } from "ml-matrix";
import seedrandom from "seedrandom";
import { GmmInputError } from "../errors";
import {
  ARRAY_ROW_BYTES,
  checkInteger,
  checkMemory,
  checkNumber,
  checkOptionNames,
  MATRIX_ROW_BYTES,
  optionNames,
  shown,
} from "../validate";
import { checkRandomSourceName, normalSource, type RandomSourceName } from "./generate-data";
import { checkNumpySeed, NumpyRandomState } from "./numpy-random";

export interface MakeBlobsOptions {
  /**
   * Points in all (default 100), shared out as scikit-learn does: ⌊n / centres⌋ each and one
   * more to each of the first n mod centres; or an array giving each centre's count.
   */
  nSamples?: number | number[];
  /**
   * The number of centres, drawn uniformly in `centerBox` (default 3), or the centres themselves
   * (an array of points, which sets the dimension). When `nSamples` is an array, give the
   * points or nothing (one random centre per count), as scikit-learn requires.
   */
  centers?: number | number[][];
  /** Standard deviation of every cluster in each coordinate (default 1), or one per centre. */
  clusterStd?: number | number[];
  /** Dimension of the random centres (default 2); taken from `centers` when they are points. */
  nFeatures?: number;
  /** The box [low, high] per coordinate the random centres are drawn in (default [−10, 10]). */
  centerBox?: [number, number];
  /** Shuffle the rows (default true); without it, the rows come centre by centre. */
  shuffle?: boolean;
  /** Seed (default 42); with `rng: "numpy"` an integer from 0 to 2³² − 1. */
  randomState?: number;
  /**
   * `"seedrandom"` (default) or `"numpy"`: the very output of scikit-learn's
   * `make_blobs(..., random_state=randomState)` (numpy's legacy RandomState).
   */
  rng?: RandomSourceName;
}

/** What `makeBlobs` returns: the points, each point's centre, and the centres. */
export interface Blobs {
  /** nSamples × nFeatures points. */
  X: Matrix;
  /** y[i]: the index of the centre row i was drawn around. */
  y: number[];
  /** The centres, nCenters × nFeatures (drawn, or a copy of the ones given). */
  centers: number[][];
}

const OPTION_NAMES = optionNames<MakeBlobsOptions>({
  nSamples: true,
  centers: true,
  clusterStd: true,
  nFeatures: true,
  centerBox: true,
  shuffle: true,
  randomState: true,
  rng: true,
});

/** The draws makeBlobs needs; numpy's legacy RandomState or a seedrandom stream. */
interface BlobsRandom {
  uniform(low: number, high: number): number;
  normal(loc: number, scale: number): number;
  shuffle(a: number[]): void;
}

function seedrandomSource(seed: number): BlobsRandom {
  const uniform01 = seedrandom(`gmm-em:make-blobs:${seed}`);
  const standardNormal = normalSource(uniform01);
  return {
    uniform: (low, high) => low + (high - low) * uniform01(),
    normal: (loc, scale) => loc + scale * standardNormal(),
    shuffle: (a) => {
      for (let i = a.length - 1; i >= 1; i--) {
        const j = Math.floor(uniform01() * (i + 1));
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    },
  };
}

/**
 * scikit-learn's `make_blobs`: isotropic Gaussian clusters around given or random centres, for
 * examples with more than two clusters. Same options and semantics, with the library's names.
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Blobs {
  checkOptionNames("options", options, OPTION_NAMES);
  const rngName = checkRandomSourceName("options.rng", options.rng);
  const seed =
    rngName === "numpy"
      ? checkNumpySeed("options.randomState", options.randomState ?? 42)
      : checkInteger("options.randomState", options.randomState ?? 42, 0);
  const random: BlobsRandom = rngName === "numpy" ? new NumpyRandomState(seed) : seedrandomSource(seed);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean")
    throw new GmmInputError("options.shuffle", `must be true or false, got ${shown(shuffle)}`);
  const box = checkCenterBox(options.centerBox ?? [-10, 10]);

  const { nSamples, centers: centersOption } = options;
  let counts: number[] | null = null;
  if (Array.isArray(nSamples)) {
    if (nSamples.length === 0)
      throw new GmmInputError("options.nSamples", "is an empty array: give one count per centre");
    counts = nSamples.map((v, j) => checkInteger(`options.nSamples[${j}]`, v, 0));
    if (typeof centersOption === "number") {
      throw new GmmInputError(
        "options.centers",
        "must be an array of points, or left out for random ones, when nSamples is an array (as in scikit-learn)",
      );
    }
  }
  // The centres given, or how many to draw: drawn only once the memory check has passed.
  let given: number[][] | null = null;
  let nCenters: number;
  let nFeatures: number;
  if (centersOption === undefined || typeof centersOption === "number") {
    nCenters = counts !== null ? counts.length : checkInteger("options.centers", centersOption ?? 3, 1);
    nFeatures = checkInteger("options.nFeatures", options.nFeatures ?? 2, 1);
  } else {
    const centers = checkCenters(centersOption);
    given = centers;
    nCenters = centers.length;
    nFeatures = centers[0].length;
    if (options.nFeatures !== undefined && options.nFeatures !== nFeatures) {
      throw new GmmInputError(
        "options.nFeatures",
        `is ${shown(options.nFeatures)}, but the centres given have ${nFeatures} coordinates`,
      );
    }
    if (counts !== null && counts.length !== centers.length) {
      throw new GmmInputError(
        "options.centers",
        `has ${centers.length} centres, but nSamples gives ${counts.length} counts`,
      );
    }
  }
  const total =
    counts !== null ? counts.reduce((a, b) => a + b, 0) : checkInteger("options.nSamples", nSamples ?? 100, 0);
  // Checked before anything of their size is made: the counts, the centres, the points.
  checkMemory(
    nFeatures > Math.max(total, nCenters)
      ? "options.nFeatures"
      : nCenters > total
        ? "options.centers"
        : "options.nSamples",
    (total + nCenters) * ARRAY_ROW_BYTES(nFeatures) + total * (MATRIX_ROW_BYTES(nFeatures) + 16),
    `${total} points and ${nCenters} centres of dimension ${nFeatures}`,
    "ask for fewer points, centres or features",
  );
  if (counts === null)
    counts = Array.from({ length: nCenters }, (_, j) => Math.floor(total / nCenters) + (j < total % nCenters ? 1 : 0));
  const stds = checkClusterStd(options.clusterStd ?? 1, nCenters);

  const centers =
    given ??
    Array.from({ length: nCenters }, () => Array.from({ length: nFeatures }, () => random.uniform(box[0], box[1])));
  const data: number[][] = [];
  const labels: number[] = [];
  for (let j = 0; j < nCenters; j++) {
    for (let r = 0; r < counts[j]; r++) {
      const row: number[] = [];
      for (let f = 0; f < nFeatures; f++) {
        const v = random.normal(centers[j][f], stds[j]);
        if (!Number.isFinite(v)) {
          throw new GmmInputError(
            Array.isArray(options.clusterStd) ? `options.clusterStd[${j}]` : "options.clusterStd",
            `is ${stds[j]}: a point drawn around centre ${j} (${centers[j][f]} + ${stds[j]} · z) overflows (beyond 1.8e308)`,
          );
        }
        row.push(v);
      }
      data.push(row);
      labels.push(j);
    }
  }
  const order = Array.from({ length: total }, (_, i) => i);
  if (shuffle) random.shuffle(order);
  const X = new Matrix(total, nFeatures);
  const y: number[] = [];
  order.forEach((from, i) => {
    X.setRow(i, data[from]);
    y.push(labels[from]);
  });
  return { X, y, centers };
}

function checkCenterBox(box: unknown): [number, number] {
  if (!Array.isArray(box) || box.length !== 2)
    throw new GmmInputError("options.centerBox", "must be a pair [low, high]");
  const low = checkNumber("options.centerBox[0]", box[0], -Infinity);
  const high = checkNumber("options.centerBox[1]", box[1], -Infinity);
  if (low > high) throw new GmmInputError("options.centerBox", `must have low ≤ high, got [${low}, ${high}]`);
  // Centres are drawn as low + (high − low) · u; numpy refuses such a box too ("Range exceeds valid bounds").
  if (!Number.isFinite(high - low))
    throw new GmmInputError(
      "options.centerBox",
      `[${low}, ${high}] is wider than the largest double (high − low overflows)`,
    );
  return [low, high];
}

function checkCenters(centers: unknown): number[][] {
  if (!Array.isArray(centers) || centers.length === 0) {
    throw new GmmInputError(
      "options.centers",
      "must be a number of centres or a non-empty array of points (number[][])",
    );
  }
  const d = Array.isArray(centers[0]) ? centers[0].length : 0;
  return centers.map((c: unknown, j: number) => {
    if (!Array.isArray(c)) throw new GmmInputError(`options.centers[${j}]`, "must be an array of coordinates");
    if (c.length === 0 || c.length !== d) {
      throw new GmmInputError(
        `options.centers[${j}]`,
        `has ${c.length} coordinates, but centers[0] has ${d} (each centre needs the same, ≥ 1)`,
      );
    }
    return c.map((v: unknown, f: number) => checkNumber(`options.centers[${j}][${f}]`, v, -Infinity));
  });
}

function checkClusterStd(std: unknown, nCenters: number): number[] {
  if (Array.isArray(std)) {
    if (std.length !== nCenters) {
      throw new GmmInputError("options.clusterStd", `has ${std.length} values, but there are ${nCenters} centres`);
    }
    return std.map((s: unknown, j: number) => checkNumber(`options.clusterStd[${j}]`, s, 0));
  }
  const s = checkNumber("options.clusterStd", std, 0);
  return new Array<number>(nCenters).fill(s);
}
