/**
 * Words that look like a person's name. These are not refused: the user is asked to confirm that no
 * name of the child or family is given. A capitalised word inside a sentence looks like a name when it
 *   - is a common Swedish first name or surname (bundled list, data/swedish-names.json),
 *   - is shaped like a Swedish surname (-sson, -qvist, -kvist, -ström, -gren, -dahl),
 *   - is a proper noun the dictionary uses like a person's name (not a place or an authority),
 *   - or is no ordinary Swedish word at all (an unusual name; compounds of bare words such as
 *     Strandberg included, inflected ones such as Elevhälsoteamet not).
 * At the start of a sentence a listed name counts unless it is also an ordinary word (Per, Björn,
 * Inga), and any name-like word counts before a surname ("Kalle Svensson har …"). In lower case only
 * a listed name of four letters or more that is no ordinary word counts ("emma"). Words the unit configures (its
 * institutions, places, professional titles) are never names.
 */
import names from './data/swedish-names.json';

/** How the dictionary knows a lower-cased word. */
export type WordKind = 'stem' | 'inflected' | 'compound' | 'inflected-compound' | 'unknown';
/** A proper noun used like a person's name, or one that is a place, an authority, a thing. */
export type ProperNounKind = 'person' | 'other';

export interface Lexicon {
  /** stem: an ordinary word as such (björn, per); inflected: skolan; compound: strandberg; inflected-compound: elevhälsoteamet. */
  wordKind(lower: string): WordKind;
  /** What the dictionary holds for a capitalised word, if anything. */
  properNoun(word: string): ProperNounKind | undefined;
}

export interface NameCheckOptions {
  readonly lexicon: Lexicon;
  /** Words and phrases that are never names here (configured per unit): "BUP", "Maria Ungdom". */
  readonly notNames: readonly string[];
}

interface Prepared {
  readonly lexicon: Lexicon;
  readonly notNameWords: ReadonlySet<string>;
  /** The configured phrases, each compiled once. */
  readonly phrases: readonly RegExp[];
}

/** What is prepared from each options object (callers keep one per unit: config/anonymity-config.ts). */
const prepared = new WeakMap<NameCheckOptions, Prepared>();

function prepare(options: NameCheckOptions): Prepared {
  const known = prepared.get(options);
  if (known !== undefined) return known;
  const made: Prepared = {
    lexicon: options.lexicon,
    notNameWords: new Set(options.notNames.filter((n) => !/\s/.test(n.trim())).map((n) => n.trim().toLowerCase())),
    phrases: options.notNames
      .filter((n) => /\s/.test(n.trim()))
      .map(
        (phrase) =>
          new RegExp(
            phrase
              .trim()
              .split(/\s+/)
              .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('\\s+'),
            'giu',
          ),
      ),
  };
  prepared.set(options, made);
  return made;
}

const FIRST_NAMES = new Set(names.firstNames.map((n) => n.toLowerCase()));
const SURNAMES = new Set(names.surnames.map((n) => n.toLowerCase()));
const SURNAME_SHAPE = /\p{L}{2,}(?:sson|qvist|kvist|ström|gren|dahl)s?$/iu;
const WORD = /\p{L}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}]*)?/gu;
const SENTENCE_END = /(?:^|[.!?:;•*\n]|^\s*-|\n\s*-)\s*["'”»(]*\s*$/u;
const UPPER_FIRST = /^\p{Lu}/u;

interface Token {
  readonly word: string;
  readonly start: number;
  readonly sentenceStart: boolean;
}

/** The words, each marked when it starts a sentence (after . ! ? : ; a bullet or a line break, or at the start). */
function tokens(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    sentenceStart: m.index === 0 || SENTENCE_END.test(text.slice(Math.max(0, m.index - 12), m.index)),
  }));
}

/** The word without a genitive -s ("Kalles" → "Kalle"), lower-cased. */
function bases(word: string): string[] {
  const lower = word.toLowerCase();
  return lower.endsWith('s') && lower.length > 3 ? [lower, lower.slice(0, -1)] : [lower];
}

function listed(word: string): boolean {
  return bases(word).some((b) => FIRST_NAMES.has(b) || SURNAMES.has(b));
}

function isAcronym(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

/** How the dictionary knows the word (or, for a genitive, the word without its -s). */
function properNounOf(word: string, lexicon: Lexicon): ProperNounKind | undefined {
  const capitalised = bases(word).map((b) => b.charAt(0).toUpperCase() + b.slice(1));
  return capitalised.map((w) => lexicon.properNoun(w)).find((k) => k !== undefined);
}

/** A listed name, a proper noun used like a name, or a surname by its shape. */
function personLike(word: string, lexicon: Lexicon): boolean {
  return listed(word) || SURNAME_SHAPE.test(word) || properNounOf(word, lexicon) === 'person';
}

/**
 * A hyphenated word is a name when a part is (Anna-Karin, Al-Hassan); not when it starts with an
 * abbreviation or ends in an ordinary word (F-klass, SIP-möte, Barn-och).
 */
function hyphenated(word: string, o: Prepared): boolean | null {
  const parts = word.split('-');
  const [first = '', last = ''] = [parts[0], parts.at(-1)];
  if (parts.length < 2) return null;
  if (first.length === 1 || isAcronym(first)) return false;
  if (parts.some((p) => p.length > 1 && personLike(p, o.lexicon))) return true;
  return o.lexicon.wordKind(last.toLowerCase()) === 'unknown';
}

function looksLikeName(t: Token, next: Token | undefined, o: Prepared): boolean {
  const { word } = t;
  if (word.length < 2 || isAcronym(word) || bases(word).some((b) => o.notNameWords.has(b))) return false;
  const kind = o.lexicon.wordKind(word.toLowerCase());
  // Typed in lower case: only a listed name that is no ordinary word ("emma", "svensson"); three
  // letters or fewer in lower case are abbreviations (jan, ons, fre) more often than names.
  if (!UPPER_FIRST.test(word)) return word.length > 3 && listed(word) && kind !== 'stem';
  const split = hyphenated(word, o);
  if (split !== null) return split;
  const proper = properNounOf(word, o.lexicon);
  // Not a word of the language, nor a place: an unusual name — unless short (Sv, Ma, Dnr are abbreviations).
  const unknownWord = (kind === 'unknown' || kind === 'compound') && proper !== 'other' && word.length > 3;
  if (t.sentenceStart) {
    // A sentence may start with a name ("Kalle Svensson har …", "Ebba berättar", "Majken ringde");
    // an ordinary word that is also a name (Per, Björn, Inga) counts there only before a surname.
    const pair =
      next !== undefined &&
      UPPER_FIRST.test(next.word) &&
      personLike(next.word, o.lexicon) &&
      !o.notNameWords.has(next.word.toLowerCase());
    if (listed(word)) return kind !== 'stem' || pair;
    const nameNotWord =
      proper === 'person'
        ? kind !== 'stem' && kind !== 'inflected-compound'
        : kind === 'unknown' && proper === undefined;
    return (nameNotWord && word.length > 3) || (pair && (personLike(word, o.lexicon) || unknownWord));
  }
  return personLike(word, o.lexicon) || unknownWord;
}

export interface PossibleName {
  readonly start: number;
  readonly end: number;
  readonly word: string;
}

/** Every word of the text that looks like a person's name, in order. */
export function findPossibleNames(text: string, options: NameCheckOptions): PossibleName[] {
  if (!/\p{L}/u.test(text)) return [];
  const o = prepare(options);
  const all = tokens(maskPhrases(text, o.phrases));
  const found: PossibleName[] = [];
  all.forEach((t, i) => {
    if (looksLikeName(t, all[i + 1], o)) found.push({ start: t.start, end: t.start + t.word.length, word: t.word });
  });
  return found;
}

/** Configured phrases ("Maria Ungdom") blanked out, keeping every other character where it was. */
function maskPhrases(text: string, phrases: readonly RegExp[]): string {
  let masked = text;
  for (const pattern of phrases) masked = masked.replace(pattern, (m) => ' '.repeat(m.length));
  return masked;
}

/** The distinct words that look like names, in order of appearance. */
export function possibleNameWords(text: string, o: NameCheckOptions): string[] {
  return [...new Set(findPossibleNames(text, o).map((n) => n.word))];
}
