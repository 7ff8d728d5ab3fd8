// The lesson on data and starts other than its own: the notebook's code cells run in this process
// (test/helpers/cell-runner.ts) with the values npm start would inject — twenty cases chosen to
// differ (seeds, both random sources, k = 2 and 3, equal and unequal sizes and variances, starts
// near the origin and far out, tolerances, the exercises' changes) and four drawn at random from
// GMM_EM_TEST_SEED (a fresh seed unless given; a failure names it). Each case is one npm start
// accepts. For each, every sentence a cell prints about the run is recomputed here with the
// library, and no output holds an error, `undefined` or NaN. The sections that teach one
// phenomenon run on data of their own: their outputs are checked to be the same whatever the
// parameters, so that their text, checked on the default run by claims.test.ts, holds for all.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import seedrandom from "seedrandom";
import { NOTEBOOK } from "../../scripts/jupyter-env";
import {
  checkParameters,
  type GivenValues,
  injectedSource,
  type NotebookParameters,
  parametersCell,
} from "../../scripts/start/parameters";
import { formatNumber } from "../../src/format";
import { applyGmm, computeGauss, logGauss } from "../../src/index";
import { type CellOutputs, type CodeCell, runCells } from "../helpers/cell-runner";
import { useDefaultRun } from "../helpers/default-run";
import { lessonData, maskSeeds, readNotebook, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });

const SEED = process.env.GMM_EM_TEST_SEED || String(Math.floor(Math.random() * 2 ** 32));
const RERUN = `GMM_EM_TEST_SEED=${SEED} node --import tsx test/run.ts --without-notebook test/notebook/many-seeds.test.ts`;

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
}
const cells = (JSON.parse(readFileSync(NOTEBOOK, "utf8")) as { cells: Cell[] }).cells;
const heading = (c: Cell) => (c.cell_type === "markdown" ? (/^## (.*)/.exec(text(c.source))?.[1] ?? "") : "");
const sectionAt = (title: string) => {
  const at = cells.findIndex((c) => heading(c).startsWith(title));
  assert.ok(at >= 0, `the notebook has a section "${title}"`);
  return at;
};
const parametersAt = cells.findIndex((c) => (c.metadata.tags ?? []).includes("parameters"));
/** Where the sections on fixed data begin and end (the live figure and the exercises follow). */
const fixedFrom = sectionAt("原代码的问题");
const fixedTo = sectionAt("实时演示");

/** A change an exercise asks for: in the cell that holds `cell`, `from` replaced by `to`. */
interface CellEdit {
  cell: string;
  from: string;
  to: string;
}

/** The code cells to run (`keep` picks them by index), with the injected cell after the tagged one. */
function codeCells(values: GivenValues, keep: (index: number) => boolean, edits: CellEdit[] = []): CodeCell[] {
  const out: CodeCell[] = [];
  for (const [index, c] of cells.entries()) {
    if (c.cell_type !== "code" || !keep(index)) continue;
    let source = text(c.source);
    for (const edit of edits.filter((e) => source.includes(e.cell))) {
      assert.ok(source.includes(edit.from), `the cell with ${edit.cell} has ${edit.from}`);
      source = source.replace(edit.from, edit.to);
    }
    out.push({ index, source });
    if (index === parametersAt) out.push({ index: index + 0.5, source: injectedSource(values) });
  }
  return out;
}

/** The cells that follow the parameters: everything but the sections on fixed data. */
const followsParameters = (i: number) => i < fixedFrom || i >= fixedTo;

/** What a cell printed, found by a line it prints. */
function printedLine(outputs: Map<number, CellOutputs>, pattern: RegExp): RegExpExecArray {
  for (const o of outputs.values()) {
    for (const line of o.text.split("\n")) {
      const m = pattern.exec(line);
      if (m) return m;
    }
  }
  return assert.fail(`no printed line matches ${pattern}`);
}

function checkClean(outputs: Map<number, CellOutputs>, label: string): void {
  for (const [index, o] of outputs) {
    assert.equal(o.error, undefined, `${label}: cell ${index} threw ${o.error?.stack}`);
    // What a reader sees: the printed text, and the HTML without its scripts (plotly.js and the
    // live page's code; a figure's numbers are checked finite by showFigure before it is sent).
    for (const s of [o.text, ...o.html.map((h) => h.replace(/<script[\s\S]*?<\/script>/g, ""))]) {
      assert.doesNotMatch(s, /\bundefined\b|\bNaN\b/, `${label}: cell ${index} shows undefined or NaN`);
    }
  }
}

const unit = [
  [1, 0],
  [0, 1],
];
const scaled = (s: number) => unit.map((row) => row.map((v) => v * s));

/** Cases chosen to differ from the default run and from one another. */
const CHOSEN: GivenValues[] = [
  { randomState: 7 },
  { randomState: 2024 },
  {
    randomState: 2027,
    nSamples1: 60,
    mu: [
      [6, 6],
      [-5, 4],
    ],
  },
  {
    randomState: 913,
    nSamples1: 120,
    mu: [
      [8, 8],
      [-6, 5],
    ],
  },
  { randomState: 55, rng: "seedrandom", nSamples2: 40, pi: [0.3, 0.7] },
  { randomState: 1, variance1: 1, variance2: 1 },
  { randomState: 3, variance1: 0.5, variance2: 5, tol: 1e-4 },
  { randomState: 11, rng: "seedrandom", nSamples1: 300, nSamples2: 60 },
  {
    randomState: 12,
    pi: [0.2, 0.3, 0.5],
    mu: [
      [-2, 2],
      [2, -2],
      [2, -1],
    ],
    Sigma: [unit, unit, unit],
  },
  {
    randomState: 13,
    pi: [1 / 3, 1 / 3, 1 / 3],
    mu: [
      [0, 0],
      [0.1, 0],
      [0, 0.1],
    ],
    Sigma: [scaled(0.1), scaled(0.1), scaled(0.1)],
  },
  {
    randomState: 14,
    rng: "seedrandom",
    mu: [
      [-8, -8],
      [8, 8],
    ],
    Sigma: [unit, unit],
  },
  { randomState: 15, maxIter: 40, tol: 1e-8 },
  { randomState: 16, maxIter: 60, histIndex: [0, 2, 4, 8, 16, 60] },
  {
    randomState: 17,
    variance1: 2,
    variance2: 2,
    pi: [0.5, 0.5],
    mu: [
      [-2, 2],
      [2, -2],
    ],
    Sigma: [unit, unit],
  },
  // exercise 8: both means at one point, equal mixing coefficients
  {
    randomState: 18,
    pi: [0.5, 0.5],
    mu: [
      [0, 0],
      [0, 0],
    ],
  },
  {
    randomState: 42,
    pi: [0.5, 0.5],
    mu: [
      [0, 0],
      [0, 0],
    ],
  },
  // exercise 9: a small first cluster
  { randomState: 19, nSamples1: 40 },
  { randomState: 42, nSamples1: 40 },
  { randomState: 20, rng: "seedrandom", nSamples1: 40, variance1: 1 },
  { randomState: 21, nSamples1: 25, nSamples2: 25, tol: 1e-2 },
];

/** A case drawn from `random`: a start of 2 or 3 components, near the origin or anywhere around the data. */
function drawn(random: () => number): GivenValues {
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const k = pick([2, 2, 3]);
  const raw = Array.from({ length: k }, () => 0.2 + random());
  const total = raw.reduce((a, b) => a + b, 0);
  const pi = raw.map((w) => Math.round((w / total) * 100) / 100);
  pi[k - 1] = Math.round((1 - pi.slice(0, -1).reduce((a, b) => a + b, 0)) * 100) / 100;
  const spread = pick([0.5, 4, 8]);
  return {
    randomState: Math.floor(random() * 2 ** 31),
    rng: pick(["numpy", "seedrandom"]),
    nSamples1: pick([40, 120, 200]),
    nSamples2: pick([40, 120, 200]),
    variance1: pick([0.5, 1, 3]),
    variance2: pick([0.5, 1, 3]),
    pi,
    mu: Array.from({ length: k }, () => [0, 0].map(() => Math.round((random() - 0.5) * 2 * spread * 10) / 10)),
    Sigma: Array.from({ length: k }, () => scaled(pick([0.1, 1]))),
    tol: pick([1e-3, 1e-4]),
  };
}

/** Four cases npm start accepts, drawn from SEED. */
function drawnCases(): GivenValues[] {
  const random = seedrandom(SEED);
  const cases: GivenValues[] = [];
  for (let tries = 0; cases.length < 4 && tries < 200; tries++) {
    const values = drawn(random);
    try {
      checkParameters(parametersCell(NOTEBOOK), values);
      cases.push(values);
    } catch {
      /* a start npm start refuses (a collapse, say): drawn again */
    }
  }
  assert.equal(cases.length, 4, "four cases drawn that npm start accepts");
  return cases;
}

/** The claims each printed sentence makes about the run, recomputed with the library. */
function checkClaims(p: NotebookParameters, outputs: Map<number, CellOutputs>): void {
  const X = lessonData(p);
  const result = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter });
  const fit = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, tol: p.tol });

  // compute_gauss: the printed distances bracket where the start's first density turns subnormal, then 0
  const [, subnormal, zero] = printedLine(outputs, /subnormal from ([\d.e+-]+); 下溢为 0 · 0 from ([\d.e+-]+)$/);
  const density = (t: number) => computeGauss([[p.mu[0][0] + t, p.mu[0][1]]], p.mu[0], p.Sigma[0])[0];
  for (const [shown, below] of [
    [subnormal, (d: number) => d < 2.2250738585072014e-308],
    [zero, (d: number) => d === 0],
  ] as const) {
    const t = Number(shown);
    assert.ok(below(density(t * (1 + 1e-3))) && !below(density(t * (1 - 1e-3))), `the density's edge near ${shown}`);
  }

  // when to stop: the iteration EM converged at (or that it did not), ℓ there
  const stop = printedLine(
    outputs,
    /^tol = .*：.* · (converged at iteration (\d+)|not converged in (\d+) iterations), ℓ = (\S+)$/,
  );
  if (fit.converged) assert.equal(Number(stop[2]), fit.nIter, "converged at the printed iteration");
  else assert.equal(stop[3], String(p.maxIter), "not converged, said so");
  assert.equal(stop[4], formatNumber(fit.logLikelihood[fit.nIter], 3));
  // EM never lowers ℓ beyond rounding, on any of these runs
  const [, falls, of] = printedLine(outputs, /decreases beyond it: (\d+) \/ (\d+)$/);
  assert.equal(Number(falls), 0, "no EM step lowered ℓ");
  assert.equal(Number(of), result.nIter);

  // the grid: the panels from convergence on, and how far the means moved between them
  const grid = printedLine(
    outputs,
    /panels from it on: ([\d, —]+?)(?:；μ 最多移动 · means moved at most (\S+))?$|not converged in \d+ steps$/,
  );
  if (fit.converged) {
    const after = p.histIndex.filter((i) => i >= fit.nIter);
    assert.equal(grid[1], after.join(", ") || "—");
    assert.equal(grid[2] === undefined, after.length < 2, "how far the means moved, when two panels follow");
    if (after.length > 1) {
      const a = result.coef[after[0]].mu.flat();
      const b = result.coef[after[after.length - 1]].mu.flat();
      assert.equal(grid[2], formatNumber(Math.max(...a.map((m, c) => Math.abs(m - b[c]))), 2));
    }
  } else assert.equal(grid[1], undefined);

  // the final line is applyGmm's
  const last = result.coef[result.nIter];
  const final = printedLine(outputs, /^Final \(iteration (\d+)\): π = \(([^)]*)\).*log-likelihood = (\S+)$/);
  assert.equal(Number(final[1]), result.nIter);
  assert.equal(final[2], last.pi.map((v) => formatNumber(v, 3)).join(", "));
  assert.equal(final[3], formatNumber(result.logLikelihood[result.nIter], 3));

  // the fitted model: how many points are unsure of their component (1 − max r > 0.1)
  const unsure = printedLine(outputs, /uncertainty > 0\.1: (\d+) \/ (\d+) points$/);
  const logs = last.pi.map((w, j) => Array.from(logGauss(X, last.mu[j], last.Sigma[j]), (l) => Math.log(w) + l));
  let count = 0;
  for (let i = 0; i < X.rows; i++) {
    const row = logs.map((l) => l[i]);
    const top = Math.max(...row);
    const sum = row.reduce((a, l) => a + Math.exp(l - top), 0);
    if (1 - 1 / sum > 0.1) count++; // the largest responsibility is exp(0) / sum
  }
  assert.deepEqual([Number(unsure[1]), Number(unsure[2])], [count, X.rows]);

  // why EM works: Bayes' rule is the E-step's r; L = ℓ after each E-step; no M-step lowers L
  const bayes = printedLine(outputs, /posterior of x₁: (\(.*\)); E 步的 r · the E-step's r: (\(.*\))$/);
  assert.equal(bayes[1], bayes[2]);
  const joint = last.pi.map((w, j) => w * computeGauss(X.subMatrixRow([0]), last.mu[j], last.Sigma[j])[0]);
  const evidence = joint.reduce((a, b) => a + b, 0);
  if (evidence > 0) assert.equal(bayes[2], `(${joint.map((v) => formatNumber(v / evidence, 3)).join(", ")})`);
  const gap = printedLine(outputs, /max \|L − ℓ\| = (\S+) ≤ 舍入 · rounding n·ε·\|ℓ\| ≤ (\S+)$/);
  assert.ok(Number(gap[1]) <= Number(gap[2]), `L = ℓ to rounding: ${gap[0]}`);
  const bound = printedLine(outputs, /falls beyond rounding: (\d+) \/ (\d+)$/);
  assert.equal(Number(bound[1]), 0, "no M-step lowered the bound");
  assert.equal(Number(bound[2]), p.maxIter);
}

describe(`the lesson on other data and starts (random cases from GMM_EM_TEST_SEED=${SEED})`, () => {
  const defaults = checkParameters(parametersCell(NOTEBOOK), {});
  let fixedDefault: Map<number, CellOutputs>;

  before(async () => {
    fixedDefault = await runCells(codeCells({}, () => true));
    checkClean(fixedDefault, "the default values");
  });

  test("run in this process, the notebook prints what the kernel printed in the default run, cell by cell; the default run's claims hold", async () => {
    // the executed notebook's cells, but the injected one, stand where the source's do
    const executed = readNotebook((await defaultRun.ready).notebookPath).cells.filter(
      (c) => !(c.metadata.tags ?? []).includes("injected-parameters"),
    );
    let compared = 0,
      masked = 0;
    for (const [index, o] of fixedDefault) {
      if (!Number.isInteger(index)) continue; // the injected cell: no values, nothing printed
      const cell = executed[index];
      assert.equal(text(cell.source), text(cells[index].source), `cell ${index} is the same in both`);
      const kernel = (cell.outputs ?? [])
        .filter((out) => out.output_type === "stream")
        .map((out) => text(out.text))
        .join("");
      assert.equal(maskSeeds(o.text), maskSeeds(kernel), `cell ${index}: ${text(cell.source).split("\n")[0]}`);
      if (kernel !== "") compared++;
      masked += (maskSeeds(kernel).match(/^种子 · seed SEED: /gm) ?? []).length;
    }
    assert.ok(compared >= 20, `${compared} cells printed`);
    assert.equal(masked, 6, "what the mask hides: the seed line of each of the six checks, no more");
    checkClaims(JSON.parse(JSON.stringify(defaults)) as NotebookParameters, fixedDefault);
  });

  const cases = [...CHOSEN.map((v) => ({ v, drawn: false })), ...drawnCases().map((v) => ({ v, drawn: true }))];
  for (const { v, drawn: isDrawn } of cases) {
    test(`${isDrawn ? "drawn" : "chosen"}: ${JSON.stringify(v)}`, async () => {
      const note = isDrawn ? ` (drawn from GMM_EM_TEST_SEED=${SEED}; re-run with: ${RERUN})` : "";
      const p = JSON.parse(JSON.stringify(checkParameters(parametersCell(NOTEBOOK), v))) as NotebookParameters;
      const outputs = await runCells(codeCells(v, followsParameters));
      try {
        checkClean(outputs, JSON.stringify(v));
        checkClaims(p, outputs);
      } catch (e) {
        if (e instanceof Error) e.message += note;
        throw e;
      }
    });
  }

  test("each exercise's change, made in its cell as the exercise says, runs clean and prints what its answer says", async () => {
    const run = async (values: GivenValues, edits: CellEdit[], keep: (i: number) => boolean = () => true) => {
      const outputs = await runCells(codeCells(values, keep, edits));
      checkClean(outputs, JSON.stringify(edits));
      return outputs;
    };
    const onlyTo = (title: string) => (i: number) => i < sectionAt(title);
    // 7: the BIC cell's clusters as wide as v = 11.5: one component
    const wide = await run({}, [
      { cell: "const bicData", from: "variance1: 3, variance2: 1", to: "variance1: 11.5, variance2: 11.5" },
    ]);
    assert.match(printedLine(wide, /lowest BIC: k = (\d+), (\w+)/)[0], /k = 1, full/);
    // 8 and 9 are values of the parameters cell (the chosen cases above); 10: the E-step without π,
    // which the check refuses (the loop runs the library's E-step), then called in the loop itself
    const noPi = { cell: "function eStep", from: "Math.log(p) + ", to: "" };
    const yours = { cell: "const ourLogLikelihood", from: "= E(X, ", to: "= eStep(X, " };
    const gap = (o: Map<number, CellOutputs>) => Number(printedLine(o, /max \|Δ\| = (\S+)$/)[1]);
    const refused = await run({}, [noPi], onlyTo("画图"));
    printedLine(refused, /^✗ 练习 1 · Exercise 1\b/);
    printedLine(refused, /the cells below use the library's E-step$/);
    assert.ok(gap(refused) <= 1e-9, `the library's E-step in the loop: max |Δ| = ${gap(refused)}, rounding`);
    const equal = await run({}, [noPi, yours], onlyTo("画图"));
    const small = await run({ nSamples1: 40 }, [noPi, yours], onlyTo("画图"));
    assert.ok(gap(equal) > 1e-3 && gap(equal) < 0.05, `equal clusters: max |Δ| = ${gap(equal)}, about 0.01`);
    assert.ok(gap(small) > 1, `a small cluster: max |Δ| = ${gap(small)}, about 3.6`);
    // 11: the poor k = 3 start with tol 1e-2 stops early, at iteration 18
    const loose = await run(
      {},
      [{ cell: "const stuck = applyGmm", from: "tol: 1e-6", to: "tol: 1e-2" }],
      onlyTo("k-means"),
    );
    assert.match(printedLine(loose, /converged at iteration (\d+): ℓ = (\S+),/)[0], /iteration 18: ℓ = -1338\.62/);
  });

  test("the sections on fixed data say the same whatever the parameters: their outputs under other values equal the default run's", async () => {
    const other: GivenValues = {
      randomState: 5,
      rng: "seedrandom",
      nSamples1: 80,
      variance2: 2,
      pi: [0.5, 0.5],
      mu: [
        [0, 0],
        [0, 0],
      ],
    };
    assert.notDeepEqual(checkParameters(parametersCell(NOTEBOOK), other), defaults);
    const outputs = await runCells(codeCells(other, () => true));
    checkClean(outputs, "other values");
    // A figure's div id is fresh per call (the process, the time, a count): the rest must match.
    const same = (o: CellOutputs | undefined) => ({
      text: o?.text,
      html: o?.html.map((h) => h.replace(/gmm-em-figure-\d+-[0-9a-z]+-\d+/g, "FIGURE")),
    });
    let compared = 0;
    for (const [index, o] of fixedDefault) {
      if (index < fixedFrom || index >= fixedTo) continue;
      assert.deepEqual(same(outputs.get(index)), same(o), `cell ${index}`);
      compared++;
    }
    assert.ok(compared >= 15, `${compared} cells compared`);
  });
});
