/**
 * The live page's words, both languages at once, as the page shows them: from src/words.ts (the
 * page's own words and those it shares with the figures).
 */
import { type Bilingual, PAGE_WORDS, SHARED_WORDS, say } from "../words";

/** A word of the live page. */
export type PageWord = keyof typeof PAGE_WORDS | keyof typeof SHARED_WORDS;

const WORDS: Record<PageWord, Bilingual> = { ...SHARED_WORDS, ...PAGE_WORDS };

/** Whether `key` is a word of the page (the frame's `{{word}}`s are checked with it). */
export function isPageWord(key: string): key is PageWord {
  return Object.prototype.hasOwnProperty.call(WORDS, key);
}

/** "中文 · English", with {name} placeholders filled in. */
export function words(key: PageWord, values: Record<string, string | number> = {}): string {
  const word = WORDS[key];
  return `${say(word, 0, values)} · ${say(word, 1, values)}`;
}

/** Chinese above, English below (buttons): two spans the page's style stacks. */
export function twoLines(key: PageWord): string {
  const word = WORDS[key];
  return `<span lang="zh">${say(word, 0)}</span><span lang="en">${say(word, 1)}</span>`;
}

/** j as subscript digits (μ₁₂). */
export function subscript(j: number): string {
  return String(j).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
