// The export's stylesheets cut to what the page uses (scripts/export/minify-styles.ts): a selector
// naming a class the page lacks goes, everything else stays, minified.

import assert from "node:assert/strict";
import { test } from "node:test";
import { withMinifiedStyles } from "../../scripts/export/minify-styles";

const page = (css: string, body: string) => `<html><head><style>${css}</style></head><body>${body}</body></html>`;
const styleOf = (html: string) => /<style>([\s\S]*)<\/style>/.exec(html)![1];

test("a rule for a class the page lacks goes; one for a class of its markup stays", () => {
  const css = ".jp-Cell { color: red; }\n.jp-Widget { color: blue; }\n.jp-Cell .jp-Toolbar { margin: 0; }";
  const out = styleOf(withMinifiedStyles(page(css, '<div class="jp-Cell">x</div>')));
  assert.match(out, /\.jp-Cell\{color:red\}/);
  assert.doesNotMatch(out, /jp-Widget/);
  assert.doesNotMatch(out, /jp-Toolbar/, "a selector with one missing class cannot match");
});

test("of a selector list, only the selectors that can match stay", () => {
  const out = styleOf(withMinifiedStyles(page(".a, .b, p { margin: 0 }", '<p class="b">x</p>')));
  assert.equal(out.replace(/\s/g, ""), ".b,p{margin:0}");
});

test("a class a script names stays (it may be added at run time), and so do tags, ids, attributes and at-rules", () => {
  const css = [
    ".later { color: red }",
    "details > summary { cursor: pointer }",
    "#main { width: 10px }",
    "[data-jp-theme-light=true] { color: black }",
    "@media print { .later { color: black } .gone { color: green } }",
    "@font-face { font-family: X; src: local(X) }",
  ].join("\n");
  const out = styleOf(
    withMinifiedStyles(page(css, '<script>el.classList.add("later")</script><details><summary>s</summary></details>')),
  );
  for (const kept of [
    ".later{color:red}",
    "details>summary",
    "#main",
    "[data-jp-theme-light=true]",
    "@media print",
    "@font-face",
  ])
    assert.ok(out.includes(kept), `${kept} kept in ${out}`);
  assert.doesNotMatch(out, /\.gone/);
});

test("a class named only inside a stylesheet does not count as used", () => {
  const html = `<html><head><style>.x { color: red }</style><style>.y::after { content: "x" }</style></head><body>nothing here</body></html>`;
  const out = withMinifiedStyles(html);
  assert.doesNotMatch(out, /\.x\{|\.y::after/);
});

test("a class named only by a script the page gets afterwards stays", () => {
  const html = page(".present { opacity: 1 } .absent { opacity: 0 }", "<section>slide</section>");
  const out = styleOf(withMinifiedStyles(html, '<script>slide.classList.add("present")</script>'));
  assert.match(out, /\.present\{opacity:1\}/);
  assert.doesNotMatch(out, /\.absent/);
  assert.doesNotMatch(styleOf(withMinifiedStyles(html)), /\.present/, "without the script, nothing names it");
});
