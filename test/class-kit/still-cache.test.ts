// The stills the teacher's export draws, reused by the students' export (scripts/export/still-cache.ts):
// the same figure of another run (other ids) is found; a figure found is not drawn again.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Browser } from "playwright-core";
import { addFigureStills, type NotebookJson } from "../../scripts/export/figure-stills";
import { type DrawnStill, StillCache, stillKey } from "../../scripts/export/still-cache";
import { figureIds, plotlyFigureHtml } from "../../src/display/plotly";

test("stillKey: the ids a run gives its figures and live figure are numbered by their order; anything else tells two outputs apart", () => {
  const one =
    '<div id="gmm-em-figure-28051-mxdeb1z1-0"></div><script>draw("gmm-em-figure-28051-mxdeb1z1-0", [1, 2])</script>';
  const other = one.split("28051-mxdeb1z1-0").join("28014-mxdeazrf-7");
  assert.notEqual(one, other);
  assert.equal(stillKey(one), stillKey(other));
  assert.equal(stillKey(one), '<div id="gmm-em-still-0"></div><script>draw("gmm-em-still-0", [1, 2])</script>');
  assert.notEqual(stillKey(one), stillKey(other.replace("[1, 2]", "[1, 3]")), "other data: another figure");
  assert.equal(
    stillKey('<div id="gmm-em-live-mxdebm6z-0"></div>'),
    stillKey('<div id="gmm-em-live-mxdebkpy-3"></div>'),
  );
});

test("addFigureStills with a cache: a figure drawn by an earlier export gets that still, without a browser page", async () => {
  const figure = (id: string) =>
    plotlyFigureHtml({ data: [{ x: [1, 2], y: [3, 4], type: "scatter" }], layout: {} }, { id });
  const notebook = (id: string): NotebookJson => ({
    cells: [{ cell_type: "code", outputs: [{ output_type: "display_data", data: { "text/html": figure(id) } }] }],
  });
  const teachers = notebook("gmm-em-figure-1-aaaa-0");
  const cache = new StillCache();
  const still: DrawnStill = {
    src: "data:image/webp;base64,AAAA",
    width: 300,
    height: 200,
    alt: "A (still image)",
    title: "A",
    slider: false,
  };
  cache.keepFigures(String(teachers.cells[0].outputs![0].data!["text/html"]), [still]);
  const noBrowser = { newPage: () => assert.fail("nothing to draw") } as unknown as Browser;
  const students = notebook("gmm-em-figure-2-bbbb-0");
  const { notebook: out, stills } = await addFigureStills(students, noBrowser, { cache });
  const html = String(out.cells[0].outputs![0].data!["text/html"]);
  assert.ok(html.includes('src="data:image/webp;base64,AAAA"'), "the teacher's still, in the student's figure");
  assert.deepEqual(figureIds(html), ["gmm-em-figure-2-bbbb-0"], "under the student's own id");
  assert.deepEqual(
    stills.map((s) => [s.id, s.title, s.bytes]),
    [["gmm-em-figure-2-bbbb-0", "A", 3]],
  );
  // Another figure is not in the cache: it is drawn (here: asked of the browser).
  const otherFigure: NotebookJson = {
    cells: [
      {
        cell_type: "code",
        outputs: [
          {
            output_type: "display_data",
            data: { "text/html": figure("gmm-em-figure-3-cccc-0").replace("[3,4]", "[3,5]") },
          },
        ],
      },
    ],
  };
  await assert.rejects(addFigureStills(otherFigure, noBrowser, { cache }), /nothing to draw/);
});
