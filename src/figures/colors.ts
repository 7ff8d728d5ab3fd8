import { Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import { checkInteger, isClose, SIX_DECIMALS, shown } from "../validate";

/**
 * One colour per component, as [r, g, b] in 0…255: Okabe & Ito's colour-blind-safe palette,
 * vermillion and blue first (the classic red/blue picture of EM on two clusters), then bluish
 * green and reddish purple. The first four stay apart (CIEDE2000 ≥ 12) under simulated
 * protanopia, deuteranopia and tritanopia; from the third component on, the figures also tell
 * components apart by line dash and marker symbol (`COMPONENT_DASHES`, `COMPONENT_SYMBOLS`).
 */
export const COMPONENT_COLORS: readonly (readonly [number, number, number])[] = [
  [213, 94, 0], // vermillion
  [0, 114, 178], // blue
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [230, 159, 0], // orange
  [86, 180, 233], // sky blue
  [240, 228, 66], // yellow
  [0, 0, 0], // black
];

/** Component j's ellipse dash (cycling): a second cue beside colour. */
export const COMPONENT_DASHES: readonly string[] = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];

/** Component j's mean marker (cycling): a second cue beside colour. */
export const COMPONENT_SYMBOLS: readonly string[] = ["x", "cross", "diamond", "square", "triangle-up", "star"];

/** The points' colour before any E-step (no responsibilities yet), as [r, g, b]. */
export const NO_E_STEP_RGB: readonly [number, number, number] = [175, 175, 175];
/** The same as an `rgb(…)` string. */
export const NO_E_STEP_COLOR = `rgb(${NO_E_STEP_RGB.join(", ")})`;

/** Component j's dash and mean symbol (cycling through the lists). */
export function componentStyle(j: number): { color: string; dash: string; symbol: string } {
  checkInteger("j", j, 0);
  return {
    color: componentColor(j),
    dash: COMPONENT_DASHES[j % COMPONENT_DASHES.length],
    symbol: COMPONENT_SYMBOLS[j % COMPONENT_SYMBOLS.length],
  };
}

/** The colour of component j (cycling through `COMPONENT_COLORS`) as an `rgb(…)` string. */
export function componentColor(j: number): string {
  checkInteger("j", j, 0);
  const [r, g, b] = COMPONENT_COLORS[j % COMPONENT_COLORS.length];
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The ink blend of one point's responsibilities: Σⱼ rⱼ · colourⱼ, so a point that belongs to
 * component 1 is vermillion, one to component 2 is blue, and an undecided one (r = ½, ½) is
 * the dark grey-brown between them. The responsibilities must be ≥ 0 and sum to 1.
 */
export function inkColor(responsibilities: ArrayLike<number>): string {
  const rgb = [0, 0, 0];
  blendInk(responsibilities, 0, responsibilities.length, rgb, 0);
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

/**
 * `inkColor`'s blend of the k responsibilities at `responsibilities[from …]`, rounded, written as
 * r, g, b at `into[at …]` (no string: the live page blends thousands of points at every step).
 */
export function blendInk(
  responsibilities: ArrayLike<number>,
  from: number,
  k: number,
  into: { [i: number]: number },
  at: number,
): void {
  let r = 0,
    g = 0,
    b = 0;
  for (let j = 0; j < k; j++) {
    const w = responsibilities[from + j];
    const c = COMPONENT_COLORS[j % COMPONENT_COLORS.length];
    r += w * c[0];
    g += w * c[1];
    b += w * c[2];
  }
  into[at] = Math.round(r);
  into[at + 1] = Math.round(g);
  into[at + 2] = Math.round(b);
}

/** `inkColor` of every row of the n × k responsibilities, checked: each row ≥ 0, summing to 1. */
export function responsibilityColors(responsibilities: Matrix, name = "responsibilities"): string[] {
  if (typeof name !== "string") throw new GmmInputError("name", `must be a string, got ${shown(name)}`);
  if (!Matrix.isMatrix(responsibilities))
    throw new GmmInputError(name, `must be an n × k Matrix of probabilities, got ${shown(responsibilities)}`);
  const colors: string[] = new Array(responsibilities.rows);
  for (let i = 0; i < responsibilities.rows; i++) {
    const row = responsibilities.getRow(i);
    let sum = 0;
    for (let j = 0; j < row.length; j++) {
      if (!(row[j] >= 0 && row[j] <= 1))
        throw new GmmInputError(`${name}[${i}][${j}]`, `must be a probability in [0, 1], got ${row[j]}`);
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
  return (
    "#" +
    m
      .slice(1)
      .map((c) => Number(c).toString(16).padStart(2, "0"))
      .join("")
  );
}
