/**
 * gmm-em: Gaussian mixture models fitted by EM. The exports follow the flow of data, layer by
 * layer: data → density → EM → estimator → figures → display → live.
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
export { formatNumber, htmlTable } from "./display/html";
export type { FigureHtmlOptions, FigureStill, HtmlDisplay } from "./display/plotly";
// Display: figures and tables in a notebook (tslab) or any HTML page.
export { figureIds, loadPlotly, plotlyFigureHtml, showFigure, withFigureStill } from "./display/plotly";
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
// Live: the live page, in a notebook or a file.
export type { LiveHtmlOptions } from "./live/notebook-output";
export { liveFigureHtml, showLive } from "./live/notebook-output";
export type { LiveData, LiveDataKind, LiveOptions, LiveRunOptions, LiveStart } from "./live/session";
export type { NotebookParameters } from "./live/standalone-page";
export { liveOptionsFromNotebook, livePageHtml } from "./live/standalone-page";
