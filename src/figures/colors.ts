import { Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import { SIX_DECIMALS, isClose } from "../validate";

/**
 * One colour per component, as [r, g, b] in 0…255: red and blue first, as in the classic
 * picture of EM on two clusters, then colours that stay apart when blended.
 */
export const COMPONENT_COLORS: readonly (readonly [number, number, number])[] = [
  [214, 39, 40], // red
  [31, 119, 180], // blue
  [44, 160, 44], // green
  [255, 127, 14], // orange
  [148, 103, 189], // purple
  [140, 86, 75], // brown
  [23, 190, 207], // cyan
  [188, 189, 34], // olive
];

/** The colour of component j (cycling through `COMPONENT_COLORS`) as an `rgb(…)` string. */
export function componentColor(j: number): string {
  const [r, g, b] = COMPONENT_COLORS[j % COMPONENT_COLORS.length];
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The ink blend of one point's responsibilities: Σⱼ rⱼ · colourⱼ, so a point that belongs to
 * the red component is red, one to the blue component is blue, and an undecided one
 * (r = ½, ½) is purple. The responsibilities must be ≥ 0 and sum to 1.
 */
export function inkColor(responsibilities: ArrayLike<number>): string {
  let r = 0, g = 0, b = 0;
  for (let j = 0; j < responsibilities.length; j++) {
    const w = responsibilities[j];
    const c = COMPONENT_COLORS[j % COMPONENT_COLORS.length];
    r += w * c[0];
    g += w * c[1];
    b += w * c[2];
  }
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** `inkColor` of every row of the n × k responsibilities, checked: each row ≥ 0, summing to 1. */
export function responsibilityColors(responsibilities: Matrix, name = "responsibilities"): string[] {
  const colors: string[] = new Array(responsibilities.rows);
  for (let i = 0; i < responsibilities.rows; i++) {
    const row = responsibilities.getRow(i);
    let sum = 0;
    for (let j = 0; j < row.length; j++) {
      if (!(row[j] >= 0 && row[j] <= 1)) throw new GmmInputError(`${name}[${i}][${j}]`, `must be a probability in [0, 1], got ${row[j]}`);
      sum += row[j];
    }
    if (!isClose(sum, 1, SIX_DECIMALS, 1)) throw new GmmInputError(`${name}[${i}]`, `must sum to 1, sums to ${sum}`);
    colors[i] = inkColor(row);
  }
  return colors;
}

/** "rgb(214, 39, 40)" → "#d62728": the same colour in 7 characters instead of 16. */
export function hexColor(rgb: string): string {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(rgb);
  if (!m) throw new GmmInputError("rgb", `must be an "rgb(r, g, b)" colour, got ${rgb}`);
  return "#" + m.slice(1).map((c) => Number(c).toString(16).padStart(2, "0")).join("");
}
