/**
 * The page's elements, typed: the frame's (app.html's `data-el`, declared in FRAME with their tags)
 * and the controls' (the control table's, each kind its element type). The app reaches them by
 * name through one map, so that a name neither table knows is a compile error; each is checked,
 * when the page is built, to be there once with its tag.
 */

import {
  type ButtonControl,
  CONTROL_ENTRIES,
  type CONTROLS,
  type Control,
  type ControlName,
  type NumberControl,
  type RadioControl,
  type SelectControl,
  type SwitchControl,
} from "./controls";
import type { LiveDataKind } from "./live-data";

/** The frame's elements by name, with their tags. */
export const FRAME = {
  iteration: "dd",
  logLikelihood: "dd",
  state: "dd",
  problem: "div",
  problemHeadline: "strong",
  problemNote: "span",
  problemMessage: "p",
  cure: "button",
  plane: "div",
  planeAxes: "div",
  planeCanvas: "canvas",
  curve: "div",
  curveAxes: "div",
  curveCanvas: "canvas",
  currentBody: "tbody",
  startSection: "section",
  placing: "div",
  startTable: "table",
  startBody: "tbody",
  startProblem: "p",
  dataSection: "section",
  dataProblem: "p",
  optionsSection: "section",
  optionsProblem: "p",
} as const satisfies Record<string, keyof HTMLElementTagNameMap>;

type FrameName = keyof typeof FRAME;
type FrameElements = { [K in FrameName]: HTMLElementTagNameMap[(typeof FRAME)[K]] };

/** A control's element: its button, list or input (a box, a switch), or a radio group's inputs by choice. */
type ControlElement<C extends Control> = C extends ButtonControl
  ? HTMLButtonElement
  : C extends SelectControl
    ? HTMLSelectElement
    : C extends RadioControl
      ? Record<LiveDataKind, HTMLInputElement>
      : HTMLInputElement;
type ControlElements = { [K in ControlName]: ControlElement<(typeof CONTROLS)[K]> };

/** Every element of the page by name: the frame's and the controls'. */
export type Elements = FrameElements & ControlElements;

// The two tables name their elements apart (a name in both would be a compile error here).
const namedApart: [FrameName & ControlName] extends [never] ? true : never = true;
void namedApart;

/** A control with its element, told apart by kind (for the bindings and the filling in). */
export type BoundControl =
  | { name: ControlName; kind: "button"; control: ButtonControl; element: HTMLButtonElement }
  | { name: ControlName; kind: "number"; control: NumberControl; element: HTMLInputElement }
  | { name: ControlName; kind: "select"; control: SelectControl; element: HTMLSelectElement }
  | { name: ControlName; kind: "radio"; control: RadioControl; element: Record<LiveDataKind, HTMLInputElement> }
  | { name: ControlName; kind: "switch"; control: SwitchControl; element: HTMLInputElement };

/** The element named `name`: the only one, with tag `tag` (and input type `type`), or an error saying what is amiss. */
function one<T extends keyof HTMLElementTagNameMap>(
  root: HTMLElement,
  name: string,
  tag: T,
  type?: string,
): HTMLElementTagNameMap[T] {
  const found = root.querySelectorAll<HTMLElementTagNameMap[T]>(`[data-el="${name}"]`);
  const element = found[0];
  if (found.length !== 1 || element.localName !== tag || (type !== undefined && element.getAttribute("type") !== type))
    throw new Error(
      `live page: [data-el=${name}] must be one <${tag}${type ? ` type=${type}` : ""}>, found ${found.length}${element ? ` (<${element.localName}>)` : ""}`,
    );
  return element;
}

function bind(root: HTMLElement, name: ControlName, control: Control): BoundControl {
  switch (control.kind) {
    case "button":
      return { name, kind: control.kind, control, element: one(root, name, "button") };
    case "number":
      return { name, kind: control.kind, control, element: one(root, name, "input", "text") };
    case "select":
      return { name, kind: control.kind, control, element: one(root, name, "select") };
    case "switch":
      return { name, kind: control.kind, control, element: one(root, name, "input", "checkbox") };
    case "radio": {
      const inputs = Object.fromEntries(
        control.choices.map((choice) => [choice, one(root, `${name}-${choice}`, "input", "radio")]),
      ) as Record<LiveDataKind, HTMLInputElement>; // one input for every choice, each found above
      return { name, kind: control.kind, control, element: inputs };
    }
  }
}

/** The page's elements, found and checked, and its controls with their elements. */
export function findElements(root: HTMLElement): { el: Elements; controls: BoundControl[] } {
  const frame: Record<string, unknown> = {};
  for (const [name, tag] of Object.entries(FRAME)) frame[name] = one(root, name, tag);
  const controls = CONTROL_ENTRIES.map(([name, control]) => bind(root, name, control));
  for (const c of controls) frame[c.name] = c.element;
  // Every name of both tables, each found above with its table's tag or type.
  return { el: frame as Elements, controls };
}
