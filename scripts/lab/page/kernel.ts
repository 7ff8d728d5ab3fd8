// The page's kernel: a Web Worker (from a Blob URL: the library's build, then the worker's script,
// both taken from the page itself, so nothing is fetched) that runs one cell at a time. Stop ends
// the worker and starts a fresh one, as Jupyter's restart does: the cell that was running ends
// with an error, the cells waiting behind it do not run, and what the cells had declared is gone.
import type { OutputArea } from "./output-area";
import type { CellMessage, RunRequest } from "./protocol";

interface Running {
  cell: number;
  area: OutputArea;
  ok: boolean;
  settle(ok: boolean): void;
}

export class Kernel {
  private worker: Worker;
  private running: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Counts the restarts: a run queued before one is not run after it. */
  private generation = 0;
  private readonly url: string;

  /** `script`: the worker's source (the library's build, then the worker's script). `busy`: told when it starts and stops running. */
  constructor(
    script: string,
    private readonly busy: (running: number | null) => void,
  ) {
    this.url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = new Worker(this.url);
    worker.onmessage = (e: MessageEvent<CellMessage>) => this.receive(e.data);
    return worker;
  }

  private receive(message: CellMessage): void {
    const running = this.running;
    if (running === null || message.cell !== running.cell) return;
    if (message.type === "error") running.ok = false;
    if (message.type === "done") running.settle(running.ok);
    else running.area.add(message);
  }

  /** Runs `source` as cell `cell` after the runs before it; resolves true when it ran without an error. */
  run(cell: number, source: string, area: OutputArea): Promise<boolean> {
    const generation = this.generation;
    const result = this.queue.then(async () => {
      if (generation !== this.generation) return false;
      area.clear();
      this.busy(cell);
      const ok = await new Promise<boolean>((settle) => {
        this.running = { cell, area, ok: true, settle };
        this.worker.postMessage({ type: "run", cell, source } satisfies RunRequest);
      });
      this.running = null;
      await area.drawn();
      this.busy(null);
      return ok;
    });
    this.queue = result;
    return result;
  }

  /** Stops the running cell and forgets the queued ones: a fresh worker, nothing declared. */
  interrupt(): void {
    this.generation++;
    this.worker.terminate();
    this.worker = this.start();
    const running = this.running;
    if (running !== null) {
      running.area.showError({
        name: "Interrupted",
        message: "已停止，内核已重启：请重新运行上面的单元 · stopped; the kernel restarted: run the cells above again",
        line: null,
      });
      running.settle(false);
    }
  }
}
