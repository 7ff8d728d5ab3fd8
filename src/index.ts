/**
 * gmm-em: Gaussian mixture models fitted by EM. The exports follow the flow of data, layer by
 * layer: data → density → EM → estimator → figures → display.
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

// Display: figures and tables in a notebook (tslab) or any HTML page; the live page, in a notebook or a file.
export { showFigure, loadPlotly, plotlyFigureHtml, figureIds, withFigureStill } from "./display/plotly";
export type { HtmlDisplay, FigureHtmlOptions, FigureStill } from "./display/plotly";
export { htmlTable, formatNumber } from "./display/html";
export { showLive, liveFigureHtml } from "./display/live";
export type { LiveHtmlOptions } from "./display/live";
export { livePageHtml, liveOptionsFromNotebook } from "./display/live-page";
export type { NotebookParameters } from "./display/live-page";
export type { LiveData, LiveDataKind, LiveOptions, LiveRunOptions, LiveStart } from "./display/live-session";
