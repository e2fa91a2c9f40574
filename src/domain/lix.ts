/**
 * LIX (läsbarhetsindex, Björnsson 1968): words per sentence plus the share of long words (more than
 * six letters) in per cent. Below 30 is very easy (children's books), 30–40 easy (fiction, plain
 * public information), above 50 hard. A sentence ends at `.`, `!`, `?` or `:`, and at a line break
 * (a heading or a list item is its own unit); a word is a run of letters or digits.
 */
export interface LixScore {
  readonly words: number;
  readonly sentences: number;
  readonly longWords: number;
  readonly lix: number;
}

export function lix(text: string): LixScore {
  const units = text
    .split(/[.!?:]+|\r?\n/)
    .map((s) => s.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length > 0);
  const words = units.flat();
  const longWords = words.filter((w) => [...w].length > 6).length;
  if (words.length === 0) return { words: 0, sentences: 0, longWords: 0, lix: 0 };
  return {
    words: words.length,
    sentences: units.length,
    longWords,
    lix: words.length / units.length + (100 * longWords) / words.length,
  };
}
