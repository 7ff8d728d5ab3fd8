// Figures as HTML: a script that draws the figure with plotly.js, and plotly.js itself, inline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyGmm, generateData, makeBlobs } from "../../src/index";
import { snapshotGrid } from "../../src/figures/snapshot-grid";
import { iterationSlider } from "../../src/figures/iteration-slider";
import { PlotlyTrace } from "../../src/figures/types";
import { scriptJson, scriptSource } from "../../src/display/html";
import { plotlyFigureHtml, plotlyBundleHtml } from "../../src/display/plotly";

// A snapshot grid of the original's data, and a slider of k = 3 on blobs.
const HIST = [0, 1, 5, 10, 25, 40];
const X = generateData({ variance1: 3, variance2: 1 });
const start = { pi: [0.1, 0.9], mu: [[0.1, 0], [0, 0]], Sigma: [[[0.1, 0], [0, 0.1]], [[0.1, 0], [0, 0.1]]] };
const result = applyGmm(X, start.pi, start.mu, start.Sigma, { maxIter: 40 });
const fig = snapshotGrid(X, result, HIST);
const blobs = makeBlobs({ nSamples: 150, centers: [[-4, 0], [0, 3], [4, 0]], clusterStd: 0.8, randomState: 3 });
const start3 = {
  pi: [1 / 3, 1 / 3, 1 / 3],
  mu: [[0, 0], [0.5, 0], [1, 0]],
  Sigma: [0, 1, 2].map(() => [[1, 0], [0, 1]]),
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
