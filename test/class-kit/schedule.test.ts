// The order of npm start's steps (scripts/start/schedule.ts): each after the steps it needs, the
// others at once; a failure stops the rest and is reported once every running step has ended.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OutputStep } from "../../scripts/start/output-step";
import { runSteps } from "../../scripts/start/schedule";

const step = (name: string, needs: string[] = []): OutputStep => ({
  name,
  summary: name,
  needs,
  outputs: [],
  run: async () => {},
});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `steps`, each taking `ms[name]` ms (failing when `fails` names it); the log of starts and ends. */
async function trace(steps: OutputStep[], ms: Record<string, number>, fails?: string) {
  const log: string[] = [];
  let failures = 0;
  const run = async (s: OutputStep) => {
    log.push(`start ${s.name}`);
    await wait(ms[s.name] ?? 0);
    log.push(`end ${s.name}`);
    if (s.name === fails) throw new Error(`${s.name} failed`);
  };
  const result = await runSteps(steps, run, { stopped: () => false, onFailure: () => failures++ }).then(
    () => "done",
    (e: Error) => e.message,
  );
  return { log, result, failures };
}

test("runSteps: steps that need nothing start together; a step starts when the steps it needs have ended", async () => {
  const steps = [step("notebook"), step("export", ["notebook"]), step("live"), step("student")];
  const { log, result } = await trace(steps, { notebook: 30, export: 10, live: 5, student: 60 });
  assert.equal(result, "done");
  assert.deepEqual(log.slice(0, 3), ["start notebook", "start live", "start student"]);
  assert.ok(log.indexOf("start export") > log.indexOf("end notebook"));
  assert.ok(log.indexOf("start export") < log.indexOf("end student"), "the export runs while the students' run does");
  assert.equal(log.length, 8);
});

test("runSteps: a failure calls onFailure once, starts nothing more, and rejects after the running steps have ended", async () => {
  const steps = [step("notebook"), step("export", ["notebook"]), step("live"), step("student")];
  const { log, result, failures } = await trace(steps, { notebook: 10, live: 5, student: 40 }, "notebook");
  assert.equal(result, "notebook failed");
  assert.equal(failures, 1);
  assert.ok(!log.includes("start export"), "the step that needs the failed one never starts");
  assert.equal(log.at(-1), "end student", "the running step ended before the run reported the failure");

  const both = await trace(steps, { notebook: 10, student: 20 }, "student");
  assert.equal(both.result, "student failed");
  assert.ok(both.log.includes("end export"), "a step already running is not abandoned");
});

test("runSteps: once the run is stopped (a signal), no step starts; needs outside the run are taken as met", async () => {
  let stop = false;
  const started: string[] = [];
  await runSteps(
    [step("notebook"), step("export", ["notebook"])],
    async (s) => {
      started.push(s.name);
      stop = true;
    },
    { stopped: () => stop, onFailure: () => assert.fail("no failure") },
  );
  assert.deepEqual(started, ["notebook"]);
  const alone: string[] = [];
  await runSteps([step("export", ["notebook"])], async (s) => void alone.push(s.name), {
    stopped: () => false,
    onFailure: () => {},
  });
  assert.deepEqual(alone, ["export"]);
});

test("runSteps: ended(name) lets a step start at once and wait for another midway; it rejects when that step failed", async () => {
  const log: string[] = [];
  const steps = [step("notebook"), step("export", ["notebook"]), step("student")];
  const run = (fails?: string) => async (s: OutputStep, ended: (name: string) => Promise<void>) => {
    log.push(`start ${s.name}`);
    await wait(s.name === "notebook" ? 20 : 5);
    if (s.name === fails) throw new Error(`${s.name} failed`);
    if (s.name === "student") {
      log.push("student's kernel done");
      await ended("export");
      await ended("slides"); // not in the run: at once
      log.push("student's export");
    }
    log.push(`end ${s.name}`);
  };
  await runSteps(steps, run(), { stopped: () => false, onFailure: () => assert.fail("no failure") });
  assert.deepEqual(log.slice(0, 3), ["start notebook", "start student", "student's kernel done"]);
  assert.equal(log.at(-1), "end student");
  assert.equal(log.length, 8);
  assert.ok(
    log.indexOf("student's kernel done") < log.indexOf("start export"),
    "the student's run began beside the notebook",
  );
  assert.ok(log.indexOf("student's export") > log.indexOf("end export"), "and its export waited for the teacher's");

  log.length = 0;
  const failed = await runSteps(steps, run("notebook"), { stopped: () => false, onFailure: () => {} }).then(
    () => "done",
    (e: Error) => e.message,
  );
  assert.equal(failed, "notebook failed");
  assert.ok(
    !log.includes("student's export"),
    "the student's step stops at ended(): the export it waited for never ran",
  );
});
