export { GmmError, GmmInputError, GmmSingularCovarianceError } from "./errors";
export type { DataInput, FlatMatrix } from "./input";
export type { GmmParams } from "./params";
export { generateData } from "./data";
export type { GenerateDataOptions } from "./data";
export { computeGauss, logGauss } from "./gauss";
export { applyGmm } from "./em";
export type { ApplyGmmOptions, ApplyGmmResult } from "./em";
export type { EmVariant } from "./estep";
export { Matrix } from "ml-matrix";
// teaching (issue 5): numpy's legacy random stream, make_blobs
export { NumpyRandomState, isotropicSingularValue } from "./numpy-random";
export type { RandomSourceName } from "./data";
export { makeBlobs } from "./blobs";
export type { Blobs, MakeBlobsOptions } from "./blobs";
export { comparisonFigure } from "./figures/compare";
export type { ComparedRun, ComparisonFigure, ComparisonFigureOptions } from "./figures/compare";
// estimator
export { GaussianMixture } from "./mixture";
export { GmmNotFittedError } from "./errors";
export type { GaussianMixtureOptions, GaussianMixtureJSON, InitParams, CovarianceArray } from "./mixture";
export type { CovarianceType } from "./mstep";
export { selectModel } from "./select-model";
export type { SelectModelOptions, ModelSelection, ModelSelectionRow } from "./select-model";
export { bicFigure } from "./figures/bic";
export type { BicFigure } from "./figures/bic";
