/**
 * The live page in a browser: `mountLive(element)` builds the controls and the two figures, and
 * runs EM in the page (no kernel, offline). The start is placed on the plot with the mouse or a
 * finger (click to place a mean, drag a mean's marker) or typed in its table; step, ▶ play and
 * reset run EM; every value is checked by the library, whose message is shown beside what it names.
 *
 * Figures: plotly.js draws each figure's axes once (and again on a resize or new data); the
 * traces, which change at every step, are painted on a canvas above them (see live-canvas.ts).
 */
import { Matrix } from "ml-matrix";
import { formatNumber } from "../display/html";
import type { GmmParams } from "../em/params";
import { componentStyle } from "../figures/colors";
import { FIGURE_LABELS } from "../figures/labels";
import type { AxisRanges } from "../figures/shared";
import { type PlotArea, paintTraces, toData, toPixel } from "./canvas";
import {
  CURVE_MARGIN,
  type CurveRanges,
  curveRanges,
  liveCurveLayout,
  liveCurveTraces,
  livePlaneLayout,
  livePlaneTraces,
  PLANE_MARGIN,
  planeRanges,
} from "./figures";
import {
  LIVE_DATA_KINDS,
  LIVE_LIMITS,
  type LiveData,
  type LiveDataKind,
  type LiveOptions,
  type LiveProblem,
  type LiveRunOptions,
  LiveSession,
  type LiveStart,
  type LiveStatus,
  problemOf,
} from "./session";
import { type LiveWord, subscript, twoLines, words } from "./words";

/** The part of plotly.js the page uses. */
export interface PlotlyApi {
  newPlot(div: HTMLElement, data: object[], layout: object, config?: object): Promise<unknown>;
  relayout(div: HTMLElement, update: object): Promise<unknown>;
  purge(div: HTMLElement): void;
}

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
  status: LiveStatus;
  playing: boolean;
  params: GmmParams;
  /** The responsibilities under `params` (n × k); null when the start cannot run. */
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
const SPEEDS = [1, 2, 5, 10, 30, 0];
/** Room (CSS pixels) between ℓ's axis title and its tick labels, and around them, beyond their widths. */
const CURVE_TITLE_GAP = 12;
/** How far (CSS pixels) a mean's centre stays from the plot area's edge when placed: its marker's half-width and outline. */
const MARKER_ROOM = 8;
/** How near (CSS pixels) a pointer must come to a mean to drag it. */
const GRAB_RADIUS = { mouse: 16, touch: 28 };

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

class LivePage {
  private readonly id = `gmm-live-${mounted++}`;
  private readonly session: LiveSession;
  private readonly el: Record<string, HTMLElement> = {};
  private planeRanges: AxisRanges;
  private curveRanges: CurveRanges | null = null;
  private planeSide = 400;
  private curveSize = { width: 400, height: 240 };
  private playing = false;
  private speed: number;
  private lastStepTime = 0;
  private frame = 0;
  private placing = 0;
  private drag: { pointer: number; component: number | null; x: number; y: number; moved: boolean } | null = null;
  private readonly cleanups: (() => void)[] = [];
  /** The curve's left margin: CURVE_MARGIN's, or wider for long tick labels (see fitCurveMargin). */
  private curveLeft: number = CURVE_MARGIN.l;
  private axesDrawn: Promise<unknown> = Promise.resolve();
  private pendingDrawings = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly plotly: PlotlyApi,
    options: MountLiveOptions,
  ) {
    this.session = new LiveSession(options);
    this.speed = options.speed ?? 10;
    this.planeRanges = planeRanges(this.session.X, this.session.start.mu);
    root.classList.add("gmm-live");
    // Focusable, so that a click anywhere in the page takes the keyboard there (→, space, R).
    root.tabIndex = -1;
    root.innerHTML = template(this.id);
    for (const node of Array.from(root.querySelectorAll<HTMLElement>("[data-el]"))) this.el[node.dataset.el!] = node;
    this.bind();
    this.fillControls();
    this.layout();
    const observer = new ResizeObserver(() => this.scheduleLayout());
    observer.observe(root);
    this.cleanups.push(() => observer.disconnect());
  }

  handle(): LiveHandle {
    return {
      snapshot: () => this.snapshot(),
      clientPoint: (x, y) => {
        const rect = this.el.planeCanvas.getBoundingClientRect();
        const [px, py] = toPixel(this.planeArea(), x, y);
        return { x: rect.left + px, y: rect.top + py };
      },
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

  // ---- events ----

  private on<K extends keyof HTMLElementEventMap>(
    target: HTMLElement | Document,
    type: K,
    listener: (e: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): void {
    target.addEventListener(type, listener as EventListener, options);
    this.cleanups.push(() => target.removeEventListener(type, listener as EventListener, options));
  }

  private bind(): void {
    const el = this.el;
    this.on(el.step, "click", () => this.stepOnce());
    this.on(el.play, "click", () => (this.playing ? this.pause() : this.play()));
    this.on(el.reset, "click", () => this.reset());
    this.on(el.poorStart, "click", () => this.changeStart(() => this.session.poorStart()));
    this.on(el.kmeansPlusPlus, "click", () => this.changeStart(() => this.session.kmeansPlusPlusStart()));
    this.on(el.k, "change", () => this.changeStart(() => this.session.setK(Number((el.k as HTMLSelectElement).value))));
    this.on(el.cure, "click", () => {
      const cure = this.session.problem?.cure ?? null;
      if (cure !== null) this.changeRun({ regCovar: cure.value }, el.regCovar);
    });
    this.on(el.speed, "change", () => (this.speed = Number((el.speed as HTMLSelectElement).value)));
    for (const kind of LIVE_DATA_KINDS) {
      this.on(el[`kind-${kind}`], "change", () => this.changeData({ kind }, el[`kind-${kind}`]));
    }
    // The seed redraws as soon as it changes; the other numbers when they are committed.
    this.on(el.seed, "input", () => this.changeData({ seed: numberOf(el.seed) }, el.seed));
    for (const name of ["nSamples", "variance1", "variance2", "centers"] as const) {
      this.on(el[name], "change", () => this.changeData({ [name]: numberOf(el[name]) }, el[name]));
    }
    this.on(el.tol, "change", () => {
      const text = (el.tol as HTMLInputElement).value.trim();
      this.changeRun({ tol: text === "" ? null : numberOf(el.tol) }, el.tol);
    });
    this.on(el.maxIter, "change", () => this.changeRun({ maxIter: numberOf(el.maxIter) }, el.maxIter));
    this.on(el.regCovar, "change", () => this.changeRun({ regCovar: numberOf(el.regCovar) }, el.regCovar));
    this.on(el.slips, "change", () =>
      this.changeRun({ variant: (el.slips as HTMLInputElement).checked ? "original" : "correct" }, el.slips),
    );
    this.on(el.startTable, "change", (e) => {
      if ((e.target as HTMLElement).matches("input"))
        this.changeStart(() => this.session.setStart(this.startFromTable()));
    });
    this.on(
      el.placing,
      "change",
      () => (this.placing = Number((el.placing.querySelector("input:checked") as HTMLInputElement | null)?.value ?? 0)),
    );
    this.on(this.root, "keydown", (e) => this.key(e));
    const canvas = el.planeCanvas;
    this.on(canvas, "pointerdown", (e) => this.pointerDown(e));
    this.on(canvas, "pointermove", (e) => this.pointerMove(e));
    this.on(canvas, "pointerup", (e) => this.pointerUp(e));
    this.on(canvas, "pointercancel", () => (this.drag = null));
    // A finger on a mean drags it rather than scrolling the page; elsewhere the page scrolls.
    this.on(
      canvas,
      "touchstart",
      (e) => {
        const t = e.touches[0];
        const rect = canvas.getBoundingClientRect();
        if (t && this.meanNear(t.clientX - rect.left, t.clientY - rect.top, GRAB_RADIUS.touch) !== null)
          e.preventDefault();
      },
      { passive: false },
    );
  }

  private key(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || typesHere(target, e.key)) return;
    if (e.key === "ArrowRight") this.stepOnce();
    else if (e.key === " " && !target.matches("button")) this.playing ? this.pause() : this.play();
    else if (e.key === "r" || e.key === "R") this.reset();
    else return;
    // Handled here: not also by the notebook around the page (Jupyter's keyboard shortcuts).
    e.preventDefault();
    e.stopPropagation();
  }

  // ---- the start on the plot ----

  private planeArea(): PlotArea {
    return {
      left: PLANE_MARGIN.l,
      top: PLANE_MARGIN.t,
      width: this.planeSide,
      height: this.planeSide,
      x: this.planeRanges.x,
      y: this.planeRanges.y,
    };
  }

  /** The mean drawn nearest to (px, py) within `radius` CSS pixels, or null. */
  private meanNear(px: number, py: number, radius: number): number | null {
    let best: number | null = null,
      bestDistance = radius;
    this.session.params.mu.forEach((m, j) => {
      const [mx, my] = toPixel(this.planeArea(), m[0], m[1]);
      const d = Math.hypot(mx - px, my - py);
      if (d <= bestDistance) {
        best = j;
        bestDistance = d;
      }
    });
    return best;
  }

  private pointerDown(e: PointerEvent): void {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    const { px, py } = this.local(e);
    const radius = e.pointerType === "mouse" ? GRAB_RADIUS.mouse : GRAB_RADIUS.touch;
    this.drag = { pointer: e.pointerId, component: this.meanNear(px, py, radius), x: px, y: py, moved: false };
    if (this.drag.component !== null) {
      this.el.planeCanvas.setPointerCapture(e.pointerId);
      this.pause();
      e.preventDefault();
    }
  }

  private pointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (drag === null || drag.pointer !== e.pointerId) return;
    const { px, py } = this.local(e);
    if (Math.hypot(px - drag.x, py - drag.y) > 4) drag.moved = true;
    if (drag.component !== null && drag.moved) this.moveMean(drag.component, px, py);
  }

  private pointerUp(e: PointerEvent): void {
    const drag = this.drag;
    if (drag === null || drag.pointer !== e.pointerId) return;
    this.drag = null;
    const { px, py } = this.local(e);
    if (drag.component !== null) {
      if (drag.moved) this.moveMean(drag.component, px, py);
      return;
    }
    if (!drag.moved && this.inPlotArea(px, py)) {
      // A click (or tap) away from the means places the next one there.
      this.pause();
      this.moveMean(this.placing, px, py);
      this.setPlacing((this.placing + 1) % this.session.k);
    }
  }

  private local(e: PointerEvent): { px: number; py: number } {
    const rect = this.el.planeCanvas.getBoundingClientRect();
    return { px: e.clientX - rect.left, py: e.clientY - rect.top };
  }

  private inPlotArea(px: number, py: number): boolean {
    const a = this.planeArea();
    return px >= a.left && px <= a.left + a.width && py >= a.top && py <= a.top + a.height;
  }

  /**
   * Puts the start mean of component j at the pixel, rounded for reading; a pointer past the plot
   * area leaves it at the edge, its marker whole inside.
   */
  private moveMean(j: number, px: number, py: number): void {
    const a = this.planeArea();
    const cx = Math.min(a.left + a.width - MARKER_ROOM, Math.max(a.left + MARKER_ROOM, px));
    const cy = Math.min(a.top + a.height - MARKER_ROOM, Math.max(a.top + MARKER_ROOM, py));
    const [x, y] = toData(a, cx, cy);
    this.changeStart(() => this.session.setMean(j, [x, y]));
  }

  private setPlacing(j: number): void {
    this.placing = j;
    const input = this.el.placing.querySelector<HTMLInputElement>(`input[value="${j}"]`);
    if (input) input.checked = true;
  }

  // ---- changes ----

  private changeStart(change: () => void): void {
    this.pause();
    try {
      change();
    } catch (e) {
      this.showFieldProblem(problemOf(e), this.el.startSection);
      return;
    }
    this.clearFieldProblem(this.el.startSection);
    // While a mean is dragged the axes keep still (it is kept inside them); after, the plane follows the start.
    if (this.drag?.component == null) this.fitPlane();
    if (this.placing >= this.session.k) this.placing = 0;
    this.fillStart();
    this.render();
  }

  /**
   * Fits the plane to the data and the start's means when a mean lies outside it, or when it
   * shows far more than they need (a far mean brought back); otherwise the axes keep still.
   */
  private fitPlane(): void {
    const means = this.session.start.mu.filter((m) => m.every(Number.isFinite));
    const fitted = planeRanges(this.session.X, means);
    const { x, y } = this.planeRanges;
    const inside = means.every((m) => m[0] >= x[0] && m[0] <= x[1] && m[1] >= y[0] && m[1] <= y[1]);
    if (inside && x[1] - x[0] <= 1.5 * (fitted.x[1] - fitted.x[0])) return;
    this.planeRanges = fitted;
    this.drawAxes();
  }

  private changeData(patch: Partial<LiveData>, field: HTMLElement): void {
    this.pause();
    try {
      this.session.setData(patch);
    } catch (e) {
      this.showFieldProblem(problemOf(e), this.el.dataSection, field);
      return;
    }
    this.clearFieldProblem(this.el.dataSection);
    this.planeRanges = planeRanges(
      this.session.X,
      this.session.start.mu.filter((m) => m.every(Number.isFinite)),
    );
    this.fillData();
    this.drawAxes();
    this.render();
  }

  private changeRun(patch: Partial<LiveRunOptions>, field: HTMLElement): void {
    this.pause();
    try {
      this.session.setRunOptions(patch);
    } catch (e) {
      this.showFieldProblem(problemOf(e), this.el.optionsSection, field);
      return;
    }
    this.clearFieldProblem(this.el.optionsSection);
    this.fillOptions();
    this.render();
  }

  private showFieldProblem(problem: LiveProblem, section: HTMLElement, field?: HTMLElement): void {
    const box = section.querySelector<HTMLElement>(".gmm-live-field-problem")!;
    box.textContent = problem.message;
    box.hidden = false;
    for (const input of Array.from(section.querySelectorAll("[aria-invalid]"))) input.removeAttribute("aria-invalid");
    field?.setAttribute("aria-invalid", "true");
  }

  private clearFieldProblem(section: HTMLElement): void {
    const box = section.querySelector<HTMLElement>(".gmm-live-field-problem")!;
    box.textContent = "";
    box.hidden = true;
    for (const input of Array.from(section.querySelectorAll("[aria-invalid]"))) input.removeAttribute("aria-invalid");
  }

  // ---- running ----

  private stepOnce(): void {
    this.session.step();
    this.render();
  }

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

  private layoutPending = false;

  private scheduleLayout(): void {
    if (this.layoutPending) return;
    this.layoutPending = true;
    requestAnimationFrame(() => {
      this.layoutPending = false;
      this.layout();
    });
  }

  /** Sizes the figures to their boxes, draws their axes, paints. */
  private layout(): void {
    const planeWidth = this.el.plane.clientWidth || 480;
    const side = Math.max(160, Math.min(720, Math.floor(planeWidth - PLANE_MARGIN.l - PLANE_MARGIN.r)));
    const curveWidth = Math.max(240, Math.floor(this.el.curve.clientWidth || 480));
    const curveHeight = Math.max(180, Math.min(300, Math.round(curveWidth * 0.5)));
    if (
      side === this.planeSide &&
      curveWidth === this.curveSize.width &&
      curveHeight === this.curveSize.height &&
      this.root.dataset.ready !== undefined
    )
      return;
    this.planeSide = side;
    this.curveSize = { width: curveWidth, height: curveHeight };
    this.drawAxes();
    this.render();
  }

  /** Draws both figures' axes with plotly.js (no traces: the canvas paints those). */
  private drawAxes(): void {
    const config = { displayModeBar: false, staticPlot: true, responsive: false };
    const planeLayout = livePlaneLayout(this.planeRanges, this.planeSide);
    this.curveRanges = curveRanges(this.session.logLikelihood, null);
    const curveLayout = liveCurveLayout(
      this.curveRanges,
      this.curveSize.width,
      this.curveSize.height,
      FIGURE_LABELS["zh-en"],
    );
    curveLayout.margin = { ...CURVE_MARGIN, l: this.curveLeft };
    sizeCanvas(this.el.planeCanvas, planeLayout.width as number, planeLayout.height as number);
    sizeCanvas(this.el.curveCanvas, this.curveSize.width, this.curveSize.height);
    this.drawing(() =>
      Promise.all([
        this.plotly.newPlot(this.el.planeAxes, [], planeLayout, config),
        this.plotly.newPlot(this.el.curveAxes, [], curveLayout, config),
      ]),
    );
  }

  /**
   * Runs a drawing of the axes by plotly.js after those before it, then fits the curve's margin to
   * its tick labels. The page is `data-ready` when no drawing is pending.
   */
  private drawing(work: () => Promise<unknown>): void {
    this.pendingDrawings++;
    this.root.dataset.ready = "false";
    this.axesDrawn = this.axesDrawn
      .catch(() => undefined)
      .then(work)
      .then(() => this.fitCurveMargin())
      .finally(() => {
        if (--this.pendingDrawings === 0) this.root.dataset.ready = "true";
      });
  }

  /**
   * Widens the curve's left margin when ℓ's tick labels are long (e.g. −23,306.78 at iteration 0,
   * where the axis spans a hair): plotly.js keeps the axis title inside the margin, and would set
   * it over the labels. Back to CURVE_MARGIN when they are short again.
   */
  private fitCurveMargin(): Promise<unknown> | undefined {
    const axes = this.el.curveAxes;
    if (!axes.isConnected) return undefined; // destroyed meanwhile
    const ticks = Array.from(axes.querySelectorAll(".ytick text"), (t) => t.getBoundingClientRect().width);
    const title = axes.querySelector(".g-ytitle")?.getBoundingClientRect().width ?? 0;
    const left = Math.max(CURVE_MARGIN.l, Math.ceil(Math.max(0, ...ticks) + title + CURVE_TITLE_GAP));
    if (left === this.curveLeft) return undefined;
    this.curveLeft = left;
    this.paintCurve();
    return this.plotly.relayout(axes, { "margin.l": left });
  }

  /** Paints the figures' traces and updates every readout (one EM step's picture). */
  private render(): void {
    const s = this.session;
    const r = s.responsibilities;
    const plane = livePlaneTraces({
      X: s.points,
      params: s.params,
      meanPaths: s.meanPaths,
      responsibilities: r === null ? null : Matrix.from1DArray(s.X.rows, s.k, r),
      ellipses: s.status !== "invalid",
    });
    paintCanvas(this.el.planeCanvas as HTMLCanvasElement, plane, this.planeArea());
    const ranges = curveRanges(s.logLikelihood, this.curveRanges);
    if (this.curveRanges === null || ranges.x[1] !== this.curveRanges.x[1] || ranges.y !== this.curveRanges.y) {
      this.curveRanges = ranges;
      this.drawing(() =>
        this.plotly.relayout(this.el.curveAxes, { "xaxis.range": [...ranges.x], "yaxis.range": [...ranges.y] }),
      );
    }
    this.paintCurve();
    this.renderReadouts();
    this.renderControls();
  }

  /** Paints the log-likelihood curve on the curve's axes. */
  private paintCurve(): void {
    const { width, height } = this.curveSize;
    const area: PlotArea = {
      left: this.curveLeft,
      top: CURVE_MARGIN.t,
      width: width - this.curveLeft - CURVE_MARGIN.r,
      height: height - CURVE_MARGIN.t - CURVE_MARGIN.b,
      x: this.curveRanges!.x,
      y: this.curveRanges!.y,
    };
    paintCanvas(this.el.curveCanvas as HTMLCanvasElement, liveCurveTraces(this.session.logLikelihood), area);
  }

  private renderReadouts(): void {
    const s = this.session;
    const el = this.el;
    const ll = s.logLikelihood[s.logLikelihood.length - 1];
    el.iteration.textContent = String(s.iteration);
    el.logLikelihood.textContent = ll === undefined ? "–" : formatNumber(ll, 4);
    el.state.textContent = statusText(s.status, this.playing, s.problem);
    this.root.dataset.iteration = String(s.iteration);
    this.root.dataset.status = s.status;
    const problem = s.problem;
    const box = el.problem;
    box.hidden = problem === null;
    const cure = problem?.cure ?? null;
    el.cure.hidden = cure === null || !(cure.value > s.runOptions.regCovar);
    if (cure !== null) el.cure.textContent = words("cure", { r: cure.text });
    if (problem !== null) {
      const collapse = problem.component !== undefined;
      el.problemHeadline.textContent = collapse
        ? words("collapseHeadline", { i: problem.iteration!, j: subscript(problem.component! + 1) })
        : words(s.status === "invalid" ? invalidHeadline(problem.argument) : "failed");
      el.problemNote.textContent = collapse ? `(${words("collapseCounting", { c: problem.component! })})` : "";
      el.problemMessage.textContent = problem.message;
    }
    this.markInvalidStart(problem);
    const params = s.params;
    el.currentBody.innerHTML = params.pi
      .map((p, j) => {
        const S = params.Sigma[j];
        const cells = [p, params.mu[j][0], params.mu[j][1], S[0][0], S[0][1], S[1][1]]
          .map((v) => `<td>${Number.isFinite(v) ? formatNumber(v, 3) : "–"}</td>`)
          .join("");
        return `<tr><th scope="row">${swatch(j)}μ<sub>${j + 1}</sub></th>${cells}</tr>`;
      })
      .join("");
  }

  /** Marks the start's inputs that the library's message names (e.g. "pi", "Sigma[1]", "mu[0][1]"). */
  private markInvalidStart(problem: LiveProblem | null): void {
    for (const input of Array.from(this.el.startTable.querySelectorAll("input[aria-invalid]")))
      input.removeAttribute("aria-invalid");
    this.el.slips.removeAttribute("aria-invalid");
    this.el.regCovar.removeAttribute("aria-invalid");
    const argument = problem?.argument;
    if (argument === undefined) return;
    if (argument === "options.variant") this.el.slips.setAttribute("aria-invalid", "true");
    if (argument === "options.regCovar") this.el.regCovar.setAttribute("aria-invalid", "true");
    const m = /^(pi|mu|Sigma)(?:\[(\d+)\])?(?:\[(\d+)\])?/.exec(argument);
    if (m === null) return;
    const [, name, row, column] = m;
    const selector =
      name === "pi" ? "[data-name=pi]" : name === "mu" ? `[data-name=mu${column ?? ""}]` : "[data-name^=Sigma]";
    const rows = Array.from(this.el.startTable.querySelectorAll("tbody tr"));
    (row === undefined ? rows : [rows[Number(row)]]).forEach((tr) => {
      for (const input of Array.from(
        tr?.querySelectorAll(name === "mu" && column === undefined ? "[data-name^=mu]" : selector) ?? [],
      )) {
        input.setAttribute("aria-invalid", "true");
      }
    });
  }

  private renderControls(): void {
    const s = this.session;
    const el = this.el;
    (el.step as HTMLButtonElement).disabled = !s.canStep || this.playing;
    (el.play as HTMLButtonElement).disabled = !s.canStep && !this.playing;
    el.play.setAttribute("aria-pressed", String(this.playing));
    (el.reset as HTMLButtonElement).disabled = s.iteration === 0 && s.status !== "collapsed" && s.status !== "failed";
    el.state.textContent = statusText(s.status, this.playing, s.problem);
    this.root.dataset.playing = String(this.playing);
  }

  // ---- controls' values ----

  private fillControls(): void {
    (this.el.speed as HTMLSelectElement).value = String(SPEEDS.includes(this.speed) ? this.speed : 10);
    this.fillData();
    this.fillStart();
    this.fillOptions();
  }

  private fillData(): void {
    const d = this.session.data;
    (this.el[`kind-${d.kind}`] as HTMLInputElement).checked = true;
    for (const name of ["seed", "nSamples", "variance1", "variance2", "centers"] as const) {
      const input = this.el[name] as HTMLInputElement;
      if (input !== document.activeElement) input.value = String(d[name]);
    }
    this.root.dataset.kind = d.kind;
  }

  private fillOptions(): void {
    const o = this.session.runOptions;
    (this.el.tol as HTMLInputElement).value = o.tol === null ? "" : String(o.tol);
    (this.el.maxIter as HTMLInputElement).value = String(o.maxIter);
    (this.el.regCovar as HTMLInputElement).value = String(o.regCovar);
    (this.el.slips as HTMLInputElement).checked = o.variant === "original";
  }

  /**
   * The start's table and the placing choice. The rows are built when k changes; otherwise their
   * values change in place, so that the keyboard stays where it went (Tab, a click on the next
   * cell). A cell whose value is not a number keeps what was typed, beside the message naming it.
   */
  private fillStart(): void {
    const { pi, mu, Sigma } = this.session.start;
    const k = pi.length;
    (this.el.k as HTMLSelectElement).value = String(k);
    const body = this.el.startBody as HTMLTableSectionElement;
    if (body.rows.length !== k) {
      const cell = (name: string, j: number, label: string) =>
        `<td><input type="text" inputmode="decimal" data-name="${name}" aria-label="${label} (${words("component")} ${j + 1})"></td>`;
      body.innerHTML = pi
        .map(
          (_, j) =>
            `<tr><th scope="row">${swatch(j)}μ<sub>${j + 1}</sub></th>` +
            cell("pi", j, "π") +
            cell("mu0", j, "μ x₁") +
            cell("mu1", j, "μ x₂") +
            cell("Sigma00", j, "Σ₁₁") +
            cell("Sigma01", j, "Σ₁₂") +
            cell("Sigma11", j, "Σ₂₂") +
            "</tr>",
        )
        .join("");
      this.el.placing.innerHTML =
        `<span>${words("place")}</span>` +
        pi
          .map(
            (_, j) =>
              `<label><input type="radio" name="${this.id}-placing" value="${j}"${j === this.placing ? " checked" : ""}>${swatch(j)}μ<sub>${j + 1}</sub></label>`,
          )
          .join("");
    }
    Array.from(body.rows).forEach((tr, j) => {
      const values: Record<string, number> = {
        pi: pi[j],
        mu0: mu[j][0],
        mu1: mu[j][1],
        Sigma00: Sigma[j][0][0],
        Sigma01: Sigma[j][0][1],
        Sigma11: Sigma[j][1][1],
      };
      for (const input of Array.from(tr.querySelectorAll<HTMLInputElement>("input[data-name]"))) {
        const value = values[input.dataset.name!];
        if (Number.isFinite(value)) input.value = String(value);
        else if (Number.isFinite(numberOf(input))) input.value = "";
      }
    });
  }

  /** The start as typed in its table (an empty or unreadable cell is NaN: the library names it). */
  private startFromTable(): LiveStart {
    const rows = Array.from(this.el.startBody.querySelectorAll("tr"));
    const read = (tr: Element, name: string) => numberOf(tr.querySelector<HTMLInputElement>(`[data-name=${name}]`)!);
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

  private destroy(): void {
    this.pause();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.plotly.purge(this.el.planeAxes);
    this.plotly.purge(this.el.curveAxes);
    this.session.close();
    this.root.innerHTML = "";
  }
}

/**
 * Whether `key` does something of its own on `target`: every key in a text box or a list, the
 * arrows and space on a radio button (they choose), space on a switch (it flips). Elsewhere →,
 * space and R are the page's.
 */
function typesHere(target: HTMLElement, key: string): boolean {
  if (target.matches("input[type=radio]")) return key === " " || key.startsWith("Arrow");
  if (target.matches("input[type=checkbox]")) return key === " ";
  return target.matches("input, select, textarea, [contenteditable]");
}

/** A text box's number: empty or unreadable text is NaN, which the library's checks name. */
function numberOf(input: HTMLElement): number {
  const text = (input as HTMLInputElement).value.trim().replace(/−/g, "-");
  return text === "" ? Number.NaN : Number(text);
}

/** What a run that cannot begin says first: the start, an option, or EM (the data). */
function invalidHeadline(argument: string | undefined): LiveWord {
  if (argument !== undefined && /^(pi|mu|Sigma)\b/.test(argument)) return "invalid";
  return argument?.startsWith("options.") ? "invalidOption" : "cannotStart";
}

function statusText(status: LiveStatus, playing: boolean, problem: LiveProblem | null): string {
  if (playing) return words("playing");
  const key: Record<LiveStatus, LiveWord> = {
    ready: "ready",
    converged: "converged",
    "max-iter": "maxIter",
    collapsed: "collapsed",
    invalid: invalidHeadline(problem?.argument),
    failed: "failed",
  };
  return status === "converged" ? `${words("converged")} (${words("convergedWhy")})` : words(key[status]);
}

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

function sizeCanvas(canvas: HTMLElement, width: number, height: number): void {
  const c = canvas as HTMLCanvasElement;
  const scale = window.devicePixelRatio || 1;
  c.width = Math.round(width * scale);
  c.height = Math.round(height * scale);
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
}

function paintCanvas(canvas: HTMLCanvasElement, traces: Parameters<typeof paintTraces>[1], area: PlotArea): void {
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  const scale = canvas.width / (parseFloat(canvas.style.width) || canvas.width);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  paintTraces(ctx, traces, area, scale);
}

function labelled(key: LiveWord, control: string): string {
  return `<label><span>${words(key)}</span>${control}</label>`;
}

/** The page's controls; `id` names its radio groups (apart from another live page's in the same document). */
function template(id: string): string {
  const kinds = LIVE_DATA_KINDS.map(
    (kind: LiveDataKind) =>
      `<label><input type="radio" name="${id}-kind" value="${kind}" data-el="kind-${kind}">${words(kind)}</label>`,
  ).join("");
  const ks = Array.from({ length: LIVE_LIMITS.k[1] }, (_, i) => `<option value="${i + 1}">${i + 1}</option>`).join("");
  const speeds = SPEEDS.map((s) => `<option value="${s}">${s === 0 ? words("everyFrame") : s}</option>`).join("");
  const number = (el: string, attributes = "") =>
    `<input type="text" inputmode="decimal" data-el="${el}" ${attributes}>`;
  return `
<header class="gmm-live-header"><h2>${words("title")}</h2><p>${words("lead")}</p></header>
<section class="gmm-live-run" aria-label="${words("run")}">
  <div class="gmm-live-buttons">
    <button type="button" data-el="step" aria-keyshortcuts="ArrowRight">${twoLines("step")}</button>
    <button type="button" data-el="play" aria-pressed="false" aria-keyshortcuts="Space"><span class="gmm-live-when-paused">${twoLines("play")}</span><span class="gmm-live-when-playing">${twoLines("pause")}</span></button>
    <button type="button" data-el="reset" aria-keyshortcuts="R">${twoLines("reset")}</button>
  </div>
  <dl class="gmm-live-readout">
    <div><dt>${words("iteration")}</dt><dd data-el="iteration">0</dd></div>
    <div><dt>ℓ</dt><dd data-el="logLikelihood">–</dd></div>
    <div><dt class="gmm-live-hidden">status</dt><dd data-el="state" role="status"></dd></div>
  </dl>
</section>
<div class="gmm-live-problem" data-el="problem" role="alert" hidden>
  <p><strong data-el="problemHeadline"></strong> <span data-el="problemNote"></span></p>
  <p class="gmm-live-message" data-el="problemMessage"></p>
  <button type="button" data-el="cure" hidden></button>
</div>
<div class="gmm-live-figures">
  <div class="gmm-live-plane" data-el="plane"><div data-el="planeAxes"></div><canvas data-el="planeCanvas" aria-label="${words("placeHint")}"></canvas></div>
  <div class="gmm-live-side">
    <div class="gmm-live-curve" data-el="curve"><div data-el="curveAxes"></div><canvas data-el="curveCanvas" aria-hidden="true"></canvas></div>
    <table class="gmm-live-table gmm-live-current"><caption>${words("current")}</caption>
      <thead><tr><th></th><th>π</th><th>μ x₁</th><th>μ x₂</th><th>Σ₁₁</th><th>Σ₁₂</th><th>Σ₂₂</th></tr></thead>
      <tbody data-el="currentBody"></tbody></table>
  </div>
</div>
<p class="gmm-live-keys">${words("keys")}</p>
<section class="gmm-live-section" data-el="startSection" aria-label="${words("start")}">
  <h3>${words("start")}</h3>
  <div class="gmm-live-row">
    ${labelled("k", `<select data-el="k">${ks}</select>`)}
    <button type="button" data-el="poorStart">${words("poorStart")}</button>
    <button type="button" data-el="kmeansPlusPlus">${words("kmeansPlusPlus")}</button>
  </div>
  <div class="gmm-live-row gmm-live-placing" data-el="placing" role="radiogroup"></div>
  <p class="gmm-live-hint">${words("placeHint")}</p>
  <div class="gmm-live-scroll"><table class="gmm-live-table gmm-live-start" data-el="startTable">
    <thead><tr><th></th><th>π</th><th>μ x₁</th><th>μ x₂</th><th>Σ₁₁</th><th>Σ₁₂</th><th>Σ₂₂</th></tr></thead>
    <tbody data-el="startBody"></tbody></table></div>
  <p class="gmm-live-field-problem" role="alert" hidden></p>
</section>
<section class="gmm-live-section" data-el="dataSection" aria-label="${words("data")}">
  <h3>${words("data")}</h3>
  <div class="gmm-live-row" role="radiogroup">${kinds}</div>
  <div class="gmm-live-row">
    ${labelled("seed", number("seed", 'inputmode="numeric"'))}
    ${labelled("nSamples", number("nSamples", 'inputmode="numeric"'))}
    <span class="gmm-live-when-clusters">${labelled("variance1", number("variance1"))}${labelled("variance2", number("variance2"))}</span>
    <span class="gmm-live-when-blobs">${labelled("centers", number("centers", 'inputmode="numeric"'))}</span>
  </div>
  <p class="gmm-live-field-problem" role="alert" hidden></p>
</section>
<section class="gmm-live-section" data-el="optionsSection" aria-label="${words("options")}">
  <h3>${words("options")}</h3>
  <div class="gmm-live-row">
    ${labelled("tol", number("tol"))}
    ${labelled("maxIterOption", number("maxIter", 'inputmode="numeric"'))}
    ${labelled("regCovar", number("regCovar"))}
  </div>
  <label class="gmm-live-switch"><input type="checkbox" role="switch" data-el="slips"><span>${words("slips")}</span></label>
  <div class="gmm-live-row">${labelled("speed", `<select data-el="speed">${speeds}</select>`)}</div>
  <p class="gmm-live-hint">${words("slipsHint")}</p>
  <p class="gmm-live-field-problem" role="alert" hidden></p>
</section>`;
}

function addStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = STYLE;
  doc.head.appendChild(style);
}

const STYLE = `
.gmm-live { --ink: #222; --muted: #555; --line: #ccc; --accent: #0b5cad; --bad: #b00020;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Open Sans", system-ui, sans-serif;
  font-size: 18px; line-height: 1.45; color: var(--ink); max-width: 1280px; margin: 0 auto; padding: 8px; box-sizing: border-box; }
.gmm-live *, .gmm-live *::before, .gmm-live *::after { box-sizing: border-box; }
.gmm-live:focus { outline: none; }
.gmm-live .gmm-live-header h2 { font-size: 1.35em; margin: 0.2em 0; font-weight: 700; line-height: 1.3; }
.gmm-live .gmm-live-header p { margin: 0 0 0.5em; color: var(--muted); }
.gmm-live .gmm-live-run { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; position: sticky; top: 0; z-index: 2;
  background: #fff; padding: 6px 0; border-bottom: 1px solid var(--line); }
.gmm-live .gmm-live-buttons, .gmm-live .gmm-live-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; }
.gmm-live button, .gmm-live select, .gmm-live input[type=text] { font: inherit; min-height: 44px; border-radius: 6px; }
.gmm-live button { padding: 4px 14px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; line-height: 1.2; }
.gmm-live button span { display: block; }
.gmm-live button span[lang=en] { font-size: 0.8em; }
.gmm-live .gmm-live-buttons button { min-width: 5.5em; }
.gmm-live button:disabled { background: #e8e8e8; color: #888; border-color: #ccc; cursor: default; }
.gmm-live button:focus-visible, .gmm-live input:focus-visible, .gmm-live select:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
.gmm-live select, .gmm-live input[type=text] { border: 1px solid #888; padding: 2px 8px; background: #fff; color: var(--ink); }
.gmm-live input[type=text] { width: 6.5em; }
.gmm-live [aria-invalid=true] { border: 2px solid var(--bad); background: #fff0f0; }
.gmm-live label { display: inline-flex; align-items: center; gap: 6px; }
.gmm-live input[type=radio], .gmm-live input[type=checkbox] { width: 22px; height: 22px; margin: 0; }
.gmm-live .gmm-live-readout { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; font-size: 1.1em; }
.gmm-live .gmm-live-readout div { display: flex; gap: 6px; }
.gmm-live .gmm-live-readout dt { color: var(--muted); }
.gmm-live .gmm-live-readout dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.gmm-live .gmm-live-readout dt, .gmm-live .gmm-live-readout dd { float: none; width: auto; padding: 0; text-align: left; }
.gmm-live .gmm-live-table { font-size: 1em; margin: 0; border: none; }
.gmm-live .gmm-live-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.gmm-live .gmm-live-problem { border: 2px solid var(--bad); background: #fff0f0; padding: 8px 12px; margin: 8px 0; border-radius: 6px; }
.gmm-live .gmm-live-problem p { margin: 0 0 4px; }
.gmm-live .gmm-live-message { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85em; }
.gmm-live .gmm-live-field-problem { color: var(--bad); font-weight: 600; margin: 6px 0; }
.gmm-live .gmm-live-figures { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 12px; margin-top: 8px; align-items: start; }
.gmm-live .gmm-live-plane, .gmm-live .gmm-live-curve { position: relative; }
.gmm-live .gmm-live-plane canvas, .gmm-live .gmm-live-curve canvas { position: absolute; left: 0; top: 0; }
.gmm-live .gmm-live-plane canvas { cursor: crosshair; touch-action: manipulation; }
.gmm-live .gmm-live-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.gmm-live .gmm-live-table caption { text-align: left; color: var(--muted); padding: 4px 0; }
.gmm-live .gmm-live-table th, .gmm-live .gmm-live-table td { padding: 2px 6px; text-align: right; border-bottom: 1px solid #eee; white-space: nowrap; }
.gmm-live .gmm-live-table th[scope=row] { text-align: left; }
.gmm-live .gmm-live-start input[type=text] { width: 5em; }
.gmm-live .gmm-live-scroll { overflow-x: auto; }
.gmm-live .gmm-live-swatch { display: inline-block; width: 1.1em; margin-right: 2px; text-align: center; -webkit-text-stroke: 0.5px #000; }
.gmm-live .gmm-live-section { border-top: 1px solid var(--line); margin-top: 12px; padding-top: 4px; }
.gmm-live .gmm-live-section h3 { font-size: 1.1em; margin: 0.3em 0; font-weight: 700; }
.gmm-live .gmm-live-hint, .gmm-live .gmm-live-keys { color: var(--muted); font-size: 0.9em; margin: 4px 0; }
.gmm-live .gmm-live-switch { margin: 6px 0; }
/* The play button holds both its labels, so that its content never changes under a click (a box
   committing its value on the way to the button re-renders the page). */
.gmm-live[data-playing=true] .gmm-live-when-paused, .gmm-live:not([data-playing=true]) .gmm-live-when-playing { display: none; }
.gmm-live[data-kind=blobs] .gmm-live-when-clusters, .gmm-live:not([data-kind=blobs]) .gmm-live-when-blobs { display: none; }
.gmm-live .gmm-live-when-clusters, .gmm-live .gmm-live-when-blobs { display: inline-flex; flex-wrap: wrap; gap: 8px 14px; }
@media (max-width: 760px) {
  .gmm-live { font-size: 16px; padding: 4px; }
  .gmm-live .gmm-live-figures { grid-template-columns: minmax(0, 1fr); }
  .gmm-live .gmm-live-run { gap: 6px 12px; position: static; }
  .gmm-live .gmm-live-buttons button { min-width: 0; flex: 1; padding: 4px 8px; }
  .gmm-live .gmm-live-buttons { flex: 1 1 100%; flex-wrap: nowrap; }
  .gmm-live .gmm-live-keys { display: none; }
}
`;
