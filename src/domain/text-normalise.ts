/**
 * Text as people type it, made uniform before the anonymity guard looks for identifying data:
 * Unicode NFKC (full-width digits and ＠), every decimal digit as 0-9 (Arabic-Indic too), every dash
 * as "-", every space and line break as " ", zero-width and soft characters dropped, and letters
 * typed for digits inside a number (2O15O412 → 20150412, l/I → 1). `origin` maps each normalised
 * character back to the original text, so a finding can be cut out of what the user wrote.
 */

export interface NormalisedText {
  readonly text: string;
  /** origin[i] is the index in the original text of normalised character i; origin[text.length] is the original length. */
  readonly origin: readonly number[];
}

/** Invisible characters: soft hyphen, joiners, zero-width spaces, direction marks, variation selectors. */
const DROPPED_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];
const isDropped = (codePoint: string): boolean => {
  const code = codePoint.codePointAt(0) ?? 0;
  return DROPPED_RANGES.some(([from, to]) => code >= from && code <= to);
};
const DASH = /[\p{Pd}\u2212\u2043\u02D7\uFE63\uFF0D]/u;
const SPACE = /[\s\p{Zs}\u2028\u2029]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
/** Letters commonly typed for digits; only replaced inside a run that also holds a digit. */
const DIGIT_LOOKALIKE: Readonly<Record<string, string>> = { O: '0', o: '0', I: '1', l: '1', '|': '1' };
const LOOKALIKE_RUN = /[0-9OoIl|]+/g;
const LETTER = /\p{L}/u;

/** The value 0-9 of any Unicode decimal digit: digits come in runs of ten, starting at zero. */
function asciiDigit(char: string): string {
  let code = char.codePointAt(0) ?? 0;
  let offset = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    offset += 1;
  }
  return String(offset % 10);
}

function normaliseChar(char: string): string {
  if (DASH.test(char)) return '-';
  if (SPACE.test(char)) return ' ';
  if (char >= '0' && char <= '9') return char;
  if (DECIMAL_DIGIT.test(char)) return asciiDigit(char);
  return char;
}

export function normaliseText(original: string): NormalisedText {
  let text = '';
  const origin: number[] = [];
  let index = 0;
  for (const codePoint of original) {
    if (!isDropped(codePoint)) {
      for (const char of codePoint.normalize('NFKC')) {
        for (const unit of normaliseChar(char)) {
          text += unit;
          origin.push(index);
        }
      }
    }
    index += codePoint.length;
  }
  origin.push(original.length);
  return { text: replaceDigitLookalikes(text), origin };
}

/** In a run of digits and look-alike letters that is not part of a word, the letters become digits. */
function replaceDigitLookalikes(text: string): string {
  return text.replace(LOOKALIKE_RUN, (run, offset: number) => {
    if (!/\d/.test(run) || !/[^\d]/.test(run)) return run;
    const before = text.charAt(offset - 1);
    const after = text.charAt(offset + run.length);
    if (LETTER.test(before) || LETTER.test(after)) return run;
    return [...run].map((c) => DIGIT_LOOKALIKE[c] ?? c).join('');
  });
}

/** The original text's [start, end) for a normalised [start, end). */
export function originalSpan(n: NormalisedText, start: number, end: number): { start: number; end: number } {
  const last = n.origin[Math.max(start, end - 1)] ?? 0;
  const next = n.origin.find((o, i) => i >= end && o > last) ?? n.origin[n.origin.length - 1] ?? last + 1;
  return { start: n.origin[start] ?? 0, end: Math.max(next, last + 1) };
}
