// The arguments npm start and the tests launch Chromium with, as the browser process receives them
// after playwright-core's own: the last --disable-features, the one Chromium reads, keeps every
// feature an earlier one turned off; and a window opens no page of the address bar's (each would be
// a renderer of its own, about 1.3 CPU-seconds).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { BrowserServer } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, playwright } from "../../scripts/export/chromium";
import { requireChromium } from "../helpers/notebook";

let server: BrowserServer;

before(async () => {
  requireChromium();
  server = await playwright().chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(() => server?.close());

/** Each process's parent pid and command line (Chromium's children rewrite theirs into one string). */
function processes(): { pid: number; ppid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return [
          { pid: Number(pid), ppid, command: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ") },
        ];
      } catch {
        return []; // ended meanwhile
      }
    });
}

test("the last --disable-features holds every feature an earlier one names, and the address bar's popups", () => {
  const lists = server
    .process()
    .spawnargs.filter((a) => a.startsWith("--disable-features="))
    .map((a) => a.slice("--disable-features=".length).split(","));
  assert.ok(lists.length >= 2, "playwright-core's and ours");
  const last = new Set(lists[lists.length - 1]);
  const lost = lists.flat().filter((f) => !last.has(f));
  assert.deepEqual(lost, [], "features turned off before ours and lost (add them to PLAYWRIGHT_DISABLED_FEATURES)");
  for (const feature of ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]) assert.ok(last.has(feature), feature);
});

test("three windows (a page, and two contexts of their own) start no renderer of Chromium's own UI", async () => {
  const browser = await playwright().chromium.connect(server.wsEndpoint());
  try {
    const pages = [await browser.newPage()];
    for (let i = 0; i < 2; i++) pages.push(await (await browser.newContext()).newPage());
    for (const page of pages) await page.setContent("<p>a page</p>");
    const all = processes();
    const browserPid = server.process().pid!;
    const parentOf = new Map(all.map((p) => [p.pid, p.ppid]));
    const ours = (pid: number) => {
      for (let p: number | undefined = pid; p !== undefined && p > 1; p = parentOf.get(p))
        if (p === browserPid) return true;
      return false;
    };
    const renderers = all.filter((p) => ours(p.pid) && p.command.includes("--type=renderer"));
    assert.ok(renderers.length >= 1, "the pages' renderers are found");
    assert.deepEqual(
      renderers.filter((p) => p.command.includes("--top-chrome-webui")).map((p) => p.pid),
      [],
      "no renderer of the browser's own UI (chrome://omnibox-popup.top-chrome/)",
    );
    assert.deepEqual(await Promise.all(pages.map((p) => p.textContent("p"))), ["a page", "a page", "a page"]);
  } finally {
    await browser.close();
  }
});
