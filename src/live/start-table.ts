/**
 * The start's table (π, μ and Σ of each component, typed in) and the choice of the mean a click
 * places; and each component's key, its mean's symbol in its colour, as on the plot.
 */
import { componentStyle } from "../figures/colors";
import { readNumber } from "../read-number";
import type { LiveProblem, LiveStart } from "./session";
import { words } from "./words";

/** The table's columns: each cell's name (data-name) and heading. */
const COLUMNS = [
  { name: "pi", label: "π" },
  { name: "mu0", label: "μ x₁" },
  { name: "mu1", label: "μ x₂" },
  { name: "Sigma00", label: "Σ₁₁" },
  { name: "Sigma01", label: "Σ₁₂" },
  { name: "Sigma11", label: "Σ₂₂" },
] as const;

type Column = (typeof COLUMNS)[number]["name"];

/** plotly.js's marker symbols as characters, for the tables' keys. */
const SYMBOL_GLYPHS: Record<string, string> = {
  x: "✕",
  cross: "✚",
  diamond: "◆",
  square: "■",
  "triangle-up": "▲",
  star: "★",
  circle: "●",
};

/** Component j's key: its mean's symbol in its colour, as on the plot. */
function swatch(j: number): string {
  const { color, symbol } = componentStyle(j);
  return `<span class="gmm-live-swatch" style="color:${color}" aria-hidden="true">${SYMBOL_GLYPHS[symbol] ?? "●"}</span>`;
}

/** Component j's row heading: its key and μⱼ. */
export function componentHeading(j: number): string {
  return `${swatch(j)}μ<sub>${j + 1}</sub>`;
}

/** A cell's number, read as the number boxes read theirs: empty or unreadable text is NaN, which the library's checks name. */
function numberOf(input: HTMLInputElement): number {
  try {
    return readNumber("cell", input.value);
  } catch {
    return Number.NaN;
  }
}

/** The start table's body and the placing choice, and the page's id (which names the choice's radio group). */
interface StartView {
  body: HTMLTableSectionElement;
  placing: HTMLElement;
  id: string;
}

/**
 * Fills the start's table and the placing choice. The rows are built when k changes; otherwise their
 * values change in place, so that the keyboard stays where it went (Tab, a click on the next cell).
 * A cell whose value is not a number keeps what was typed, beside the message naming it.
 */
export function fillStart(view: StartView, start: LiveStart, placing: number): void {
  const { pi, mu, Sigma } = start;
  const k = pi.length;
  if (view.body.rows.length !== k) {
    const cell = (name: Column, j: number, label: string) =>
      `<td><input type="text" inputmode="decimal" data-name="${name}" aria-label="${label} (${words("component")} ${j + 1})"></td>`;
    view.body.innerHTML = pi
      .map(
        (_, j) =>
          `<tr><th scope="row">${componentHeading(j)}</th>${COLUMNS.map((c) => cell(c.name, j, c.label)).join("")}</tr>`,
      )
      .join("");
    view.placing.innerHTML =
      `<span>${words("place")}</span>` +
      pi
        .map(
          (_, j) =>
            `<label><input type="radio" name="${view.id}-placing" value="${j}"${j === placing ? " checked" : ""}>${componentHeading(j)}</label>`,
        )
        .join("");
  }
  Array.from(view.body.rows).forEach((tr, j) => {
    const values: Record<Column, number> = {
      pi: pi[j],
      mu0: mu[j][0],
      mu1: mu[j][1],
      Sigma00: Sigma[j][0][0],
      Sigma01: Sigma[j][0][1],
      Sigma11: Sigma[j][1][1],
    };
    for (const { name } of COLUMNS) {
      const input = cellOf(tr, name);
      const value = values[name];
      if (Number.isFinite(value)) input.value = String(value);
      else if (Number.isFinite(numberOf(input))) input.value = "";
    }
  });
}

function cellOf(tr: Element, name: Column): HTMLInputElement {
  const input = tr.querySelector<HTMLInputElement>(`input[data-name=${name}]`);
  if (input === null) throw new Error(`live page: the start table's row has no ${name} cell`);
  return input;
}

/** The start as typed in its table (an empty or unreadable cell is NaN: the library names it). */
export function startFromTable(body: HTMLTableSectionElement): LiveStart {
  const rows = Array.from(body.rows);
  const read = (tr: Element, name: Column) => numberOf(cellOf(tr, name));
  return {
    pi: rows.map((tr) => read(tr, "pi")),
    mu: rows.map((tr) => [read(tr, "mu0"), read(tr, "mu1")]),
    Sigma: rows.map((tr) => {
      const off = read(tr, "Sigma01");
      return [
        [read(tr, "Sigma00"), off],
        [off, read(tr, "Sigma11")],
      ];
    }),
  };
}

/** Marks the start's cells that the library's message names (e.g. "pi", "Sigma[1]", "mu[0][1]"). */
export function markInvalidStart(body: HTMLTableSectionElement, problem: LiveProblem | null): void {
  for (const input of Array.from(body.querySelectorAll("input[aria-invalid]"))) input.removeAttribute("aria-invalid");
  const m = /^(pi|mu|Sigma)(?:\[(\d+)\])?(?:\[(\d+)\])?/.exec(problem?.argument ?? "");
  if (m === null) return;
  const [, name, row, column] = m;
  const selector =
    name === "pi"
      ? "[data-name=pi]"
      : name === "mu"
        ? column === undefined
          ? "[data-name^=mu]"
          : `[data-name=mu${column}]`
        : "[data-name^=Sigma]";
  const rows = Array.from(body.rows);
  for (const tr of row === undefined ? rows : [rows[Number(row)]]) {
    for (const input of Array.from(tr?.querySelectorAll(selector) ?? [])) input.setAttribute("aria-invalid", "true");
  }
}

/** Checks the placing choice's radio button for component j. */
export function checkPlacing(placing: HTMLElement, j: number): void {
  const input = placing.querySelector<HTMLInputElement>(`input[value="${j}"]`);
  if (input) input.checked = true;
}

/** The component the placing choice has checked (0 if none). */
export function checkedPlacing(placing: HTMLElement): number {
  return Number(placing.querySelector<HTMLInputElement>("input:checked")?.value ?? 0);
}
