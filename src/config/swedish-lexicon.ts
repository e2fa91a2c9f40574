/**
 * The Swedish word list the name check asks "is this an ordinary word?": the stems of the Hunspell
 * dictionary in the npm package dictionary-sv (Göran Andersson's Swedish dictionary, LGPL-3.0, read as
 * data). Lower-case stems are ordinary words; capitalised stems are proper nouns. A proper noun whose
 * only affix flags are the genitive (and a few like it) is used like a person's name (Sonja/A,
 * Strandberg/A); one that also forms compounds or place forms (Malmö/AeX, Göteborg/Av) is a place or
 * a thing. A word is a stem, a stem with a common Swedish ending (skolan, eleverna, flickor), a
 * compound (strandberg) or an inflected compound (elevhälsoteamet) — or unknown. Hunspell's own checker is
 * not used: nspell accepts every word with this dictionary's affix file, and the WebAssembly build
 * only loads asynchronously, while the guard is a synchronous rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Lexicon, ProperNounKind, WordKind } from '../domain/name-finder';

const ENDINGS = [
  'arnas',
  'ernas',
  'ornas',
  'arna',
  'erna',
  'orna',
  'ande',
  'ende',
  'ens',
  'ets',
  'ans',
  'ade',
  'are',
  'ast',
  'en',
  'et',
  'er',
  'ar',
  'or',
  'na',
  'an',
  'at',
  'ad',
  'de',
  'te',
  's',
  'a',
  'e',
  't',
  'n',
];
const MIN_PART = 3;
const DEFINITE = /(?:en|et|na|an|orna|arna|erna)$/;
/** Affix flags that only places, works, brands and the like carry in this dictionary. */
const NOT_PERSON_FLAGS = /[XevdEQzbD]/;

/** A stem that lost its unstressed e before -r, -l or -n when inflected: numr(et) → nummer, fönstr(et) → fönster, exempl(et) → exempel. */
function unstressedE(stem: string): string[] {
  const m = /^(.*?)([^aeiouyåäö])([rln])$/.exec(stem);
  if (m === null) return [];
  const [, head = '', consonant = '', last = ''] = m;
  return [`${head}${consonant}e${last}`, `${head}${consonant}${consonant}e${last}`];
}

export class SwedishLexicon implements Lexicon {
  private constructor(
    private readonly stems: ReadonlySet<string>,
    private readonly properNouns: ReadonlyMap<string, ProperNounKind>,
  ) {}

  static fromDicFile(file: string): SwedishLexicon {
    const stems = new Set<string>();
    const properNouns = new Map<string, ProperNounKind>();
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [word = '', flags = ''] = line.trim().split('/');
      if (word === '') continue;
      if (word.charAt(0) === word.charAt(0).toLowerCase()) stems.add(word);
      else if (properNouns.get(word) !== 'other')
        properNouns.set(word, NOT_PERSON_FLAGS.test(flags) ? 'other' : 'person');
    }
    return new SwedishLexicon(stems, properNouns);
  }

  wordKind(lower: string): WordKind {
    if (this.stems.has(lower)) return 'stem';
    if (this.isInflected(lower)) return 'inflected';
    // A compound in its definite or plural form (klostergården, elevhälsoteamet) is a thing, not a surname.
    if (!DEFINITE.test(lower) && this.isCompound(lower, 2, (tail) => this.stems.has(tail))) return 'compound';
    if (this.isCompound(lower, 2, (tail) => this.isInflected(tail))) return 'inflected-compound';
    return 'unknown';
  }

  properNoun(word: string): ProperNounKind | undefined {
    return this.properNouns.get(word);
  }

  /** A stem, or a stem with one of the common endings (the stem may lose an -a/-e or a doubled consonant). */
  private isInflected(word: string): boolean {
    if (this.stems.has(word)) return true;
    for (const ending of ENDINGS) {
      if (!word.endsWith(ending) || word.length - ending.length < 2) continue;
      const stem = word.slice(0, -ending.length);
      if (
        [stem, `${stem}a`, `${stem}e`, `${stem}${stem.slice(-1)}`, ...unstressedE(stem)].some((s) => this.stems.has(s))
      )
        return true;
    }
    return false;
  }

  /** A head (with a linking -s-, -a-, -o-, -e- or -u-) followed by a tail `tailOk` accepts. */
  private isCompound(word: string, depth: number, tailOk: (tail: string) => boolean): boolean {
    if (depth === 0) return false;
    for (let split = MIN_PART; split <= word.length - MIN_PART; split++) {
      if (!tailOk(word.slice(split))) continue;
      const head = word.slice(0, split);
      const heads = [head, head.slice(0, -1), `${head.slice(0, -1)}a`, `${head.slice(0, -1)}e`];
      if (
        heads.some(
          (h) => h.length >= 2 && (this.stems.has(h) || this.isCompound(h, depth - 1, (t) => this.stems.has(t))),
        )
      )
        return true;
    }
    return false;
  }
}

/** The dictionary file of the dictionary-sv package (an ES module: only its folder is needed). */
export function dictionarySvFile(): string {
  return path.join(path.dirname(require.resolve('dictionary-sv')), 'index.dic');
}

let shared: SwedishLexicon | undefined;

/** The lexicon, read once per process (about 150 000 stems). */
export function swedishLexicon(): SwedishLexicon {
  shared ??= SwedishLexicon.fromDicFile(dictionarySvFile());
  return shared;
}
