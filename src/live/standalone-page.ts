/**
 * The live page as one self-contained HTML file (`npm start` writes it as out/gmm-em-live.html):
 * plotly.js, the library's browser build and the live page's script inline, so that it opens from
 * a file, offline, in any browser — no Node, no Jupyter, no kernel.
 */

import { scriptJson, scriptSource } from "../display/html";
import { plotlyBundleSource } from "../display/plotly";
import { libraryBundleSource, liveBundleSource } from "./bundle-source";
import type { LiveOptions } from "./session";
import { words } from "./words";

/**
 * The page: `options` are the start it opens with (data, start, run options; by default the
 * original's data and its poor start). Its handle is `window.gmmEmLivePage` (read-only numbers
 * for tests and scripts: `snapshot()`).
 */
export function livePageHtml(options: LiveOptions = {}): string {
  const title = words("title");
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>html, body { margin: 0; background: #fff; }</style>
</head>
<body>
<main id="gmm-em-live"><p style="font: 18px sans-serif; padding: 1em;">${words("pageNoScript")}</p></main>
<script>
${scriptSource(plotlyBundleSource())}
</script>
<script>
${scriptSource(libraryBundleSource())}
</script>
<script>
${scriptSource(liveBundleSource())}
</script>
<script>
(function () {
  var root = document.getElementById("gmm-em-live");
  try {
    window.gmmEmLivePage = gmmEmLive.mountLive(root, ${scriptJson(options)});
  } catch (e) {
    root.textContent = "gmm-em live page: " + e.message;
    throw e;
  }
})();
</script>
</body>
</html>
`;
}
