/**
 * Every control of the live page, declared once: what it is (a button, a number box, a list, a
 * radio group, a switch), its words, the frame's slot it goes in, its limits, its keyboard key,
 * how it reads its value from the session and what a change of it asks of the session. The
 * markup (markup.ts), the elements (elements.ts), the bindings and the keyboard map (app.ts) are
 * all made from this table: a new control is an entry here and its handling in the session.
 */

import { readNumber } from "../read-number";
import { LESSON_BLOBS, LIVE_DATA_KINDS, LIVE_LIMITS, type LiveData, type LiveDataKind } from "./live-data";
import type { LiveRunOptions, LiveSession } from "./session";
import { type PageWord, words } from "./words";

/** A slot of the frame (app.html's `data-slot`): its controls go in it in the table's order. */
export type Slot = "run" | "start" | "dataKind" | "data" | "options" | "switches" | "speed";

/** What a control asks for: the app applies it, and shows the library's message if it is refused. */
export type LiveChange =
  | { data: Partial<LiveData> }
  | { run: Partial<LiveRunOptions> }
  | { start: (session: LiveSession) => void }
  | { speed: number }
  | { action: "step" | "eStep" | "mStep" | "playOrPause" | "reset" };

/** What controls read their values from: the session, and the page's own run (playing, and how fast). */
export interface ControlState {
  session: LiveSession;
  playing: boolean;
  speed: number;
}

interface ControlBase {
  /** Its words (a label, or a button's text). */
  words: PageWord;
  slot: Slot;
}

export interface ButtonControl extends ControlBase {
  kind: "button";
  /** Chinese above English (the run's buttons), rather than on one line. */
  stacked?: boolean;
  /** A toggle's words while it is on (▶ play becomes ❚❚ pause); its state is `aria-pressed`. */
  pressedWords?: PageWord;
  /** Its keyboard key: the `KeyboardEvent.key` values, and `aria-keyshortcuts`' name for them. */
  keys?: { keys: readonly string[]; shortcut: string };
  press: LiveChange;
  /** Whether it can be pressed now (default: always). */
  enabled?(state: ControlState): boolean;
  /** A toggle's state. */
  pressed?(state: ControlState): boolean;
}

export interface NumberControl extends ControlBase {
  kind: "number";
  /** The data's or the run options' (a refused value shows in that section). */
  slot: "data" | "options";
  /** A whole number (a numeric keypad on phones), or any decimal. */
  integer: boolean;
  /** The least and the greatest value the session takes; outside them it gives the library's message. */
  limits: readonly [number, number];
  /** The argument the library's message names when the value is refused. */
  argument: string;
  /** What an empty box asks for (tol: null, never stop); without it, empty is NaN, which the library refuses. */
  empty?: LiveChange;
  /** Checked by the run when it starts (EmRun): a value it refuses shows as the run's problem, which marks the box. */
  checkedByRun?: boolean;
  /** Redrawn at every keystroke ("input", the seed), or when committed: Enter, or leaving the box ("change"). */
  commit: "input" | "change";
  /** Shown only for these data: the two clusters' ("original", "unequal") or makeBlobs'. */
  when?: "clusters" | "blobs";
  /** Its value (null: an empty box). */
  read(state: ControlState): number | null;
  write(value: number): LiveChange;
}

export interface SelectControl extends ControlBase {
  kind: "select";
  choices: readonly number[];
  /** A choice's text (default: the number). */
  choiceText?(value: number): string;
  read(state: ControlState): number;
  write(value: number): LiveChange;
}

export interface RadioControl extends ControlBase {
  kind: "radio";
  /** The choices; each one's words are the word of its name. */
  choices: readonly (LiveDataKind & PageWord)[];
  read(state: ControlState): LiveDataKind;
  write(value: LiveDataKind): LiveChange;
}

export interface SwitchControl extends ControlBase {
  kind: "switch";
  /** The argument the library's message names when the run refuses it. */
  argument: string;
  /** Checked by the run when it starts (EmRun): a value it refuses shows as the run's problem, which marks the switch. */
  checkedByRun?: boolean;
  read(state: ControlState): boolean;
  write(on: boolean): LiveChange;
}

export type Control = ButtonControl | NumberControl | SelectControl | RadioControl | SwitchControl;

/** Steps per second when playing; 0: one per animation frame. */
const SPEEDS = [1, 2, 5, 10, 30, 0] as const;
/** numpy's seeds: 0 … 2³² − 1. */
const SEED_LIMITS = [0, 2 ** 32 - 1] as const;
/** Numbers that have no upper limit. */
const AT_LEAST_ZERO = [0, Infinity] as const;

export const CONTROLS = {
  step: {
    kind: "button",
    words: "step",
    slot: "run",
    stacked: true,
    keys: { keys: ["ArrowRight"], shortcut: "ArrowRight" },
    press: { action: "step" },
    enabled: ({ session, playing }) => session.canStep && !playing,
  },
  eStep: {
    kind: "button",
    words: "eStep",
    slot: "run",
    stacked: true,
    keys: { keys: ["e", "E"], shortcut: "E" },
    press: { action: "eStep" },
    // Only the half that comes next: the status says which.
    enabled: ({ session, playing }) => session.canStep && !playing && session.nextHalf === "e",
  },
  mStep: {
    kind: "button",
    words: "mStep",
    slot: "run",
    stacked: true,
    keys: { keys: ["m", "M"], shortcut: "M" },
    press: { action: "mStep" },
    enabled: ({ session, playing }) => session.canStep && !playing && session.nextHalf === "m",
  },
  play: {
    kind: "button",
    words: "playButton",
    slot: "run",
    stacked: true,
    pressedWords: "pauseButton",
    keys: { keys: [" "], shortcut: "Space" },
    press: { action: "playOrPause" },
    enabled: ({ session, playing }) => session.canStep || playing,
    pressed: ({ playing }) => playing,
  },
  reset: {
    kind: "button",
    words: "reset",
    slot: "run",
    stacked: true,
    keys: { keys: ["r", "R"], shortcut: "R" },
    press: { action: "reset" },
    // Back to the start: nothing to do there, unless the start itself collapsed or failed at its first step.
    enabled: ({ session }) =>
      session.iteration > 0 ||
      session.nextHalf === "m" ||
      session.status === "collapsed" ||
      session.status === "failed",
  },
  k: {
    kind: "select",
    words: "k",
    slot: "start",
    choices: Array.from({ length: LIVE_LIMITS.k[1] - LIVE_LIMITS.k[0] + 1 }, (_, i) => LIVE_LIMITS.k[0] + i),
    read: ({ session }) => session.k,
    write: (k) => ({ start: (session) => session.setK(k) }),
  },
  poorStart: { kind: "button", words: "poorStart", slot: "start", press: { start: (s) => s.poorStart() } },
  kmeansPlusPlus: {
    kind: "button",
    words: "kmeansPlusPlus",
    slot: "start",
    press: { start: (s) => s.kmeansPlusPlusStart() },
  },
  kind: {
    kind: "radio",
    words: "data",
    slot: "dataKind",
    choices: LIVE_DATA_KINDS,
    read: ({ session }) => session.data.kind,
    // The notebook's k = 3 blobs come with its number of points.
    write: (kind) => ({ data: kind === "lessonBlobs" ? { kind, nSamples: LESSON_BLOBS.nSamples } : { kind } }),
  },
  seed: {
    kind: "number",
    words: "seed",
    slot: "data",
    integer: true,
    limits: SEED_LIMITS,
    argument: "options.randomState",
    commit: "input",
    read: ({ session }) => session.data.seed,
    write: (seed) => ({ data: { seed } }),
  },
  nSamples: {
    kind: "number",
    words: "nSamples",
    slot: "data",
    integer: true,
    limits: LIVE_LIMITS.nSamples,
    argument: "nSamples",
    commit: "change",
    read: ({ session }) => session.data.nSamples,
    write: (nSamples) => ({ data: { nSamples } }),
  },
  variance1: {
    kind: "number",
    words: "variance1",
    slot: "data",
    integer: false,
    limits: AT_LEAST_ZERO,
    argument: "options.variance1",
    commit: "change",
    when: "clusters",
    read: ({ session }) => session.data.variance1,
    write: (variance1) => ({ data: { variance1 } }),
  },
  variance2: {
    kind: "number",
    words: "variance2",
    slot: "data",
    integer: false,
    limits: AT_LEAST_ZERO,
    argument: "options.variance2",
    commit: "change",
    when: "clusters",
    read: ({ session }) => session.data.variance2,
    write: (variance2) => ({ data: { variance2 } }),
  },
  centers: {
    kind: "number",
    words: "centers",
    slot: "data",
    integer: true,
    limits: LIVE_LIMITS.centers,
    argument: "options.centers",
    commit: "change",
    when: "blobs",
    read: ({ session }) => session.data.centers,
    write: (centers) => ({ data: { centers } }),
  },
  tol: {
    kind: "number",
    words: "tol",
    slot: "options",
    integer: false,
    limits: AT_LEAST_ZERO,
    argument: "options.tol",
    empty: { run: { tol: null } },
    commit: "change",
    read: ({ session }) => session.runOptions.tol,
    write: (tol) => ({ run: { tol } }),
  },
  maxIter: {
    kind: "number",
    words: "maxIterOption",
    slot: "options",
    integer: true,
    limits: LIVE_LIMITS.maxIter,
    argument: "options.maxIter",
    commit: "change",
    read: ({ session }) => session.runOptions.maxIter,
    write: (maxIter) => ({ run: { maxIter } }),
  },
  regCovar: {
    kind: "number",
    words: "regCovar",
    slot: "options",
    integer: false,
    limits: AT_LEAST_ZERO,
    argument: "options.regCovar",
    checkedByRun: true,
    commit: "change",
    read: ({ session }) => session.runOptions.regCovar,
    write: (regCovar) => ({ run: { regCovar } }),
  },
  slips: {
    kind: "switch",
    words: "slips",
    slot: "switches",
    argument: "options.variant",
    checkedByRun: true,
    read: ({ session }) => session.runOptions.variant === "original",
    write: (on) => ({ run: { variant: on ? "original" : "correct" } }),
  },
  speed: {
    kind: "select",
    words: "speed",
    slot: "speed",
    choices: SPEEDS,
    choiceText: (s) => (s === 0 ? words("everyFrame") : String(s)),
    // A speed the list does not offer (MountLiveOptions.speed) shows as 10, the default.
    read: ({ speed }) => (SPEEDS.some((s) => s === speed) ? speed : 10),
    write: (speed) => ({ speed }),
  },
} as const satisfies Record<string, Control>;

export type ControlName = keyof typeof CONTROLS;

/** The table's entries, in its order (the markup's). */
export const CONTROL_ENTRIES = Object.entries(CONTROLS) as [ControlName, Control][];

/** The keyboard map: a key (`KeyboardEvent.key`) → the change its control asks for. */
export function keyboardMap(): Map<string, LiveChange> {
  const map = new Map<string, LiveChange>();
  for (const [name, control] of CONTROL_ENTRIES) {
    if (control.kind !== "button" || control.keys === undefined) continue;
    for (const key of control.keys.keys) {
      if (map.has(key)) throw new Error(`live page: the key ${JSON.stringify(key)} is bound twice (${name})`);
      map.set(key, control.press);
    }
  }
  return map;
}

/**
 * What the text typed in a number box asks for: its `empty` change, or its value written; text
 * that is not a number (`readNumber`) throws a `GmmInputError` naming the box's argument.
 */
export function boxChange(control: NumberControl, text: string): LiveChange {
  if (text.trim() === "" && control.empty) return control.empty;
  return control.write(readNumber(control.argument, text));
}
