/**
 * The plane's data points, painted straight into the canvas's pixels. Each point has its own ink
 * (the blend of its responsibilities), so a canvas path per point would need a fill of its own:
 * some 6 µs each when the canvas is rendered in software, 30 ms for 5 000 points. Instead each
 * point's disc is stamped from a coverage mask that the canvas itself drew (its own smoothing of
 * a filled circle, at SUBPIXEL × SUBPIXEL positions within a pixel), blended source-over in
 * point order, and the plot area put on the canvas in one call.
 */
import type { PlotArea } from "./canvas";

/** The points' radius in CSS pixels: `responsibilityTrace`'s markers are 6 px across. */
export const POINT_RADIUS = 3;

/** Positions per pixel, in x and in y, at which a disc's mask is drawn (an eighth of a pixel apart). */
const SUBPIXEL_BITS = 3;
const SUBPIXEL = 1 << SUBPIXEL_BITS;

/** What `dotPainter` keeps between steps: the masks (for one radius) and the image. */
interface Masks {
  /** The radius (device pixels) they were drawn for. */
  radius: number;
  /**
   * Mask m's covered pixels (for the disc's centre at (qx, qy)/SUBPIXEL of a pixel, m =
   * qy·SUBPIXEL + qx) are entries first[m] … first[m + 1] − 1: each the pixel's place from the
   * centre's pixel (dx, dy) and its coverage (1 … 255).
   */
  first: Int32Array;
  /** Of mask m's entries, those before full[m] cover their pixel wholly (coverage 255). */
  full: Int32Array;
  dx: Int8Array;
  dy: Int8Array;
  coverage: Uint8Array;
  /** How far a disc reaches from its centre's pixel. */
  reach: number;
}

/** Whether a Uint32Array stores its bytes least significant first (as every current browser's does). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const ALPHA_SHIFT = LITTLE_ENDIAN ? 24 : 0;

/**
 * A painter of the points: `paint(ctx, points, inks, area, scale)` clears the plot area and paints
 * the points there (`points`: n × 2 row-major, `inks`: r, g, b per point), discs of POINT_RADIUS,
 * clipped to the area. `scale`: device pixels per CSS pixel.
 */
export function dotPainter(): (
  ctx: CanvasRenderingContext2D,
  points: Float64Array,
  inks: Uint8ClampedArray,
  area: PlotArea,
  scale: number,
) => void {
  let masks: Masks | null = null;
  let image: ImageData | null = null;
  let words = new Uint32Array(0);
  return (ctx, points, inks, area, scale) => {
    const canvas = ctx.canvas;
    if (masks?.radius !== POINT_RADIUS * scale) masks = drawMasks(canvas.ownerDocument, POINT_RADIUS * scale);
    if (masks === null) return;
    if (image?.width !== canvas.width || image.height !== canvas.height) {
      image = ctx.createImageData(canvas.width, canvas.height);
      words = new Uint32Array(image.data.buffer);
    }
    const px = image.data;
    const width = canvas.width;
    const x0 = Math.max(0, Math.round(area.left * scale)),
      x1 = Math.min(width, Math.round((area.left + area.width) * scale)),
      y0 = Math.max(0, Math.round(area.top * scale)),
      y1 = Math.min(canvas.height, Math.round((area.top + area.height) * scale));
    for (let y = y0; y < y1; y++) px.fill(0, 4 * (y * width + x0), 4 * (y * width + x1));
    // toPixel's mapping, in device pixels.
    const ax = (area.width * scale) / (area.x[1] - area.x[0]),
      bx = area.left * scale - area.x[0] * ax,
      ay = -(area.height * scale) / (area.y[1] - area.y[0]),
      by = (area.top + area.height) * scale - area.y[0] * ay;
    const { first, full, dx, dy, coverage, reach } = masks;
    for (let i = 0; 2 * i < points.length; i++) {
      const cx = points[2 * i] * ax + bx,
        cy = points[2 * i + 1] * ay + by;
      if (!(cx > x0 - 16 && cx < x1 + 16 && cy > y0 - 16 && cy < y1 + 16)) continue; // also NaN
      // In eighths of a pixel: the centre's pixel, and its eighth within it.
      const qx = Math.round(cx * SUBPIXEL),
        qy = Math.round(cy * SUBPIXEL);
      const fx = qx >> SUBPIXEL_BITS,
        fy = qy >> SUBPIXEL_BITS;
      const m = ((qy & (SUBPIXEL - 1)) << SUBPIXEL_BITS) | (qx & (SUBPIXEL - 1));
      const r = inks[3 * i],
        g = inks[3 * i + 1],
        b = inks[3 * i + 2];
      // The ink as one pixel's four bytes, opaque; its alpha byte is at ALPHA_SHIFT.
      const word = LITTLE_ENDIAN ? (b << 16) | (g << 8) | r : (r << 24) | (g << 16) | (b << 8);
      // Clipped only where the disc reaches past the plot area.
      const clip = fx - reach < x0 || fx + reach >= x1 || fy - reach < y0 || fy + reach >= y1;
      for (let e = first[m], end = full[m]; e < end; e++) {
        const x = fx + dx[e],
          y = fy + dy[e];
        if (!clip || (x >= x0 && x < x1 && y >= y0 && y < y1)) words[y * width + x] = word | (255 << ALPHA_SHIFT);
      }
      for (let e = full[m], end = first[m + 1]; e < end; e++) {
        const x = fx + dx[e],
          y = fy + dy[e];
        if (clip && (x < x0 || x >= x1 || y < y0 || y >= y1)) continue;
        const at = 4 * (y * width + x);
        const c = coverage[e],
          under = px[at + 3];
        if (under === 0) words[at >> 2] = word | (c << ALPHA_SHIFT);
        else {
          // Source-over, unpremultiplied: coverage a over what is there (alpha d after it).
          const a = c / 255,
            d = (under / 255) * (1 - a),
            out = 1 / (a + d);
          px[at] = (r * a + px[at] * d) * out;
          px[at + 1] = (g * a + px[at + 1] * d) * out;
          px[at + 2] = (b * a + px[at + 2] * d) * out;
          px[at + 3] = 255 * (a + d);
        }
      }
    }
    ctx.putImageData(image, 0, 0, x0, y0, x1 - x0, y1 - y0);
  };
}

/** The discs' masks for a radius of `radius` device pixels, drawn by a canvas of `doc`. */
function drawMasks(doc: Document, radius: number): Masks | null {
  const reach = Math.ceil(radius) + 1;
  const side = 2 * reach + 1;
  const canvas = doc.createElement("canvas");
  canvas.width = canvas.height = side * SUBPIXEL;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (ctx === null) return null;
  // Mask m's disc is centred (qx, qy)/SUBPIXEL into the pixel at (reach, reach) of its square.
  const corner = (m: number) => [(m % SUBPIXEL) * side, Math.floor(m / SUBPIXEL) * side];
  const count = SUBPIXEL * SUBPIXEL;
  for (let m = 0; m < count; m++) {
    const [x, y] = corner(m);
    ctx.beginPath();
    ctx.arc(
      x + reach + (m % SUBPIXEL) / SUBPIXEL,
      y + reach + Math.floor(m / SUBPIXEL) / SUBPIXEL,
      radius,
      0,
      2 * Math.PI,
    );
    ctx.fill();
  }
  const alpha = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const first = new Int32Array(count + 1),
    full = new Int32Array(count);
  const dx: number[] = [],
    dy: number[] = [],
    coverage: number[] = [];
  for (let m = 0; m < count; m++) {
    const [x, y] = corner(m);
    first[m] = coverage.length;
    // The whole pixels first, then the partly covered.
    for (const wholly of [true, false]) {
      if (!wholly) full[m] = coverage.length;
      for (let v = 0; v < side; v++) {
        for (let u = 0; u < side; u++) {
          const c = alpha[4 * ((y + v) * canvas.width + x + u) + 3];
          if (c === 0 || (c === 255) !== wholly) continue;
          dx.push(u - reach);
          dy.push(v - reach);
          coverage.push(c);
        }
      }
    }
  }
  first[count] = coverage.length;
  return {
    radius,
    first,
    full,
    dx: Int8Array.from(dx),
    dy: Int8Array.from(dy),
    coverage: Uint8Array.from(coverage),
    reach,
  };
}
