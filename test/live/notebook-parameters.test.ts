// The standalone page's start from the notebook's parameters (npm start writes the page with it):
// what the page can show is taken, the rest keeps the page's own defaults, which are the notebook's
// parameters cell's; the page stops where the notebook's applyGmm stops, with its tol.

import assert from "node:assert/strict";
import { test } from "node:test";
import { livePageOptions } from "../../scripts/start/steps";
import { applyGmm } from "../../src/index";
import { liveOptionsFromNotebook } from "../../src/live/notebook-parameters";
import { LiveSession } from "../../src/live/session";
import { lessonData, lessonDefaults } from "../helpers/notebook";

test("the page opens on the notebook's parameters, as far as it can show them", () => {
  const notebook = {
    randomState: 42,
    nSamples1: 200,
    nSamples2: 200,
    variance1: 3,
    variance2: 1,
    maxIter: 100,
    pi: [0.1, 0.9],
    mu: [
      [0.1, 0],
      [0, 0],
    ],
    Sigma: [
      [
        [0.1, 0],
        [0, 0.1],
      ],
      [
        [0.1, 0],
        [0, 0.1],
      ],
    ],
  };
  assert.deepEqual(liveOptionsFromNotebook(notebook), {
    data: { kind: "original", seed: 42, rng: "numpy", nSamples: 400, nSamples1: 200, variance1: 3, variance2: 1 },
    start: { pi: notebook.pi, mu: notebook.mu, Sigma: notebook.Sigma },
    run: { maxIter: 100 },
  });
  assert.equal(
    liveOptionsFromNotebook({ ...notebook, nSamples1: 40, nSamples2: 200 }).data?.kind,
    "unequal",
    "the notebook's exercise: 40 and 200",
  );
  assert.deepEqual(
    liveOptionsFromNotebook({ ...notebook, nSamples1: 300, nSamples2: 100, rng: "seedrandom" }).data,
    { kind: "original", seed: 42, rng: "seedrandom", nSamples: 400, nSamples1: 300, variance1: 3, variance2: 1 },
    "any split, and seedrandom's points",
  );
  assert.equal(
    liveOptionsFromNotebook({ ...notebook, nSamples1: 5000, nSamples2: 5000 }).data?.nSamples,
    undefined,
    "more points than the page draws: its default",
  );
  assert.deepEqual(
    liveOptionsFromNotebook({ ...notebook, randomState: 2 ** 40 }).data,
    {},
    "a seed numpy does not take (rng seedrandom): the page's own data",
  );
  const seven = {
    pi: new Array(7).fill(1 / 7),
    mu: new Array(7).fill([0, 0]),
    Sigma: new Array(7).fill([
      [1, 0],
      [0, 1],
    ]),
  };
  assert.equal(liveOptionsFromNotebook({ ...notebook, ...seven }).start, undefined, "k = 7: the page's own start");
  assert.equal(liveOptionsFromNotebook({ ...notebook, maxIter: 20000 }).run, undefined);
  assert.deepEqual(liveOptionsFromNotebook({ ...notebook, tol: 1e-3 }).run, { maxIter: 100, tol: 1e-3 });
});

test("the page's own defaults are the notebook's parameters cell: its points, its start, its maxIter and tol", () => {
  const { p, X } = lessonDefaults();
  const page = new LiveSession();
  assert.deepEqual(page.X.to2DArray(), X.to2DArray());
  assert.deepEqual(page.start, { pi: p.pi, mu: p.mu, Sigma: p.Sigma });
  assert.equal(page.runOptions.maxIter, p.maxIter);
  assert.equal(page.runOptions.tol, p.tol);
  assert.equal(page.data.rng, p.rng);
  page.close();
});

test("npm start's live page opens on every value it was given, and stops where the notebook's applyGmm stops with the same tol (the defaults, and others)", () => {
  const given = [
    {},
    { tol: 1e-6 },
    {
      randomState: 7,
      nSamples1: 300,
      nSamples2: 100,
      variance1: 2,
      variance2: 0.5,
      rng: "seedrandom",
      pi: [0.5, 0.5],
      mu: [
        [-3, 3],
        [3, -3],
      ],
      Sigma: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ],
      maxIter: 60,
      tol: 1e-2,
    },
  ];
  const defaults = lessonDefaults().p;
  const stops: number[] = [];
  for (const values of given) {
    const p = { ...defaults, ...values } as typeof defaults;
    const options = livePageOptions(values);
    const session = new LiveSession(options);
    assert.deepEqual(session.data.seed, p.randomState);
    assert.deepEqual(session.data.rng, p.rng);
    assert.deepEqual(session.start, { pi: p.pi, mu: p.mu, Sigma: p.Sigma });
    assert.deepEqual(session.runOptions, { tol: p.tol, maxIter: p.maxIter, regCovar: 0, variant: "correct" });
    const X = lessonData(p);
    assert.deepEqual(session.X.to2DArray(), X.to2DArray(), "the notebook's very points");
    while (session.step());
    const fit = applyGmm(X, p.pi, p.mu, p.Sigma, { maxIter: p.maxIter, tol: p.tol, keep: "none" });
    assert.equal(fit.converged, true, JSON.stringify(values));
    assert.equal(session.status, "converged");
    assert.equal(session.iteration, fit.nIter, `${JSON.stringify(values)}: converged at the notebook's iteration`);
    assert.deepEqual(session.logLikelihood, fit.logLikelihood);
    stops.push(fit.nIter);
    session.close();
  }
  assert.ok(stops[1] > stops[0], `a smaller tol stops later (${stops})`);
});
