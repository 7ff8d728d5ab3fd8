// Model selection by BIC, its Plotly figure, numpy's generator, and the M-step's covariance types.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { selectModel } from "../src/estimator/select-model";
import { bicFigure } from "../src/figures/bic-figure";
import { GaussianMixture } from "../src/estimator/gaussian-mixture";
import { GmmInputError } from "../src/errors";
import { NumpyRandomState } from "../src/data/numpy-random";
import { mStep } from "../src/em/m-step";
import { eStep } from "../src/em/e-step";
import { computePrecisions } from "../src/em/params";
import type { MixtureState } from "../src/em/params";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", "estimator", `${name}.json`), "utf8"));

describe("selectModel", () => {
  const f = fixture("select-model");
  const selection = selectModel(f.X, { nComponents: f.nComponents, covarianceTypes: f.covarianceTypes, randomState: f.randomState });

  test("the BIC table equals scikit-learn's (k-means init, same randomState) to 1e-6", () => {
    assert.deepEqual(selection.covarianceTypes, f.covarianceTypes);
    assert.deepEqual(selection.nComponents, f.nComponents);
    (f.bic as number[][]).forEach((row, t) => row.forEach((expected, c) => {
      const actual = selection.bic[t][c]!;
      assert.ok(Math.abs(actual - expected) < 1e-6, `${f.covarianceTypes[t]}, k = ${f.nComponents[c]}: ${actual} vs ${expected}`);
    }));
    assert.equal(selection.table.length, f.nComponents.length * f.covarianceTypes.length);
  });

  test("the best model has the lowest BIC and is fitted", () => {
    const all = selection.table.map((r) => r.bic!);
    assert.equal(selection.best.bic, Math.min(...all));
    const row = selection.table.find((r) => r.bic === selection.best.bic)!;
    assert.equal(row.nComponents, selection.best.nComponents);
    assert.equal(row.covarianceType, selection.best.covarianceType);
    assert.equal(selection.best.model.bic(f.X), selection.best.bic);
    // Three clusters were drawn; BIC finds three.
    assert.equal(selection.best.nComponents, 3);
  });

  test("bad input", () => {
    const X = f.X as number[][];
    const isInput = (argument: string) => (e: unknown) => e instanceof GmmInputError && e.argument === argument;
    assert.throws(() => selectModel(X, { nComponents: [] }), isInput("options.nComponents"));
    assert.throws(() => selectModel(X, { nComponents: [1, 0] }), isInput("options.nComponents[1]"));
    assert.throws(() => selectModel(X.slice(0, 3), { nComponents: [2, 4] }), isInput("options.nComponents[1]"));
    assert.throws(() => selectModel(X, { nComponents: [1], covarianceTypes: ["full", "tide" as never] }), isInput("options.covarianceTypes[1]"));
    assert.throws(() => selectModel(X, { nComponents: [1], covarianceType: "full" } as never), isInput("options.covarianceType"));
  });

  test("a fit that collapses is recorded as null, not as a number", () => {
    // Four distinct points, each repeated: 8 components must collapse without regCovar.
    const X = [[0, 0], [1, 0], [0, 1], [1, 1]].flatMap((p) => [p, p, p]);
    const s = selectModel(X, { nComponents: [1, 8], covarianceTypes: ["full"], regCovar: 0, randomState: 0 });
    assert.equal(s.bic[0][1], null);
    assert.match(s.table[1].error!, /component/);
    assert.equal(s.best.nComponents, 1);
  });
});

describe("bicFigure", () => {
  const selection = {
    nComponents: [1, 2, 3],
    covarianceTypes: ["full", "diag"] as ("full" | "diag")[],
    bic: [[300, 250, 260], [310, null, 255]],
    table: [],
    best: { nComponents: 2, covarianceType: "full" as const, bic: 250, model: new GaussianMixture() },
  };
  const fig = bicFigure(selection);
  test("one line per covariance type over the numbers of components, gaps where a fit failed", () => {
    assert.equal(fig.data.length, 3);
    assert.deepEqual(fig.data.slice(0, 2).map((t) => t.name), ["full", "diag"]);
    assert.deepEqual(fig.data[0].x, [1, 2, 3]);
    assert.deepEqual(fig.data[0].y, [300, 250, 260]);
    assert.deepEqual(fig.data[1].y, [310, null, 255]);
    assert.equal(fig.data[0].mode, "lines+markers");
  });
  test("the best model is starred and named in the legend; axes are titled", () => {
    const star = fig.data[2] as { x: number[]; y: number[]; name: string; marker: { symbol: string } };
    assert.deepEqual([star.x, star.y], [[2], [250]]);
    assert.equal(star.marker.symbol, "star-open");
    assert.equal(star.name, "best: full, k = 2");
    const layout = fig.layout as { xaxis: { title: { text: string }; tickvals: number[] }; yaxis: { title: { text: string } } };
    assert.match(layout.xaxis.title.text, /components/);
    assert.deepEqual(layout.xaxis.tickvals, [1, 2, 3]);
    assert.equal(layout.yaxis.title.text, "BIC");
  });
  test("is pure: the selection is not changed, and it serialises to JSON", () => {
    const before = JSON.stringify(selection.bic);
    const again = bicFigure(selection);
    (again.data[0].y as number[])[0] = -1;
    assert.equal(JSON.stringify(selection.bic), before);
    assert.doesNotThrow(() => JSON.stringify(fig));
  });
});

describe("NumpyRandomState (used by the estimator) reproduces numpy's legacy generator", () => {
  for (const d of JSON.parse(readFileSync(join(__dirname, "fixtures", "data", "numpy-random.json"), "utf8")).draws) {
    test(`seed ${d.seed}`, () => {
      const r = new NumpyRandomState(d.seed);
      assert.deepEqual(Array.from({ length: 5 }, () => r.randomSample()), d.uniform);
      assert.deepEqual([1, 2, 7, 1000, 2 ** 31].map((n) => r.randint(n)), d.randint);
      assert.deepEqual(r.permutation(20), d.permutation);
      assert.deepEqual(Array.from({ length: 5 }, () => r.standardNormal()), d.standardNormal);
      for (let i = 0; i < 700; i++) r.randomSample();
      assert.deepEqual([r.randomSample(), r.randomSample(), r.randomSample()], d.afterRegeneration);
    });
  }
});

describe("mStep's covariance types, from the same sums", () => {
  // A 2-component state on 3-D data; the full M-step's covariances are the reference.
  const rng = new NumpyRandomState(1);
  const n = 200, d = 3, k = 2;
  const data = new Float64Array(n * d).map((_, i) => rng.standardNormal() * (1 + (i % 3)) + (Math.floor(i / d) % 2) * 4);
  const X = { data, n, d };
  const state: MixtureState = {
    k, d,
    weights: Float64Array.from([0.4, 0.6]),
    means: Float64Array.from([0, 0, 0, 4, 4, 4]),
    covariances: Float64Array.from([2, 0.1, 0, 0.1, 3, 0, 0, 0, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
  };
  const prec = computePrecisions(state, 0);
  const stats = eStep(X, state, prec);
  const reg = 1e-3;
  const full = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1 }).state;
  const at = (c: Float64Array, j: number, a: number, b: number) => c[j * d * d + a * d + b];
  test("full is the default (applyGmm's) and unchanged by covarianceType: \"full\"", () => {
    assert.deepEqual(mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "full" }).state, full);
  });
  test("tied: Σ_j N_j Sigma_j / n, the same for every component, regCovar added once", () => {
    const tied = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "tied" }).state;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const r = a === b ? reg : 0;
        const expected = (stats[1] * (at(full.covariances, 0, a, b) - r) + stats[2] * (at(full.covariances, 1, a, b) - r)) / n + r;
        assert.ok(Math.abs(at(tied.covariances, 0, a, b) - expected) < 1e-12);
        assert.equal(at(tied.covariances, 1, a, b), at(tied.covariances, 0, a, b));
      }
    }
    assert.deepEqual(tied.means, full.means);
  });
  test("diag: the full diagonal; spherical: its mean; off-diagonal 0", () => {
    const diag = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "diag" }).state;
    const sph = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, covarianceType: "spherical" }).state;
    for (let j = 0; j < k; j++) {
      let mean = 0;
      for (let a = 0; a < d; a++) mean += at(full.covariances, j, a, a) / d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          assert.equal(at(diag.covariances, j, a, b), a === b ? at(full.covariances, j, a, a) : 0);
          if (a === b) assert.ok(Math.abs(at(sph.covariances, j, a, b) - mean) < 1e-12);
          else assert.equal(at(sph.covariances, j, a, b), 0);
        }
      }
    }
  });
  test("nkOffset (scikit-learn's 10·eps) moves nothing beyond 1e-12 and keeps the weights summing to 1", () => {
    const s = mStep(X, state, prec, stats, { regCovar: reg, iteration: 1, nkOffset: 10 * Number.EPSILON }).state;
    assert.ok(Math.abs(s.weights[0] + s.weights[1] - 1) < 1e-15);
    s.covariances.forEach((v, i) => assert.ok(Math.abs(v - full.covariances[i]) < 1e-12));
  });
});
