import { DataInput, toFlatData } from "../input";
import { GmmInputError } from "../errors";

export interface AxisRanges {
  x: [number, number];
  y: [number, number];
}

/**
 * Axis ranges that every panel of a figure shares, so motion between panels is visible: the
 * data's bounding box (plus any extra points, e.g. means), padded by `padding` of its span on
 * each side, then widened to the same span in x and y so that equal aspect shows it whole.
 */
export function sharedRanges(X: DataInput, extraPoints: number[][] = [], padding = 0.08): AxisRanges {
  const { data, n, d } = toFlatData(X);
  if (d !== 2) throw new GmmInputError("X", `must have 2 columns to be drawn, has ${d}`);
  if (n === 0 && extraPoints.length === 0) throw new GmmInputError("X", "has no rows to draw");
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const include = (x: number, y: number) => {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  };
  for (let i = 0; i < n; i++) include(data[2 * i], data[2 * i + 1]);
  for (const p of extraPoints) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) include(p[0], p[1]);
  const span = Math.max(x1 - x0, y1 - y0, 1e-9) * (1 + 2 * padding);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { x: [cx - span / 2, cx + span / 2], y: [cy - span / 2, cy + span / 2] };
}
