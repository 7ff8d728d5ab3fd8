"""Writes an executed notebook as reveal.js slides: one HTML file, reveal.js still to be inlined.

Usage: notebook_slides.py INPUT.ipynb OUT.html NAME

nbconvert's SlidesExporter groups the cells by their metadata.slideshow (slide, subslide, fragment,
skip, notes) into reveal.js's sections, with our template (scripts/export/template/gmm-em-slides):
no network and no file:// request; reveal.js is inlined and the formulas typeset afterwards
(scripts/export/slides.ts). Before that, what is on a slide is made to fit a 1024 × 768 projector:

- a code cell of more than SHORT_CODE_LINES lines, or one that shows a figure, shows its output only;
- a figure taller or wider than a slide's room is zoomed to fit (zoom, so that the layout follows);
- a markdown cell marked `notes` that opens with a heading keeps its heading and its displayed
  formulas on a slide of its own (a slide for # and ##, a subslide for ###); its text goes to the notes;
- worked answers (<details> blocks, nbgrader's solution regions) go from a slide to its notes;
- plotly.js (the output that carries it) is taken out of its cell and put into the page once, after
  the slides, hidden, so that every figure draws whichever cells are skipped.
"""
import copy
import os
import re
import sys

import nbformat
from nbconvert import SlidesExporter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from notebook_html import TEMPLATES, page_notebook  # noqa: E402

# Code cells up to this many lines show their code; longer ones their output only.
SHORT_CODE_LINES = 4
# The room a cell's outputs may take on a 1024 × 768 slide, in CSS pixels (beside a heading or a
# few lines of the next cell); a figure gets what the cell's other outputs leave of it.
FIGURE_ROOM = (960, 620)
# About how tall the other outputs are: a line of printed text (18 px code at 1.35, wrapped at about
# 90 characters), a table's row (20 px text).
TEXT_LINE, TEXT_WIDTH, TABLE_ROW = 25, 90, 34

BUNDLE_CLASS = 'class="gmm-em-plotly-bundle"'
FIGURE = re.compile(r'<div id="[^"]*" class="gmm-em-figure" style="position:relative;width:(\d+)px;min-height:(\d+)px;')
SHOWS_FIGURE = re.compile(r"\bshow(Figure|Live)\(")
HEADING = re.compile(r"\A(#{1,6}) [^\n]*")
DISPLAYED = re.compile(r"\$\$.+?\$\$", re.S)
ANSWERS = re.compile(
    r"<details(?![^>]*gmm-em-original)[^>]*>.*?</details>|<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.S
)


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def html_of(output):
    html = output.get("data", {}).get("text/html")
    return "".join(html) if isinstance(html, list) else html


def text_of(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def height_of(output):
    """About how tall a text or table output is on a slide (a figure's: 0; it is zoomed to the room left)."""
    if output.output_type == "stream":
        lines = text_of(output.text).rstrip("\n").split("\n")
        return TEXT_LINE * sum(1 + len(line) // TEXT_WIDTH for line in lines)
    html = html_of(output) or ""
    if FIGURE.search(html):
        return 0
    return TABLE_ROW * (html.count("<tr") + html.count("<caption"))


def zoomed_figure(html, room):
    """The output's figure zoomed down to `room` (width, height), when it is larger."""
    match = FIGURE.search(html)
    if match is None:
        return html
    width, height = int(match.group(1)), int(match.group(2))
    zoom = min(1.0, room[0] / width, room[1] / height)
    if zoom == 1.0:
        return html
    return f'<div class="gmm-em-slide-zoom" style="zoom:{zoom:.3f}">{html}</div>'


def code_cell(cell, bundles):
    """The code cell as a slide shows it; the outputs carrying plotly.js go to `bundles`."""
    kept = []
    for output in cell.get("outputs", []):
        html = html_of(output)
        if html is not None and BUNDLE_CLASS in html:
            bundles.append(html)
        else:
            kept.append(output)
    room = (FIGURE_ROOM[0], FIGURE_ROOM[1] - sum(height_of(o) for o in kept))
    for output in kept:
        html = html_of(output)
        if html is not None:
            output.data["text/html"] = zoomed_figure(html, room)
    cell.outputs = kept
    lines = cell.source.strip().count("\n") + 1
    if lines > SHORT_CODE_LINES or SHOWS_FIGURE.search(cell.source):
        cell.transient = {"remove_source": True}
    return [cell]


def markdown_cell(cell):
    """The markdown cell as one or more cells: its slide's part, and what goes to the notes."""
    kind = slide_type(cell)
    if kind == "notes":
        heading = HEADING.match(cell.source)
        if heading is None:
            return [cell]
        shown = "\n\n".join([heading.group(0), *DISPLAYED.findall(cell.source)])
        level = "slide" if len(heading.group(1)) <= 2 else "subslide"
        return [nbformat.v4.new_markdown_cell(shown, metadata={"slideshow": {"slide_type": level}}), cell]
    if kind == "skip":
        return [cell]
    answers = ANSWERS.findall(cell.source)
    if not answers:
        return [cell]
    cell.source = ANSWERS.sub("", cell.source)
    notes = nbformat.v4.new_markdown_cell("\n\n".join(answers), metadata={"slideshow": {"slide_type": "notes"}})
    return [cell, notes]


def slides_notebook(nb):
    """The notebook as the slides show it, and the outputs that carry plotly.js."""
    slides = copy.deepcopy(nb)
    bundles, cells = [], []
    for cell in slides.cells:
        if cell.cell_type == "code":
            cells += code_cell(cell, bundles)
        elif cell.cell_type == "markdown":
            cells += markdown_cell(cell)
        else:
            cells.append(cell)
    for cell in cells:
        cell.pop("id", None)  # the split cells share their cell's id; the slides need none
    slides.cells = cells
    slides.nbformat_minor = 4
    return page_notebook(slides), bundles


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out_html, name = sys.argv[1:]
    nb = nbformat.read(source, as_version=4)
    nbformat.validate(nb)
    slides, bundles = slides_notebook(nb)
    # the page's own CSS (fonts that find Chinese glyphs, the formulas' layout) from its template
    exporter = SlidesExporter(
        extra_template_basedirs=[TEMPLATES],
        extra_template_paths=[os.path.join(TEMPLATES, "gmm-em")],
        template_name="gmm-em-slides",
    )
    html, _ = exporter.from_notebook_node(
        slides, resources={"metadata": {"name": name}, "gmm_em": {"plotly": "\n".join(bundles)}}
    )
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
