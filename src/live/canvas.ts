/**
 * Paints Plotly scatter traces on a canvas, as plotly.js would draw them, for the live page: the
 * figures' traces change at every EM step, and plotly.js restyling thousands of points takes
 * far longer than an animation frame. What the library's builders use is painted: markers
 * (circle, circle-open, x, cross, diamond, square, triangle-up, star; a colour and a symbol for
 * all or one per point; an outline) and lines (colour, width, plotly.js's dashes); `null`
 * coordinates leave gaps.
 */
import type { PlotlyTrace } from "../figures/types";

/** Where the plot area is on the canvas (CSS pixels) and the data ranges it shows. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}

/** Data → canvas pixel (CSS pixels). */
export function toPixel(area: PlotArea, x: number, y: number): [number, number] {
  return [
    area.left + ((x - area.x[0]) / (area.x[1] - area.x[0])) * area.width,
    area.top + (1 - (y - area.y[0]) / (area.y[1] - area.y[0])) * area.height,
  ];
}

/** Canvas pixel (CSS pixels) → data. */
export function toData(area: PlotArea, px: number, py: number): [number, number] {
  return [
    area.x[0] + ((px - area.left) / area.width) * (area.x[1] - area.x[0]),
    area.y[0] + (1 - (py - area.top) / area.height) * (area.y[1] - area.y[0]),
  ];
}

/** plotly.js's dash patterns (Drawing.dashStyle): multiples of the line width, at least 3 px. */
export function dashPattern(dash: string | undefined, width: number): number[] {
  const w = Math.max(width, 3);
  switch (dash) {
    case "dot":
      return [w, w];
    case "dash":
      return [3 * w, 3 * w];
    case "longdash":
      return [5 * w, 5 * w];
    case "dashdot":
      return [3 * w, w, w, w];
    case "longdashdot":
      return [5 * w, 2 * w, w, 2 * w];
    default:
      return [];
  }
}

/**
 * Paints `traces` in order into the plot area, clipped to it. The canvas's backing store may be
 * larger than its CSS size (device pixels): `scale` is device pixels per CSS pixel.
 */
export function paintTraces(ctx: CanvasRenderingContext2D, traces: PlotlyTrace[], area: PlotArea, scale = 1): void {
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.width, area.height);
  ctx.clip();
  for (const trace of traces) {
    if (trace.mode === "lines" || trace.mode === "lines+markers") paintLine(ctx, trace, area);
    if (trace.mode === "markers" || trace.mode === "lines+markers") paintMarkers(ctx, trace, area);
  }
  ctx.restore();
}

function paintLine(ctx: CanvasRenderingContext2D, trace: PlotlyTrace, area: PlotArea): void {
  const width = trace.line?.width ?? 2;
  ctx.strokeStyle = trace.line?.color ?? "#444";
  ctx.lineWidth = width;
  ctx.lineJoin = "round";
  ctx.setLineDash(dashPattern(trace.line?.dash, width));
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < trace.x.length; i++) {
    const x = trace.x[i],
      y = trace.y[i];
    if (x === null || y === null) {
      pen = false;
      continue;
    }
    const [px, py] = toPixel(area, x, y);
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

function paintMarkers(ctx: CanvasRenderingContext2D, trace: PlotlyTrace, area: PlotArea): void {
  const marker = trace.marker ?? {};
  const size = marker.size ?? 6;
  const symbols = marker.symbol ?? "circle";
  const colors = marker.color;
  const outline = marker.line;
  const outlineWidth = outline?.width ?? 0;
  for (let i = 0; i < trace.x.length; i++) {
    const x = trace.x[i],
      y = trace.y[i];
    if (x === null || y === null) continue;
    const [px, py] = toPixel(area, x, y);
    const color = (Array.isArray(colors) ? colors[i] : colors) ?? "#444";
    const outlineColor = (Array.isArray(outline?.color) ? outline!.color[i] : outline?.color) ?? color;
    const symbol = (Array.isArray(symbols) ? symbols[i] : symbols) ?? "circle";
    paintSymbol(ctx, symbol, px, py, size / 2, color, outlineColor, outlineWidth);
  }
}

/** One marker of radius r at (px, py): plotly.js's symbol shapes, filled, then outlined. */
function paintSymbol(
  ctx: CanvasRenderingContext2D,
  symbol: string,
  px: number,
  py: number,
  r: number,
  color: string,
  outlineColor: string,
  outlineWidth: number,
): void {
  ctx.beginPath();
  if (symbol === "circle-open") {
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(outlineWidth, 1);
    ctx.stroke();
    return;
  }
  const polygon = (points: [number, number][]) => {
    ctx.moveTo(px + points[0][0], py + points[0][1]);
    for (let p = 1; p < points.length; p++) ctx.lineTo(px + points[p][0], py + points[p][1]);
    ctx.closePath();
  };
  switch (symbol) {
    case "x": {
      // plotly.js's x and cross (Drawing.symbolFuncs): arms of half-width 0.4 r.
      const a = (0.8 * r) / Math.SQRT2;
      polygon([
        [0, a],
        [a, 2 * a],
        [2 * a, a],
        [a, 0],
        [2 * a, -a],
        [a, -2 * a],
        [0, -a],
        [-a, -2 * a],
        [-2 * a, -a],
        [-a, 0],
        [-2 * a, a],
        [-a, 2 * a],
      ]);
      break;
    }
    case "cross": {
      const a = 1.2 * r,
        t = 0.4 * r;
      polygon([
        [a, t],
        [t, t],
        [t, a],
        [-t, a],
        [-t, t],
        [-a, t],
        [-a, -t],
        [-t, -t],
        [-t, -a],
        [t, -a],
        [t, -t],
        [a, -t],
      ]);
      break;
    }
    case "diamond":
      polygon([
        [0, -r * 1.3],
        [r * 1.3, 0],
        [0, r * 1.3],
        [-r * 1.3, 0],
      ]);
      break;
    case "square":
      polygon([
        [-r, -r],
        [r, -r],
        [r, r],
        [-r, r],
      ]);
      break;
    case "triangle-up": {
      const t = (2 * r) / Math.sqrt(3);
      polygon([
        [-t, r / 2],
        [t, r / 2],
        [0, -r],
      ]);
      break;
    }
    case "star": {
      const points: [number, number][] = [];
      for (let p = 0; p < 10; p++) {
        const radius = p % 2 === 0 ? r * 1.3 : r * 0.55;
        const angle = -Math.PI / 2 + (p * Math.PI) / 5;
        points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      polygon(points);
      break;
    }
    default:
      ctx.arc(px, py, r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = color;
  ctx.fill();
  if (outlineWidth > 0) {
    ctx.strokeStyle = outlineColor;
    ctx.lineWidth = outlineWidth;
    ctx.stroke();
  }
}
