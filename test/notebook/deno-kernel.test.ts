// The notebook on Deno's kernel (`npm start -- --kernel deno --only notebook`): every cell runs
// without an error, every output the tslab default run has is there, what the cells printed is
// the same, character for character, and every number the figures draw is the same to 1e-12
// (Deno's V8 and Node's may round Math.sin, Math.exp… differently in the last bit).

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { useDefaultRun } from "../helpers/default-run";
import {
  checkExecuted,
  maskSeeds,
  type Notebook,
  type NotebookOutput,
  npmStart,
  readNotebook,
  removeDir,
  tempDir,
  text,
} from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });

/** What an output shows, without what differs from run to run (the figures' div ids, the checks' seeds) or what the export adds (stills). */
interface Shown {
  kind: string;
  /** Printed text, or a table's HTML. */
  text?: string;
  /** A figure's Plotly JSON, as its script holds it. */
  figure?: unknown;
  /** The output carries plotly.js, or the live page's browser build. */
  plotly?: boolean;
  live?: boolean;
}

function shown(out: NotebookOutput): Shown {
  if (out.output_type === "stream") return { kind: `stream/${out.name}`, text: maskSeeds(text(out.text)) };
  const html = text(out.data?.["text/html"]);
  const kinds = Object.keys(out.data ?? {}).sort();
  const figure = /\n {2}var figure = (.*);\n/.exec(html);
  const what: Shown = {
    kind: `${out.output_type}/${kinds.join("+")}`,
    plotly: html.includes("window.Plotly = Plotly"),
    live: html.includes('class="gmm-em-live-output"'),
  };
  if (figure) what.figure = JSON.parse(figure[1]);
  else if (html.startsWith("<table")) what.text = html;
  return what;
}

/** `actual` is `expected`, numbers within 1e-12 (relative to 1 or their size), anything else equal. */
function assertClose(actual: unknown, expected: unknown, at: string): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const ok = actual === expected || Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
    assert.ok(ok, `${at}: ${actual} against ${expected}`);
  } else if (typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null) {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), at);
    for (const [key, value] of Object.entries(expected))
      assertClose((actual as Record<string, unknown>)[key], value, `${at}.${key}`);
  } else {
    assert.deepEqual(actual, expected, at);
  }
}

const cellsShown = (nb: Notebook): Shown[][] =>
  nb.cells.filter((c) => c.cell_type === "code").map((c) => (c.outputs ?? []).map(shown));

test("the notebook on Deno's kernel: no error, every output, the same numbers and figures as on tslab", () => {
  const dir = tempDir("deno-kernel");
  try {
    const run = npmStart(["--kernel", "deno", "--only", "notebook", "--out-dir", dir]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "", "nothing on stderr (not even Deno's warning that its kernel is unstable)");
    const nb = readNotebook(join(dir, "gmm-em.ipynb"));
    checkExecuted(nb);
    assert.deepEqual(
      (nb.metadata.kernelspec as { name: string }).name,
      "deno",
      "the executed copy opens on the kernel that ran it",
    );
    const tslab = readNotebook(defaultRun().notebookPath);
    const deno = cellsShown(nb);
    const expected = cellsShown(tslab);
    assert.equal(deno.length, expected.length);
    for (const [i, outputs] of expected.entries()) {
      // Every figure, table, line printed, the plotly.js carrier and the live figure, in order.
      assertClose(
        deno[i],
        outputs,
        `code cell ${i}: ${text(tslab.cells.filter((c) => c.cell_type === "code")[i].source).split("\n")[0]}`,
      );
    }
    const figures = deno.flat().filter((o) => o.figure !== undefined).length;
    assert.ok(figures >= 9, `every figure (${figures})`);
    assert.equal(deno.flat().filter((o) => o.plotly).length, 1, "plotly.js in one output");
    assert.equal(deno.flat().filter((o) => o.live).length, 1, "the live figure");
    // The final π, μ and ℓ, as printed (the figures above hold them to the last bit).
    const final = /Final \(iteration \d+\): .*/.exec(run.stdout)?.[0];
    assert.ok(final, run.stdout);
    assert.ok(defaultRun().stdout.includes(final), `${final}\nagainst\n${defaultRun().stdout}`);
  } finally {
    removeDir(dir);
  }
});
