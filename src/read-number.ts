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
import { shown } from "./validate";

/** The characters read as the ASCII ones they stand for: signs, points and exponents, full-width among them. */
const SAME_AS: Record<string, string> = {
  "+": "+",
  "＋": "+",
  "-": "-",
  "－": "-",
  "−": "-", // U+2212 MINUS SIGN, as the library prints negative numbers in figures
  ".": ".",
  "．": ".",
  e: "e",
  E: "e",
  ｅ: "e",
  Ｅ: "e",
};

/** What a character that cannot be read may have been meant as, for the message. */
const MEANT: Record<string, string> = {
  ",": 'a comma: write the decimal point as "."',
  "，": 'a comma: write the decimal point as "."',
  "、": 'a comma: write the decimal point as "."',
  "。": 'a full stop: write the decimal point as "."',
};

/** The grammar of `npm start`'s numbers, on the text with every character read as its ASCII one. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/;

/** 0x…, 0o… and 0b…, which JavaScript's Number reads and a person rarely means in a number box. */
const PREFIXED = /^([+-]?)0([xob])([0-9a-z]+)$/i;
const BASES: Record<string, [number, string]> = { x: [16, "hexadecimal"], o: [8, "octal"], b: [2, "binary"] };

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
    const same = SAME_AS[c];
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
  const quoted = characters.map((c) =>
    c.trim() === ""
      ? `a space (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`
      : JSON.stringify(c),
  );
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/**
 * The number `text` is, as a person types it (see above; spaces around it do not count), or a
 * `GmmInputError` naming `name`, with the text as typed and, when it holds characters that are not
 * part of a number, which ones.
 */
export function readNumber(name: string, text: unknown): number {
  if (typeof text !== "string") throw new GmmInputError(name, `must be a number's text, got ${shown(text)}`);
  const typed = text.trim();
  if (typed === "") throw new GmmInputError(name, "is empty: type a number");
  const { ascii, unreadable } = asAscii(typed);
  const prefixed = PREFIXED.exec(ascii);
  if (prefixed !== null) {
    const [, sign, letter, digits] = prefixed;
    const [base, baseName] = BASES[letter.toLowerCase()];
    const value = Number.parseInt(digits, base);
    const decimal = Number.isNaN(value) ? "" : ` (${sign === "-" ? "-" : ""}${value} in decimal)`;
    throw new GmmInputError(name, `${shown(text)} is ${baseName}${decimal}: only decimal numbers are read`);
  }
  if (unreadable.length > 0) {
    const meant = unreadable.map((c) => MEANT[c]).filter((m) => m !== undefined);
    const hint = meant.length > 0 ? ` (${[...new Set(meant)].join("; ")})` : "";
    const them = unreadable.length === 1 ? "is not part of a number" : "are not part of a number";
    throw new GmmInputError(name, `${shown(text)} is not a number: ${listed(unreadable)} ${them}${hint}`);
  }
  if (!DECIMAL.test(ascii)) throw new GmmInputError(name, `${shown(text)} is not a number`);
  const value = Number(ascii);
  if (!Number.isFinite(value)) throw new GmmInputError(name, `${shown(text)} is beyond the largest double (±1.8e308)`);
  return value;
}
