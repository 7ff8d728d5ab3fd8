/**
 * The lab page (out/gmm-em-lab.html) in a browser: headless Chromium (software rendering, as in the
 * tests) opens the page file LOADS times, each in a new tab, and records the first paint and when
 * the page is ready (its script has run: `window.gmmEmLab`); then runs every cell of the default
 * lesson once (`gmmEmLab.runAll()`, figures drawn). And the file's size.
 * `npm run bench` runs it with the rest; `npm run bench -- --lab` runs it alone and prints it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Notebook } from "../scripts/class-kit/release";
import { launchChromium, offline } from "../scripts/export/chromium";
import { NOTEBOOK } from "../scripts/jupyter-env";
import { labPageHtml } from "../scripts/lab/page-html";

const LOADS = 5;

export interface LabMeasurement {
  bytes: number;
  gzipBytes: number;
  loads: number;
  /** First contentful paint and the page ready, in ms from navigation: medians over the loads. */
  firstPaintMs: number;
  readyMs: number;
  /** Every cell run, in seconds. */
  runAllSeconds: number;
  chromium: string;
}

const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];

export async function measureLabPage(): Promise<LabMeasurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gmm-em-bench-lab-"));
  const browser = await launchChromium();
  try {
    const file = path.join(dir, "gmm-em-lab.html");
    const html = await labPageHtml(JSON.parse(readFileSync(NOTEBOOK, "utf8")) as Notebook, {
      file: "bench",
      download: "gmm-em.ipynb",
      title: "bench",
    });
    writeFileSync(file, html);
    const paints: number[] = [],
      ready: number[] = [];
    let runAllSeconds = Number.NaN;
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await offline(page);
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction("window.gmmEmLab !== undefined", null, { timeout: 120_000 });
      const times = (await page.evaluate(`({
        paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
        ready: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      })`)) as { paint: number; ready: number };
      paints.push(times.paint);
      ready.push(times.ready);
      if (i === LOADS - 1) {
        const ran = (await page.evaluate(
          "(async () => { const t = performance.now(); const ok = await window.gmmEmLab.runAll(); return { ok, ms: performance.now() - t }; })()",
        )) as { ok: boolean; ms: number };
        if (!ran.ok) throw new Error("the lab page: a cell failed in run all");
        runAllSeconds = ran.ms / 1000;
      }
      await page.close();
    }
    const { gzipSync } = await import("node:zlib");
    return {
      bytes: Buffer.byteLength(html),
      gzipBytes: gzipSync(html).length,
      loads: LOADS,
      firstPaintMs: median(paints),
      readyMs: median(ready),
      runAllSeconds,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurement as the README's section. */
export function labMarkdown(m: LabMeasurement): string {
  const MB = (b: number) => (b / 1e6).toFixed(2);
  return `## The lab page

The lab page (\`out/gmm-em-lab.html\`, the lesson run in the browser: [docs/lab.md](../docs/lab.md)) is
${MB(m.bytes)} MB (${MB(m.gzipBytes)} MB gzipped). In headless Chromium ${m.chromium} (\`bench/lab.ts\`), the
median of ${m.loads} loads: first paint **${m.firstPaintMs.toFixed(0)} ms**, the page ready (its script run) at
${m.readyMs.toFixed(0)} ms; every cell of the default lesson run (run all, figures drawn): **${m.runAllSeconds.toFixed(1)} s**.
`;
}

if (require.main === module) {
  measureLabPage().then(
    (m) => process.stdout.write(`${labMarkdown(m)}\n${JSON.stringify(m, null, 2)}\n`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
