/**
 * The live page in a browser: `mountLive(element)` builds the page (the frame app.html, the
 * controls of the control table, the two figures) and runs EM in it (no kernel, offline). The start
 * is placed on the plot with the mouse or a finger (pointer.ts) or typed in its table
 * (start-table.ts); step, ▶ play and reset run EM; every value is checked by the library, whose
 * message is shown beside what it names.
 */
import type { GmmParams } from "../em/params";
import CSS from "./app.css";
import { boxChange, type ControlState, keyboardMap, type LiveChange } from "./controls";
import { type BoundControl, type Elements, findElements } from "./elements";
import type { LiveData } from "./live-data";
import { buildPage } from "./markup";
import { LivePlots, type PlotlyApi } from "./plots";
import { PlanePointer } from "./pointer";
import { renderReadouts, statusText } from "./readouts";
import {
  type EmHalf,
  type LiveOptions,
  type LiveProblem,
  type LiveRunOptions,
  LiveSession,
  type LiveStart,
  type LiveStatus,
  problemOf,
} from "./session";
import { checkedPlacing, checkPlacing, fillStart, markInvalidStart, startFromTable } from "./start-table";

export type { PlotlyApi } from "./plots";

export interface MountLiveOptions extends LiveOptions {
  /** plotly.js (default: `window.Plotly`). */
  plotly?: PlotlyApi;
  /** Steps per second when playing (default 10; 0: one per animation frame). */
  speed?: number;
}

/** What the page shows, unrounded: for tests and scripts (read-only copies). */
export interface LiveSnapshot {
  data: LiveData;
  /** The points, n × 2. */
  X: number[][];
  start: LiveStart;
  run: LiveRunOptions;
  iteration: number;
  nextHalf: EmHalf;
  status: LiveStatus;
  playing: boolean;
  params: GmmParams;
  /** The responsibilities of the last E-step (n × k); null before the first. */
  responsibilities: number[][] | null;
  /** ℓ of every iteration so far. */
  logLikelihood: number[];
  problem: LiveProblem | null;
}

export interface LiveHandle {
  snapshot(): LiveSnapshot;
  /** Where the plane shows the data point (x, y), in the viewport's pixels (for pointer events). */
  clientPoint(x: number, y: number): { x: number; y: number };
  /** Stops playing, removes the page's listeners and figures. */
  destroy(): void;
}

const STYLE_ID = "gmm-em-live-style";

/** Builds the live page in `root` and returns its handle. */
export function mountLive(root: HTMLElement, options: MountLiveOptions = {}): LiveHandle {
  const plotly = options.plotly ?? (globalThis as { Plotly?: PlotlyApi }).Plotly;
  if (plotly === undefined || typeof plotly.newPlot !== "function") {
    throw new Error("mountLive: plotly.js is not loaded (load it before the page, or pass options.plotly)");
  }
  addStyle(root.ownerDocument);
  return new LivePage(root, plotly, options).handle();
}

/** How many live pages this document has mounted: each names its radio groups apart. */
let mounted = 0;

/** Each part of the start, data and options: its section, where its message shows. */
const PARTS = {
  start: { section: "startSection", problem: "startProblem" },
  data: { section: "dataSection", problem: "dataProblem" },
  run: { section: "optionsSection", problem: "optionsProblem" },
} as const;
type Part = keyof typeof PARTS;
class LivePage {
  private readonly id = `gmm-live-${mounted++}`;
  private readonly session: LiveSession;
  private readonly el: Elements;
  private readonly controls: BoundControl[];
  private readonly keys = keyboardMap();
  private readonly plots: LivePlots;
  private readonly pointer: PlanePointer;
  private playing = false;
  private speed: number;
  private lastStepTime = 0;
  private frame = 0;
  /** The mean the next click on the plane places. */
  private placing = 0;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly root: HTMLElement,
    plotly: PlotlyApi,
    options: MountLiveOptions,
  ) {
    this.session = new LiveSession(options);
    this.speed = options.speed ?? 10;
    root.classList.add("gmm-live");
    // Focusable, so that a click anywhere in the page takes the keyboard there (→, space, R).
    root.tabIndex = -1;
    buildPage(root, this.id);
    ({ el: this.el, controls: this.controls } = findElements(root));
    this.plots = new LivePlots(root, this.el, plotly, this.session);
    this.pointer = new PlanePointer(
      {
        canvas: this.el.planeCanvas,
        area: () => this.plots.planeArea(),
        means: () => this.session.params.mu,
        moveMean: (j, x, y) => this.apply({ start: (s) => s.setMean(j, [x, y]) }),
        placed: (j) => this.setPlacing((j + 1) % this.session.k),
        placing: () => this.placing,
        pause: () => this.pause(),
      },
      (target, type, listener, listenerOptions) => this.on(target, type, listener, listenerOptions),
    );
    this.bind();
    this.fill(root);
    this.fillStart();
    this.plots.layout();
    this.render(false);
    const observer = new ResizeObserver(() => this.plots.scheduleLayout());
    observer.observe(root);
    this.cleanups.push(() => observer.disconnect());
  }

  handle(): LiveHandle {
    return {
      snapshot: () => this.snapshot(),
      clientPoint: (x, y) => this.pointer.clientPoint(x, y),
      destroy: () => this.destroy(),
    };
  }

  private snapshot(): LiveSnapshot {
    const s = this.session;
    const r = s.responsibilities;
    const k = s.k;
    return JSON.parse(
      JSON.stringify({
        data: s.data,
        X: s.X.to2DArray(),
        start: s.start,
        run: s.runOptions,
        iteration: s.iteration,
        nextHalf: s.nextHalf,
        status: s.status,
        playing: this.playing,
        params: s.params,
        problem: s.problem,
        logLikelihood: s.logLikelihood,
        responsibilities:
          r === null
            ? null
            : Array.from({ length: r.length / k }, (_, i) => Array.from(r.subarray(i * k, (i + 1) * k))),
      }),
    ) as LiveSnapshot;
  }

  private get state(): ControlState {
    return { session: this.session, playing: this.playing, speed: this.speed };
  }

  // ---- events ----

  private on<K extends keyof HTMLElementEventMap>(
    target: HTMLElement,
    type: K,
    listener: (e: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): void {
    target.addEventListener(type, listener, options);
    this.cleanups.push(() => target.removeEventListener(type, listener, options));
  }

  /** Each control's listeners, as its kind has them; the frame's own (the start table, the placing choice, the cure); the keys. */
  private bind(): void {
    for (const c of this.controls) this.bindControl(c);
    const el = this.el;
    this.on(el.cure, "click", () => {
      const cure = this.session.problem?.cure ?? null;
      if (cure !== null) this.apply({ run: { regCovar: cure.value } }, el.regCovar);
    });
    this.on(el.startTable, "change", (e) => {
      if (e.target instanceof HTMLInputElement) this.apply({ start: (s) => s.setStart(startFromTable(el.startBody)) });
    });
    this.on(el.placing, "change", () => (this.placing = checkedPlacing(el.placing)));
    this.on(this.root, "keydown", (e) => this.key(e));
  }

  private bindControl(c: BoundControl): void {
    switch (c.kind) {
      case "button": {
        const { control, element } = c;
        this.on(element, "click", () => this.apply(control.press));
        break;
      }
      case "number": {
        const { control, element } = c;
        this.on(element, control.commit, () => {
          let change: LiveChange;
          try {
            change = boxChange(control, element.value);
          } catch (e) {
            // Text that is not a number: the page stays as it was, the text as typed beside the message.
            this.pause();
            return this.showFieldProblem(problemOf(e), control.slot === "data" ? "data" : "run", element);
          }
          this.apply(change, element);
        });
        break;
      }
      case "select": {
        const { control, element } = c;
        this.on(element, "change", () => this.apply(control.write(Number(element.value)), element));
        break;
      }
      case "radio": {
        const { control, element } = c;
        for (const choice of control.choices)
          this.on(element[choice], "change", () => this.apply(control.write(choice), element[choice]));
        break;
      }
      case "switch": {
        const { control, element } = c;
        this.on(element, "change", () => this.apply(control.write(element.checked), element));
        break;
      }
    }
  }

  private key(e: KeyboardEvent): void {
    const target = e.target;
    if (!(target instanceof Element) || e.ctrlKey || e.metaKey || e.altKey || typesHere(target, e.key)) return;
    const change = this.keys.get(e.key);
    if (change === undefined) return;
    this.apply(change);
    // Handled here: not also by the notebook around the page (Jupyter's keyboard shortcuts).
    e.preventDefault();
    e.stopPropagation();
  }

  private setPlacing(j: number): void {
    this.placing = j;
    checkPlacing(this.el.placing, j);
  }

  // ---- changes ----

  /**
   * Does what a control asks: a step, play or reset, a speed, or a change of the start, the data or
   * the options. A change the library refuses leaves things as they were, and its message shows in
   * its part's section, beside `field` (a start's cells are marked by what the message names).
   */
  private apply(change: LiveChange, field?: HTMLElement): void {
    if ("action" in change) {
      if (change.action === "reset") this.reset();
      else if (change.action === "playOrPause") this.playing ? this.pause() : this.play();
      else {
        this.session[change.action]();
        this.render();
      }
      return;
    }
    if ("speed" in change) {
      this.speed = change.speed;
      return;
    }
    const part: Part = "start" in change ? "start" : "data" in change ? "data" : "run";
    this.pause();
    try {
      if ("start" in change) change.start(this.session);
      else if ("data" in change) this.session.setData(change.data);
      else this.session.setRunOptions(change.run);
    } catch (e) {
      this.showFieldProblem(problemOf(e), part, part === "start" ? undefined : field);
      return;
    }
    this.clearFieldProblem(part);
    if (part === "data") this.plots.fitData();
    // While a mean is dragged the axes keep still (it is kept inside them); after, the plane follows the start.
    if (part === "start" && !this.pointer.dragging) this.plots.fitStart();
    if (part === "start") {
      if (this.placing >= this.session.k) this.placing = 0;
      this.fillStart();
    }
    this.fill(this.el[PARTS[part].section]);
    this.render();
  }

  private showFieldProblem(problem: LiveProblem, part: Part, field?: HTMLElement): void {
    const box = this.el[PARTS[part].problem];
    box.textContent = problem.message;
    box.hidden = false;
    this.clearMarks(this.el[PARTS[part].section]);
    field?.setAttribute("aria-invalid", "true");
  }

  private clearFieldProblem(part: Part): void {
    const box = this.el[PARTS[part].problem];
    box.textContent = "";
    box.hidden = true;
    this.clearMarks(this.el[PARTS[part].section]);
  }

  private clearMarks(section: HTMLElement): void {
    for (const input of Array.from(section.querySelectorAll("[aria-invalid]"))) input.removeAttribute("aria-invalid");
  }

  // ---- running ----

  private play(): void {
    if (this.playing || !this.session.canStep) return;
    this.playing = true;
    this.lastStepTime = 0;
    const tick = (time: number) => {
      if (!this.playing) return;
      if (this.speed === 0 || time - this.lastStepTime >= 1000 / this.speed) {
        this.lastStepTime = time;
        this.session.step();
        this.render();
      }
      if (this.session.canStep) this.frame = requestAnimationFrame(tick);
      else this.pause();
    };
    this.frame = requestAnimationFrame(tick);
    this.renderControls();
  }

  private pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.renderControls();
  }

  private reset(): void {
    this.pause();
    this.session.restart();
    this.render();
  }

  // ---- drawing ----

  /** Paints the figures (unless `paint` is false: just drawn) and updates every readout and control state. */
  private render(paint = true): void {
    const s = this.session;
    if (paint) this.plots.paint();
    renderReadouts(this.el, s, this.playing);
    this.root.dataset.iteration = String(s.iteration);
    this.root.dataset.status = s.status;
    this.root.dataset.nextHalf = s.nextHalf;
    markInvalidStart(this.el.startBody, s.problem);
    // The options the run itself checks (regCovar, the slips) are marked by the run's problem.
    for (const c of this.controls) {
      if ((c.kind === "number" || c.kind === "switch") && c.control.checkedByRun) {
        if (s.problem?.argument === c.control.argument) c.element.setAttribute("aria-invalid", "true");
        else c.element.removeAttribute("aria-invalid");
      }
    }
    this.renderControls();
  }

  /** The buttons' states (can each be pressed, is play on) and the status. */
  private renderControls(): void {
    const state = this.state;
    for (const c of this.controls) {
      if (c.kind !== "button") continue;
      if (c.control.enabled) c.element.disabled = !c.control.enabled(state);
      if (c.control.pressed) c.element.setAttribute("aria-pressed", String(c.control.pressed(state)));
    }
    this.el.state.textContent = statusText(this.session, this.playing);
    this.root.dataset.playing = String(this.playing);
  }

  // ---- controls' values ----

  /**
   * Shows each control's value inside `section` (or the page). A box that redraws at every
   * keystroke keeps what is typed while it has the keyboard.
   */
  private fill(section: HTMLElement): void {
    const state = this.state;
    for (const c of this.controls) {
      switch (c.kind) {
        case "number": {
          if (!section.contains(c.element)) break;
          if (c.control.commit === "input" && c.element === document.activeElement) break;
          const value = c.control.read(state);
          c.element.value = value === null ? "" : String(value);
          break;
        }
        case "select":
          if (section.contains(c.element)) c.element.value = String(c.control.read(state));
          break;
        case "radio": {
          const input = c.element[c.control.read(state)];
          if (section.contains(input)) input.checked = true;
          break;
        }
        case "switch":
          if (section.contains(c.element)) c.element.checked = c.control.read(state);
          break;
      }
    }
    this.root.dataset.kind = this.session.data.kind;
  }

  private fillStart(): void {
    fillStart({ body: this.el.startBody, placing: this.el.placing, id: this.id }, this.session.start, this.placing);
  }

  private destroy(): void {
    this.pause();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.plots.destroy();
    this.session.close();
    this.root.innerHTML = "";
  }
}

/**
 * Whether `key` does something of its own on `target`: every key in a text box or a list, the
 * arrows and space on a radio button (they choose), space on a switch (it flips) or a button (it
 * presses). Elsewhere the page's keys are the page's.
 */
function typesHere(target: Element, key: string): boolean {
  if (target.matches("input[type=radio]")) return key === " " || key.startsWith("Arrow");
  if (target.matches("input[type=checkbox], button")) return key === " ";
  return target.matches("input, select, textarea, [contenteditable]");
}

function addStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
