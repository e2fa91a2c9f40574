/**
 * Personnummer, samordningsnummer and reserve (interim) numbers in normalised text, in the ways
 * people write them: 10 or 12 digits, with or without separators between the date parts and before
 * the serial (`-`, `+`, space, dot, slash, a line break), e.g. `2015-04-12-2381`, `150412 2381`.
 * A Luhn-valid number with a real date counts in every shape. A mistyped number (Luhn-invalid) still
 * identifies when it is written as a personnummer — a real date, then `-` or `+`, then four digits — or
 * follows a word such as "personnumret" (CUE). A reserve number is a real date, then a letter and three digits.
 */
import { isRealDate, luhnValid, type IdNumberKind } from './personnummer';

export type IdentityNumberKind = IdNumberKind | 'reserve-number';

export interface NumberSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: IdentityNumberKind;
}

const SEP = '[ ./_-]{0,2}';
/** Century (optional), year, month, day, the separator before the serial, the serial. */
const CANDIDATE = new RegExp(
  `(?<![\\d])(?<![\\d][./-])((?:18|19|20)(?=\\d{2}${SEP}\\d{2}${SEP}\\d{2}))?(\\d{2})(${SEP})(\\d{2})(${SEP})(\\d{2})( {0,2}[-+] {0,2}|[ ./_]{0,3})(\\d{4}|[A-Za-z]\\d{3})(?![\\d])(?![./-]\\d)`,
  'g',
);
/**
 * A word naming the number just before it: personnummer, samordningsnummer, reservnummer,
 * födelsenummer or id-nummer in any form people write (personnumret, nummren, pnr, pers.nr, and the
 * misspelling personnumer), "född"; in English an (personal) identity / ID / social security number,
 * SSN, "born".
 */
const CUE =
  /\b(?:person|samordnings|reserv|födelse|id|p|pers|s)[.-]? ?(?:num+e?r\w*|nr|no)\b|\b(?:personal identity|personal id|identity|id|social security) ?(?:number|no)\b|\b(?:ssn|född|born)\b/i;
const CUE_WINDOW = 30;

interface Parts {
  readonly century: string | undefined;
  readonly yy: string;
  readonly mm: string;
  readonly dd: string;
  readonly dateSeparators: readonly string[];
  readonly serialSeparator: string;
  readonly serial: string;
}

function dateKind(p: Parts): IdNumberKind | null {
  const month = Number(p.mm);
  const writtenDay = Number(p.dd);
  const coordination = writtenDay > 60;
  const day = coordination ? writtenDay - 60 : writtenDay;
  const years = p.century !== undefined ? [Number(p.century + p.yy)] : [1900, 2000, 1800].map((c) => c + Number(p.yy));
  return years.some((y) => isRealDate(y, month, day)) ? (coordination ? 'samordningsnummer' : 'personnummer') : null;
}

/** Written as a personnummer: the date digits together (or all joined by "-"), then "-" or "+". */
function personnummerShape(p: Parts): boolean {
  const sep = p.serialSeparator.trim();
  if (sep !== '-' && sep !== '+') return false;
  if (p.dateSeparators.every((s) => s === '')) return true;
  // 2015-04-12-2381: a date joined by dashes and the serial right after one more (not "2026-05-12 - 1400").
  return p.century !== undefined && p.dateSeparators.every((s) => s === '-') && p.serialSeparator === '-';
}

function classify(p: Parts, cued: boolean): IdentityNumberKind | null {
  const kind = dateKind(p);
  if (kind === null) return null;
  if (/^[A-Za-z]/.test(p.serial)) return 'reserve-number';
  if (luhnValid(p.yy + p.mm + p.dd + p.serial)) return kind;
  return personnummerShape(p) || cued ? kind : null;
}

/** Every identity or reserve number in the normalised text. */
export function findIdentityNumbers(text: string): NumberSpan[] {
  const spans: NumberSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, century, yy = '', sep1 = '', mm = '', sep2 = '', dd = '', serialSeparator = '', serial = ''] = m;
    const start = m.index;
    const cued = CUE.test(text.slice(Math.max(0, start - CUE_WINDOW), start));
    const kind = classify({ century, yy, mm, dd, dateSeparators: [sep1, sep2], serialSeparator, serial }, cued);
    if (kind !== null) spans.push({ start, end: start + whole.length, kind });
  }
  return spans;
}
