// The notebook's cells as the slides take them (scripts/export/notebook_slides.py): every code and
// markdown cell says where it goes (metadata.slideshow.slide_type), so that a cell added to the
// notebook cannot be forgotten by the slides; and what must not be on a slide is not.

import assert from "node:assert/strict";
import { test } from "node:test";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import { readNotebook, text } from "../helpers/notebook";

/** reveal.js's slide types, as Jupyter's slideshow metadata names them. */
const SLIDE_TYPES = ["slide", "subslide", "fragment", "-", "skip", "notes"];

interface SlideCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { slideshow?: { slide_type?: string }; nbgrader?: { solution?: boolean } };
}

const cells = (readNotebook(NOTEBOOK).cells as unknown as SlideCell[]).filter(
  (c) => c.cell_type === "code" || c.cell_type === "markdown",
);
const where = (c: SlideCell) => `cell ${c.id} (${text(c.source).slice(0, 40).replace(/\n/g, " ")}…)`;
const kind = (c: SlideCell) => c.metadata.slideshow?.slide_type;

test("every code and markdown cell has its slide type, one of reveal.js's", () => {
  assert.ok(cells.length >= 80, `${cells.length} cells`);
  const missing = cells.filter((c) => !SLIDE_TYPES.includes(kind(c) ?? "")).map(where);
  assert.deepEqual(missing, [], "cells without metadata.slideshow.slide_type (or with an unknown one)");
  // the slideshow metadata holds the slide type only: nothing else that a front end would not know
  for (const c of cells) assert.deepEqual(Object.keys(c.metadata.slideshow ?? {}), ["slide_type"], where(c));
});

test("the slides open on the title and have a slide per section; answers, the original's Python and the live app are off the slides", () => {
  const shown = cells.filter((c) => kind(c) !== "skip" && kind(c) !== "notes");
  assert.match(text(cells[0].source), /^# /);
  assert.notEqual(kind(cells[0]), "skip", "the title is on the first slide (its heading at least)");
  const sections = cells.filter((c) => /^## /.test(text(c.source)));
  const onSlides = sections.filter((c) => kind(c) !== "skip");
  assert.ok(onSlides.length >= 12, `${onSlides.length} of ${sections.length} sections on slides`);
  for (const c of onSlides)
    assert.ok(["slide", "notes"].includes(kind(c)!), `${where(c)} starts a slide (or its heading does, as notes)`);
  for (const c of cells.filter((c) => c.metadata.nbgrader?.solution))
    assert.equal(kind(c), c.cell_type === "code" ? "skip" : "notes", `${where(c)}: an answer, at most in the notes`);
  for (const c of shown) {
    const source = text(c.source);
    assert.doesNotMatch(source, /gmm-em-original/, `${where(c)}: the original's Python stays in the notebook`);
    // the live app's markup has <section> elements of its own, which reveal.js would take for slides
    assert.doesNotMatch(source, /\bshowLive\(/, `${where(c)}: the live app opens in gmm-em-live.html`);
  }
  assert.ok(shown.length >= 40, `${shown.length} cells on slides`);
});
