"""Writes an executed notebook as the .ipynb a reader gets (signed trusted) and its HTML page.

Usage: notebook_html.py INPUT.ipynb OUT.ipynb OUT.html NAME

INPUT is read and validated (it may be OUT.ipynb itself); OUT.ipynb is nbformat's own writing of it, signed in the project's
Jupyter data folder (JUPYTER_DATA_DIR) so that `npm run jupyter` runs its figures without asking.
OUT.html is nbconvert's lab template without its two network/Debian scripts (require.js and
MathJax: scripts/export/template/gmm-em), titled NAME, with the markdown inside <details> read as
markdown, as Jupyter reads it; its formulas are typeset afterwards
(typeset.ts). Each file is written whole (npm start renames them into place afterwards).
"""
import copy
import os
import re
import sys

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbformat.sign import NotebookNotary

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template")


# A folded block of the markdown: its summary line, then markdown (the worked answers, the original's Python).
DETAILS = re.compile(r"(<details[^>]*>\s*<summary>.*?</summary>)(.*?)(</details>)", re.S)


def with_markdown_in_details(source):
    """nbconvert's markdown reader passes a <details> block through whole, as HTML: its body's
    markdown (paragraphs, bold, code) would show as written. Jupyter's own renderer reads it as
    markdown; so does the page, its body rendered here ($…$ kept for the typesetting)."""
    return DETAILS.sub(lambda m: m.group(1) + "\n" + markdown2html_mistune(m.group(2)) + m.group(3), source)


def page_notebook(nb):
    page = copy.deepcopy(nb)
    for cell in page.cells:
        if cell.cell_type == "markdown":
            cell.source = with_markdown_in_details(cell.source)
    return page


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    source, out_ipynb, out_html, name = sys.argv[1:]
    nb = nbformat.read(source, as_version=4)
    nbformat.validate(nb)
    exporter = HTMLExporter(extra_template_basedirs=[TEMPLATES], template_name="gmm-em")
    html, _ = exporter.from_notebook_node(page_notebook(nb), resources={"metadata": {"name": name}})
    text = nbformat.writes(nb)
    with open(out_ipynb, "w", encoding="utf-8") as f:
        f.write(text)
    NotebookNotary().sign(nb)
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
