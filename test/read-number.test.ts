// readNumber: numbers as a person types them, in the live page's boxes and npm start's options.

import assert from "node:assert/strict";
import { test } from "node:test";
import { GmmInputError } from "../src/errors";
import { readNumber } from "../src/read-number";

const read = (text: string) => readNumber("options.tol", text);
/** The message readNumber refuses `text` with. */
function refusal(text: string): string {
  try {
    read(text);
  } catch (e) {
    assert.ok(e instanceof GmmInputError, `${JSON.stringify(text)}: a GmmInputError`);
    assert.equal(e.argument, "options.tol");
    return e.message;
  }
  assert.fail(`${JSON.stringify(text)} was read`);
}

test("decimal numbers as npm start reads them: sign, point, exponent, spaces around", () => {
  const cases: [string, number][] = [
    ["1", 1],
    ["-2.5", -2.5],
    ["+3", 3],
    [".5", 0.5],
    ["5.", 5],
    ["1e-6", 1e-6],
    ["2E3", 2000],
    ["  42 ", 42],
    ["−1.5", -1.5], // U+2212, as the figures print a minus
    ["1e308", 1e308],
  ];
  for (const [text, value] of cases) assert.equal(read(text), value, JSON.stringify(text));
});

test("full-width forms, as a Chinese input method types them, and other scripts' decimal digits", () => {
  const cases: [string, number][] = [
    ["１２", 12],
    ["０．００１", 0.001],
    ["－３．５", -3.5],
    ["＋７", 7],
    ["１ｅ－６", 1e-6],
    ["２Ｅ３", 2000],
    ["\u3000５\u3000", 5], // ideographic spaces around
    ["١٢", 12], // Arabic-Indic
    ["۳.۵", 3.5], // Extended Arabic-Indic
    ["९९", 99], // Devanagari
    ["๑๐", 10], // Thai
    ["𝟏𝟐", 12], // mathematical bold digits (U+1D7CF), in a run of fifty digits
    ["𝟫", 9], // mathematical sans-serif 9, the fourth ten of that run
  ];
  for (const [text, value] of cases) assert.equal(read(text), value, JSON.stringify(text));
});

test("what is not a decimal number is refused, the text echoed as typed, the characters it cannot read named", () => {
  assert.equal(refusal("0x10"), 'options.tol: "0x10" is hexadecimal (16 in decimal): only decimal numbers are read');
  assert.equal(refusal("-0x1F"), 'options.tol: "-0x1F" is hexadecimal (-31 in decimal): only decimal numbers are read');
  assert.equal(refusal("０ｘ１０"), 'options.tol: "０ｘ１０" is not a number: "ｘ" cannot be read');
  assert.equal(refusal("0b101"), 'options.tol: "0b101" is not a number: "b" cannot be read');
  assert.equal(
    refusal("１，５"),
    'options.tol: "１，５" is not a number: "，" cannot be read (a comma: write the decimal point as ".")',
  );
  assert.equal(
    refusal("1,5"),
    'options.tol: "1,5" is not a number: "," cannot be read (a comma: write the decimal point as ".")',
  );
  assert.equal(
    refusal("１。５"),
    'options.tol: "１。５" is not a number: "。" cannot be read (a full stop: write the decimal point as ".")',
  );
  // The Arabic decimal separator is not read: which of the separators a box takes is one rule, the ASCII point's.
  assert.equal(refusal("١٢٫٥"), 'options.tol: "١٢٫٥" is not a number: "٫" cannot be read');
  assert.equal(
    refusal("Infinity"),
    'options.tol: "Infinity" is not a number: "I", "n", "f", "i", "t" and "y" cannot be read',
  );
  assert.equal(refusal("1 000"), 'options.tol: "1 000" is not a number: " " cannot be read');
  assert.equal(refusal("1/3"), 'options.tol: "1/3" is not a number: "/" cannot be read');
  assert.equal(refusal("1.2.3"), 'options.tol: "1.2.3" is not a number');
  assert.equal(refusal("--1"), 'options.tol: "--1" is not a number');
  assert.equal(refusal("1e"), 'options.tol: "1e" is not a number');
  assert.equal(refusal("１ｅ４００"), 'options.tol: "１ｅ４００" is beyond the largest double (±1.8e308)');
  assert.equal(refusal("   "), "options.tol: is empty: type a number");
  assert.throws(() => readNumber("n", 7 as never), { message: "n: must be a number's text, got number" });
});
