/**
 * gmm-em in a browser: the entry of the browser build (`dist/browser/gmm-em.min.js`, the global
 * `gmmEm`) and of bundlers that follow package.json's "browser" field. The library as `index.ts`
 * exports it, layer by layer, less what needs Node (the display helpers that read plotly.js from
 * disk for a notebook), plus the live page's model and figures. Its E-step runs on the page's thread.
 *
 * @packageDocumentation
 */

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
// Display: tables.
export { formatNumber, htmlTable } from "./display/html";
export type { ApplyGmmOptions, ApplyGmmResult } from "./em/apply-gmm";
// EM: the original's apply_gmm, every iteration kept; the same EM one step at a time.
export { applyGmm } from "./em/apply-gmm";
export type { CovarianceArray, CovarianceType } from "./em/covariance-type";
export type { EmVariant } from "./em/e-step";
export type { EmRunOptions } from "./em/em-run";
export { EmRun } from "./em/em-run";
export type { GmmParams } from "./em/params";
export type { CollapseAdvice, CollapseKind } from "./errors";
// Errors: every error the library throws on purpose is a GmmError.
export { GmmError, GmmInputError, GmmNotFittedError, GmmSingularCovarianceError } from "./errors";
export type { GaussianMixtureJSON } from "./estimator/gaussian-mixture";
// Estimator: scikit-learn's GaussianMixture, and model selection by BIC.
export { GaussianMixture } from "./estimator/gaussian-mixture";
export type { GaussianMixtureOptions, InitParams } from "./estimator/options";
export type { ModelSelection, ModelSelectionRow, SelectModelOptions } from "./estimator/select-model";
export { selectModel } from "./estimator/select-model";
export type { BicFigure, BicFigureOptions } from "./figures/bic-figure";
export { bicFigure } from "./figures/bic-figure";
export type { BoundaryFigureOptions, BoundaryPanel } from "./figures/boundary-figure";
export { boundaryFigure, decisionBoundary, hardAssignment } from "./figures/boundary-figure";
export {
  COMPONENT_COLORS,
  COMPONENT_DASHES,
  COMPONENT_SYMBOLS,
  componentColor,
  componentStyle,
  inkColor,
  NO_E_STEP_COLOR,
  responsibilityColors,
} from "./figures/colors";
export type { ComparedRun, ComparisonFigure, ComparisonFigureOptions } from "./figures/comparison-figure";
export { comparisonFigure } from "./figures/comparison-figure";
export type { EllipseAxes, EllipseTraceOptions } from "./figures/ellipse";
export { ellipseAxes, ellipsePoints, ellipseTrace } from "./figures/ellipse";
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
// Figures: pure functions returning Plotly figures, and the pieces they are made of.
export { bilingualLabels, FIGURE_LABELS } from "./figures/labels";
export type { AxisRanges } from "./figures/shared";
export { gridDomains, panelAxes, sharedRanges } from "./figures/shared";
export type { DataScatterOptions, SnapshotGridOptions, SnapshotSource } from "./figures/snapshot-grid";
export { colorKey, componentTraces, dataScatter, responsibilityTrace, snapshotGrid } from "./figures/snapshot-grid";
export type {
  PlotlyAnnotation,
  PlotlyAxis,
  PlotlyFigure,
  PlotlyFigureJson,
  PlotlyFrame,
  PlotlyLayout,
  PlotlyTrace,
} from "./figures/types";
// Live: the live page's model and figures (its script, dist/browser/gmm-em-live.min.js, runs them in
// the page: src/live/app.ts).
export type { CurveRanges, LivePlaneView } from "./live/figures";
export {
  CURVE_MARGIN,
  curveRanges,
  liveCurveLayout,
  liveCurveTraces,
  livePlaneLayout,
  livePlaneTraces,
  PLANE_MARGIN,
  planeRanges,
} from "./live/figures";
export type {
  LiveData,
  LiveDataKind,
  LiveOptions,
  LiveProblem,
  LiveRunOptions,
  LiveStart,
  LiveStatus,
} from "./live/session";
export {
  DEFAULT_RUN,
  LIVE_DATA_KINDS,
  LIVE_LIMITS,
  LiveSession,
  liveDataPoints,
  ORIGINAL_DATA,
  POOR_START,
  problemOf,
} from "./live/session";
