/**
 * gmm-em in a browser: the entry of the browser build (`dist/browser/gmm-em.min.js`, the global
 * `gmmEm`) and of bundlers that follow package.json's "browser" field. The library as `index.ts`
 * exports it, layer by layer, less what needs Node (the display helpers that read plotly.js from
 * disk for a notebook), plus the live page's model and figures. Its E-step runs on the page's thread.
 *
 * @packageDocumentation
 */

// Errors: every error the library throws on purpose is a GmmError.
export { GmmError, GmmInputError, GmmSingularCovarianceError, GmmNotFittedError } from "./errors";
export type { CollapseAdvice, CollapseKind } from "./errors";

// Data: what X may be, the original's two clusters, scikit-learn's blobs, numpy's generator.
export { Matrix } from "ml-matrix";
export type { DataInput, FlatMatrix } from "./data/input";
export { generateData } from "./data/generate-data";
export { checkRandomSourceName } from "./data/generate-data";
export type { GenerateDataOptions, RandomSourceName } from "./data/generate-data";
export { makeBlobs } from "./data/make-blobs";
export type { Blobs, MakeBlobsOptions } from "./data/make-blobs";
export { NumpyRandomState } from "./data/numpy-random";

// Density: one Gaussian component at the rows of X.
export { computeGauss, logGauss } from "./density/gauss";

// EM: the original's apply_gmm, every iteration kept; the same EM one step at a time.
export { applyGmm } from "./em/apply-gmm";
export type { ApplyGmmOptions, ApplyGmmResult } from "./em/apply-gmm";
export { EmRun } from "./em/em-run";
export type { EmRunOptions } from "./em/em-run";
export type { GmmParams } from "./em/params";
export type { EmVariant } from "./em/e-step";
export type { CovarianceType, CovarianceArray } from "./em/covariance-type";

// Estimator: scikit-learn's GaussianMixture, and model selection by BIC.
export { GaussianMixture } from "./estimator/gaussian-mixture";
export type { GaussianMixtureJSON } from "./estimator/gaussian-mixture";
export type { GaussianMixtureOptions, InitParams } from "./estimator/options";
export { selectModel } from "./estimator/select-model";
export type { SelectModelOptions, ModelSelection, ModelSelectionRow } from "./estimator/select-model";

// Figures: pure functions returning Plotly figures, and the pieces they are made of.
export { FIGURE_LABELS, bilingualLabels } from "./figures/labels";
export type { FigureLabels, FigureLocale } from "./figures/labels";
export { snapshotGrid, dataScatter, responsibilityTrace, componentTraces, colorKey } from "./figures/snapshot-grid";
export type { SnapshotSource, SnapshotGridOptions, DataScatterOptions } from "./figures/snapshot-grid";
export { iterationSlider } from "./figures/iteration-slider";
export type {
  IterationSource, IterationSliderOptions, IterationSliderFigure, PlotlySlider, PlotlySliderStep, PlotlyUpdateMenu,
} from "./figures/iteration-slider";
export { comparisonFigure } from "./figures/comparison-figure";
export type { ComparedRun, ComparisonFigure, ComparisonFigureOptions } from "./figures/comparison-figure";
export { bicFigure } from "./figures/bic-figure";
export type { BicFigure, BicFigureOptions } from "./figures/bic-figure";
export { boundaryFigure, decisionBoundary, hardAssignment } from "./figures/boundary-figure";
export type { BoundaryPanel, BoundaryFigureOptions } from "./figures/boundary-figure";
export { ellipseAxes, ellipsePoints, ellipseTrace } from "./figures/ellipse";
export type { EllipseAxes, EllipseTraceOptions } from "./figures/ellipse";
export {
  COMPONENT_COLORS, COMPONENT_DASHES, COMPONENT_SYMBOLS, NO_E_STEP_COLOR, componentColor, componentStyle, inkColor, responsibilityColors,
} from "./figures/colors";
export { sharedRanges, gridDomains, panelAxes, responsibilitiesUnder } from "./figures/shared";
export type { AxisRanges } from "./figures/shared";
export type {
  PlotlyFigure, PlotlyFigureJson, PlotlyTrace, PlotlyLayout, PlotlyAxis, PlotlyAnnotation, PlotlyFrame,
} from "./figures/types";

// Display: tables, and the live page's model and figures (its script, dist/browser/gmm-em-live.min.js,
// runs them in the page: src/display/live-app.ts).
export { htmlTable, formatNumber } from "./display/html";
export {
  LiveSession, LIVE_DATA_KINDS, LIVE_LIMITS, ORIGINAL_DATA, POOR_START, DEFAULT_RUN, liveDataPoints, problemOf,
} from "./display/live-session";
export type { LiveData, LiveDataKind, LiveOptions, LiveProblem, LiveRunOptions, LiveStart, LiveStatus } from "./display/live-session";
export {
  PLANE_MARGIN, CURVE_MARGIN, planeRanges, livePlaneTraces, livePlaneLayout, liveCurveTraces, liveCurveLayout, curveRanges,
} from "./display/live-figure";
export type { LivePlaneView, CurveRanges } from "./display/live-figure";
