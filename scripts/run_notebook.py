"""Executes a notebook headless with the project's kernel; writes the executed copy and its HTML.

Usage: run_notebook.py INPUT.ipynb --executed PATH [--html PATH] [--inject-source TEXT]
                       [--kernel tslab|deno] [--run-in DIR] [--timeout SECONDS] [--report-fd FD]
                       [--allow-errors]

npm start (scripts/start/) runs it: PATH are temporary files that npm start renames into place
when the whole run has succeeded, so this script writes each one whole and nothing else.

--inject-source TEXT: the source of a code cell (tagged `injected-parameters`) to place right
after the cell tagged `parameters` (papermill's convention). The input notebook is only read.
--kernel NAME: the kernel registered in the project's .jupyter/ to run it with (default tslab).
--run-in DIR: the folder the kernel runs in (default INPUT's own): the student's release, written
beside its outputs, runs in the lesson's folder, where its imports (../dist/index.js) resolve.
--report-fd FD: a pipe to npm start, one JSON object a line: {"connection_file": path} and
{"kernel": pid} (npm start removes and stops them if this process dies first), {"failed": {...}}
naming the cell that failed, its error's name and message, and {"timed_out": {...}} naming the cell
that ran longer than --timeout seconds (the run stops there).
--allow-errors (the grader's): a cell that throws does not stop the run; each is reported as
{"cell_error": {...}}, and a run that stops otherwise (the kernel died) as {"stopped": {...}},
naming the cell it was running.
The executed copy is signed (trusted) in the project's Jupyter data folder (JUPYTER_DATA_DIR),
so that `npm run jupyter` shows its figures without asking.
GMM_EM_PAUSE_WHILE_WRITING=1 (for the kill test only): stop halfway through writing the executed
notebook, report {"paused": PATH}, and wait to be killed.
"""
import argparse
import asyncio
import ctypes
import json
import os
import queue
import re
import signal
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError
from nbclient.util import ensure_async
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from traitlets.config import Config

PR_SET_PDEATHSIG = 1
report_file = None
try:
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up once, before any fork
except (OSError, AttributeError):
    prctl = None


def die_with_parent(parent_pid):
    """Linux: SIGTERM this process when its parent dies. Also in the kernel (run between fork and
    exec): a kernel whose client is gone is stopped, whatever ended the client."""
    if prctl is None:
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGTERM)  # the parent died before the request was in place


def report(**message):
    if report_file is not None:
        report_file.write(json.dumps(message, ensure_ascii=False) + "\n")
        report_file.flush()


class ReportingKernelManager(AsyncKernelManager):
    """Reports the kernel's pid the moment it is launched: npm start stops it should this process
    die (or be stopped) before nbclient does."""

    async def _launch_kernel(self, kernel_cmd, **kw):
        await super()._launch_kernel(kernel_cmd, **kw)
        report(kernel=self.provisioner.pid)


# How long to keep listening for a cell's outputs after the kernel said it was idle. Deno's kernel
# sends a cell's console output from a task of its own, a few milliseconds after the cell ends,
# and may say idle first (on a busy machine, the last lines of a cell could be lost).
LATE_OUTPUT_SECONDS = {"deno": 0.1}


# How long to wait after a cell that failed before sending the next (with --allow-errors). tslab
# cancels every request that reaches it within 200 ms after a failed cell (its answer to a client
# that queued cells ahead), so the next cell would be skipped without a word.
QUIET_AFTER_ERROR_SECONDS = {"tslab": 0.3}


class LateOutputClient(NotebookClient):
    """Keeps the outputs a kernel sends for a cell shortly after saying it was idle."""

    late_output_seconds = 0.0

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        deadline = time.monotonic() + self.late_output_seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


def inject_parameters(nb, source):
    at = next((i for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])), None)
    if at is None:
        sys.exit("run_notebook: the notebook has no cell tagged `parameters` to put the given values after")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    cell["id"] = "injected-parameters"
    nb.cells.insert(at + 1, cell)


def section_of(nb, index):
    """The heading of the markdown cell nearest above cell `index` (without its #s), or None."""
    for cell in reversed(nb.cells[:index]):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return None


# What Node prints for an uncaught error, which tslab puts on the cell's stderr: the error's own
# first line, e.g. "GmmSingularCovarianceError: component 0 at iteration 4: …".
ERROR_LINE = re.compile(r"^([A-Za-z_$][\w$]*(?:Error|Exception)|Error)(?: \[\w+\])?: (.*)$")


def cell_error(cell, execute_reply):
    """The error's name and message: from the kernel's reply when it gives them (tslab does not),
    else from the first `Name: message` line the cell wrote to stderr, up to its stack."""
    content = execute_reply.get("content", {}) if execute_reply else {}
    if content.get("ename"):
        return content["ename"], content.get("evalue", "")
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    lines = stderr.splitlines()
    for at, line in enumerate(lines):
        m = ERROR_LINE.match(line)
        if m:
            message = [m.group(2)]
            for more in lines[at + 1:]:
                if more.startswith("    at ") or more.strip() in ("", "}"):
                    break
                message.append(more)
            return m.group(1), "\n".join(message)
    text = "\n".join(l for l in lines if l.strip())
    return None, text or "(the kernel gave no message)"


def write_whole(path, text, pausable=False):
    with open(path, "w", encoding="utf-8") as f:
        if pausable and os.environ.get("GMM_EM_PAUSE_WHILE_WRITING") == "1":
            f.write(text[: len(text) // 2])
            f.flush()
            os.fsync(f.fileno())
            report(paused=path)
            time.sleep(600)
        f.write(text)


def main():
    global report_file
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--executed", required=True)
    ap.add_argument("--html")  # npm start's export (scripts/export/) writes the page itself
    ap.add_argument("--inject-source")
    ap.add_argument("--kernel", choices=["tslab", "deno"], default="tslab")
    ap.add_argument("--run-in")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--report-fd", type=int)
    ap.add_argument("--parent-pid", type=int)
    ap.add_argument("--allow-errors", action="store_true")
    args = ap.parse_args()
    if args.report_fd is not None:
        report_file = os.fdopen(args.report_fd, "w", encoding="utf-8")
    if args.parent_pid is not None:
        die_with_parent(args.parent_pid)
    # npm start decides what a hang-up means (it passes SIGTERM on); nbclient shuts the kernel
    # down on SIGINT and SIGTERM.
    signal.signal(signal.SIGHUP, signal.SIG_IGN)

    nb = nbformat.read(args.input, as_version=4)
    if args.inject_source is not None:
        inject_parameters(nb, args.inject_source)
    name = os.path.splitext(os.path.basename(args.input))[0]
    if nb.metadata.get("kernelspec", {}).get("name") != args.kernel:
        # The executed copy opens on the kernel that ran it.
        spec = KernelSpecManager().get_kernel_spec(args.kernel)
        nb.metadata["kernelspec"] = {"name": args.kernel, "display_name": spec.display_name, "language": spec.language}

    failure = {}
    running = {}

    async def on_cell_error(cell, cell_index, execute_reply):
        ename, evalue = cell_error(cell, execute_reply)
        where = dict(index=cell_index, count=len(nb.cells), section=section_of(nb, cell_index))
        if args.allow_errors:
            report(cell_error=dict(where, ename=ename, evalue=evalue))
            await asyncio.sleep(QUIET_AFTER_ERROR_SECONDS.get(args.kernel, 0.0))
        else:
            failure.update(where, ename=ename, evalue=evalue)

    def on_cell_execute(cell, cell_index):
        running.update(index=cell_index, count=len(nb.cells), section=section_of(nb, cell_index))

    # The kernel's connection file in the project's runtime folder (JUPYTER_RUNTIME_DIR), named
    # after this process, for npm start to remove should this process die before it does.
    connection_file = os.path.join(jupyter_runtime_dir(), f"kernel-gmm-em-{os.getpid()}.json")
    os.makedirs(os.path.dirname(connection_file), exist_ok=True)
    report(connection_file=connection_file)
    config = Config()
    config.KernelManager.connection_file = connection_file
    # Run in the notebook's own folder, as Jupyter would: its imports are relative to it.
    client = LateOutputClient(nb, timeout=args.timeout, kernel_name=args.kernel, allow_errors=args.allow_errors,
                              config=config, kernel_manager_class=ReportingKernelManager,
                              on_cell_error=on_cell_error, on_cell_execute=on_cell_execute,
                              resources={"metadata": {"path": os.path.abspath(args.run_in or os.path.dirname(os.path.abspath(args.input)))}})
    client.late_output_seconds = LATE_OUTPUT_SECONDS.get(args.kernel, 0.0)
    try:
        # The kernel, too, gets SIGTERM if this process dies without shutting it down.
        me = os.getpid()
        client.execute(preexec_fn=lambda: die_with_parent(me))
    except CellExecutionError as e:
        if not failure:
            failure.update(ename=e.ename, evalue=e.evalue)
        report(failed=failure)
        sys.exit(1)
    except CellTimeoutError:
        report(timed_out=dict(running, seconds=args.timeout))
        sys.exit(1)
    except (Exception, asyncio.CancelledError, KeyboardInterrupt) as e:
        # npm start's SIGTERM (nbclient has shut the kernel down), or a kernel that died: one
        # line, not nbclient's traceback.
        print(f"run_notebook: the run stopped: {type(e).__name__}: {e}".rstrip(": "), file=sys.stderr)
        if args.allow_errors:
            report(stopped=dict(running, ename=type(e).__name__, evalue=str(e)))
        sys.exit(1)
    NotebookNotary().sign(nb)
    write_whole(args.executed, nbformat.writes(nb), pausable=True)
    if args.html:
        html, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
        write_whole(args.html, html)


if __name__ == "__main__":
    main()
