// npm start's child processes: each in a process group of its own, stopped together on a signal
// (SIGTERM, then SIGKILL after a grace period), and the kernels they report, stopped and their
// connection files removed when the run ends.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import type { Readable } from "node:stream";
import { ROOT } from "../jupyter-env";
import { StepError } from "./errors";
import type { ChildReport, ChildResult, SpawnOptions } from "./output-step";

/** The signals that stop a run (Ctrl-C, kill, a closed terminal). */
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** How long a child gets to end after SIGTERM (nbclient shuts its kernel down first) before SIGKILL. */
const GRACE_MS = 10_000;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* gone */
  }
}

/** Whether any process of group `pgid` is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The run's child processes (each leading a process group) and the kernels they reported. */
export class Children {
  private readonly live = new Set<ChildProcess>();
  /** Process groups to stop when the run ends (kernels, which run in sessions of their own). */
  private readonly groups = new Set<number>();
  /** Files to remove when the run ends (the kernels' connection files). */
  private readonly files = new Set<string>();
  /** What ends the things steps started that are not children (onStop). */
  private readonly closers = new Set<() => Promise<void>>();
  /** The signal that is stopping the run, once one has come. */
  stopping: NodeJS.Signals | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.stopping !== undefined) {
      this.stop(true); // a second signal: no more waiting
      return;
    }
    this.stopping = signal;
    console.error(`\n${this.command}: ${signal}: ${this.stoppingWhat}`);
    this.stop();
  };
  private parentWatch: NodeJS.Timeout | undefined;

  /**
   * `command` names the command in the message a signal prints, which says what it stops
   * (`stoppingWhat`): npm start's, or the grader's.
   */
  constructor(
    private readonly command = "npm start",
    private readonly stoppingWhat = "stopping the notebook's run; nothing of it will be written",
  ) {}

  /**
   * From now on a signal (SIGINT, SIGTERM, SIGHUP) stops the run: `stopping` is set and the children
   * get SIGTERM (a second signal: SIGKILL). A parent that is gone (npm ended by a signal it does
   * not pass on, a closed terminal's shell) is a hang-up.
   */
  watchSignals(): void {
    for (const s of SIGNALS) process.on(s, this.onSignal);
    const parent = process.ppid;
    this.parentWatch = setInterval(() => {
      if (process.ppid !== parent) this.onSignal("SIGHUP");
    }, 500).unref();
  }

  /** The run is ending: a parent gone no longer stops it (a signal still stops the children). */
  stopWatchingParent(): void {
    clearInterval(this.parentWatch);
  }

  /** Nothing is left to undo: a signal just ends the process again. */
  releaseSignals(): void {
    this.stopWatchingParent();
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }

  spawn(command: string, args: string[], options: SpawnOptions = {}): Promise<ChildResult> {
    if (this.stopping !== undefined) return Promise.resolve({ code: null, signal: this.stopping, reports: [] });
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["ignore", "inherit", "inherit", ...(options.reports ? ["pipe" as const] : [])],
    });
    this.live.add(child);
    const reports: ChildReport[] = [];
    if (options.reports) {
      let buffer = "";
      (child.stdio[3] as Readable).setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            const report = JSON.parse(line) as ChildReport;
            reports.push(report);
            if (report.kernel !== undefined && Number.isInteger(report.kernel)) this.groups.add(report.kernel);
            if (typeof report.connection_file === "string") this.files.add(report.connection_file);
          } catch {
            /* not a report */
          }
        }
      });
    }
    return new Promise((resolveChild, reject) => {
      child.on("error", (e) => {
        this.live.delete(child);
        reject(new StepError(`could not start ${command}: ${e.message}`));
      });
      child.on("close", (code, signal) => {
        this.live.delete(child);
        // What the child leaves in its group (it leads one) ends with it.
        if (child.pid !== undefined && groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
        resolveChild({ code, signal, reports });
      });
    });
  }

  /** Registers `close`, called when a signal stops the run; returns the function that unregisters it. */
  onStop(close: () => Promise<void>): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /**
   * Stops the live children: SIGTERM to their groups, SIGKILL after GRACE_MS (at once when `now`);
   * when a signal stops the run, or `all` (a step failed: the others stop too), ends what steps registered.
   */
  stop(now = false, all = this.stopping !== undefined): void {
    if (all) for (const close of this.closers) void close();
    for (const child of this.live) {
      if (child.pid === undefined) continue;
      const pid = child.pid;
      signalGroup(pid, now ? "SIGKILL" : "SIGTERM");
      if (!now) setTimeout(() => signalGroup(pid, "SIGKILL"), GRACE_MS).unref();
    }
  }

  /** Stops the kernels that are still running (their client died, or did not stop them), waits for them, removes their files. */
  async stopKernels(): Promise<void> {
    for (const pgid of this.groups) {
      if (!groupAlive(pgid)) continue;
      signalGroup(pgid, "SIGTERM");
      const deadline = Date.now() + 5_000;
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
    }
    for (const file of this.files) rmSync(file, { force: true });
  }
}
