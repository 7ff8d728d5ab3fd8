"""Writes an executed notebook as the .ipynb a reader gets (signed trusted) and its HTML page.

Usage: notebook_html.py INPUT.ipynb OUT.ipynb OUT.html

INPUT is read and validated; OUT.ipynb is nbformat's own writing of it, signed in the project's
Jupyter data folder (JUPYTER_DATA_DIR) so that `npm run jupyter` runs its figures without asking.
OUT.html is nbconvert's lab template without its two network/Debian scripts (require.js and
MathJax: scripts/export/template/gmm-em); its formulas are typeset afterwards (typeset.ts).
"""
import os
import sys

import nbformat
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, out_ipynb, out_html = sys.argv[1:]
    nb = nbformat.read(source, as_version=4)
    nbformat.validate(nb)
    name = os.path.splitext(os.path.basename(out_ipynb))[0]  # the page's title
    nbformat.write(nb, out_ipynb)
    NotebookNotary().sign(nb)
    exporter = HTMLExporter(extra_template_basedirs=[TEMPLATES], template_name="gmm-em")
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
