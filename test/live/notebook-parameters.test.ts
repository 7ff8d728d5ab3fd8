// The standalone page's start from the notebook's parameters (npm start writes the page with it):
// what the page can show is taken, the rest keeps the page's own defaults.

import assert from "node:assert/strict";
import { test } from "node:test";
import { liveOptionsFromNotebook } from "../../src/live/notebook-parameters";

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
    data: { kind: "original", seed: 42, nSamples: 400, variance1: 3, variance2: 1 },
    start: { pi: notebook.pi, mu: notebook.mu, Sigma: notebook.Sigma },
    run: { maxIter: 100 },
  });
  assert.equal(
    liveOptionsFromNotebook({ ...notebook, nSamples1: 40, nSamples2: 200 }).data?.kind,
    "unequal",
    "the notebook's exercise: 40 and 200",
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
