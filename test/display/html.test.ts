// HTML for the notebook's outputs: tables of numbers, escaped.

import assert from "node:assert/strict";
import { test } from "node:test";
import { htmlTable } from "../../src/display/html";

test("htmlTable escapes text and formats numbers", () => {
  const t = htmlTable(
    ["a<b", "v"],
    [
      ["<i>", 0.5],
      ["x", 1e-20],
    ],
    { digits: 3, caption: "c&d" },
  );
  assert.ok(
    t.includes("<th>a&lt;b</th>") &&
      t.includes("<td>&lt;i&gt;</td>") &&
      t.includes("<td>0.500</td>") &&
      t.includes("<td>1.00e-20</td>"),
  );
  assert.ok(t.includes("<caption>c&amp;d</caption>"));
});
