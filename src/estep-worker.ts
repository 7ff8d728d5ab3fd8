/**
 * A worker of `EStepThreads`: waits for a job, takes blocks from the shared counter and forms
 * their sums in the shared per-block slots, counts itself done; until told to exit.
 */
import { MessagePort, receiveMessageOnPort, workerData } from "worker_threads";
import { blockCount } from "./estep";
import { Command, Control, WorkerSetup, errorMessage, paramViews, takeBlocks } from "./threads";

function serve(setup: WorkerSetup): void {
  const { n, d, k } = setup;
  const port: MessagePort = setup.port;
  const control = new Int32Array(setup.control);
  const X = { data: new Float64Array(setup.data), n, d };
  const { state, prec } = paramViews(new Float64Array(setup.params), k, d);
  const blocks = blockCount(n);
  const blockStats = new Float64Array(setup.blockStats);
  let resp: Float64Array | null = null;
  // Generation 0 is "no job yet": a worker that loads after its first job was posted (the main
  // thread does not wait for start-up; it computes its own share meanwhile) finds it at once.
  let generation = 0;
  const done = () => {
    Atomics.add(control, Control.Done, 1);
    Atomics.notify(control, Control.Done);
  };
  for (;;) {
    Atomics.wait(control, Control.Generation, generation);
    generation = Atomics.load(control, Control.Generation);
    if (Atomics.load(control, Control.Command) === Command.Exit) break;
    // Buffers sent since the last job (the main thread posts them before it starts one).
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const message = m.message as { resp?: SharedArrayBuffer };
      if (message.resp !== undefined) resp = new Float64Array(message.resp);
    }
    try {
      const variant = Atomics.load(control, Control.Variant) === 1 ? "original" : "correct";
      const keep = Atomics.load(control, Control.Resp) === 1 ? resp : null;
      takeBlocks(control, blocks, X, state, prec, variant, blockStats, keep, Atomics.load(control, Control.Sums) === 1);
    } catch (e) {
      port.postMessage(errorMessage(e));
      Atomics.store(control, Control.Failed, 1);
    }
    done();
  }
  port.close();
}

serve(workerData as WorkerSetup);
