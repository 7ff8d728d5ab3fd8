/**
 * The page's two figures: plotly.js draws each one's axes (once, and again on a resize, new data
 * or a plane that must widen), and the traces, which change at every step, are painted on a canvas
 * above them (canvas.ts): plotly.js restyling 2 000 points takes some 100 ms, a canvas a few. The
 * points, each in its own ink, are put into the canvas's pixels (dots.ts), the rest drawn above.
 */
import { FIGURE_LABELS } from "../figures/labels";
import type { AxisRanges } from "../figures/shared";
import { type PlotArea, paintTraces } from "./canvas";
import { dotPainter } from "./dots";
import {
  CURVE_MARGIN,
  type CurveRanges,
  curveRanges,
  liveCurveLayout,
  liveCurveTraces,
  liveOverlayTraces,
  livePlaneLayout,
  PLANE_MARGIN,
  planeRanges,
  pointInks,
} from "./figures";
import type { LiveSession } from "./session";

/** The part of plotly.js the page uses. */
export interface PlotlyApi {
  newPlot(div: HTMLElement, data: object[], layout: object, config?: object): Promise<unknown>;
  relayout(div: HTMLElement, update: object): Promise<unknown>;
  purge(div: HTMLElement): void;
}

/** The figures' elements: each one's box, the div plotly.js draws the axes in, and the canvas above. */
interface PlotElements {
  plane: HTMLDivElement;
  planeAxes: HTMLDivElement;
  planeCanvas: HTMLCanvasElement;
  curve: HTMLDivElement;
  curveAxes: HTMLDivElement;
  curveCanvas: HTMLCanvasElement;
}

/** Room (CSS pixels) between ℓ's axis title and its tick labels, and around them, beyond their widths. */
const CURVE_TITLE_GAP = 12;

export class LivePlots {
  /** The plane's axes: the data and the start's means. */
  planeRanges: AxisRanges;
  private curveRanges: CurveRanges | null = null;
  private planeSide = 400;
  private curveSize = { width: 400, height: 240 };
  /** The curve's left margin: CURVE_MARGIN's, or wider for long tick labels (see fitCurveMargin). */
  private curveLeft: number = CURVE_MARGIN.l;
  private axesDrawn: Promise<unknown> = Promise.resolve();
  private pendingDrawings = 0;
  private layoutPending = false;
  private readonly paintDots = dotPainter();
  /** Device pixels per CSS pixel of each canvas's backing store (kept from `sizeCanvas`: reading it back each step cost time). */
  private planeScale = 1;
  private curveScale = 1;
  /** The points' inks, r, g, b per point (kept from step to step). */
  private inks = new Uint8ClampedArray(0);

  /** `root` is the page's: it is `data-ready` when no drawing of the axes is pending. */
  constructor(
    private readonly root: HTMLElement,
    private readonly el: PlotElements,
    private readonly plotly: PlotlyApi,
    private readonly session: LiveSession,
  ) {
    this.planeRanges = planeRanges(session.X, session.start.mu);
  }

  /** Where the plane's plot area is on its canvas, and the data ranges it shows. */
  planeArea(): PlotArea {
    return {
      left: PLANE_MARGIN.l,
      top: PLANE_MARGIN.t,
      width: this.planeSide,
      height: this.planeSide,
      x: this.planeRanges.x,
      y: this.planeRanges.y,
    };
  }

  /** Lays the figures out again at the next frame (once, however many resizes come before it). */
  scheduleLayout(): void {
    if (this.layoutPending) return;
    this.layoutPending = true;
    requestAnimationFrame(() => {
      this.layoutPending = false;
      this.layout();
    });
  }

  /** Sizes the figures to their boxes, draws their axes, paints. */
  layout(): void {
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
    this.paint();
  }

  /**
   * Fits the plane to the data and the start's means when a mean lies outside it, or when it
   * shows far more than they need (a far mean brought back); otherwise the axes keep still.
   */
  fitStart(): void {
    const means = this.finiteMeans();
    const fitted = planeRanges(this.session.X, means);
    const { x, y } = this.planeRanges;
    const inside = means.every((m) => m[0] >= x[0] && m[0] <= x[1] && m[1] >= y[0] && m[1] <= y[1]);
    if (inside && x[1] - x[0] <= 1.5 * (fitted.x[1] - fitted.x[0])) return;
    this.planeRanges = fitted;
    this.drawAxes();
  }

  /** Fits the plane to new data (and the start's means). */
  fitData(): void {
    this.planeRanges = planeRanges(this.session.X, this.finiteMeans());
    this.drawAxes();
  }

  private finiteMeans(): number[][] {
    return this.session.start.mu.filter((m) => m.every(Number.isFinite));
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
    this.planeScale = sizeCanvas(this.el.planeCanvas, planeLayout.width as number, planeLayout.height as number);
    this.curveScale = sizeCanvas(this.el.curveCanvas, this.curveSize.width, this.curveSize.height);
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

  /** Paints both figures' traces (one EM step's picture), moving the curve's axes when ℓ leaves them. */
  paint(): void {
    const s = this.session;
    const n = s.X.rows;
    if (this.inks.length !== 3 * n) this.inks = new Uint8ClampedArray(3 * n);
    const canvas = this.el.planeCanvas;
    const ctx = canvas.getContext("2d");
    if (ctx !== null) {
      const area = this.planeArea();
      const scale = this.planeScale;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      this.paintDots(ctx, s.points.data, pointInks(s.responsibilities, n, s.k, this.inks), area, scale);
      const overlay = liveOverlayTraces({ params: s.params, meanPaths: s.meanPaths, ellipses: s.status !== "invalid" });
      paintTraces(ctx, overlay, area, scale);
    }
    const ranges = curveRanges(s.logLikelihood, this.curveRanges);
    if (this.curveRanges === null || ranges.x[1] !== this.curveRanges.x[1] || ranges.y !== this.curveRanges.y) {
      this.curveRanges = ranges;
      this.drawing(() =>
        this.plotly.relayout(this.el.curveAxes, { "xaxis.range": [...ranges.x], "yaxis.range": [...ranges.y] }),
      );
    }
    this.paintCurve();
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
    paintCanvas(this.el.curveCanvas, liveCurveTraces(this.session.logLikelihood), area, this.curveScale);
  }

  /** Removes plotly.js's figures. */
  destroy(): void {
    this.plotly.purge(this.el.planeAxes);
    this.plotly.purge(this.el.curveAxes);
  }
}

/** Sizes a canvas to `width` × `height` CSS pixels, its backing store in device pixels; returns device pixels per CSS pixel. */
function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): number {
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return canvas.width / width;
}

function paintCanvas(
  canvas: HTMLCanvasElement,
  traces: Parameters<typeof paintTraces>[1],
  area: PlotArea,
  scale: number,
): void {
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  paintTraces(ctx, traces, area, scale);
}
