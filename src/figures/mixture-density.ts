/**
 * The mixture density p(x) = Σⱼ πⱼ N(x | μⱼ, Σⱼ) at points and over a grid, for the figures that
 * draw it: in log space (log-sum-exp over the components), so that far tails stay finite.
 */
import type { DataInput } from "../data/input";
import { logGauss } from "../density/gauss";
import type { GmmParams } from "../em/params";
import { toMixtureState } from "../em/params";
import { checkMemory } from "../validate";
import type { AxisRanges } from "./shared";

/** log p(x) at each row of X (d columns, as the parameters'). */
export function mixtureLogDensity(X: DataInput, params: GmmParams, d: number): Float64Array {
  // Checks the parameters as EM's start is: the errors name pi, mu, Sigma[j].
  toMixtureState(params.pi, params.mu, params.Sigma, d);
  const parts = params.mu.map((mu, j) => {
    const logPi = Math.log(params.pi[j]);
    return logGauss(X, mu, params.Sigma[j]).map((v) => v + logPi);
  });
  const out = new Float64Array(parts[0].length);
  for (let i = 0; i < out.length; i++) {
    let max = -Infinity;
    for (const p of parts) max = Math.max(max, p[i]);
    let sum = 0;
    for (const p of parts) sum += Math.exp(p[i] - max);
    out[i] = max + Math.log(sum);
  }
  return out;
}

/** The grid a contour plot reads: x and y ticks, and z[r][c] = log p(x[c], y[r]). */
export interface DensityGrid {
  x: number[];
  y: number[];
  z: number[][];
}

/** log p over `resolution` + 1 ticks per axis across `ranges` (a 2-D mixture). */
export function logDensityGrid(params: GmmParams, ranges: AxisRanges, resolution: number): DensityGrid {
  const m = resolution + 1;
  checkMemory(
    "options.resolution",
    m * m * 8 * 6,
    `a grid of ${m} × ${m} points`,
    "use a smaller resolution (100 draws smooth contours)",
  );
  const tick = (range: [number, number], i: number) => range[0] + ((range[1] - range[0]) * i) / resolution;
  const x = Array.from({ length: m }, (_, i) => tick(ranges.x, i));
  const y = Array.from({ length: m }, (_, i) => tick(ranges.y, i));
  const points = new Float64Array(2 * m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      points[2 * (r * m + c)] = x[c];
      points[2 * (r * m + c) + 1] = y[r];
    }
  }
  const log = mixtureLogDensity({ data: points, columns: 2 }, params, 2);
  const z = Array.from({ length: m }, (_, r) => Array.from(log.subarray(r * m, (r + 1) * m)));
  return { x, y, z };
}
