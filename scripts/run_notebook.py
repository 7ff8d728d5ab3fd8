"""Executes a notebook headless with the project's kernel and writes the executed copy and its HTML.

Usage: run_notebook.py INPUT.ipynb OUT_DIR [--inject FILE] [--timeout SECONDS]

--inject FILE: the source of a code cell (tagged `injected-parameters`) to place right after
the cell tagged `parameters` (papermill's convention). The input notebook is only read.
The executed copy is signed (trusted) in the project's Jupyter data folder (JUPYTER_DATA_DIR),
so that `npm run jupyter` shows its figures without asking.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary


def inject_parameters(nb, source):
    at = next((i for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])), None)
    if at is None:
        sys.exit("run_notebook: the notebook has no cell tagged `parameters` to put the given values after")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    cell["id"] = "injected-parameters"
    nb.cells.insert(at + 1, cell)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out_dir")
    ap.add_argument("--inject")
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    if args.inject:
        with open(args.inject, encoding="utf-8") as f:
            inject_parameters(nb, f.read())
    name = os.path.splitext(os.path.basename(args.input))[0]
    os.makedirs(args.out_dir, exist_ok=True)
    out_ipynb = os.path.join(args.out_dir, name + ".ipynb")
    out_html = os.path.join(args.out_dir, name + ".html")

    # Run in the notebook's own folder, as Jupyter would: its imports are relative to it.
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="tslab", allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.input))}})
    failed = None
    try:
        client.execute()
    except CellExecutionError as e:
        failed = e
    nbformat.write(nb, out_ipynb)
    if failed is not None:
        print(f"run_notebook: a cell failed; the notebook as far as it ran is in {out_ipynb}\n{failed}", file=sys.stderr)
        sys.exit(1)
    NotebookNotary().sign(nb)
    html, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
