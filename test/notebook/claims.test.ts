// What the notebook's text says, checked on the library: every number a sentence or an exercise's
// answer states is read from the executed notebook (its English paragraphs, and what its cells
// printed), and recomputed here from the notebook's own parameters. A number the text states is
// right when the value rounds to it at the digits it is written with ("about 0.01", "≈ −1338.62").
// When the text changes, these tests read the new numbers; when a number stops being true, they fail.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { runInNewContext } from "node:vm";
import type { Matrix } from "ml-matrix";
import type { GmmParams } from "../../src/index";
import {
  applyGmm,
  computeGauss,
  GaussianMixture,
  generateData,
  logGauss,
  makeBlobs,
  selectModel,
} from "../../src/index";
import { useDefaultRun } from "../helpers/default-run";
import { type Notebook, readNotebook, text } from "../helpers/notebook";

const defaultRun = useDefaultRun({ requireSuccess: true });
let nb: Notebook;
/** The English paragraphs of every markdown cell, one a line (a paragraph without Chinese). */
let prose = "";
/** Everything the code cells printed. */
let printed = "";
/** The parameters cell's values, as the notebook ran with them. */
let p: {
  randomState: number;
  nSamples1: number;
  nSamples2: number;
  variance1: number;
  variance2: number;
  rng: "numpy" | "seedrandom";
  pi: number[];
  mu: number[][];
  Sigma: number[][][];
  maxIter: number;
  tol: number;
  histIndex: number[];
};
let X: Matrix;

const CJK = /[\u4e00-\u9fff]/;

before(async () => {
  const run = await defaultRun.ready;
  nb = readNotebook(run.notebookPath);
  prose = nb.cells
    .filter((c) => c.cell_type === "markdown")
    .flatMap((c) => text(c.source).split(/\n\s*\n/))
    .filter((paragraph) => !CJK.test(paragraph))
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, " "))
    .join("\n");
  printed = nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => text(o.text))
    .join("");
  // The parameters cell's values (the cell is plain literals), as the kernel had them; plain JSON,
  // for it runs in a context of its own.
  const cell = nb.cells.find((c) => (c.metadata.tags ?? []).includes("parameters"));
  assert.ok(cell, "the executed notebook has its parameters cell");
  const names = "randomState, nSamples1, nSamples2, variance1, variance2, rng, pi, mu, Sigma, maxIter, tol, histIndex";
  p = JSON.parse(JSON.stringify(runInNewContext(`${text(cell.source)}\n({ ${names} })`, {})));
  assert.equal(typeof p.tol, "number", "the parameters cell sets tol");
  X = data();
});

/** The notebook's data with some of its parameters changed. */
function data(change: Partial<{ nSamples1: number; variance1: number; variance2: number }> = {}): Matrix {
  return generateData({
    nSamples1: change.nSamples1 ?? p.nSamples1,
    nSamples2: p.nSamples2,
    variance1: change.variance1 ?? p.variance1,
    variance2: change.variance2 ?? p.variance2,
    randomState: p.randomState,
    rng: p.rng,
  });
}

/** The first match of `pattern` in the English text; fails naming the pattern when the text says it no more. */
function says(pattern: RegExp): RegExpExecArray {
  const match = pattern.exec(prose);
  assert.ok(match, `the notebook's text no longer says ${pattern}`);
  return match;
}

/** The first match of `pattern` in what the cells printed. */
function showed(pattern: RegExp): RegExpExecArray {
  const match = pattern.exec(printed);
  assert.ok(match, `the notebook no longer prints ${pattern}`);
  return match;
}

/** A number as the text writes it: a Unicode minus, LaTeX's \tfrac or × 10^{…} aside. */
function num(written: string): number {
  const value = Number(written.replace(/−/g, "-").trim());
  assert.ok(Number.isFinite(value), `${JSON.stringify(written)} is a number`);
  return value;
}

/** Whether `value` rounds to the number `written`, at the decimals it is written with. */
function roundsTo(value: number, written: string, what: string): void {
  const decimals = (/\.(\d+)/.exec(written)?.[1] ?? "").length;
  const stated = num(written);
  assert.ok(
    Math.abs(value - stated) <= 0.5 * 10 ** -decimals * (1 + 1e-9),
    `${what}: the notebook says ${written}, the library gives ${value}`,
  );
}

/** Whether `value` is `mantissa` × 10^`exponent` to the one digit written. */
function roundsToPower(value: number, mantissa: string, exponent: string, what: string): void {
  // As strings: 10^-324 itself is below the doubles.
  assert.equal(
    Number(value.toPrecision(1)),
    Number(`${mantissa}e${exponent}`),
    `${what}: the notebook says ${mantissa} × 10^${exponent}, the library gives ${value}`,
  );
}

/** Iterations where ℓ fell by more than the rounding of a sum of n logarithms, n·ε·|ℓ| (the notebook's count). */
const decreases = (ll: number[], n: number) =>
  ll.map((_, i) => i).filter((i) => i > 0 && ll[i - 1] - ll[i] > n * Number.EPSILON * Math.abs(ll[i]));

/** The notebook's EM cells (eStep in log space, mStep), written out again; π optional (exercise 10 leaves it out). */
function plainEm(points: Matrix, params: GmmParams, iterations: number, withPi = true): GmmParams {
  const x = points.to2DArray();
  let q = params;
  for (let it = 0; it < iterations; it++) {
    const logs = q.pi.map((w, j) =>
      Array.from(logGauss(points, q.mu[j], q.Sigma[j]), (l) => (withPi ? Math.log(w) : 0) + l),
    );
    const r = x.map((_, i) => {
      const row = logs.map((l) => l[i]);
      const top = Math.max(...row);
      const s = row.reduce((a, l) => a + Math.exp(l - top), 0);
      return row.map((l) => Math.exp(l - top) / s);
    });
    const N = r[0].map((_, j) => r.reduce((s, ri) => s + ri[j], 0));
    const mu = N.map((Nj, j) => [0, 1].map((c) => x.reduce((s, xi, i) => s + r[i][j] * xi[c], 0) / Nj));
    const Sigma = mu.map((m, j) =>
      [0, 1].map((a) =>
        [0, 1].map((b) => x.reduce((s, xi, i) => s + r[i][j] * (xi[a] - m[a]) * (xi[b] - m[b]), 0) / N[j]),
      ),
    );
    q = { pi: N.map((Nj) => Nj / x.length), mu, Sigma };
  }
  return q;
}
const flat = (q: GmmParams) => [q.pi, ...q.mu, ...q.Sigma.flat()].flat();
const maxGap = (a: GmmParams, b: GmmParams) => Math.max(...flat(a).map((v, i) => Math.abs(v - flat(b)[i])));
const I = [
  [1, 0],
  [0, 1],
];
/** generateData's cluster centres, which the parameters' markdown names. */
const CENTRES = [
  [-2, 2],
  [2, -2],
];

test("compute_gauss: the printed distances where the start's density turns subnormal and 0; the doubles' limits as the text states them", () => {
  const mean = p.mu[0],
    S = p.Sigma[0];
  const at = (distance: number) => computeGauss([[mean[0] + distance, mean[1]]], mean, S)[0];
  // "below 2.2 × 10^{-308}": the smallest normal double; "about 5 × 10^{-324}": the smallest positive one
  const normal = says(/becomes \*\*subnormal\*\* \(below \$([\d.]+) \\times 10\^\{(-\d+)\}\$/);
  assert.equal(Number(`${normal[1]}e${normal[2]}`), Number((2.2250738585072014e-308).toPrecision(2)));
  const smallest = says(/below about \$(\d) \\times 10\^\{(-\d+)\}\$, the smallest positive double/);
  roundsToPower(Number.MIN_VALUE, smallest[1], smallest[2], "the smallest positive double");
  // "log N falls with the squared distance": twice as far, four times as far down (from the peak)
  const peak = logGauss([mean], mean, S)[0];
  const down = (d: number) => peak - logGauss([[mean[0] + d, mean[1]]], mean, S)[0];
  says(/falls with the squared distance/);
  assert.ok(Math.abs(down(6) / down(3) - 4) < 1e-9);
  // the printed distances: just past each, the density is below the edge; just short of it, not yet
  const [, subnormal, zero] = showed(/subnormal from ([\d.]+); 下溢为 0 · 0 from ([\d.]+)/);
  assert.ok(
    at(num(subnormal) * 1.001) < 2.2250738585072014e-308 && at(num(subnormal) * 0.999) >= 2.2250738585072014e-308,
  );
  assert.ok(at(num(zero) * 1.001) === 0 && at(num(zero) * 0.999) > 0);
});

test("apply_gmm: no EM step lowers ℓ beyond the printed rounding n·ε·|ℓ|; converged at the printed iteration; the grid's panels after it look alike", () => {
  says(/no EM step lowers it/);
  const result = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter });
  const ll = result.logLikelihood;
  assert.deepEqual(decreases(ll, X.rows), [], "no decrease beyond rounding");
  assert.deepEqual(showed(/decreases beyond it: (\d+) \/ (\d+)/).slice(1), ["0", String(p.maxIter)]);
  const fit = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, tol: p.tol, keep: "none" });
  assert.ok(fit.converged);
  const rounding = X.rows * Number.EPSILON * Math.abs(fit.logLikelihood[fit.nIter]);
  assert.equal(showed(/rounding n·ε·\|ℓ\| = (\S+)/)[1], rounding.toExponential(1));
  // correct EM's ℓ jitters on its plateau by less than that rounding, and never falls by more
  const jitter = Math.max(...ll.map((v, i) => (i > 0 ? ll[i - 1] - v : 0)));
  assert.ok(jitter < rounding, `${jitter}`);
  assert.equal(Number(showed(/converged at iteration (\d+), ℓ =/)[1]), fit.nIter);
  // "The panels after convergence look alike": a panel spans about 17 units in 240 px, a pixel 0.07 units
  says(/After convergence \(the iteration printed above\) \$\\ell\$ rises by less than `tol` an iteration/);
  says(/a pixel is about 0\.07 units/);
  const [, panels, moved] = showed(/panels from it on: ([\d, ]+)；μ 最多移动 · means moved at most (\S+)/);
  const after = panels.split(", ").map(Number);
  assert.deepEqual(
    after,
    p.histIndex.filter((i) => i >= fit.nIter),
  );
  assert.ok(after.length >= 2 && num(moved) < 0.07, "the panels after convergence differ by less than a pixel");
  assert.ok(maxGap(result.coef[after[0]], result.coef[after[after.length - 1]]) < 0.07);
});

test("the original's slips: barely visible on two equal clusters; on unequal ones a mean between the clusters, ℓ lower and falling", () => {
  says(
    /With two clusters of 200 points, \$N_1 \\approx N_2\$ and \$\\pi \\approx \(\\tfrac12, \\tfrac12\)\$, and both slips barely change the result/,
  );
  assert.deepEqual([p.nSamples1, p.nSamples2], [200, 200]);
  const o = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, variant: "original", keep: "none" });
  const c = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" });
  const last = p.maxIter;
  c.coef[last].pi.forEach((w) => assert.ok(Math.abs(w - 0.5) < 0.05, `π ≈ ½: ${w}`));
  assert.ok(Math.abs(o.logLikelihood[last] - c.logLikelihood[last]) < 0.5, "ℓ hardly apart");
  // means and weights a tenth of the narrower cluster's spread apart at most
  const meansAndWeights = (q: GmmParams) => [...q.pi, ...q.mu.flat()];
  const apart = Math.max(
    ...meansAndWeights(o.coef[last]).map((v, i) => Math.abs(v - meansAndWeights(c.coef[last])[i])),
  );
  assert.ok(apart < 0.1 * Math.sqrt(Math.min(p.variance1, p.variance2)), `means and weights ${apart} apart`);
  const oFalls = decreases(o.logLikelihood, X.rows);
  assert.ok(
    oFalls.every((i) => o.logLikelihood[i - 1] - o.logLikelihood[i] < 0.01),
    "the original's ℓ falls, but by hundredths at most",
  );

  const [, small] = says(
    /the clusters are \*\*unequal\*\*: the original's data \(variances 3 and 1, seed 42, `rng = "numpy"`\) with only (\d+) points in the first cluster; both EMs start from the original's start and run 100 iterations/,
  );
  const unequal = data({ nSamples1: num(small) });
  const o40 = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, variant: "original", keep: "none" });
  const c40 = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" });
  says(
    /On these data, one of the original's means ends \*\*between\*\* the clusters, its \$\\ell\$ is clearly lower, and it \*\*falls\*\*/,
  );
  const midpoint = [(CENTRES[0][0] + CENTRES[1][0]) / 2, (CENTRES[0][1] + CENTRES[1][1]) / 2];
  const half = Math.hypot(CENTRES[0][0] - midpoint[0], CENTRES[0][1] - midpoint[1]);
  assert.ok(
    o40.coef[last].mu.some((m) => Math.hypot(m[0] - midpoint[0], m[1] - midpoint[1]) < half / 2),
    `a mean between the clusters: ${JSON.stringify(o40.coef[last].mu)}`,
  );
  assert.ok(o40.logLikelihood[last] < c40.logLikelihood[last] - 10, "clearly lower");
  const falls = decreases(o40.logLikelihood, unequal.rows);
  const largest = Math.max(0, ...falls.map((i) => o40.logLikelihood[i - 1] - o40.logLikelihood[i]));
  // What the notebook printed of those falls is this run's.
  const shown = showed(
    /The original's ℓ fell at (\d+) of (\d+) iterations, by up to ([\d.]+); correct EM's at (\d+)\./,
  );
  assert.deepEqual([num(shown[1]), num(shown[2]), num(shown[4])], [falls.length, p.maxIter, 0]);
  roundsTo(largest, shown[3], "the original's largest fall");
  says(/Correct EM's \$\\ell\$ never falls \(beyond rounding\)/);
  assert.deepEqual(decreases(c40.logLikelihood, unequal.rows), []);
});

test("the original's mean update: right for k = 1 (both slips vanish), an error for k ≠ d", () => {
  says(/with \$k = 1\$ it happens to be right; any other \$k\$ raises an error/);
  const one = { pi: [1], mu: [[0.5, 0.5]], Sigma: [I] };
  const o = applyGmm(X, one.pi, one.mu, one.Sigma, { variant: "original", maxIter: 5, keep: "none" });
  const c = applyGmm(X, one.pi, one.mu, one.Sigma, { maxIter: 5, keep: "none" });
  assert.ok(maxGap(o.coef[5], c.coef[5]) < 1e-12);
  const three = { pi: [1 / 3, 1 / 3, 1 / 3], mu: [...CENTRES, [0, 0]], Sigma: [I, I, I] };
  assert.throws(
    () => applyGmm(X, three.pi, three.mu, three.Sigma, { maxIter: 1, variant: "original" }),
    /k = 3 and d = 2/,
  );
});

/** The k = 3 section's data and poor start, as its cell makes them. */
function kThree() {
  const blobs = makeBlobs({
    nSamples: 300,
    centers: [
      [-5, -3],
      [5, -3],
      [0, 5],
    ],
    clusterStd: 1,
    // the section's own blobs, named in its text, whatever the parameters cell holds
    randomState: 42,
    rng: "numpy",
  });
  const third = [1 / 3, 1 / 3, 1 / 3];
  const poorStart = [
    [-5.5, -2.5],
    [-4.5, -3.5],
    [2.5, 1],
  ];
  const fit = (start: number[][], tol: number) =>
    applyGmm(blobs.X, third, start, [I, I, I], { maxIter: 1000, tol, regCovar: 1e-6, keep: "none" });
  return { blobs, poorStart, fit };
}

test("k = 3: ℓ creeps for a hundred-odd iterations, a weight shrinks, ℓ climbs a step to a local optimum; the farthest-point start escapes", () => {
  const { blobs, poorStart, fit } = kThree();
  const stuck = fit(poorStart, 1e-6);
  const ll = stuck.logLikelihood;
  const n = stuck.nIter;
  says(
    /On these data, for a hundred-odd iterations \$\\ell\$ only creeps up \(at iteration 100 the run has not converged\); then one component's mixing coefficient shrinks, \$\\ell\$ climbs a step, and it converges there/,
  );
  assert.ok(stuck.converged && n > 100 && n < 200, `a hundred-odd iterations: ${n}`);
  assert.ok(ll[100] - ll[1] < (ll[n] - ll[1]) / 4, "the first hundred iterations gain under a quarter of the climb");
  const gain = (i: number) => ll[i] - ll[i - 1];
  // (the first iteration, from the start, always gains most: the creeping is what follows it)
  let steepest = 2;
  for (let i = 3; i <= n; i++) if (gain(i) > gain(steepest)) steepest = i;
  assert.ok(
    steepest > 100 && gain(steepest) > 10 * gain(2),
    `the step comes after iteration 100 (steepest at ${steepest})`,
  );
  const smallest = (i: number) => Math.min(...stuck.coef[i].pi);
  assert.ok(smallest(n) < smallest(100) / 2, `a weight shrinks: ${smallest(100)} → ${smallest(n)}`);
  // What the notebook printed of this run is the library's.
  const shown = showed(/converged at iteration (\d+): ℓ = (-[\d.]+), π = \(([\d., ]+)\)/);
  assert.equal(num(shown[1]), n);
  roundsTo(ll[n], shown[2], "the converged ℓ");
  shown[3].split(", ").forEach((w, j) => roundsTo(stuck.coef[n].pi[j], w, `π${j + 1}`));
  // "one component holds two blobs and the other two share one blob, one of them with a small weight"
  says(/one component holds two blobs and the other two share one blob, one of them with a small mixing coefficient/);
  const hard = (params: GmmParams) => {
    const logs = params.pi.map((w, j) =>
      Array.from(logGauss(blobs.X, params.mu[j], params.Sigma[j]), (l) => Math.log(w) + l),
    );
    return blobs.y.map((_, i) => logs.reduce((best, l, j) => (l[i] > logs[best][i] ? j : best), 0));
  };
  const owner = hard(stuck.coef[n]);
  const blobsOf = (j: number) =>
    [0, 1, 2].filter((b) => blobs.y.filter((y, i) => y === b && owner[i] === j).length > 50);
  const holdings = [0, 1, 2].map(blobsOf);
  assert.equal(
    holdings.filter((h) => h.length === 2).length,
    1,
    `one component holds two blobs: ${JSON.stringify(holdings)}`,
  );
  const shared = holdings.filter((h) => h.length <= 1).flat();
  assert.ok(
    shared.length >= 1 && new Set(shared).size === 1,
    `the other two share one blob: ${JSON.stringify(holdings)}`,
  );
  // A local optimum: the farthest-point start reaches far higher, one mean in each blob.
  says(
    /the \*\*farthest-point start\*\* — the first mean on the first data point, each next one on the data point farthest from the means chosen so far/,
  );
  says(/It puts one mean in each blob/);
  const spread = [blobs.X.getRow(0)];
  const away = (x: number[]) => Math.min(...spread.map((c) => Math.hypot(x[0] - c[0], x[1] - c[1])));
  while (spread.length < 3) spread.push(blobs.X.to2DArray().reduce((a, b) => (away(b) > away(a) ? b : a)));
  const escaped = fit(spread, 1e-6);
  const found = escaped.coef[escaped.nIter].mu;
  blobs.centers.forEach((c) =>
    assert.equal(found.filter((m) => Math.hypot(m[0] - c[0], m[1] - c[1]) < 1).length, 1, `one mean at ${c}`),
  );
  const converged = showed(/poor start (-[\d.]+), 最远点初值 · farthest-point start (-[\d.]+)/);
  roundsTo(ll[n], converged[1], "the poor start's ℓ");
  roundsTo(escaped.logLikelihood[escaped.nIter], converged[2], "the farthest-point start's ℓ");
  assert.ok(escaped.logLikelihood[escaped.nIter] - ll[n] > 100, "far higher");
  // "a tolerance that is too loose (say tol = 1e-2) stops EM on the slow slope, neither at an optimum nor done moving"
  const [, loose] = says(/a tolerance that is too loose \(say `tol = ([\d.e-]+)`\) stops EM on the slow slope/);
  const early = fit(poorStart, num(loose));
  assert.ok(early.converged && early.nIter < 100, `stopped early: ${early.nIter}`);
  assert.ok(ll[n] - early.logLikelihood[early.nIter] > 10, "not at an optimum: the same start climbs on");
});

test("restarts: ten random starts, some ending far lower; nInit keeps the best", () => {
  says(/one runs EM from several random starts and keeps the one with the highest \$\\ell\$/);
  const { blobs } = kThree();
  const randomFit = (seed: number, restarts: number) =>
    new GaussianMixture({
      nComponents: 3,
      initParams: "random",
      randomState: seed,
      nInit: restarts,
      tol: 1e-6,
      maxIter: 500,
    })
      .fit(blobs.X)
      .score(blobs.X) * blobs.X.rows;
  const single = Array.from({ length: 10 }, (_, seed) => randomFit(seed, 1));
  const ten = randomFit(0, 10);
  const shown = showed(/one start each: ℓ = ([-\d., ]+)\n/)[1].split(", ");
  assert.equal(shown.length, 10);
  shown.forEach((l, seed) => roundsTo(single[seed], l, `the fit from seed ${seed}`));
  roundsTo(ten, showed(/ten restarts \(nInit = 10\): ℓ = (-[\d.]+)/)[1], "ten restarts");
  assert.ok(
    single.some((l) => l < ten - 100),
    "some random starts end far lower",
  );
  assert.ok(ten >= Math.max(...single) - 0.1, "ten restarts end as high as the best single start");
});

test("BIC: the best fit's ℓ never falls as k grows (on the notebook's data, full covariances, 5 starts each)", () => {
  says(/The \*\*best\*\* fit's \$\\ell\$ never falls as \$k\$ grows/);
  const best = [1, 2, 3, 4].map(
    (k) => new GaussianMixture({ nComponents: k, nInit: 5, randomState: 0 }).fit(X).score(X) * X.rows,
  );
  best.forEach((l, i) => assert.ok(i === 0 || l >= best[i - 1] - 1e-6, `k = ${i + 1}: ${l} after ${best[i - 1]}`));
});

test("AIC beside BIC: on bicData the model AIC picks has no fewer parameters than BIC's, as the text says of any data with n ≥ 8", () => {
  says(/for \$n \\ge 8\$ \(\$\\log n > 2\$\) the model AIC picks never has fewer parameters \$p\$ than BIC's/);
  const bicData = generateData({ variance1: 3, variance2: 1, randomState: 42, rng: "numpy" });
  const selection = selectModel(bicData, { nComponents: [1, 2, 3, 4, 5, 6, 7, 8], randomState: 0 });
  const [, k, type, p, pBic] = showed(/lowest AIC: k = (\d+), (\w+), p = (\d+) \(BIC: p = (\d+)\)/);
  assert.deepEqual([num(k), type], [selection.bestAic.nComponents, selection.bestAic.covarianceType]);
  assert.equal(num(p), selection.bestAic.model.nParameters());
  assert.equal(num(pBic), selection.best.model.nParameters());
  assert.ok(num(p) >= num(pBic));
  // the argument, on every candidate: fewer parameters than BIC's pick and no lower BIC means a higher AIC
  const pick = selection.best.model.nParameters();
  for (const row of selection.table) {
    if (row.bic === null || row.aic === null) continue;
    const q = Math.round((row.bic - row.aic) / (Math.log(bicData.rows) - 2)); // BIC − AIC = p (log n − 2)
    if (q < pick) assert.ok(row.aic > selection.bestAic.aic, `k = ${row.nComponents}, ${row.covarianceType}, p = ${q}`);
  }
});

test("exercise 7: on bicData (seed 42) BIC picks k = 2 up to the stated variance and k = 1 beyond, by a margin under 1 at the switch; √v passes the stated spread", () => {
  const asked = says(/`variance1: v, variance2: v` with \$v\$ = ([\d., ]+)\. Where does BIC switch/)[1]
    .split(", ")
    .map(num);
  const answer = says(
    /On `bicData` \(seed 42\), BIC picks \$k = 2\$ \((\w+)\) up to \$v = ([\d.]+)\$, and \$k = 1\$ \((\w+)\) at \$v = ([\d.]+)\$ and \$([\d.]+)\$\. But at the switch the two BICs differ by less than 1, a near tie: with another `randomState` the switch moves — the points drawn decide it, not a law\. The centres are \$\\lVert\(-2, 2\) - \(2, -2\)\\rVert \\approx ([\d.]+)\$ apart; once each cluster's standard deviation \$\\sqrt\{v\}\$ passes about ([\d.]+)/,
  );
  const [, twoType, upTo, oneType, from, also, apart, spread] = answer;
  // the BIC cell's data: the original's, seed 42 (numpy), whatever the parameters cell holds
  const bicData = (v: number) => generateData({ variance1: v, variance2: v, randomState: 42, rng: "numpy" });
  const select = (v: number) => selectModel(bicData(v), { nComponents: [1, 2, 3, 4, 5, 6, 7, 8], randomState: 0 });
  const pick = (v: number) => select(v).best;
  // the best BIC of k components
  const bestOf = (v: number, k: number) =>
    Math.min(
      ...select(v)
        .table.filter((r) => r.nComponents === k && r.bic !== null)
        .map((r) => r.bic as number),
    );
  for (const v of [num(upTo), num(from)]) {
    const margin = Math.abs(bestOf(v, 1) - bestOf(v, 2));
    assert.ok(margin < 1, `v = ${v}: the BICs of k = 1 and 2 differ by ${margin}`);
  }
  for (const v of asked) {
    const best = pick(v);
    const expected = v <= num(upTo) ? [2, twoType] : [1, oneType];
    assert.deepEqual([best.nComponents, best.covarianceType], expected, `v = ${v}`);
  }
  assert.deepEqual(
    [num(from), num(also)],
    asked.filter((v) => v > num(upTo)),
  );
  roundsTo(Math.hypot(CENTRES[0][0] - CENTRES[1][0], CENTRES[0][1] - CENTRES[1][1]), apart, "the centres' distance");
  roundsTo(Math.sqrt(num(from)), spread, "√v where BIC switches");
});

test("exercise 8: both means at one point with equal weights stay one Gaussian — ℓ constant from iteration 1", () => {
  const [, pi, mu] = says(
    /Start both means at the same point with equal mixing coefficients: `pi = (\[[^\]]+\])`, `mu = (\[\[[^`]+\]\])`/,
  );
  says(/from iteration 1 on \$\\ell\$ stays at the log-likelihood of \*\*one\*\* Gaussian fitted to the data/);
  const run = applyGmm(X, JSON.parse(pi), JSON.parse(mu), p.Sigma, { maxIter: p.maxIter, keep: "none" });
  assert.deepEqual(run.coef[p.maxIter].mu[0], run.coef[p.maxIter].mu[1]);
  const one = new GaussianMixture({ nComponents: 1, regCovar: 0 }).fit(X).score(X) * X.rows;
  assert.ok(Math.abs(run.logLikelihood[1] - one) < 1e-6 && Math.abs(run.logLikelihood[p.maxIter] - one) < 1e-6);
});

test("exercises 9 and 10: the small cluster's π against its true share; leaving π out of the E-step, the stated gaps and the dragged mean", () => {
  const [, small, total, share] = says(/the true share \$(\d+)\/(\d+) \\approx ([\d.]+)\$/);
  assert.equal(num(total), num(small) + p.nSamples2);
  roundsTo(num(small) / num(total), share, "the true share");
  const unequal = data({ nSamples1: num(small) });
  const fitted = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" }).coef[p.maxIter];
  const [, got, gap, against, which] = says(
    /With the other parameters at their defaults \(seed 42\), the small cluster's component gets \$\\pi \\approx ([\d.]+)\$, about ([\d.]+) from \$([\d.]+)\$.*here the small cluster is component (\d)/,
  );
  const j = num(which) - 1;
  assert.equal(fitted.pi[j], Math.min(...fitted.pi), `component ${which} is the small cluster's`);
  roundsTo(fitted.pi[j], got, "the small cluster's π");
  roundsTo(num(against), share, "the share it is compared with");
  roundsTo(fitted.pi[j] - num(small) / num(total), gap, "π's distance from the true share");

  const [, equalGap, unequalGap, mx, my] = says(
    /With your `eStep` in the loop, the other parameters at their defaults \(seed 42\) and 200 points in each cluster, the largest difference is about ([\d.]+):.*With `nSamples1 = \d+` it is about ([\d.]+):.*to about \$\(([-−\d.]+), ([-−\d.]+)\)\$/,
  );
  const start = { pi: p.pi, mu: p.mu, Sigma: p.Sigma };
  const noPi = plainEm(X, start, p.maxIter, false);
  const noPi40 = plainEm(unequal, start, p.maxIter, false);
  roundsTo(
    maxGap(noPi, applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" }).coef[p.maxIter]),
    equalGap,
    "without π, equal clusters",
  );
  roundsTo(maxGap(noPi40, fitted), unequalGap, "without π, unequal clusters");
  const dragged = noPi40.mu.reduce((a, b) => (Math.hypot(b[0], b[1]) < Math.hypot(a[0], a[1]) ? b : a));
  roundsTo(dragged[0], mx, "the dragged mean's x");
  roundsTo(dragged[1], my, "the dragged mean's y");
});

test("exercise 11: tol 1e-2 stops the poor k = 3 start at the stated iteration and ℓ; tol 1e-6 climbs on to the stated ℓ", () => {
  const [, from, to] = says(/change `tol: ([\d.e-]+)` to `tol: ([\d.e-]+)`/);
  const [, stops, at, climbs, later] = says(
    /On the section's fixed blobs \(seed 42\), it stops at iteration (\d+) with \$\\ell \\approx ([-−\d.]+)\$ and reports "converged"\. But it was only on a slow slope: run on with `tol: [\d.e-]+` and \$\\ell\$ climbs to about \$([-−\d.]+)\$ \(iteration (\d+)\)/,
  );
  const { poorStart, fit } = kThree();
  const loose = fit(poorStart, num(to));
  assert.ok(loose.converged);
  assert.equal(loose.nIter, num(stops), "the iteration tol 1e-2 stops at");
  roundsTo(loose.logLikelihood[loose.nIter], at, "ℓ where tol 1e-2 stops");
  const tight = fit(poorStart, num(from));
  assert.equal(tight.nIter, num(later), "the iteration tol 1e-6 stops at");
  roundsTo(tight.logLikelihood[tight.nIter], climbs, "ℓ where tol 1e-6 stops");
});

test("collapse: regCovar keeps the one-point component, with π₂ = 1/n and Σ₂ = εI, its mean on the outermost point (the top one)", () => {
  says(
    /the component still holds its one point, with \$\\pi_2 = 1\/n\$ and \$\\Sigma_2 = \\varepsilon I\$ \(the blue marker, on the outermost point printed below/,
  );
  const centre = [0, 1].map((c) => X.getColumn(c).reduce((s, v) => s + v, 0) / X.rows);
  const points = X.to2DArray();
  const outermost = points.reduce((a, b) =>
    Math.hypot(b[0] - centre[0], b[1] - centre[1]) > Math.hypot(a[0] - centre[0], a[1] - centre[1]) ? b : a,
  );
  const epsilon = 1e-6;
  const rescued = applyGmm(
    X,
    [0.5, 0.5],
    [centre, outermost],
    [
      [
        [3, 0],
        [0, 3],
      ],
      [
        [0.01, 0],
        [0, 0.01],
      ],
    ],
    { maxIter: p.maxIter, regCovar: epsilon, keep: "none" },
  ).coef[p.maxIter];
  assert.ok(Math.abs(rescued.pi[1] * X.rows - 1) < 1e-3, `π₂ = ${rescued.pi[1]}`);
  assert.ok(Math.hypot(rescued.mu[1][0] - outermost[0], rescued.mu[1][1] - outermost[1]) < 1e-6);
  rescued.Sigma[1]
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(v - (i % 3 === 0 ? epsilon : 0)) < 1e-3 * epsilon, `Σ₂: ${v}`));
  assert.equal(outermost[1], Math.max(...points.map((x) => x[1])), "the outermost point is the top one");
});
