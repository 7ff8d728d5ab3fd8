/**
 * A worker of the E-step's pool (worker-pool.ts): waits for a job, takes blocks from the shared
 * counter and forms their sums in the fit's per-block slots; until told to exit. A fit's data
 * comes on the port when the fit first runs a job; the pool outlives fits.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { EmVariant, EStepOptions } from "./e-step";
import {
  type BlockPass,
  Command,
  Control,
  errorMessage,
  JsBlockPass,
  signalFailure,
  type ToWorker,
  takeBlocks,
  type WorkerSetup,
  waitForChange,
  wasmBlockPass,
} from "./worker-protocol";

/** How long a worker watches for the next job before it sleeps (see `waitForChange`). */
const SPIN_MS = 0.5;

function serve(setup: WorkerSetup): void {
  const port: MessagePort = setup.port;
  const control = new Int32Array(setup.control);
  let pass: BlockPass | null = null;
  let respBuffer: Float64Array | null = null;
  // What was posted since the last look: the main thread posts before it starts the job that uses it.
  const receive = (): void => {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const message = m.message as ToWorker;
      if (message.share !== undefined) {
        pass = message.share.kind === "wasm" ? wasmBlockPass(message.share) : new JsBlockPass(message.share);
        respBuffer = null;
      }
      if (message.resp !== undefined) respBuffer = new Float64Array(message.resp);
    }
  };
  // The job's settings, read once a block of it is taken.
  const job = (): { pass: BlockPass; options: EStepOptions } => {
    receive();
    const variant: EmVariant = Atomics.load(control, Control.Variant) === 1 ? "original" : "correct";
    const resp = Atomics.load(control, Control.Resp) === 1 ? respBuffer : null;
    return { pass: pass!, options: { variant, resp, withSums: Atomics.load(control, Control.Sums) === 1 } };
  };
  // Generation 0 is "no job yet": a worker that loads after its first job was posted (the main
  // thread does not wait for start-up) finds it at once.
  let generation = 0;
  for (;;) {
    waitForChange(control, Control.Generation, generation, SPIN_MS);
    generation = Atomics.load(control, Control.Generation);
    const command = Atomics.load(control, Control.Command);
    if (command === Command.Exit) break;
    if (command === Command.Release) {
      // The fit ended: drop its buffers so that they can be collected.
      receive();
      pass = null;
      respBuffer = null;
      continue;
    }
    if (setup.index >= Atomics.load(control, Control.Participants)) continue;
    try {
      receive();
      if (pass !== null) takeBlocks(control, setup.index, job);
    } catch (e) {
      port.postMessage(errorMessage(e));
      signalFailure(control);
    }
  }
  port.close();
}

try {
  serve(workerData as WorkerSetup);
} catch (e) {
  // Anything outside a block's work (which `serve` reports itself): the main thread must not
  // wait forever on a worker that is gone.
  const setup = workerData as WorkerSetup;
  setup.port.postMessage(errorMessage(e));
  signalFailure(new Int32Array(setup.control));
}
