/**
 * Model selection by BIC (mclust's headline): fit a `GaussianMixture` for each number of
 * components and covariance type, and keep the one with the lowest BIC. AIC (−2ℓ + 2p, the same
 * parameter count p as BIC's p log n) is kept beside it: it penalises parameters less, so it
 * often picks more components.
 */

import { type DataInput, toFlatData } from "../data/input";
import { COVARIANCE_TYPES, type CovarianceType } from "../em/covariance-type";
import { GmmInputError, GmmSingularCovarianceError } from "../errors";
import { checkOptionNames, optionNames, shown } from "../validate";
import { GaussianMixture } from "./gaussian-mixture";
import type { GaussianMixtureOptions } from "./options";

export interface SelectModelOptions
  extends Omit<
    GaussianMixtureOptions,
    "nComponents" | "covarianceType" | "weightsInit" | "meansInit" | "precisionsInit"
  > {
  /** The numbers of components to try, e.g. [1, 2, …, 8]. */
  nComponents: number[];
  /** The covariance types to try (default: every `CovarianceType`, in scikit-learn's order). */
  covarianceTypes?: CovarianceType[];
}

/** One fit of the grid. */
export interface ModelSelectionRow {
  nComponents: number;
  covarianceType: CovarianceType;
  /** BIC on X, or null when the fit failed because a component collapsed (see `error`). */
  bic: number | null;
  /** AIC on X, or null when the fit failed. */
  aic: number | null;
  converged: boolean;
  nIter: number;
  /** Why the fit failed, when it did. */
  error?: string;
}

export interface ModelSelection {
  nComponents: number[];
  covarianceTypes: CovarianceType[];
  /** bic[t][c]: BIC of covarianceTypes[t] with nComponents[c] components (null: the fit failed). */
  bic: (number | null)[][];
  /** aic[t][c]: AIC of covarianceTypes[t] with nComponents[c] components (null: the fit failed). */
  aic: (number | null)[][];
  /** Every fit, covariance type by covariance type, in the order tried. */
  table: ModelSelectionRow[];
  /** The fit with the lowest BIC (the first one on a tie). */
  best: { nComponents: number; covarianceType: CovarianceType; bic: number; model: GaussianMixture };
  /** The fit with the lowest AIC (the first one on a tie). */
  bestAic: { nComponents: number; covarianceType: CovarianceType; aic: number; model: GaussianMixture };
}

const OPTION_NAMES = optionNames<SelectModelOptions>({
  nComponents: true,
  covarianceTypes: true,
  tol: true,
  regCovar: true,
  maxIter: true,
  nInit: true,
  initParams: true,
  randomState: true,
  warmStart: true,
  onIteration: true,
  threads: true,
});

/**
 * Fits every (covariance type, number of components) pair to X with the other options shared,
 * and returns the tables of BIC and AIC values and the best model by each.
 *
 *     const { best, bic } = selectModel(X, { nComponents: [1, 2, 3, 4], randomState: 0 });
 */
export function selectModel(X: DataInput, options: SelectModelOptions): ModelSelection {
  checkOptionNames("options", options, OPTION_NAMES);
  const { nComponents, covarianceTypes = [...COVARIANCE_TYPES], ...shared } = options;
  if (!Array.isArray(nComponents) || nComponents.length === 0) {
    throw new GmmInputError(
      "options.nComponents",
      "must be a non-empty array of numbers of components, e.g. [1, 2, 3]",
    );
  }
  if (!Array.isArray(covarianceTypes) || covarianceTypes.length === 0) {
    throw new GmmInputError(
      "options.covarianceTypes",
      `must be a non-empty array of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}`,
    );
  }
  const flat = toFlatData(X);
  const data = { data: flat.data, columns: flat.d };
  // Check every setting before the first (slow) fit.
  nComponents.forEach((k, i) => {
    if (typeof k !== "number" || !Number.isInteger(k) || k < 1)
      throw new GmmInputError(`options.nComponents[${i}]`, `must be an integer ≥ 1, got ${shown(k)}`);
    if (k > flat.n)
      throw new GmmInputError(`options.nComponents[${i}]`, `is ${k}, more than the ${flat.n} samples of X`);
  });
  covarianceTypes.forEach((t, i) => {
    if (!COVARIANCE_TYPES.includes(t))
      throw new GmmInputError(
        `options.covarianceTypes[${i}]`,
        `must be one of ${COVARIANCE_TYPES.join(", ")}, got ${shown(t)}`,
      );
  });
  const table: ModelSelectionRow[] = [];
  const bic: (number | null)[][] = [];
  const aic: (number | null)[][] = [];
  let best: ModelSelection["best"] | null = null;
  let bestAic: ModelSelection["bestAic"] | null = null;
  for (const covarianceType of covarianceTypes) {
    const row: (number | null)[] = [];
    const aicRow: (number | null)[] = [];
    for (const k of nComponents) {
      const model = new GaussianMixture({ ...shared, nComponents: k, covarianceType });
      try {
        model.fit(data);
      } catch (e) {
        if (!(e instanceof GmmSingularCovarianceError)) throw e;
        table.push({
          nComponents: k,
          covarianceType,
          bic: null,
          aic: null,
          converged: false,
          nIter: 0,
          error: e.message,
        });
        row.push(null);
        aicRow.push(null);
        continue;
      }
      const value = model.bic(data);
      const aicValue = model.aic(data);
      table.push({
        nComponents: k,
        covarianceType,
        bic: value,
        aic: aicValue,
        converged: model.converged,
        nIter: model.nIter,
      });
      row.push(value);
      aicRow.push(aicValue);
      if (best === null || value < best.bic) best = { nComponents: k, covarianceType, bic: value, model };
      if (bestAic === null || aicValue < bestAic.aic)
        bestAic = { nComponents: k, covarianceType, aic: aicValue, model };
    }
    bic.push(row);
    aic.push(aicRow);
  }
  if (best === null || bestAic === null) throw new GmmSingularCovarianceError(-1, 0, "every fit of the grid failed");
  return { nComponents: [...nComponents], covarianceTypes: [...covarianceTypes], bic, aic, table, best, bestAic };
}
