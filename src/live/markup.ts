/**
 * The live page's markup: the frame (app.html) with its words filled in, and each of its slots
 * filled with its controls' markup, made from the control table.
 */
import FRAME_HTML from "./app.html";
import {
  type ButtonControl,
  CONTROL_ENTRIES,
  type Control,
  type ControlName,
  type NumberControl,
  type Slot,
} from "./controls";
import { isPageWord, type PageWord, twoLines, words } from "./words";

/** The frame's `{{word}}`s: each a word of the page. */
const WORD_MARK = /\{\{(\w+)\}\}/g;

/**
 * Puts the page into `root`: the frame, its words, and each slot's controls. `id` names the page's
 * radio groups apart from another live page's in the same document.
 */
export function buildPage(root: HTMLElement, id: string): void {
  root.innerHTML = FRAME_HTML.replace(WORD_MARK, (_, key: string) => {
    if (!isPageWord(key)) throw new Error(`live page: app.html names {{${key}}}, which is not a word of the page`);
    return words(key);
  });
  const slots = slotsHtml(id);
  for (const element of Array.from(root.querySelectorAll<HTMLElement>("[data-slot]"))) {
    const slot = element.dataset.slot ?? "";
    const html = slots.get(slot);
    if (html === undefined) throw new Error(`live page: app.html's slot "${slot}" has no controls`);
    element.innerHTML = html;
    slots.delete(slot);
  }
  if (slots.size > 0) throw new Error(`live page: app.html has no slot ${[...slots.keys()].join(", ")}`);
}

/** Each slot's markup: its controls in the table's order; the boxes shown only for some data, in their group. */
function slotsHtml(id: string): Map<string, string> {
  const pieces = new Map<Slot, { when?: string; html: string }[]>();
  for (const [name, control] of CONTROL_ENTRIES) {
    const html = controlHtml(name, control, id);
    const when = control.kind === "number" ? control.when : undefined;
    const slot = pieces.get(control.slot) ?? [];
    const last = slot[slot.length - 1];
    if (when !== undefined && last?.when === when) last.html += html;
    else slot.push({ when, html });
    pieces.set(control.slot, slot);
  }
  return new Map(
    [...pieces].map(([slot, list]) => [
      slot,
      list
        .map((p) => (p.when === undefined ? p.html : `<span class="gmm-live-when-${p.when}">${p.html}</span>`))
        .join(""),
    ]),
  );
}

function labelled(key: PageWord, control: string): string {
  return `<label><span>${words(key)}</span>${control}</label>`;
}

/** One control's markup: its element(s) named `data-el` by the control's name (a radio's choices: name-choice). */
function controlHtml(name: ControlName, control: Control, id: string): string {
  switch (control.kind) {
    case "button":
      return buttonHtml(name, control);
    case "number":
      return labelled(control.words, numberBoxHtml(name, control));
    case "select": {
      const options = control.choices
        .map((v) => `<option value="${v}">${control.choiceText?.(v) ?? String(v)}</option>`)
        .join("");
      return labelled(control.words, `<select data-el="${name}">${options}</select>`);
    }
    case "radio":
      return control.choices
        .map(
          (choice) =>
            `<label><input type="radio" name="${id}-${name}" value="${choice}" data-el="${name}-${choice}">${words(choice)}</label>`,
        )
        .join("");
    case "switch":
      return `<label class="gmm-live-switch"><input type="checkbox" role="switch" data-el="${name}"><span>${words(control.words)}</span></label>`;
  }
}

function buttonHtml(name: string, control: ButtonControl): string {
  const text = (key: PageWord) => (control.stacked ? twoLines(key) : words(key));
  const pressed = control.pressedWords === undefined ? "" : ' aria-pressed="false"';
  const keys = control.keys === undefined ? "" : ` aria-keyshortcuts="${control.keys.shortcut}"`;
  // A toggle holds both its texts, so that its content never changes under a click (a box
  // committing its value on the way to the button re-renders the page); the style shows one.
  const content =
    control.pressedWords === undefined
      ? text(control.words)
      : `<span class="gmm-live-when-paused">${text(control.words)}</span><span class="gmm-live-when-playing">${text(control.pressedWords)}</span>`;
  return `<button type="button" data-el="${name}"${pressed}${keys}>${content}</button>`;
}

function numberBoxHtml(name: string, control: NumberControl): string {
  return `<input type="text" inputmode="${control.integer ? "numeric" : "decimal"}" data-el="${name}">`;
}
