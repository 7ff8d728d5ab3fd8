// The one word table of the figures and the live page: a shared word is written once (the others
// name it), every text has both languages, and `say` fills in values and shared words.

import assert from "node:assert/strict";
import { test } from "node:test";
import { type Bilingual, COVARIANCE_TYPE_WORDS, FIGURE_WORDS, PAGE_WORDS, SHARED_WORDS, say } from "../src/words";

const CJK = /[\u4e00-\u9fff]/;
const TABLES = { FIGURE_WORDS, COVARIANCE_TYPE_WORDS, PAGE_WORDS } as const;

test("a word the figures and the live page share is written once: no other entry writes it out again", () => {
  const shared: string[] = Object.values(SHARED_WORDS).flat();
  for (const [table, entries] of Object.entries(TABLES))
    for (const [key, word] of Object.entries(entries as Record<string, Bilingual>))
      for (const text of word)
        assert.ok(!shared.includes(text), `${table}.${key}: "${text}" is a shared word written out`);
  assert.deepEqual(
    Object.keys(PAGE_WORDS).filter((k) => k in SHARED_WORDS),
    [],
    "the page's own words and the shared ones are named apart",
  );
  // The figures' and the page's words built on a shared word name it.
  assert.equal(FIGURE_WORDS.play[1], "{play}");
  assert.equal(PAGE_WORDS.playButton[0], "▶ {play}");
});

test("every word has its Chinese and its English", () => {
  for (const [table, entries] of Object.entries({ SHARED_WORDS, ...TABLES }))
    for (const [key, [zh, en]] of Object.entries(entries as Record<string, Bilingual>)) {
      const values = { i: 1, j: 1, c: 0, r: 1, from: 1 };
      const filled = [say([zh, en], 0, values), say([zh, en], 1, values)];
      assert.ok(CJK.test(filled[0]), `${table}.${key}: "${filled[0]}" is Chinese`);
      assert.ok(!CJK.test(filled[1]), `${table}.${key}: "${filled[1]}" is English`);
    }
});

test("say fills values first, then shared words in the same language; an unknown name stays", () => {
  assert.equal(say(FIGURE_WORDS.iterationNumber, 0, { i: 5 }), "第 5 次迭代");
  assert.equal(say(FIGURE_WORDS.iterationNumber, 1, { i: 5 }), "iteration 5");
  assert.equal(say(FIGURE_WORDS.iteration, 0), "迭代次数");
  assert.equal(say(["{play} {x}", "{play} {x}"], 1), "play {x}");
  assert.equal(say(["{play}", "{play}"], 1, { play: "mine" }), "mine", "a value of that name comes first");
  assert.equal(say(PAGE_WORDS.cure, 1, { r: "1e-5" }), "restart with regCovar = 1e-5");
});
