// The checks around the student's function: the library's own functions pass on many seeds; code
// that throws, is not written, returns the wrong shape or NaN, or loops gets its message and the
// library's function back; the verdict's lines; the grade record; the time limit (node:vm's timeout
// stops a loop in a function of this context, as tslab's cells are, and of another context).

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as vm from "node:vm";
import { reference } from "../../src/check/reference";
import { callWithin } from "../../src/check/time-limit";
import { callWithin as callInBrowser } from "../../src/check/time-limit-browser";
import { GmmInputError, GmmNotWrittenError } from "../../src/errors";
import { type CheckName, runChecked } from "../helpers/checks";

const NAMES: CheckName[] = ["eStep", "mStep", "logSumExp", "lowerBound", "bic", "sample"];
const EXERCISE: Record<CheckName, number> = { eStep: 1, mStep: 2, logSumExp: 3, lowerBound: 4, bic: 5, sample: 6 };

test("the library's own functions pass every check on many seeds, and are returned", () => {
  for (const name of NAMES) {
    for (let seed = 0; seed < (name === "sample" ? 6 : 20); seed++) {
      const run = runChecked(name, reference[name], { seed });
      assert.ok(
        run.verdict.startsWith(`✓ 练习 ${EXERCISE[name]} · Exercise ${EXERCISE[name]} (${name}): 通过 · passed — `),
        run.verdict,
      );
      assert.equal(run.returned, reference[name]);
      assert.equal(run.lines.length, 2, "a pass prints the verdict and the seed");
    }
  }
});

test("a pass and a failure print the verdict, the seed line, and on failure the fallback line", () => {
  const passed = runChecked("eStep", reference.eStep, { seed: 12 });
  assert.equal(passed.lines[1], "种子 · seed 12: check.eStep(eStep, { seed: 12 }) 重复这些用例 · repeats these cases");
  const failed = runChecked("mStep", () => ({ pi: [1], mu: [[0]], Sigma: [[[1]]] }), { seed: 12 });
  assert.deepEqual(failed.lines.slice(1), [
    "种子 · seed 12: check.mStep(mStep, { seed: 12 }) 重复这些用例 · repeats these cases",
    "下面的单元用库里的 M 步 · the cells below use the library's M-step",
  ]);
  // A fresh seed each run, printed: running it again gives the same verdict.
  const fresh = runChecked("bic", (ll: number) => -2 * ll);
  const seed = Number(/seed (\d+):/.exec(fresh.lines[1])?.[1]);
  assert.ok(Number.isInteger(seed), fresh.lines[1]);
  assert.equal(runChecked("bic", (ll: number) => -2 * ll, { seed }).verdict, fresh.verdict);
});

describe("bad code gets a message and the library's function back", () => {
  const badCode: [string, unknown, RegExp][] = [
    ["throws", () => JSON.parse("{"), /调用时抛出了错误 · it threw an error — SyntaxError: /],
    ["returns undefined", () => undefined, /形状或类型不对 · wrong shape or type — /],
    ["is not a function", 42, /不是函数 · not a function — \w+ = 42/],
  ];
  for (const name of NAMES) {
    test(`check.${name}`, () => {
      for (const [what, f, message] of badCode) {
        const run = runChecked(name, f, { seed: 3 });
        assert.match(run.verdict, message, `${what}: ${run.verdict}`);
        assert.equal(run.returned, reference[name], what);
      }
      const n = EXERCISE[name];
      const unwritten = runChecked(name, () => {
        throw new GmmNotWrittenError(n);
      });
      assert.match(
        unwritten.verdict,
        new RegExp(
          `^✗ 练习 ${n} · Exercise ${n} \\(${name}\\): 还没写（练习 ${n}） · not written yet \\(exercise ${n}\\)$`,
        ),
      );
      assert.equal(unwritten.returned, reference[name]);
    });
  }
  test("NaN where a number belongs is named, with where it is", () => {
    const run = runChecked("eStep", (...args: Parameters<typeof reference.eStep>) => {
      const right = reference.eStep(...args);
      return { r: right.r.map((row) => row.map(() => Number.NaN)), ll: right.ll };
    });
    assert.match(
      run.verdict,
      /得到 NaN 或非数 · NaN or not a number — r\[0\]\[0\] = NaN，应为 · expected [\d.e-]+ \(k = 2, d = 2, n = 30\)/,
    );
    assert.match(runChecked("bic", () => Number.NaN).verdict, /NaN or not a number — BIC = NaN/);
    const nanSampler = (_pi: number[], mu: number[][], _S: number[][][], n: number) =>
      Array.from({ length: n }, () => mu[0].map((_, c) => (c === 0 ? Number.NaN : 0)));
    assert.match(runChecked("sample", nanSampler).verdict, /NaN or not a number — X\[0\] = \[NaN, 0\]/);
  });
  test("other wrong values: the first that differs, and what was expected", () => {
    const run = runChecked("logSumExp", (a: number[]) => reference.logSumExp(a) + 0.5, { seed: 9 });
    assert.match(run.verdict, /数值不对 · wrong values — value = [-\d.]+，应为 · expected [-\d.]+ \(a = \[/);
  });
});

describe("the time limit", () => {
  const loop = () => {
    for (;;);
  };
  // A loop that is not stopped never returns (the runner's timeout would end the file); how soon
  // after the limit it is stopped depends on how busy the machine is, so no upper bound is asserted.
  test("node:vm's timeout stops a loop in a function of this context (tslab runs cells with runInThisContext) and of another context, once the limit has passed", () => {
    const otherContext = vm.runInNewContext("(function () { while (true) {} })") as () => void;
    for (const f of [loop, otherContext]) {
      const start = performance.now();
      assert.deepEqual(callWithin(f, [], 300), { timedOut: 300 });
      const ms = performance.now() - start;
      assert.ok(ms >= 290, `stopped after ${ms} ms`);
    }
    assert.deepEqual(
      callWithin((a: number, b: number) => a + b, [2, 3], 300),
      { value: 5 },
    );
    const threw = callWithin(
      () => {
        throw new RangeError("no");
      },
      [],
      300,
    );
    assert.ok("threw" in threw && threw.threw instanceof RangeError);
  });
  test("a check stops a looping function at its first call, says so, and returns the library's", () => {
    for (const name of ["eStep", "sample"] as const) {
      let calls = 0;
      const looping = () => {
        calls++;
        loop();
      };
      const run = runChecked(name, looping, { timeLimit: 400, seed: 1 });
      assert.match(
        run.verdict,
        /超时（死循环？） · too slow \(a loop that never ends\?\) — 400 ms 后停止 · stopped after 400 ms/,
      );
      // One call stopped, the other cases not tried: the check costs one time limit, not one per case.
      assert.equal(calls, 1, `${name}: called ${calls} times`);
      assert.ok(run.ms >= 390, `${name}: the check took ${run.ms} ms`);
      assert.equal(run.returned, reference[name]);
    }
  });
  test("the browser's stand-in calls without a limit, with the same results", () => {
    assert.deepEqual(
      callInBrowser((a: number) => a * 2, [4], 1),
      { value: 8 },
    );
    const threw = callInBrowser(
      () => {
        throw new TypeError("x");
      },
      [],
      1,
    );
    assert.ok("threw" in threw && threw.threw instanceof TypeError);
  });
});

test("GMM_EM_GRADE_FILE: each check appends one JSON line (points all or nothing); unset, nothing is written", () => {
  const dir = mkdtempSync(join(tmpdir(), "gmm-em-grade-"));
  const file = join(dir, "grades.jsonl");
  const before = process.env.GMM_EM_GRADE_FILE;
  try {
    delete process.env.GMM_EM_GRADE_FILE;
    runChecked("bic", reference.bic, { seed: 5 });
    assert.ok(!existsSync(file));
    process.env.GMM_EM_GRADE_FILE = file;
    const passed = runChecked("eStep", reference.eStep, { seed: 5 });
    const notDoubled = (ll: number, n: number, k: number, d: number) =>
      -ll + (k - 1 + k * d + (k * d * (d + 1)) / 2) * Math.log(n);
    const failed = runChecked("bic", notDoubled, { seed: 6 });
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      [
        { id: "e-step", exercise: 1, points: 2, max: 2, passed: true, messages: passed.lines, seed: 5 },
        { id: "bic", exercise: 5, points: 0, max: 1, passed: false, messages: failed.lines, seed: 6 },
      ],
    );
    assert.match(failed.lines[0], /ℓ 没有乘 2 · ℓ not doubled/);
  } finally {
    if (before === undefined) delete process.env.GMM_EM_GRADE_FILE;
    else process.env.GMM_EM_GRADE_FILE = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad options are a GmmInputError naming them; the student's function is never the cause of a throw", () => {
  assert.throws(
    () => runChecked("bic", reference.bic, { seed: -1 }),
    (e) => e instanceof GmmInputError && e.argument === "options.seed",
  );
  assert.throws(
    () => runChecked("bic", reference.bic, { timeLimit: 2 ** 31 }),
    (e) => e instanceof GmmInputError && e.argument === "options.timeLimit",
  );
  assert.throws(
    () => runChecked("bic", reference.bic, { timeLimit: 0 }),
    (e) => e instanceof GmmInputError && e.argument === "options.timeLimit",
  );
  assert.throws(() => runChecked("bic", reference.bic, { sed: 1 } as never), GmmInputError);
  // A function that returns a getter that throws, a proxy, a cycle: a message, never a throw.
  const odd = [
    () => ({
      get r(): never {
        throw new Error("getter");
      },
      ll: 0,
    }),
    () =>
      new Proxy(
        {},
        {
          get: () => {
            throw new Error("proxy");
          },
        },
      ),
  ];
  for (const f of odd) {
    const run = runChecked("eStep", f, { seed: 2 });
    assert.ok(run.verdict.startsWith("✗ "), run.verdict);
    assert.equal(run.returned, reference.eStep);
  }
});

test("GmmNotWrittenError: a GmmError with the exercise's number, in both languages", () => {
  const e = new GmmNotWrittenError(3);
  assert.equal(e.name, "GmmNotWrittenError");
  assert.equal(e.exercise, 3);
  assert.equal(e.message, "还没写（练习 3）· not written yet (exercise 3)");
});
