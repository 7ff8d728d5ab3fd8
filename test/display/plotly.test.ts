// Figures as HTML: a script that draws the figure with plotly.js, and plotly.js itself, inline.

import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptJson, scriptSource } from "../../src/display/html";
import {
  figureIds,
  loadPlotly,
  plotlyBundleHtml,
  plotlyFigureHtml,
  showFigure,
  showTable,
  withFigureStill,
} from "../../src/display/plotly";
import { GmmInputError } from "../../src/errors";
import { iterationSlider } from "../../src/figures/iteration-slider";
import { snapshotGrid } from "../../src/figures/snapshot-grid";
import type { PlotlyTrace } from "../../src/figures/types";
import { applyGmm, generateData, makeBlobs } from "../../src/index";

// A snapshot grid of the original's data, and a slider of k = 3 on blobs.
const HIST = [0, 1, 5, 10, 25, 40];
const X = generateData({ variance1: 3, variance2: 1 });
const start = {
  pi: [0.1, 0.9],
  mu: [
    [0.1, 0],
    [0, 0],
  ],
  Sigma: [
    [
      [0.1, 0],
      [0, 0.1],
    ],
    [
      [0.1, 0],
      [0, 0.1],
    ],
  ],
};
const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 40 });
const fig = snapshotGrid(X, result, HIST);
const blobs = makeBlobs({
  nSamples: 150,
  centers: [
    [-4, 0],
    [0, 3],
    [4, 0],
  ],
  clusterStd: 0.8,
  randomState: 3,
});
const start3 = {
  pi: [1 / 3, 1 / 3, 1 / 3],
  mu: [
    [0, 0],
    [0.5, 0],
    [1, 0],
  ],
  Sigma: [0, 1, 2].map(() => [
    [1, 0],
    [0, 1],
  ]),
};
const result3 = applyGmm(blobs.X, start3.pi, start3.mu, start3.Sigma, { maxIter: 12 });
const fig3 = iterationSlider(blobs.X, result3);

test("figure HTML: data escaped so no </script or <!-- ends the script; bundle inline, no network", () => {
  const evil = "</script><script>alert(1)</script><!--";
  const trace: PlotlyTrace = { type: "scatter", mode: "markers", x: [1], y: [2], name: evil };
  const html = plotlyFigureHtml({ data: [trace], layout: { title: { text: evil } } }, { id: "f1" });
  assert.equal(html.match(/<script/g)!.length, 1);
  assert.equal(html.match(/<\/script>/g)!.length, 1);
  assert.ok(!html.includes("<!--"));
  const json = html.slice(html.indexOf("var figure = ") + 13, html.indexOf(";\n", html.indexOf("var figure = ")));
  assert.equal(JSON.parse(json).data[0].name, evil, "the escaped JSON reads back as the same text");
  assert.equal(scriptSource('var s = "</SCRIPT>"; var c = "<!--";'), 'var s = "<\\/SCRIPT>"; var c = "<\\!--";');
  assert.equal(scriptJson("\u2028"), '"\\u2028"');
  const bundle = plotlyBundleHtml();
  assert.ok(bundle.length > 1_000_000, "plotly.js is inlined");
  assert.equal(bundle.match(/<\/script/gi)!.length, 2, "only our two script elements close");
  assert.ok(!/<script[^>]+src=/i.test(bundle), "no script is fetched (the browser test watches the network)");
  assert.ok(!plotlyFigureHtml(fig).includes("window.Plotly = Plotly"), "a figure alone does not carry plotly.js");
  assert.ok(plotlyFigureHtml(fig, { includeBundle: true }).includes("window.Plotly = Plotly"));
});

test("plotlyFigureHtml passes the frames to Plotly.newPlot", () => {
  const html = plotlyFigureHtml(fig3, { id: "slider" });
  assert.match(html, /Plotly\.newPlot\(div, \{ data: figure\.data, layout: figure\.layout, frames: figure\.frames/);
  assert.ok(html.includes('"frames":[{"name":"0"'));
});

test("plotly.js is the cartesian bundle, minified: scatter, contour, histogram, sliders, buttons and frames in about 1.5 MB", () => {
  const bundle = plotlyBundleHtml();
  assert.ok(bundle.includes("plotly.js (cartesian - minified) v4.1.1"), "plotly.js-cartesian-dist-min 4.1.1");
  assert.ok(bundle.includes("plotly.js 4.1.1 (cartesian) loaded"), "the note names the bundle");
  assert.ok(bundle.length > 1_300_000 && bundle.length < 1_700_000, `${bundle.length} characters`);
  assert.equal(plotlyBundleHtml("cartesian"), bundle);
});

test("the full bundle on request: every trace type, in about 4.8 MB; it replaces a smaller bundle already on the page", () => {
  const full = plotlyBundleHtml("full");
  assert.ok(full.includes("plotly.js v4.1.1"), "plotly.js-dist-min 4.1.1");
  assert.ok(full.length > 4_500_000 && full.length < 5_200_000, `${full.length} characters`);
  assert.match(
    full,
    /if \(!\(window\.Plotly && window\.Plotly\.newPlot\) \|\| \(window\.__gmmEmPlotly \|\| \{\}\)\.bundle !== "full"\)/,
  );
  assert.throws(
    () => plotlyBundleHtml("basic" as never),
    /^GmmInputError: bundle: must be "cartesian" or "full", got "basic"/,
  );
});

test("plotlyFigureHtml refuses a trace type its bundle cannot draw, naming the trace, the type and the option", () => {
  const surface = {
    data: [
      { type: "scatter", x: [1], y: [1] },
      { type: "surface", z: [[1]] },
    ],
    layout: {},
  };
  assert.throws(
    () => plotlyFigureHtml(surface),
    (e: unknown) =>
      e instanceof GmmInputError &&
      e.argument === "figure.data[1].type" &&
      e.message.includes(`is "surface", which plotly.js's cartesian bundle cannot draw`) &&
      e.message.includes(`loadPlotly(display, { bundle: "full" })`) &&
      e.message.includes("npm install plotly.js-dist-min"),
  );
  assert.match(plotlyFigureHtml(surface, { bundle: "full", id: "s" }), /"type":"surface"/);
  assert.throws(
    () => plotlyFigureHtml({ data: [{ type: "teapot" }], layout: {} }, { bundle: "full" }),
    /^GmmInputError: figure\.data\[0\]\.type: is "teapot", which no plotly.js bundle draws/,
  );
  // A trace without a type is a scatter, as plotly.js reads it; contours and histograms are the cartesian bundle's.
  plotlyFigureHtml({
    data: [
      { x: [1], y: [2] },
      { type: "contour", z: [[1]] },
      { type: "histogram", x: [1] },
    ],
    layout: {},
  });
  assert.throws(() => plotlyFigureHtml(surface, { bundle: "gl" as never }), /^GmmInputError: options\.bundle: must be/);
});

// A one-pixel WebP, as a still image's data: URL.
const PIXEL = "data:image/webp;base64,UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA";

test("withFigureStill puts the image (and its note) into that figure's placeholder only; the drawing script hides it once plotly.js has drawn", () => {
  const html = [plotlyFigureHtml(fig, { id: "grid" }), plotlyFigureHtml(fig3, { id: "slider" })].join("\n");
  assert.deepEqual(figureIds(html), ["grid", "slider"]);
  assert.equal(html.match(/Figure: waiting for plotly\.js/g)!.length, 2, "text where no still is");
  const withStill = withFigureStill(html, "slider", {
    src: PIXEL,
    width: 960,
    height: 560,
    alt: "EM <every> iteration",
    note: "The slider moves & plays",
  });
  assert.equal(withStill.match(/Figure: waiting for plotly\.js/g)!.length, 1, "the grid keeps its text");
  const slider = withStill.slice(withStill.indexOf('<div id="slider"'));
  assert.match(
    slider,
    /^<div id="slider" class="gmm-em-figure" style="[^"]*"><div class="gmm-em-figure-static"><img src="data:image\/webp;base64,[^"]+" width="960" height="560" alt="EM &lt;every&gt; iteration" [^>]*><p class="gmm-em-figure-note"[^>]*>The slider moves &amp; plays<\/p><\/div><\/div>\n<script/,
  );
  assert.deepEqual(figureIds(withStill), ["grid", "slider"]);
  // the script lays the placeholder over the plot while it draws, and hides it after
  assert.match(
    slider,
    /var still = div\.querySelector\("\.gmm-em-figure-static"\);\s*if \(still\) \{ still\.style\.position = 'absolute';/,
  );
  assert.match(
    slider,
    /\.then\(function \(\) \{\s*if \(still\) still\.style\.display = "none";\s*div\.setAttribute\("data-rendered", "true"\)/,
  );
});

test("withFigureStill names what is wrong: an unknown figure, a source that is not an image's data: URL, no size", () => {
  const html = plotlyFigureHtml(fig, { id: "grid" });
  const still = { src: PIXEL, width: 960, height: 700, alt: "grid" };
  assert.throws(
    () => withFigureStill(html, "other", still),
    (e: Error) => e instanceof GmmInputError && /^id: no figure with id "other"/.test(e.message),
  );
  assert.throws(
    () => withFigureStill(html, "grid", { ...still, src: "https://example.org/grid.png" }),
    (e: Error) => e instanceof GmmInputError && /^still\.src: must be a base64 data: URL/.test(e.message),
  );
  assert.throws(
    () => withFigureStill(html, "grid", { ...still, src: 'data:image/png;base64,AAAA" onerror="alert(1)' }),
    /still\.src/,
  );
  assert.throws(
    () => withFigureStill(html, "grid", { ...still, height: 0 }),
    /^GmmInputError: still\.height: must be a positive number, got 0$/,
  );
  assert.throws(() => withFigureStill("<div>no figure</div>", "grid", still), /^GmmInputError: id: no figure/);
});

test("in Deno's kernel, figures and tables go through Deno.jupyter as text/html, each sent before the call resolves", async () => {
  const sent: { bundle: Record<string, string>; options: unknown }[] = [];
  const jupyter = {
    // Deno's kernel sends asynchronously: an output counts as sent only when its promise resolves.
    display: (bundle: Record<string, string>, options: unknown) =>
      new Promise<void>((r) => setTimeout(r, 10)).then(() => {
        sent.push({ bundle, options });
      }),
  };
  const global = globalThis as { Deno?: unknown };
  global.Deno = { jupyter };
  try {
    await loadPlotly();
    assert.equal(sent.length, 1, "loadPlotly resolves once its output is sent");
    await showFigure(snapshotGrid(X, result, HIST));
    await showTable(["k", "ℓ"], [[2, -1590.3161]], { caption: "BIC", digits: 3 });
    assert.equal(sent.length, 3);
    assert.deepEqual(
      sent.map((s) => [Object.keys(s.bundle), s.options]),
      Array(3).fill([["text/html"], { raw: true }]),
      "one text/html output each, as tslab sends",
    );
    assert.ok(sent[0].bundle["text/html"].includes("window.Plotly = Plotly"), "plotly.js with loadPlotly's output");
    assert.ok(!sent[1].bundle["text/html"].includes("window.Plotly = Plotly"), "not again with the figure");
    assert.equal(figureIds(sent[1].bundle["text/html"]).length, 1);
    assert.match(sent[2].bundle["text/html"], /<caption>BIC<\/caption>.*<td>2.000<\/td><td>-1590.316<\/td>/s);
    // The cartesian bundle was sent: a 3-D surface is refused, until the full bundle is loaded.
    const surface = { data: [{ type: "surface", z: [[1, 2]] }], layout: {} };
    await assert.rejects(() => showFigure(surface), /^GmmInputError: figure\.data\[0\]\.type: is "surface"/);
    assert.equal(sent.length, 3, "nothing sent for a refused figure");
    await assert.rejects(() => loadPlotly(undefined, { bundle: "3d" as never }), /^GmmInputError: options\.bundle/);
    await assert.rejects(() => loadPlotly(undefined, { bundel: "full" } as never), /^GmmInputError: options/);
    await loadPlotly(undefined, { bundle: "full" });
    assert.ok(sent[3].bundle["text/html"].includes("plotly.js v4.1.1"), "the full bundle's output");
    await showFigure(surface);
    assert.equal(sent.length, 5);
    assert.ok(!sent[4].bundle["text/html"].includes("window.Plotly = Plotly"), "no bundle with the figure");
    // Loading the cartesian bundle after the full one does not take the full one's traces away.
    await loadPlotly(undefined, { bundle: "cartesian" });
    await showFigure(surface);
    assert.equal(sent.length, 7);
  } finally {
    delete global.Deno;
  }
});
