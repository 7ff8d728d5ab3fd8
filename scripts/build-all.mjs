// npm run build: dist/ made anew from src/. The two TypeScript builds (CommonJS and ES modules) do
// not read each other's output, so they run at once, beside the check that the committed
// WebAssembly module is the build of its source; each step after them reads what they wrote.
//
//   1. dist/ removed.
//   2. The E-step's WebAssembly: rebuilt first when its source changed (the TypeScript builds read
//      the module it writes); otherwise rebuilt into a temporary folder and compared with the
//      committed module (scripts/build-wasm.ts --check), beside step 3.
//   3. tsc -p tsconfig.json (dist/) and tsc -p tsconfig.esm.json (dist/esm/), at once.
//   4. The ES module build made loadable (scripts/build-esm.ts), the browser build
//      (scripts/build-browser.ts), the build's inputs stamped (scripts/setup/build-inputs.mjs).
// A step that fails stops the build with its exit code; what runs beside it is stopped.
//
// --if-changed (npm test's): nothing is done when dist/ is already the build of the inputs as they
// are (its stamp, scripts/setup/build-inputs.mjs, written by a build whose every step passed, the
// WebAssembly check included), as after npm run setup or an earlier npm test with no change since.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { builtFromInputs } from "./setup/build-inputs.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tsx = (script, ...args) => [process.execPath, "--import", "tsx", join(ROOT, "scripts", script), ...args];

const running = new Set();

/** Runs `command` (argv) in the project's folder; resolves when it exits 0, else ends this process. */
function run(command) {
  return new Promise((done) => {
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, stdio: "inherit" });
    running.add(child);
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (code === 0) return done();
      for (const other of running) other.kill();
      console.error(
        `npm run build: ${command.slice(1).join(" ")} ${signal ? `stopped by ${signal}` : `exited ${code}`}`,
      );
      process.exit(code || 1);
    });
  });
}

/** Whether the committed module records the source's hash (kernel-bytes.ts's KERNEL_SOURCE_SHA256). */
function wasmUpToDate() {
  const wasm = join(ROOT, "src", "em", "wasm");
  const hash = createHash("sha256")
    .update(readFileSync(join(wasm, "e-step-kernel.as")))
    .digest("hex");
  return readFileSync(join(wasm, "kernel-bytes.ts"), "utf8").includes(`KERNEL_SOURCE_SHA256 = "${hash}"`);
}

if (process.argv.includes("--if-changed") && builtFromInputs()) {
  console.log("npm run build: dist/ is the build of the sources as they are: not built again");
  process.exit(0);
}
rmSync(join(ROOT, "dist"), { recursive: true, force: true });
const upToDate = wasmUpToDate();
if (!upToDate) await run(tsx("build-wasm.ts"));
await Promise.all([
  ...(upToDate ? [run(tsx("build-wasm.ts", "--check"))] : []),
  run([process.execPath, TSC, "-p", "tsconfig.json"]),
  run([process.execPath, TSC, "-p", "tsconfig.esm.json"]),
]);
await run(tsx("build-esm.ts"));
await run(tsx("build-browser.ts"));
await run([process.execPath, join(ROOT, "scripts", "setup", "build-inputs.mjs"), "write"]);
