// The order of a run's steps: each starts as soon as the steps it needs are done, so that steps
// that do not need each other run at once (the students' kernel beside the teacher's, then each
// export with its own browser), and the run takes about as long as its longest chain of steps.
import type { OutputStep } from "./output-step";

export interface Schedule {
  /** Whether the run is being stopped (a signal): no step starts from then on. */
  stopped(): boolean;
  /** Called once, at the first step that fails: stops what the other steps are running. */
  onFailure(): void;
}

/**
 * Runs `steps` with `run`, each after the steps among `steps` it needs; resolves when every step has
 * ended. `run` is given `ended(name)`, which resolves when step `name` has ended (at once when it is
 * not among `steps`), and rejects with its failure when it failed. At the first failure, `onFailure` is called, the steps not started are not started, and
 * once every running step has ended (their files still staged, for the run to remove) the
 * promise rejects with that failure.
 */
export async function runSteps(
  steps: readonly OutputStep[],
  run: (step: OutputStep, ended: (name: string) => Promise<void>) => Promise<void>,
  schedule: Schedule,
): Promise<void> {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const running = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  const ended = (name: string): Promise<void> => {
    const step = byName.get(name);
    return step === undefined ? Promise.resolve() : start(step);
  };
  const start = (step: OutputStep): Promise<void> => {
    let done = running.get(step.name);
    if (done === undefined) {
      const needs = step.needs.flatMap((n) => {
        const need = byName.get(n);
        return need === undefined ? [] : [start(need)];
      });
      done = Promise.all(needs)
        .then(() => (failure !== undefined || schedule.stopped() ? undefined : run(step, ended)))
        .catch((error: unknown) => {
          if (failure === undefined) {
            failure = { error };
            schedule.onFailure();
          }
          throw error;
        });
      running.set(step.name, done);
    }
    return done;
  };
  await Promise.allSettled(steps.map(start));
  if (failure !== undefined) throw failure.error;
}
