/**
 * E-mail addresses in normalised text, also as people hide them from harvesters: spaces around the
 * @ (`anna @ skola.se`), the @ written as at, (at), [at], (a), snabel-a, and dots written as dot,
 * punkt, (dot), [punkt]. A written-out address must end in a known top-level domain, so ordinary
 * words ("at", "punkt") in a sentence do not make an address.
 */

export interface EmailSpan {
  readonly start: number;
  readonly end: number;
}

/** A label of a domain or a piece of a local part (at most 63 characters, as in DNS). */
const WORD = "[\\p{L}\\p{N}_%+'’-]{1,63}";
const OPEN = '[([{<]';
const CLOSE = '[)\\]}>]';
const AT_PLAIN = ' ?@ ?';
const AT_WRITTEN = `(?: ?${OPEN} ?(?:at|a|@|snabel[- ]?a) ?${CLOSE} ?| (?:at|snabel[- ]?a) )`;
const DOT_PLAIN = ' ?\\. ?';
const DOT_WRITTEN = `(?: ?${OPEN} ?(?:dot|punkt|p) ?${CLOSE} ?| (?:dot|punkt) )`;
const DOT = `(?:${DOT_PLAIN}|${DOT_WRITTEN})`;
/** Common top-level domains for addresses people write out (Nordic, European, generic). */
const KNOWN_TLD =
  'se|nu|com|net|org|eu|info|io|dk|no|fi|is|ax|de|uk|fr|es|it|nl|be|at|ch|pl|ee|lv|lt|me|biz|edu|gov|co';

/** What RFC 5322 allows in the local part of an address as written plainly. */
const LOCAL = "[\\p{L}\\p{N}.!#$%&'*+/=?^_`{|}~’-]{1,64}";
const PLAIN = new RegExp(`${LOCAL}${AT_PLAIN}${WORD}(?:${DOT_PLAIN}${WORD})*\\.\\p{L}{2,}(?![\\p{L}\\p{N}])`, 'giu');
const WRITTEN = new RegExp(
  `${WORD}(?:${DOT}${WORD})*(?:${AT_PLAIN}|${AT_WRITTEN})${WORD}(?:${DOT}${WORD})*${DOT}(?:${KNOWN_TLD})(?![\\p{L}\\p{N}])`,
  'giu',
);

export function findEmails(text: string): EmailSpan[] {
  const spans: EmailSpan[] = [];
  for (const pattern of [PLAIN, WRITTEN]) {
    for (const m of text.matchAll(pattern)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
