/**
 * Numbers as a person types them: the live page's number boxes and `npm start`'s options read
 * text with `readNumber`. Decimal notation only (an optional sign, digits with one decimal point,
 * an optional exponent), as in `1`, `-2.5`, `.5`, `1e-6`; in any script's decimal digits (Unicode
 * Nd: ١٢ reads as 12) and in the full-width forms a Chinese input method types in full-width mode
 * (１２．５, －３, １ｅ－６). What else is typed is refused, naming the characters it cannot read:
 * a decimal comma (1,5 could be one and a half or fifteen hundred), hexadecimal (0x10, which
 * JavaScript's Number would read as 16), Infinity, spaces inside the number.
 */
import { GmmInputError } from "./errors";

/** The characters read as the ASCII ones they stand for (signs, points, exponents, full-width among them), pairwise. */
const SAME_AS = new Map(
  ["++", "＋+", "--", "－-", "−-", "..", "．.", "ee", "Ee", "ｅe", "Ｅe"].map((pair) => [pair[0], pair[1]]),
);

/** What a character that cannot be read may have been meant as, for the message. */
const COMMA = 'a comma: write the decimal point as "."';
const MEANT: Record<string, string> = { ",": COMMA, "，": COMMA, "。": 'a full stop: write the decimal point as "."' };

/** The grammar of `npm start`'s numbers, on the text with every character read as its ASCII one. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/;

/** Hexadecimal, which JavaScript's Number reads (0x10 is 16) and a person rarely means in a number box. */
const HEXADECIMAL = /^([+-]?)0x([0-9a-f]+)$/i;

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit of any script. Unicode encodes each script's digits 0 to 9 as ten
 * consecutive characters (a stability guarantee), and runs of them only as whole tens: a digit's
 * value is its distance from the start of its run, modulo 10.
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** `text` with every character it can read written as its ASCII one; the others, once each, in order. */
function asAscii(text: string): { ascii: string; unreadable: string[] } {
  let ascii = "";
  const unreadable: string[] = [];
  for (const c of text) {
    const same = SAME_AS.get(c);
    if (same !== undefined) ascii += same;
    else if (DECIMAL_DIGIT.test(c)) ascii += String(digitValue(c.codePointAt(0)!));
    else {
      if (!unreadable.includes(c)) unreadable.push(c);
      ascii += c;
    }
  }
  return { ascii, unreadable };
}

/** The characters, each quoted, as a list for a message ("x", "y" and "z"). */
function listed(characters: string[]): string {
  const quoted = characters.map((c) => JSON.stringify(c));
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/**
 * The number `text` is, as a person types it (see above; spaces around it do not count), or a
 * `GmmInputError` naming `name`, with the text as typed and, when it holds characters that are not
 * part of a number, which ones.
 */
export function readNumber(name: string, text: unknown): number {
  if (typeof text !== "string") throw new GmmInputError(name, `must be a number's text, got ${typeof text}`);
  const typed = text.trim();
  if (typed === "") throw new GmmInputError(name, "is empty: type a number");
  const { ascii, unreadable } = asAscii(typed);
  const hexadecimal = HEXADECIMAL.exec(ascii);
  if (hexadecimal !== null) {
    const value = Number.parseInt(hexadecimal[2], 16);
    throw new GmmInputError(
      name,
      `${JSON.stringify(text)} is hexadecimal (${hexadecimal[1] === "-" ? "-" : ""}${value} in decimal): only decimal numbers are read`,
    );
  }
  if (unreadable.length > 0) {
    const hint = unreadable.map((c) => MEANT[c]).find((m) => m !== undefined);
    throw new GmmInputError(
      name,
      `${JSON.stringify(text)} is not a number: ${listed(unreadable)} cannot be read${hint ? ` (${hint})` : ""}`,
    );
  }
  if (!DECIMAL.test(ascii)) throw new GmmInputError(name, `${JSON.stringify(text)} is not a number`);
  const value = Number(ascii);
  if (!Number.isFinite(value))
    throw new GmmInputError(name, `${JSON.stringify(text)} is beyond the largest double (±1.8e308)`);
  return value;
}
