/**
 * A worker of `EStepThreads`: waits for a job, takes blocks from the shared counter and forms
 * their sums in the shared per-block slots; until told to exit.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { blockCount, type EmVariant, type EStepOptions } from "./e-step";
import {
  Command,
  Control,
  errorMessage,
  paramViews,
  signalFailure,
  takeBlocks,
  type WorkerSetup,
} from "./worker-protocol";

function serve(setup: WorkerSetup): void {
  const { n, d, k } = setup;
  const port: MessagePort = setup.port;
  const control = new Int32Array(setup.control);
  const X = { data: new Float64Array(setup.data), n, d };
  const { state, prec } = paramViews(new Float64Array(setup.params), k, d);
  const blocks = blockCount(n);
  const blockSums = new Float64Array(setup.blockSums);
  let respBuffer: Float64Array | null = null;
  // The job's settings, read once a block of it is taken.
  const job = (): EStepOptions => {
    // Buffers sent since (the main thread posts them before it starts the job that uses them).
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const message = m.message as { resp?: SharedArrayBuffer };
      if (message.resp !== undefined) respBuffer = new Float64Array(message.resp);
    }
    const variant: EmVariant = Atomics.load(control, Control.Variant) === 1 ? "original" : "correct";
    const resp = Atomics.load(control, Control.Resp) === 1 ? respBuffer : null;
    return { variant, resp, withSums: Atomics.load(control, Control.Sums) === 1 };
  };
  // Generation 0 is "no job yet": a worker that loads after its first job was posted (the main
  // thread does not wait for start-up) finds it at once.
  let generation = 0;
  for (;;) {
    Atomics.wait(control, Control.Generation, generation);
    generation = Atomics.load(control, Control.Generation);
    if (Atomics.load(control, Control.Command) === Command.Exit) break;
    try {
      takeBlocks(control, blocks, X, state, prec, blockSums, job);
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
