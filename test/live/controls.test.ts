/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
// The control table, the page's markup and its bindings agree: app.html's words, slots and
// elements are the tables'; in Chromium every control is on the page once, in its slot, with its
// words; every keyboard key does what its button does; each control's change does to the page's
// session what the table says (the same change applied to a session in Node gives the same data,
// start and options), and the page then shows what the table reads; each number box's limits are
// enforced with the library's message naming its argument.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { CONTROL_ENTRIES, CONTROLS, type Control, keyboardMap, type LiveChange } from "../../src/live/controls";
import { FRAME } from "../../src/live/elements";
import { LIVE_LIMITS } from "../../src/live/live-data";
import { LiveSession } from "../../src/live/session";
import { isPageWord, words } from "../../src/live/words";
import { PAGE_WORDS, SHARED_WORDS, say } from "../../src/words";
import { launchChromium, release } from "../helpers/browser";
import { openLivePage, snapshot, writeLivePage } from "../helpers/live";
import { removeDir, tempDir } from "../helpers/notebook";

const FRAME_HTML = readFileSync(join(__dirname, "..", "..", "src", "live", "app.html"), "utf8");

let browser: Browser;
let dir = "";
let pagePath = "";

before(async () => {
  browser = await launchChromium();
  dir = tempDir("live-controls");
  pagePath = writeLivePage(dir);
});
after(async () => {
  await browser?.close();
  if (dir) removeDir(dir);
});

describe("the control table", { concurrency: 2 }, () => {
  test("app.html and the tables agree: its words are the page's, its slots the table's, its elements FRAME's (each once, with its tag)", () => {
    const marks = [...FRAME_HTML.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
    assert.ok(marks.length >= 10, `${marks.length} words`);
    assert.deepEqual(
      marks.filter((m) => !isPageWord(m)),
      [],
      "every {{word}} is a word of the page",
    );
    const slots = [...FRAME_HTML.matchAll(/data-slot="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual([...slots].sort(), [...new Set(CONTROL_ENTRIES.map(([, c]) => c.slot))].sort(), "one slot each");
    const elements = [...FRAME_HTML.matchAll(/<(\w+)\b[^>]*\bdata-el="(\w+)"/g)].map((m) => `${m[2]}:${m[1]}`);
    assert.deepEqual(
      elements.sort(),
      Object.entries(FRAME)
        .map(([name, tag]) => `${name}:${tag}`)
        .sort(),
    );
    assert.deepEqual(
      Object.keys(FRAME).filter((name) => name in CONTROLS),
      [],
      "the frame's names and the controls' apart",
    );
  });

  test("the keyboard map: every key of the table, once each, to its button's press", () => {
    const map = keyboardMap();
    const keyed = CONTROL_ENTRIES.flatMap(([, c]) =>
      c.kind === "button" && c.keys ? c.keys.keys.map((k) => [k, c]) : [],
    );
    assert.deepEqual([...map.keys()].sort(), keyed.map(([k]) => k).sort());
    assert.deepEqual(
      [...map.keys()].sort(),
      [" ", "ArrowRight", "E", "M", "R", "e", "m", "r"],
      "→ step, E E-step, M M-step, space play/pause, R reset",
    );
    for (const [key, control] of keyed) assert.equal(map.get(key as string), (control as { press: LiveChange }).press);
  });

  /** A control's words as the page shows them, both languages. */
  function shownWords(control: Control): string[] {
    const word = { ...SHARED_WORDS, ...PAGE_WORDS }[control.words];
    return [say(word, 0), say(word, 1)];
  }

  /** What the page has for one control: its elements (by data-el), their tags, slot, text and attributes. */
  function rendered(page: Page, name: string, radio: boolean) {
    return page.evaluate(
      ([n, group]) => {
        const found = Array.from(
          document.querySelectorAll<HTMLElement>(group ? `[data-el^="${n}-"]` : `[data-el="${n}"]`),
        );
        return found.map((e) => ({
          el: e.dataset.el!,
          tag: e.localName,
          type: e.getAttribute("type"),
          role: e.getAttribute("role"),
          inputmode: e.getAttribute("inputmode"),
          shortcut: e.getAttribute("aria-keyshortcuts"),
          slot: e.closest<HTMLElement>("[data-slot]")?.dataset.slot ?? null,
          text: e.textContent ?? "",
          label: e.closest("label")?.textContent ?? null,
          value: (e as HTMLInputElement).value,
          options:
            e.localName === "select" ? Array.from((e as HTMLSelectElement).options, (o) => [o.value, o.text]) : [],
          name: e.getAttribute("name"),
        }));
      },
      [name, radio] as const,
    );
  }

  test("in Chromium: every control on the page once, in its slot, with its words, its kind's element and its key", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    for (const [name, control] of CONTROL_ENTRIES) {
      const found = await rendered(page, name, control.kind === "radio");
      const expectedNames = control.kind === "radio" ? control.choices.map((c) => `${name}-${c}`) : [name];
      assert.deepEqual(
        found.map((f) => f.el),
        expectedNames,
        `${name}: one element each`,
      );
      for (const f of found) assert.equal(f.slot, control.slot, `${f.el} is in its slot`);
      const [zh, en] = shownWords(control);
      const f = found[0];
      switch (control.kind) {
        case "button": {
          assert.equal(f.tag, "button");
          assert.ok(f.text.includes(zh) && f.text.includes(en), `${name}: "${f.text}" has ${zh} and ${en}`);
          if (control.pressedWords) {
            const pressed = { ...SHARED_WORDS, ...PAGE_WORDS }[control.pressedWords];
            assert.ok(
              f.text.includes(say(pressed, 0)) && f.text.includes(say(pressed, 1)),
              `${name}: its pressed words`,
            );
          }
          assert.equal(f.shortcut, control.keys?.shortcut ?? null, `${name}: aria-keyshortcuts`);
          break;
        }
        case "number":
          assert.deepEqual([f.tag, f.type, f.inputmode], ["input", "text", control.integer ? "numeric" : "decimal"]);
          assert.equal(f.label, words(control.words), `${name}: its label`);
          break;
        case "select":
          assert.equal(f.tag, "select");
          assert.ok(f.label?.startsWith(words(control.words)), `${name}: its label`);
          assert.deepEqual(
            f.options,
            control.choices.map((v) => [String(v), control.choiceText?.(v) ?? String(v)]),
            `${name}: its choices`,
          );
          break;
        case "radio":
          found.forEach((r, i) => {
            assert.deepEqual([r.tag, r.type, r.name], ["input", "radio", found[0].name], `${r.el}: one radio group`);
            assert.equal(r.label, words(control.choices[i]), `${r.el}: its words`);
          });
          break;
        case "switch":
          assert.deepEqual([f.tag, f.type, f.role], ["input", "checkbox", "switch"]);
          assert.equal(f.label, words(control.words), `${name}: its label`);
          break;
      }
    }
    // Nothing else is named on the page: the frame's elements and the controls'.
    const named = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("[data-el]"), (e) => e.dataset.el!),
    );
    const known = [
      ...Object.keys(FRAME),
      ...CONTROL_ENTRIES.flatMap(([n, c]) => (c.kind === "radio" ? c.choices.map((k) => `${n}-${k}`) : [n])),
    ];
    assert.deepEqual([...named].sort(), known.sort());
    assert.deepEqual(errors, []);
    await release(page);
  });

  /** Applies `change` to a session in Node, as the page applies it to its own. */
  function applyInNode(session: LiveSession, change: LiveChange): void {
    if ("data" in change) session.setData(change.data);
    else if ("run" in change) session.setRunOptions(change.run);
    else if ("start" in change) change.start(session);
    else assert.fail(`not a change of the session: ${JSON.stringify(change)}`);
  }

  /** A session in Node where the page's is (its data, start and options). */
  async function mirror(page: Page): Promise<LiveSession> {
    const s = await snapshot(page);
    return new LiveSession({ data: s.data, start: s.start, run: s.run });
  }

  async function sameAsNode(page: Page, node: LiveSession, what: string): Promise<void> {
    const s = await snapshot(page);
    assert.deepEqual(
      { data: s.data, start: s.start, run: s.run },
      { data: node.data, start: node.start, run: node.runOptions },
      what,
    );
  }

  /** Commits `text` in a box as a student does: typed (an input event), then Enter (a change event). */
  async function commit(page: Page, name: string, text: string): Promise<void> {
    await page.fill(`[data-el=${name}]`, text);
    await page.locator(`[data-el=${name}]`).dispatchEvent("change");
  }

  /** A value within each box's limits, other than the page's first. */
  const NEW_VALUES: Record<string, number> = {
    seed: 7,
    nSamples: 300,
    variance1: 2.5,
    variance2: 0.5,
    centers: 4,
    tol: 0.0001,
    maxIter: 50,
    regCovar: 1e-6,
  };

  test("in Chromium, each control's change does to the session what the table says (a session in Node given the same change agrees), and the page shows what the table reads", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const kind = (k: string) => page.check(`[data-el=kind-${k}]`);
    for (const [name, control] of CONTROL_ENTRIES) {
      const node = await mirror(page);
      switch (control.kind) {
        case "number": {
          if (control.when === "blobs") await kind("blobs");
          if (control.when === "clusters") await kind("original");
          const before = await mirror(page);
          const value = NEW_VALUES[name];
          assert.ok(value >= control.limits[0] && value <= control.limits[1], `${name}: ${value} within the limits`);
          await commit(page, name, String(value));
          applyInNode(before, control.write(value));
          await sameAsNode(page, before, name);
          assert.equal(control.read({ session: before, playing: false, speed: 10 }), value, `${name} reads its value`);
          assert.equal(await page.inputValue(`[data-el=${name}]`), String(value), `${name} shows its value`);
          if (control.empty) {
            await commit(page, name, "");
            applyInNode(before, control.empty);
            await sameAsNode(page, before, `${name} empty`);
            assert.equal(await page.inputValue(`[data-el=${name}]`), "");
          }
          before.close();
          break;
        }
        case "select": {
          const choice = control.choices[control.choices.length - 2];
          await page.selectOption(`[data-el=${name}]`, String(choice));
          const change = control.write(choice);
          if ("speed" in change) {
            // The speed is the page's own: a change of the options fills that section again from what the table reads.
            await commit(page, "maxIter", "60");
            assert.equal(await page.inputValue(`[data-el=${name}]`), String(choice), "the page keeps the speed chosen");
            await commit(page, "maxIter", "100");
          } else {
            applyInNode(node, change);
            await sameAsNode(page, node, name);
            assert.equal(control.read({ session: node, playing: false, speed: 10 }), choice);
          }
          break;
        }
        case "radio":
          for (const choice of [...control.choices].reverse()) {
            await kind(choice);
            applyInNode(node, control.write(choice));
            await sameAsNode(page, node, `${name}: ${choice}`);
            assert.equal(
              await page.evaluate(() => document.querySelector<HTMLElement>(".gmm-live")!.dataset.kind),
              choice,
            );
          }
          break;
        case "switch":
          for (const on of [true, false]) {
            await page.setChecked(`[data-el=${name}]`, on);
            applyInNode(node, control.write(on));
            await sameAsNode(page, node, `${name}: ${on}`);
            assert.equal(control.read({ session: node, playing: false, speed: 10 }), on);
          }
          break;
        case "button": {
          const press = control.press;
          if ("action" in press) break; // the keys' test below
          await page.click(`[data-el=${name}]`);
          applyInNode(node, press);
          await sameAsNode(page, node, name);
          break;
        }
      }
      node.close();
    }
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("in Chromium, every keyboard key of the table does what its button does (→ step, E and M the half-steps, space play/pause, R reset)", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    // What a press did: playing (the iteration then runs on), or the iteration reached and the half that comes next.
    const after = async (act: () => Promise<void>) => {
      await act();
      const s = await snapshot(page);
      return s.playing ? "playing" : `iteration ${s.iteration}, next ${s.nextHalf}`;
    };
    for (const [name, control] of CONTROL_ENTRIES) {
      if (control.kind !== "button" || control.keys === undefined) continue;
      for (const key of control.keys.keys) {
        // From the same place: two steps in (and the E-step, for the M-step's key), paused; the focus outside the text boxes.
        const reset = async () => {
          await page.locator("h2").click();
          if ((await snapshot(page)).playing) await page.keyboard.press(" ");
          if (!(await page.isDisabled("[data-el=reset]"))) await page.click("[data-el=reset]");
          await page.click("[data-el=step]");
          await page.click("[data-el=step]");
          if (name === "mStep") await page.click("[data-el=eStep]");
          await page.locator("h2").click();
          return after(async () => {});
        };
        const before = await reset();
        const byButton = await after(() => page.click(`[data-el=${name}]`));
        await reset();
        const byKey = await after(() => page.keyboard.press(key));
        assert.deepEqual(byKey, byButton, `${JSON.stringify(key)} does what ${name} does`);
        assert.notEqual(byKey, before, `${JSON.stringify(key)} does something`);
      }
    }
    assert.deepEqual(errors, []);
    await release(page);
  });

  /** `text` as a Chinese input method types it in full-width mode: full-width digits, signs, point and e. */
  const fullWidth = (text: string) => text.replace(/[0-9.+\-e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  test("in Chromium, the number boxes read numbers as a person types them: full-width and other scripts' digits taken; hexadecimal, a decimal comma and what is not a number refused with the text as typed and the characters named, the page as it was", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    const message = (name: string) =>
      page.evaluate((n) => {
        const field = document.querySelector(`[data-el=${n}]`)!.closest("section")!;
        const box = field.querySelector<HTMLElement>(".gmm-live-field-problem")!;
        return box.hidden ? "" : (box.textContent ?? "");
      }, name);
    const value = async (name: string, slot: string) => {
      const s = await snapshot(page);
      return (slot === "data" ? s.data : s.run)[name as keyof typeof s.data & keyof typeof s.run] as unknown;
    };
    for (const [name, control] of CONTROL_ENTRIES) {
      if (control.kind !== "number") continue;
      if (control.when !== undefined)
        await page.check(`[data-el=kind-${control.when === "blobs" ? "blobs" : "original"}]`);
      const wanted = NEW_VALUES[name];
      await commit(page, name, fullWidth(String(wanted)));
      assert.equal(await value(name, control.slot), wanted, `${name}: ${fullWidth(String(wanted))} read as ${wanted}`);
      assert.equal(await message(name), "", `${name}: no message`);
      assert.equal(await page.getAttribute(`[data-el=${name}]`, "aria-invalid"), null);
      const refused: [string, string][] = [
        ["0x10", `${control.argument}: "0x10" is hexadecimal (16 in decimal): only decimal numbers are read`],
        [
          "１，５",
          `${control.argument}: "１，５" is not a number: "，" cannot be read (a comma: write the decimal point as ".")`,
        ],
        ["1/3", `${control.argument}: "1/3" is not a number: "/" cannot be read`],
      ];
      for (const [text, said] of refused) {
        await commit(page, name, text);
        assert.equal(await message(name), said, `${name} = ${text}`);
        assert.equal(await page.inputValue(`[data-el=${name}]`), text, `${name}: the text stays as typed`);
        assert.equal(
          await page.getAttribute(`[data-el=${name}]`, "aria-invalid"),
          "true",
          `${name} = ${text} is marked`,
        );
        assert.equal(await value(name, control.slot), wanted, `${name} = ${text}: the page as it was`);
      }
      await commit(page, name, String(wanted));
      assert.equal(await message(name), "", `${name}: taken again`);
    }
    // Other scripts' digits: Arabic-Indic in the seed (it reads every keystroke), Devanagari in the points.
    await page.check("[data-el=kind-original]");
    await commit(page, "seed", "١٢");
    assert.equal((await snapshot(page)).data.seed, 12);
    await commit(page, "nSamples", "४००");
    assert.equal((await snapshot(page)).data.nSamples, 400);
    assert.deepEqual(errors, []);
    await release(page);
  });

  test("in Chromium, each number box's limits are enforced: the limits taken, beyond them the library's message naming the argument, and a whole number's box refuses a fraction", async () => {
    const { page, errors } = await openLivePage(browser, pagePath);
    /** The message the page shows for the box: its section's, or the run's when the run checks it. */
    const message = (name: string) =>
      page.evaluate((n) => {
        const box = document.querySelector(`[data-el=${n}]`)!;
        const section = box.closest("section")!;
        const field = section.querySelector<HTMLElement>(".gmm-live-field-problem")!;
        const run = document.querySelector<HTMLElement>("[data-el=problem]")!;
        return [field.hidden ? "" : field.textContent, run.hidden ? "" : run.textContent].join(" ").trim();
      }, name);
    assert.deepEqual(
      CONTROLS.k.choices,
      Array.from({ length: LIVE_LIMITS.k[1] }, (_, i) => i + 1),
      "k: 1 to 6",
    );
    for (const [name, control] of CONTROL_ENTRIES) {
      if (control.kind !== "number") continue;
      if (control.when !== undefined)
        await page.check(`[data-el=kind-${control.when === "blobs" ? "blobs" : "original"}]`);
      const [low, high] = control.limits;
      const refused = [low - 1, ...(Number.isFinite(high) ? [high + 1] : []), ...(control.integer ? [low + 0.5] : [])];
      for (const value of [low, ...(Number.isFinite(high) ? [high] : [])]) {
        await commit(page, name, String(value));
        assert.ok(!(await message(name)).includes(`${control.argument}:`), `${name} = ${value} is taken`);
        assert.equal(await page.getAttribute(`[data-el=${name}]`, "aria-invalid"), null);
      }
      for (const value of refused) {
        await commit(page, name, String(value));
        const shown = await message(name);
        assert.ok(shown.includes(`${control.argument}:`), `${name} = ${value}: "${shown}" names ${control.argument}`);
        assert.equal(
          await page.getAttribute(`[data-el=${name}]`, "aria-invalid"),
          "true",
          `${name} = ${value} is marked`,
        );
      }
      // Back to a value the page takes, for the next box.
      await commit(page, name, String(NEW_VALUES[name]));
      assert.equal(await message(name), "", `${name}: taken again, and the run can go`);
    }
    assert.deepEqual(errors, []);
    await release(page);
  });
});
