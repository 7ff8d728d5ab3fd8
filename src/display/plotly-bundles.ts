/**
 * The plotly.js bundles a notebook's figures can be drawn with, and the trace types each one
 * draws (its `Plotly.PlotSchema.get().traces`, which test/display/plotly-bundles-browser.test.ts
 * checks in Chromium). The cartesian bundle is the default: the library's figures need scatter,
 * contour and histogram traces, and it has them in 1.5 MB. The full bundle (4.8 MB) draws every
 * trace type; it is an optional peer dependency, installed only by whoever asks for it.
 */
import { GmmInputError } from "../errors";
import { shown } from "../validate";

/** Which plotly.js bundle the figures are drawn with. */
export type PlotlyBundle = "cartesian" | "full";

interface BundleEntry {
  /** The npm package that holds it, and its file. */
  package: string;
  file: string;
  /** Its size in words, for the messages. */
  size: string;
  /** The trace types it draws. */
  traces: readonly string[];
}

export const PLOTLY_BUNDLES: Readonly<Record<PlotlyBundle, BundleEntry>> = {
  cartesian: {
    package: "plotly.js-cartesian-dist-min",
    file: "plotly-cartesian.min.js",
    size: "1.5 MB",
    traces: [
      "bar",
      "box",
      "contour",
      "heatmap",
      "histogram",
      "histogram2d",
      "histogram2dcontour",
      "image",
      "pie",
      "scatter",
      "scatterternary",
      "violin",
    ],
  },
  full: {
    package: "plotly.js-dist-min",
    file: "plotly.min.js",
    size: "4.8 MB",
    traces: [
      "bar",
      "barpolar",
      "box",
      "candlestick",
      "carpet",
      "choropleth",
      "choroplethmap",
      "cone",
      "contour",
      "contourcarpet",
      "densitymap",
      "funnel",
      "funnelarea",
      "heatmap",
      "histogram",
      "histogram2d",
      "histogram2dcontour",
      "icicle",
      "image",
      "indicator",
      "isosurface",
      "mesh3d",
      "ohlc",
      "parcats",
      "parcoords",
      "pie",
      "quiver",
      "sankey",
      "scatter",
      "scatter3d",
      "scattercarpet",
      "scattergeo",
      "scattergl",
      "scattermap",
      "scatterpolar",
      "scatterpolargl",
      "scattersmith",
      "scatterternary",
      "splom",
      "streamtube",
      "sunburst",
      "surface",
      "table",
      "treemap",
      "violin",
      "volume",
      "waterfall",
    ],
  },
};

export const PLOTLY_BUNDLE_NAMES = Object.keys(PLOTLY_BUNDLES) as readonly PlotlyBundle[];

/** Throws unless `bundle` (named `name`) is one of the bundles' names. */
export function checkPlotlyBundle(name: string, bundle: unknown): PlotlyBundle {
  if (!PLOTLY_BUNDLE_NAMES.includes(bundle as PlotlyBundle))
    throw new GmmInputError(
      name,
      `must be ${PLOTLY_BUNDLE_NAMES.map((b) => `"${b}"`).join(" or ")}, got ${shown(bundle)}`,
    );
  return bundle as PlotlyBundle;
}

/**
 * Throws unless every trace of `figure` (named `name`) is of a type `bundle` draws (a trace
 * without a type is a scatter, as plotly.js reads it): the error names the trace, its type and
 * the option that loads a bundle that draws it.
 */
export function checkTraceTypes(name: string, figure: { data: object[] }, bundle: PlotlyBundle): void {
  const { traces } = PLOTLY_BUNDLES[bundle];
  figure.data.forEach((trace, i) => {
    if (typeof trace !== "object" || trace === null)
      throw new GmmInputError(`${name}.data[${i}]`, `must be a trace (an object), got ${shown(trace)}`);
    const type = (trace as { type?: unknown }).type ?? "scatter";
    if (traces.includes(type as string)) return;
    const drawer = PLOTLY_BUNDLE_NAMES.find((b) => PLOTLY_BUNDLES[b].traces.includes(type as string));
    throw new GmmInputError(
      `${name}.data[${i}].type`,
      drawer === undefined
        ? `is ${shown(type)}, which no plotly.js bundle draws (${PLOTLY_BUNDLES.full.traces.length} types in the full one)`
        : `is ${shown(type)}, which plotly.js's ${bundle} bundle cannot draw: load the ${drawer} bundle first, ` +
            `loadPlotly(display, { bundle: "${drawer}" }) (npm install ${PLOTLY_BUNDLES[drawer].package})`,
    );
  });
}
