/**
 * Kernel ▸ Interrupt during a threaded fit, in a real tslab kernel (driven by jupyter_client from
 * Python, as Jupyter drives it): the interrupt stops the script where it is and no `finally` runs,
 * so the fit's workers are left waiting. They must not outlive it: the next fit replaces the pool
 * (the thread count does not grow), and the idle timeout closes it (the count is back where it
 * was before any fit). Threads are counted as the kernel's process has them (/proc/self/task).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { JUPYTER_DIR, jupyterEnv, PYTHON, ROOT } from "../../scripts/jupyter-env";

const DIST = path.join(ROOT, "dist");

// Each cell prints one JSON line; the interrupted one is stopped 1.5 s in (the fit takes far longer).
const CELLS = {
  setup: `
const g = require(${JSON.stringify(path.join(DIST, "index.js"))});
const pool = require(${JSON.stringify(path.join(DIST, "em", "worker-pool.js"))});
const tasks = () => require("fs").readdirSync("/proc/self/task").length;
const n = 200000;
const data = new Float64Array(2 * n);
for (let i = 0; i < n; i++) { data[2 * i] = (i % 2) * 6 + Math.sin(i); data[2 * i + 1] = Math.cos(1.3 * i); }
const fit = (maxIter: number) => g.applyGmm({ data, columns: 2 }, [0.5, 0.5], [[0.5, 0], [5, 0.2]],
  [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], { maxIter, keep: "none", threads: 2 });
console.log(JSON.stringify({ baseline: tasks(), workers: pool.poolWorkers() }));`,
  long: "fit(1000000);",
  afterInterrupt: "console.log(JSON.stringify({ tasks: tasks(), workers: pool.poolWorkers() }));",
  nextFit: `
fit(2);
await new Promise((r) => setTimeout(r, 1000));
console.log(JSON.stringify({ tasks: tasks(), workers: pool.poolWorkers() }));`,
  idle: `
pool.setPoolIdleTimeout(200);
fit(2);
await new Promise((r) => setTimeout(r, 1500));
console.log(JSON.stringify({ tasks: tasks(), workers: pool.poolWorkers() }));`,
};

const DRIVER = `
import json, sys, threading, time
from jupyter_client.manager import start_new_kernel
cells = json.loads(sys.argv[1])
km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=120)
out = {}
try:
    def run(name, interrupt_after=None):
        msg_id = kc.execute(cells[name])
        if interrupt_after is not None:
            threading.Timer(interrupt_after, km.interrupt_kernel).start()
        lines, status = [], None
        started = time.time()
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                lines.append(msg["content"]["text"])
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                status = (status or "") + msg["content"]["text"]
            if msg["msg_type"] == "error":
                status = "error: " + msg["content"]["ename"] + ": " + msg["content"]["evalue"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        out[name] = {"stdout": "".join(lines), "status": status, "seconds": time.time() - started}
    run("setup")
    run("long", interrupt_after=1.5)
    # tslab drops the requests that come within 200 ms of a failed cell; a person is slower.
    time.sleep(0.5)
    run("afterInterrupt")
    run("nextFit")
    run("idle")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))
`;

test("an interrupted threaded fit leaves no workers behind: the next fit replaces them, the idle timeout closes them", (t) => {
  assert.ok(
    existsSync(path.join(JUPYTER_DIR, "share", "jupyter", "kernels", "tslab", "kernel.json")) &&
      existsSync(path.join(DIST, "em", "worker-pool.js")),
    "the tslab kernel or dist/ is missing: run `npm run setup`",
  );
  const r = spawnSync(PYTHON, ["-c", DRIVER, JSON.stringify(CELLS)], {
    env: jupyterEnv(),
    encoding: "utf8",
    timeout: 180_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<
    string,
    { stdout: string; status: string | null; seconds: number }
  >;
  const line = (name: string) => JSON.parse(out[name].stdout.trim()) as Record<string, number>;
  const { baseline } = line("setup");
  t.diagnostic(
    `threads: ${baseline} before any fit; ${Object.keys(CELLS)
      .map((c) => out[c].stdout.trim())
      .join(" ")}`,
  );
  // The fit was stopped by the interrupt, not finished.
  assert.ok(out.long.status !== null && /interrupt/i.test(out.long.status), `the long fit: ${out.long.status}`);
  assert.ok(out.long.seconds < 30, `the interrupt took ${out.long.seconds} s`);
  const interrupted = line("afterInterrupt");
  // The interrupted fit's worker is still there (its clean-up never ran)…
  assert.equal(interrupted.workers, 1);
  assert.ok(interrupted.tasks > baseline, `${interrupted.tasks} threads after the interrupt, ${baseline} before`);
  // …until the next fit: it closes that pool and starts one of its own, never a second one beside it.
  const next = line("nextFit");
  assert.equal(next.workers, 1);
  assert.ok(
    next.tasks <= interrupted.tasks,
    `${next.tasks} threads after the next fit, ${interrupted.tasks} before it`,
  );
  // And the idle timeout closes the pool: the kernel has no more threads than before any fit (V8's
  // own helper threads come and go, so it may have fewer), and fewer than with the worker.
  const idle = line("idle");
  assert.equal(idle.workers, 0);
  assert.ok(idle.tasks <= baseline, `${idle.tasks} threads once idle, ${baseline} before any fit`);
  assert.ok(idle.tasks < interrupted.tasks, `${idle.tasks} threads once idle, ${interrupted.tasks} with the worker`);
});
