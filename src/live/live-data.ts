/**
 * The live page's data sets: which points it draws (the original's two clusters, the notebook's
 * k = 3 blobs, make_blobs around random centres), drawn by the library, and the page's limits.
 */
import type { Matrix } from "ml-matrix";
import { generateData, type RandomSourceName } from "../data/generate-data";
import { makeBlobs } from "../data/make-blobs";
import { GmmInputError } from "../errors";
import { checkInteger, shown } from "../validate";

/**
 * Where the points come from: `"original"`, the original's two clusters (numpy's very points:
 * half the points each); `"unequal"`, the same clusters with a sixth of the points in the first;
 * `"lessonBlobs"`, the notebook's k = 3 blobs (`LESSON_BLOBS`); `"blobs"`, scikit-learn's
 * `make_blobs` around `centers` random centres.
 */
export type LiveDataKind = "original" | "unequal" | "lessonBlobs" | "blobs";

export const LIVE_DATA_KINDS: readonly LiveDataKind[] = ["original", "unequal", "lessonBlobs", "blobs"];

/** The notebook's k = 3 data: its makeBlobs call (seeded with the data's seed and rng), three centres a reader can tell apart. */
export const LESSON_BLOBS: {
  readonly nSamples: number;
  readonly centers: readonly number[][];
  readonly clusterStd: number;
} = {
  nSamples: 300,
  centers: [
    [-5, -3],
    [5, -3],
    [0, 5],
  ],
  clusterStd: 1,
};

export interface LiveData {
  kind: LiveDataKind;
  /** The seed (with numpy, 0 … 2³² − 1): the original's `np.random.seed`, or make_blobs' `random_state`. */
  seed: number;
  /** The random source: numpy's legacy generator (the original's points) or seedrandom's, as the notebook's `rng`. */
  rng: RandomSourceName;
  /** Points in all. */
  nSamples: number;
  /**
   * The first cluster's points, when given ("original" and "unequal": the notebook's nSamples1);
   * null: as the kind splits them. A new nSamples or kind sets it back to null.
   */
  nSamples1: number | null;
  /** The two clusters' variances ("original" and "unequal"). */
  variance1: number;
  variance2: number;
  /** make_blobs' number of centres ("blobs"). */
  centers: number;
}

/** The page's limits, for a figure that stays quick to draw and read. */
export const LIVE_LIMITS = { nSamples: [2, 5000], k: [1, 6], centers: [1, 6], maxIter: [0, 10000] } as const;

/**
 * The data of the notebook's parameters cell: the page's default (with session.ts's POOR_START
 * and DEFAULT_RUN). npm start and the notebook's live cell give the cell's values themselves
 * (liveOptionsFromNotebook); test/live/notebook-parameters.test.ts checks these against the cell.
 */
export const LESSON_DATA: LiveData = {
  kind: "original",
  seed: 42,
  rng: "numpy",
  nSamples: 400,
  nSamples1: null,
  variance1: 3,
  variance2: 1,
  centers: 3,
};

/** The points of `data`, drawn by the library (its messages name the option at fault). */
export function liveDataPoints(data: LiveData): Matrix {
  const n = checkInteger("nSamples", data.nSamples, LIVE_LIMITS.nSamples[0]);
  if (n > LIVE_LIMITS.nSamples[1])
    throw new GmmInputError("nSamples", `is ${n}; the page draws at most ${LIVE_LIMITS.nSamples[1]} points`);
  switch (data.kind) {
    case "original":
    case "unequal": {
      const n1 = data.nSamples1 ?? (data.kind === "original" ? Math.floor(n / 2) : Math.round(n / 6));
      return generateData({
        nSamples1: n1,
        nSamples2: n - n1,
        variance1: data.variance1,
        variance2: data.variance2,
        randomState: data.seed,
        rng: data.rng,
      });
    }
    case "lessonBlobs": {
      const { centers, clusterStd } = LESSON_BLOBS;
      return makeBlobs({ nSamples: n, centers: [...centers], clusterStd, randomState: data.seed, rng: data.rng }).X;
    }
    case "blobs": {
      const c = checkInteger("options.centers", data.centers, LIVE_LIMITS.centers[0]);
      if (c > LIVE_LIMITS.centers[1])
        throw new GmmInputError("options.centers", `is ${c}; the page draws at most ${LIVE_LIMITS.centers[1]} centres`);
      return makeBlobs({ nSamples: n, centers: c, randomState: data.seed, rng: data.rng }).X;
    }
    default:
      throw new GmmInputError("kind", `must be one of ${LIVE_DATA_KINDS.join(", ")}, got ${shown(data.kind)}`);
  }
}
