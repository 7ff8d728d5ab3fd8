/**
 * A running tslab kernel outlives changes to the files its cells' types depend on. tslab has
 * TypeScript watch them; a change to one — a package.json in node_modules given a new hard link, as
 * `cp -al node_modules` does, or rewritten by npm install — made TypeScript schedule a timer tslab
 * does not expect, and every cell after it failed with "Unexpected pending rebuildTimer" (seen in
 * npm test, where a copy of the project is made while notebooks run). The kernel the project
 * registers (scripts/tslab-kernel.cjs) runs tslab without those watchers. Here a real kernel, driven
 * by jupyter_client as Jupyter drives it, runs a cell, sees hard links made to package.json files
 * its program read (nothing in the project is written), and runs on.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { JUPYTER_DIR, jupyterEnv, PYTHON, ROOT } from "../../scripts/jupyter-env";
import { removeDir, tempDir } from "../helpers/notebook";

const DRIVER = `
import json, os, sys, time
from jupyter_client.manager import start_new_kernel
cells, links, scratch = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=120, cwd=scratch)
out = []
try:
    def run(code):
        msg_id = kc.execute(code)
        text, error = "", None
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
            if msg["msg_type"] == "error":
                error = msg["content"]["ename"] + ": " + msg["content"]["evalue"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        out.append({"text": text, "error": error, "alive": km.is_alive()})
    run(cells[0])
    for i, f in enumerate(links):
        os.link(f, os.path.join(scratch, "link-%d" % i))
    time.sleep(1.5)  # the watchers' events arrive
    for code in cells[1:]:
        run(code)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))
`;

test("a running tslab kernel runs on after the package.json files its types were resolved through change (hard links made to them)", () => {
  const spec = join(JUPYTER_DIR, "share", "jupyter", "kernels", "tslab", "kernel.json");
  assert.ok(existsSync(spec), "the tslab kernel is not registered: run `npm run setup`");
  assert.equal(
    (JSON.parse(readFileSync(spec, "utf8")) as { argv: string[] }).argv[1],
    join(ROOT, "scripts", "tslab-kernel.cjs"),
    "the registered kernel is tslab without file watchers",
  );
  const library = JSON.stringify(join(ROOT, "dist", "index.js"));
  const cells = [
    `import { formatNumber } from ${library};\nconsole.log(formatNumber(Math.PI, 3));`,
    "const twice = (v: number) => 2 * v;\nconsole.log(twice(21));",
    `import { generateData } from ${library};\nconsole.log(generateData({ nSamples1: 3, nSamples2: 2 }).rows);`,
  ];
  const links = ["ml-matrix", "seedrandom", "@types/node"].map((p) => join(ROOT, "node_modules", p, "package.json"));
  const scratch = tempDir("kernel-files");
  try {
    const r = spawnSync(PYTHON, ["-c", DRIVER, JSON.stringify(cells), JSON.stringify(links), scratch], {
      env: jupyterEnv(),
      encoding: "utf8",
      timeout: 240_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
      text: string;
      error: string | null;
      alive: boolean;
    }[];
    assert.deepEqual(
      out.map((o) => [o.text.trim(), o.error, o.alive]),
      [
        ["3.142", null, true],
        ["42", null, true],
        ["5", null, true],
      ],
    );
  } finally {
    removeDir(scratch);
  }
});
