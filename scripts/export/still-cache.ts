// The still images one export of a run made, for the next export of the same run to reuse: the
// students' notebook draws the same figures as the teacher's (the same data, the same parameters),
// so its export takes their stills instead of drawing them again in Chromium. A figure is the same
// when its output's HTML is, but for the ids a run gives its figures (the process, the time).
import type { FigureStill } from "../../src/display/plotly";

/** The live figure's still (live-still.ts makes it). */
export interface LiveStill {
  /** The picture, a data: URL (WebP), and its size in CSS pixels. */
  src: string;
  width: number;
  height: number;
}

/** A figure's still as drawn, with what the report and the slider's note need. */
export type DrawnStill = FigureStill & { title: string; slider: boolean };

/** An output's HTML with the ids of its figures (and live figure) numbered in their order: the same figure in another run has the same key. */
export function stillKey(html: string): string {
  const ids = new Map<string, string>();
  return html.replace(/gmm-em-(?:figure-\d+|live)-[0-9a-z]+-\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `gmm-em-still-${ids.size}`);
    return ids.get(id)!;
  });
}

export class StillCache {
  /** Each output's figures' stills, in the order of their ids in it. */
  private readonly figures = new Map<string, DrawnStill[]>();
  private readonly live = new Map<string, LiveStill>();

  /** The stills of the figures of the output `html` (another run's), if they have been drawn. */
  figuresOf(html: string): DrawnStill[] | undefined {
    return this.figures.get(stillKey(html));
  }

  keepFigures(html: string, stills: DrawnStill[]): void {
    this.figures.set(stillKey(html), stills);
  }

  /** The still of the live output `html`, if it has been drawn. */
  liveOf(html: string): LiveStill | undefined {
    return this.live.get(stillKey(html));
  }

  keepLive(html: string, still: LiveStill): void {
    this.live.set(stillKey(html), still);
  }
}
