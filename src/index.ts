/**
 * gmm-em: Gaussian mixture models fitted by EM. What a user or the lesson's notebook calls, layer
 * by layer as the data flow: data → density → EM → estimator → figures → display → live.
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
export type { GmmParams } from "./em/params";

// Estimator: scikit-learn's GaussianMixture, and model selection by BIC.
export type { GaussianMixtureJSON } from "./estimator/gaussian-mixture";
export { GaussianMixture } from "./estimator/gaussian-mixture";
export type { GaussianMixtureOptions, InitParams } from "./estimator/options";
export type { ModelSelection, ModelSelectionRow, SelectModelOptions } from "./estimator/select-model";
export { selectModel } from "./estimator/select-model";

// Figures: pure functions returning Plotly figures, the traces they are made of, their words and colours.
export type { BicFigure, BicFigureOptions } from "./figures/bic-figure";
export { bicFigure } from "./figures/bic-figure";
export type { BoundaryFigureOptions, BoundaryPanel } from "./figures/boundary-figure";
export { boundaryFigure } from "./figures/boundary-figure";
export { COMPONENT_COLORS, componentColor, componentStyle, responsibilityColors } from "./figures/colors";
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
export { bilingualLabels, FIGURE_LABELS } from "./figures/labels";
export type { DataScatterOptions, SnapshotGridOptions, SnapshotSource } from "./figures/snapshot-grid";
export { componentTraces, dataScatter, responsibilityTrace, snapshotGrid } from "./figures/snapshot-grid";
export type {
  PlotlyAnnotation,
  PlotlyAxis,
  PlotlyFigure,
  PlotlyFigureJson,
  PlotlyFrame,
  PlotlyLayout,
  PlotlyTrace,
} from "./figures/types";
export { formatNumber } from "./format";

// Display: figures and tables in a notebook (tslab's or Deno's kernel, found by itself) or any HTML page.
export type { HtmlTableOptions } from "./display/html";
export { htmlTable } from "./display/html";
export type { FigureHtmlOptions, HtmlDisplay } from "./display/plotly";
export { loadPlotly, plotlyFigureHtml, showFigure, showTable } from "./display/plotly";

// Live: EM in the page, as a notebook's output or a file of its own, from the notebook's parameters.
export { showLive } from "./live/notebook-output";
export type { NotebookParameters } from "./live/notebook-parameters";
export { liveOptionsFromNotebook } from "./live/notebook-parameters";
export type { LiveData, LiveDataKind, LiveOptions, LiveRunOptions, LiveStart } from "./live/session";
export { livePageHtml } from "./live/standalone-page";
