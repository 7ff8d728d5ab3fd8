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

// figures and notebook display (the notebook work)
export { snapshotGrid, dataScatter, responsibilityTrace, componentTraces, gridDomains, panelAxes } from "./figures/snapshotGrid";
export type { SnapshotSource, SnapshotGridOptions } from "./figures/snapshotGrid";
export { ellipseAxes, ellipsePoints, ellipseTrace } from "./figures/ellipse";
export type { EllipseAxes, EllipseTraceOptions } from "./figures/ellipse";
export { COMPONENT_COLORS, componentColor, inkColor, responsibilityColors } from "./figures/colors";
export { sharedRanges } from "./figures/ranges";
export type { AxisRanges } from "./figures/ranges";
export type { PlotlyFigure, PlotlyTrace, PlotlyLayout, PlotlyAxis, PlotlyAnnotation } from "./figures/types";
export { showFigure, loadPlotly, plotlyFigureHtml, plotlyBundleHtml, plotlyBundleSource, plotlyVersion } from "./display/plotly";
export type { HtmlDisplay, FigureHtmlOptions } from "./display/plotly";
export { htmlTable, formatNumber, escapeHtml, scriptJson, scriptSource } from "./display/html";

// teaching (issue 5): every iteration on a slider
export { iterationSlider, sliderTraceIndices } from "./figures/slider";
export type { IterationSource, IterationSliderOptions, IterationSliderFigure, PlotlySlider, PlotlySliderStep, PlotlyUpdateMenu } from "./figures/slider";
export type { PlotlyFrame, PlotlyFigureJson } from "./figures/types";
