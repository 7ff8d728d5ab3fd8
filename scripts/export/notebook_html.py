"""Writes an executed notebook as the .ipynb a reader gets (signed trusted) and its HTML page.

Usage: notebook_html.py INPUT.ipynb OUT.ipynb OUT.html NAME

INPUT is read and validated (it may be OUT.ipynb itself); OUT.ipynb is nbformat's own writing of it, signed in the project's
Jupyter data folder (JUPYTER_DATA_DIR) so that `npm run jupyter` runs its figures without asking.
OUT.html is nbconvert's lab template without its two network/Debian scripts (require.js and
MathJax: scripts/export/template/gmm-em), titled NAME; its formulas are typeset afterwards
(typeset.ts). Each file is written whole (npm start renames them into place afterwards).
"""
import os
import sys

import nbformat
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    source, out_ipynb, out_html, name = sys.argv[1:]
    nb = nbformat.read(source, as_version=4)
    nbformat.validate(nb)
    exporter = HTMLExporter(extra_template_basedirs=[TEMPLATES], template_name="gmm-em")
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    text = nbformat.writes(nb)
    with open(out_ipynb, "w", encoding="utf-8") as f:
        f.write(text)
    NotebookNotary().sign(nb)
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
