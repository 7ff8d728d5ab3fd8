/**
 * gmm-em: Gaussian mixture models fitted by EM. What a user or the lesson's notebook calls, layer
 * by layer as the data flow: data → density → EM → estimator → figures → display → live → check. All of it
 * runs anywhere JavaScript does (Node, Deno, a browser, a bundler's output); what needs a notebook
 * kernel or Node's files is in `gmm-em/jupyter` (src/jupyter.ts).
 *
 * @packageDocumentation
 */

// Errors: every error the library throws on purpose is a GmmError.
export type { CollapseAdvice, CollapseKind } from "./errors";
export {
  GmmEnvironmentError,
  GmmError,
  GmmInputError,
  GmmNotFittedError,
  GmmNotWrittenError,
  GmmSingularCovarianceError,
} from "./errors";

// Data: what X may be, the original's two clusters, scikit-learn's blobs, numpy's generator.
export { Matrix } from "ml-matrix";
export type { GenerateDataOptions, RandomSourceName } from "./data/generate-data";
export { checkRandomSourceName, generateData } from "./data/generate-data";
export type { DataInput, FlatMatrix } from "./data/input";
export type { Blobs, MakeBlobsOptions } from "./data/make-blobs";
export { makeBlobs } from "./data/make-blobs";
export { NumpyRandomState } from "./data/numpy-random";

// Density: one Gaussian component at the rows of X.
export { computeGauss, logGauss } from "./density/gauss";

// EM: the original's apply_gmm, every iteration kept; the same EM one step at a time.
export type { ApplyGmmOptions, ApplyGmmResult } from "./em/apply-gmm";
export { applyGmm } from "./em/apply-gmm";
export type { CovarianceArray, CovarianceType } from "./em/covariance-type";
export type { EmVariant } from "./em/e-step";
export type { EmRunOptions } from "./em/em-run";
export { EmRun } from "./em/em-run";
export type { EmHalfSteps, OneDimensionStep } from "./em/one-step";
export { emHalfSteps, oneDimensionStep } from "./em/one-step";
export type { GmmParams } from "./em/params";

// Estimator: scikit-learn's GaussianMixture, and model selection by BIC (and AIC).
export type { GaussianMixtureJSON } from "./estimator/gaussian-mixture";
export { GaussianMixture } from "./estimator/gaussian-mixture";
export type { GaussianMixtureOptions, InitParams } from "./estimator/options";
export type { ModelSelection, ModelSelectionRow, SelectModelOptions } from "./estimator/select-model";
export { selectModel } from "./estimator/select-model";

// Figures: pure functions returning Plotly figures, the traces they are made of, their words and colours.
export type { BicFigure, BicFigureOptions, BicSelection } from "./figures/bic-figure";
export { bicFigure } from "./figures/bic-figure";
export type { BoundaryFigureOptions, BoundaryPanel } from "./figures/boundary-figure";
export { boundaryFigure } from "./figures/boundary-figure";
export { COMPONENT_COLORS, componentColor, componentStyle, responsibilityColors } from "./figures/colors";
export type { CriteriaFigure, CriteriaFigureOptions } from "./figures/criteria-figure";
export { criteriaFigure } from "./figures/criteria-figure";
export type { DensityFigure, DensityFigureOptions } from "./figures/density-figure";
export { densityFigure } from "./figures/density-figure";
export type { ComparedRun, ComparisonFigure, ComparisonFigureOptions } from "./figures/comparison-figure";
export { comparisonFigure } from "./figures/comparison-figure";
export type { EllipseAxes, EllipseTraceOptions } from "./figures/ellipse";
export { ellipseAxes, ellipsePoints, ellipseTrace } from "./figures/ellipse";
export type { HalfStepsFigure, HalfStepsFigureOptions } from "./figures/half-steps-figure";
export { halfStepsFigure } from "./figures/half-steps-figure";
export type {
  IterationSliderFigure,
  IterationSliderOptions,
  IterationSource,
  PlotlySlider,
  PlotlySliderStep,
  PlotlyUpdateMenu,
} from "./figures/iteration-slider";
export { iterationSlider } from "./figures/iteration-slider";
export type { FigureLabels, FigureLocale } from "./figures/labels";
export { bilingualLabels, FIGURE_LABELS } from "./figures/labels";
export type { LowerBoundCurves, LowerBoundFigure, LowerBoundFigureOptions } from "./figures/lower-bound-figure";
export { lowerBoundCurves, lowerBoundFigure } from "./figures/lower-bound-figure";
export type { OneDimensionFigure, OneDimensionFigureOptions } from "./figures/one-dimension-figure";
export { oneDimensionFigure } from "./figures/one-dimension-figure";
export type { SamplesFigure, SamplesFigureOptions } from "./figures/samples-figure";
export { samplesFigure } from "./figures/samples-figure";
export type { DataScatterOptions, SnapshotGridOptions, SnapshotSource } from "./figures/snapshot-grid";
export { componentTraces, dataScatter, responsibilityTrace, snapshotGrid } from "./figures/snapshot-grid";
export type {
  PlotlyAnnotation,
  PlotlyAxis,
  PlotlyContourTrace,
  PlotlyFigure,
  PlotlyFigureJson,
  PlotlyFrame,
  PlotlyHistogramTrace,
  PlotlyLayout,
  PlotlyMixedFigure,
  PlotlyTrace,
} from "./figures/types";
export type { UncertaintyFigure, UncertaintyFigureOptions } from "./figures/uncertainty-figure";
export { uncertaintyFigure } from "./figures/uncertainty-figure";
export { formatNumber } from "./format";

// Display: a table as HTML, for a notebook or any page (figures, tables and the live page in a notebook: gmm-em/jupyter).
export type { HtmlTableOptions } from "./display/html";
export { htmlTable } from "./display/html";

// Live: the live page's options from the notebook's parameters (shown in a notebook by gmm-em/jupyter's showLive).
export type { NotebookParameters } from "./live/notebook-parameters";
export { liveOptionsFromNotebook } from "./live/notebook-parameters";
export type { LiveData, LiveDataKind } from "./live/live-data";
export type { LiveOptions, LiveRunOptions, LiveStart } from "./live/session";

// Check: the exercises' checks (each prints a verdict and returns the function later cells use), and the library's answers.
export { check } from "./check/check";
export { reference } from "./check/reference";
export type { CheckOptions } from "./check/run-check";
