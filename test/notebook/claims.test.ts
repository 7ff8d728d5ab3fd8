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

/** The notebook's EM cell (eStep in log space, mStep), written out again; π optional (exercise 4 leaves it out). */
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

test("compute_gauss: the start near the origin, e^{-100} a few units out, the subnormal twelve units out, 0 past the stated distance", () => {
  const sigma = num(says(/with \$\\Sigma = ([\d.]+)\\,I\$/)[1]);
  p.mu.forEach((m, j) => assert.ok(Math.hypot(m[0], m[1]) < 0.5, `the start's mean ${j} sits near the origin`));
  p.Sigma.forEach((S) =>
    assert.deepEqual(S, [
      [sigma, 0],
      [0, sigma],
    ]),
  );
  const mean = p.mu[0],
    S = p.Sigma[0];
  const at = (distance: number) => computeGauss([[mean[0] + distance, mean[1]]], mean, S)[0];
  // "a few units away has a density like e^{-100}"
  const [, power] = says(/a point a few units away has a density like \$e\^\{(-?\d+)\}\$/);
  const units = [2, 3, 4, 5, 6].filter(
    (d) => Math.abs(logGauss([[mean[0] + d, mean[1]]], mean, S)[0] - num(power)) < 25,
  );
  assert.ok(units.length > 0, `e^${power} lies a few units out`);
  // "the smallest positive double is about 5 × 10^{-324}"
  const smallest = says(/smallest positive double is about \$(\d) \\times 10\^\{(-\d+)\}\$/);
  roundsToPower(Number.MIN_VALUE, smallest[1], smallest[2], "the smallest positive double");
  // "twelve units from the mean the density is about 3 × 10^{-313} (a subnormal number…)"
  const twelve = says(/twelve units from the mean the density is about \$(\d) \\times 10\^\{(-\d+)\}\$ \(a subnormal/);
  roundsToPower(at(12), twelve[1], twelve[2], "the density twelve units out");
  assert.ok(at(12) > 0 && at(12) < 2.2250738585072014e-308, "subnormal: below the smallest normal double");
  // "beyond about 12.2 units it underflows to 0": where it turns 0, to the digit written
  const [, beyond] = says(/beyond about ([\d.]+) units it \*\*underflows\*\* to \$0\$/);
  let [low, high] = [12, 13];
  while (high - low > 1e-9) {
    const mid = (low + high) / 2;
    if (at(mid) > 0) low = mid;
    else high = mid;
  }
  roundsTo(low, beyond, "the distance where the density underflows");
});

test("apply_gmm: no EM step lowers ℓ, which is good to about 10^{-10}; converged at about the stated iteration, so the grid's last two look alike", () => {
  says(/no EM step lowers it/);
  const result = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter });
  const ll = result.logLikelihood;
  assert.deepEqual(decreases(ll, X.rows), [], "no decrease beyond rounding");
  assert.deepEqual(showed(/decreases of ℓ beyond rounding: (\d+) \/ (\d+)/).slice(1), ["0", String(p.maxIter)]);
  // "only good to about nε|ℓ| (about 10^{-10} here)"
  const [, exponent] = says(/\$n \\varepsilon \|\\ell\|\$ \(about \$10\^\{(-\d+)\}\$ here\)/);
  const rounding = X.rows * Number.EPSILON * Math.abs(ll[result.nIter]);
  assert.ok(Math.abs(Math.log10(rounding) - num(exponent)) <= 0.5, `nε|ℓ| = ${rounding}, about 10^${exponent}`);
  // correct EM's ℓ jitters on its plateau by less than that rounding, and never falls by more
  const jitter = Math.max(...ll.map((v, i) => (i > 0 ? ll[i - 1] - v : 0)));
  assert.ok(jitter < rounding, `${jitter}`);
  // "Iterations 25 and 40 look alike because EM converged at about iteration 20 (the `tol` above)"
  const [, first, second, converged] = says(
    /Iterations (\d+) and (\d+) look alike because EM converged at about iteration (\d+) \(the `tol` above\)/,
  );
  const fit = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, tol: p.tol, keep: "none" });
  assert.ok(fit.converged);
  roundsTo(fit.nIter, converged, "the iteration EM converged at");
  const [a, b] = [num(first), num(second)];
  assert.ok(
    p.histIndex.includes(a) && p.histIndex.includes(b) && a > fit.nIter,
    "two panels of the grid, past convergence",
  );
  // a panel spans about 17 units in 240 px: a pixel is 0.07 units
  assert.ok(maxGap(result.coef[a], result.coef[b]) < 1e-3, "the grid's two panels differ by far less than a pixel");
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

  const [, small] = says(/the clusters are \*\*unequal\*\* \(the first has only (\d+) points\)/);
  const unequal = data({ nSamples1: num(small) });
  const o40 = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, variant: "original", keep: "none" });
  const c40 = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" });
  says(
    /One of the original's means ends \*\*between\*\* the clusters, its \$\\ell\$ is clearly lower, and it \*\*falls\*\*/,
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
    randomState: p.randomState,
    rng: p.rng,
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
    /For a hundred-odd iterations \$\\ell\$ only creeps up \(at iteration 100 the run has not converged\); then one component's weight shrinks, \$\\ell\$ climbs a step, and it converges there/,
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
  says(/one component holds two blobs and the other two share one blob, one of them with a small weight/);
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

test("exercise 1: BIC picks k = 2 up to the stated variance and k = 1 beyond, where √v passes the stated spread", () => {
  const asked = says(/`variance1 = variance2 = v` with \$v\$ = ([\d., ]+)\. Where does BIC switch/)[1]
    .split(", ")
    .map(num);
  const answer = says(
    /BIC picks \$k = 2\$ \((\w+)\) up to \$v = ([\d.]+)\$, and \$k = 1\$ \((\w+)\) at \$v = ([\d.]+)\$ and \$([\d.]+)\$\. The centres are \$\\lVert\(-2, 2\) - \(2, -2\)\\rVert \\approx ([\d.]+)\$ apart; once each cluster's standard deviation \$\\sqrt\{v\}\$ passes about ([\d.]+)/,
  );
  const [, twoType, upTo, oneType, from, also, apart, spread] = answer;
  const pick = (v: number) =>
    selectModel(data({ variance1: v, variance2: v }), { nComponents: [1, 2, 3, 4, 5, 6, 7, 8], randomState: 0 }).best;
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

test("exercise 2: both means at one point with equal weights stay one Gaussian — ℓ constant from iteration 1", () => {
  const [, pi, mu] = says(
    /Start both means at the same point with equal weights: `pi = (\[[^\]]+\])`, `mu = (\[\[[^`]+\]\])`/,
  );
  says(/from iteration 1 on \$\\ell\$ stays at the log-likelihood of \*\*one\*\* Gaussian fitted to the data/);
  const run = applyGmm(X, JSON.parse(pi), JSON.parse(mu), p.Sigma, { maxIter: p.maxIter, keep: "none" });
  assert.deepEqual(run.coef[p.maxIter].mu[0], run.coef[p.maxIter].mu[1]);
  const one = new GaussianMixture({ nComponents: 1, regCovar: 0 }).fit(X).score(X) * X.rows;
  assert.ok(Math.abs(run.logLikelihood[1] - one) < 1e-6 && Math.abs(run.logLikelihood[p.maxIter] - one) < 1e-6);
});

test("exercises 3 and 4: the small cluster's π against its true share; leaving π out of the E-step, the stated gaps and the dragged mean", () => {
  const [, small, total, share] = says(/the true share \$(\d+)\/(\d+) \\approx ([\d.]+)\$/);
  assert.equal(num(total), num(small) + p.nSamples2);
  roundsTo(num(small) / num(total), share, "the true share");
  const unequal = data({ nSamples1: num(small) });
  const fitted = applyGmm(unequal, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, keep: "none" }).coef[p.maxIter];
  const [, got, gap, against, which] = says(
    /The small cluster's component gets \$\\pi \\approx ([\d.]+)\$, about ([\d.]+) from \$([\d.]+)\$.*here the small cluster is component (\d)/,
  );
  const j = num(which) - 1;
  assert.equal(fitted.pi[j], Math.min(...fitted.pi), `component ${which} is the small cluster's`);
  roundsTo(fitted.pi[j], got, "the small cluster's π");
  roundsTo(num(against), share, "the share it is compared with");
  roundsTo(fitted.pi[j] - num(small) / num(total), gap, "π's distance from the true share");

  const [, equalGap, unequalGap, mx, my] = says(
    /With 200 points in each cluster the largest difference is about ([\d.]+):.*With `nSamples1 = \d+` it is about ([\d.]+):.*to about \$\(([-−\d.]+), ([-−\d.]+)\)\$/,
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

test("exercise 5: tol 1e-2 stops the poor k = 3 start at the stated iteration and ℓ; tol 1e-6 climbs on to the stated ℓ", () => {
  const [, from, to] = says(/change `tol: ([\d.e-]+)` to `tol: ([\d.e-]+)`/);
  const [, stops, at, climbs, later] = says(
    /It stops at iteration (\d+) with \$\\ell \\approx ([-−\d.]+)\$ and reports "converged"\. But it was only on a slow slope: run on with `tol: [\d.e-]+` and \$\\ell\$ climbs to about \$([-−\d.]+)\$ \(iteration (\d+)\)/,
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

test("collapse: regCovar keeps the one-point component, with π₂ = 1/n and Σ₂ = εI, its mean on the outermost point at the top", () => {
  says(
    /the component still holds its one point, with \$\\pi_2 = 1\/n\$ and \$\\Sigma_2 = \\varepsilon I\$ \(the blue marker at the top/,
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
