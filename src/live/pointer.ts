/**
 * The start on the plot, with a mouse or a finger: a click (or tap) away from the means places the
 * next one there; a mean's marker dragged moves it. The page is told where a mean goes (in data
 * coordinates, kept inside the plot area); it changes the start.
 */
import { type PlotArea, toData, toPixel } from "./canvas";

/** How far (CSS pixels) a mean's centre stays from the plot area's edge when placed: its marker's half-width and outline. */
const MARKER_ROOM = 8;
/** How near (CSS pixels) a pointer must come to a mean to drag it. */
const GRAB_RADIUS = { mouse: 16, touch: 28 };
/** How far (CSS pixels) a pointer moves before a press is a drag rather than a click. */
const CLICK_SLOP = 4;

/** What the pointer works on: the page's plane, its means, and what it does with them. */
interface PlaneHost {
  canvas: HTMLCanvasElement;
  area(): PlotArea;
  /** The means drawn on the plane. */
  means(): number[][];
  /** Puts mean j at the data point (x, y). */
  moveMean(j: number, x: number, y: number): void;
  /** A click placed mean j: the next click places the one after. */
  placed(j: number): void;
  /** The mean the next click places. */
  placing(): number;
  /** A press on a mean, or a click: the page stops playing. */
  pause(): void;
}

/** Listens to `add` (which removes its listeners with the page). */
type Listen = <K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  listener: (e: HTMLElementEventMap[K]) => void,
  options?: AddEventListenerOptions,
) => void;

export class PlanePointer {
  private drag: { pointer: number; component: number | null; x: number; y: number; moved: boolean } | null = null;

  constructor(
    private readonly host: PlaneHost,
    listen: Listen,
  ) {
    const canvas = host.canvas;
    listen(canvas, "pointerdown", (e) => this.down(e));
    listen(canvas, "pointermove", (e) => this.move(e));
    listen(canvas, "pointerup", (e) => this.up(e));
    listen(canvas, "pointercancel", () => (this.drag = null));
    // A finger on a mean drags it rather than scrolling the page; elsewhere the page scrolls.
    listen(
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

  /** Whether a mean is being dragged (the plane's axes keep still meanwhile). */
  get dragging(): boolean {
    return this.drag?.component != null;
  }

  /** Where the plane shows the data point (x, y), in the viewport's pixels. */
  clientPoint(x: number, y: number): { x: number; y: number } {
    const rect = this.host.canvas.getBoundingClientRect();
    const [px, py] = toPixel(this.host.area(), x, y);
    return { x: rect.left + px, y: rect.top + py };
  }

  /** The mean drawn nearest to (px, py) within `radius` CSS pixels, or null. */
  private meanNear(px: number, py: number, radius: number): number | null {
    let best: number | null = null,
      bestDistance = radius;
    const area = this.host.area();
    this.host.means().forEach((m, j) => {
      const [mx, my] = toPixel(area, m[0], m[1]);
      const d = Math.hypot(mx - px, my - py);
      if (d <= bestDistance) {
        best = j;
        bestDistance = d;
      }
    });
    return best;
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    const { px, py } = this.local(e);
    const radius = e.pointerType === "mouse" ? GRAB_RADIUS.mouse : GRAB_RADIUS.touch;
    this.drag = { pointer: e.pointerId, component: this.meanNear(px, py, radius), x: px, y: py, moved: false };
    if (this.drag.component !== null) {
      this.host.canvas.setPointerCapture(e.pointerId);
      this.host.pause();
      e.preventDefault();
    }
  }

  private move(e: PointerEvent): void {
    const drag = this.drag;
    if (drag === null || drag.pointer !== e.pointerId) return;
    const { px, py } = this.local(e);
    if (Math.hypot(px - drag.x, py - drag.y) > CLICK_SLOP) drag.moved = true;
    if (drag.component !== null && drag.moved) this.moveMean(drag.component, px, py);
  }

  private up(e: PointerEvent): void {
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
      this.host.pause();
      const j = this.host.placing();
      this.moveMean(j, px, py);
      this.host.placed(j);
    }
  }

  private local(e: PointerEvent): { px: number; py: number } {
    const rect = this.host.canvas.getBoundingClientRect();
    return { px: e.clientX - rect.left, py: e.clientY - rect.top };
  }

  private inPlotArea(px: number, py: number): boolean {
    const a = this.host.area();
    return px >= a.left && px <= a.left + a.width && py >= a.top && py <= a.top + a.height;
  }

  /** Puts mean j at the pixel; a pointer past the plot area leaves it at the edge, its marker whole inside. */
  private moveMean(j: number, px: number, py: number): void {
    const a = this.host.area();
    const cx = Math.min(a.left + a.width - MARKER_ROOM, Math.max(a.left + MARKER_ROOM, px));
    const cy = Math.min(a.top + a.height - MARKER_ROOM, Math.max(a.top + MARKER_ROOM, py));
    const [x, y] = toData(a, cx, cy);
    this.host.moveMean(j, x, y);
  }
}
