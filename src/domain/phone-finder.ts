/**
 * Phone numbers in normalised text. A candidate starts with a trunk 0, "+" or "00" (or an area code
 * in brackets) and runs on over digit groups separated by up to three of space . - / ( ). Whether the
 * digits are a number is libphonenumber's call (Swedish numbering plan, or the country after + / 00);
 * how they are written decides the rest, so ordinary school text stays out:
 *   - times, time ranges and schedules (`kl 0815-0900`, `08.30-10.00 13.00-15.30`) are not numbers;
 *   - day or year lists (`frånvaro 07 08 09 10 11 dagar`) are not numbers;
 *   - dates (`01-02-2026`, `2026-05-12`) and the tail of a longer number are not numbers;
 *   - a national number written in groups starting with two digits starts with 08 (`07 08 09` is no number).
 * A number followed by an unrelated number (`070-123 45 67 3 gånger`) is found by its longest valid prefix.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface PhoneSpan {
  readonly start: number;
  readonly end: number;
}

const CANDIDATE = /(?<![\d+])(?<!\d[./:-])(?:\+|\(?0)[\d ()./:+-]{0,120}\d/gu;
const GROUP = /\d+/g;
/** What may stand between the digit groups of one number (a colon never does: 08:30 is a time). */
const SEPARATOR_RUN = /^[ ()./-]{1,4}$/;
const TIME = /^(?:(?:[01]?\d|2[0-3])[.:]|[01]\d|2[0-3])[0-5]\d$/;
/** 12-05-2026, 12.05.26, 12 05 2026, 2026-05-12: one separator used twice. */
const DATE_START =
  /^(?:\d{1,2}([./-])\d{1,2}\1(?:(?:19|20)\d{2}|\d{2}(?![./-]\d))|\d{1,2} \d{1,2} (?:19|20)\d{2}|(?:19|20)\d{2}([ ./-])\d{1,2}\2\d{1,2})(?!\d)/;
const MIN_DIGITS = 8;
/** More groups than any way of writing one number (0 7 0 1 2 3 4 5 6 7 + a trailing number). */
const MAX_GROUPS = 16;
/** A run of digits and separators longer than this is looked at in pieces (a long timetable line). */
const MAX_CANDIDATE = 120;
const MAX_DIGITS = 15;
/** A Swedish number written nationally: the trunk 0 and at most nine digits (0 + 8 + 1 + …). */
const MAX_NATIONAL_DIGITS = 10;

interface Group {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

/** The digit groups; a "(0)" after the country code (`+46 (0)70…`) is not part of the number. */
function groupsOf(candidate: string): Group[] {
  const groups: Group[] = [];
  for (const m of candidate.matchAll(GROUP)) {
    groups.push({ digits: m[0], start: m.index, end: m.index + m[0].length });
    if (groups.length > MAX_GROUPS) break;
  }
  const second = groups[1];
  if (/^(?:\+|00)/.test(candidate) && second?.digits === '0' && candidate.charAt(second.start - 1) === '(')
    groups.splice(1, 1);
  return groups;
}

/** `0815-0900`, `08.30 - 10.00 13.00-15.30`: every part is a clock time. */
function isTimes(candidate: string): boolean {
  const parts = candidate.split(/ *- *| +/).filter((p) => p !== '');
  return parts.length >= 2 && parts.every((p) => TIME.test(p));
}

/** `08/10 09/10 12/10`: days and months, not a number. */
const DATE_LIST = /^\d{1,2}\/\d{1,2}(?:[ ,;]+\d{1,2}\/\d{1,2})+$/;

/** `07 08 09 10 11`: short groups counting up, each a possible day of the month. */
function isDayList(groups: readonly Group[]): boolean {
  if (groups.length < 3 || groups.some((g) => g.digits.length > 2 || Number(g.digits) > 31)) return false;
  return groups.every((g, i) => i === 0 || Number(g.digits) > Number(groups[i - 1]?.digits));
}

function isValidNumber(digits: string): boolean {
  const international = digits.startsWith('+') || digits.startsWith('00');
  const parsed = parsePhoneNumberFromString(
    digits.startsWith('00') ? `+${digits.slice(2)}` : digits,
    international ? undefined : 'SE',
  );
  return parsed !== undefined && parsed.isValid();
}

/**
 * A national number written in groups starts with the trunk and area code: a first group of two
 * digits is 08 (Stockholm, the only one-digit area code); single digits only when every digit
 * stands alone (`0 7 0 - 1 2 3 …`).
 */
function plausibleGrouping(groups: readonly Group[], international: boolean): boolean {
  const [first, second] = groups;
  if (first === undefined || international || second === undefined) return true;
  if (first.digits.length === 2) return first.digits === '08';
  if (first.digits.length === 1) return groups.every((g) => g.digits.length === 1);
  return true;
}

/** The longest prefix of the candidate, ending at a digit group, that is a valid phone number. */
function longestNumber(candidate: string): number | null {
  const groups = groupsOf(candidate);
  const international = /^\+|^00/.test(candidate);
  if (!plausibleGrouping(groups, international) || isDayList(groups)) return null;
  let digits = international && candidate.startsWith('+') ? '+' : '';
  let best: number | null = null;
  for (const [i, group] of groups.entries()) {
    const gap = i === 0 ? '' : candidate.slice(groups[i - 1]?.end, group.start).replace('(0)', '');
    if (i > 0 && gap !== '' && !SEPARATOR_RUN.test(gap)) break;
    digits += group.digits;
    const count = digits.replace('+', '').length;
    if (count > (international ? MAX_DIGITS : MAX_NATIONAL_DIGITS)) break;
    // After the trunk 0 a Swedish number never starts with 0 again.
    if (!international && digits.length >= 2 && digits.charAt(1) === '0') break;
    if (count >= MIN_DIGITS && isValidNumber(digits)) best = group.end;
  }
  return best;
}

/** Every phone number; after a number (or a rejected start) the search goes on right after it. */
export function findPhoneNumbers(text: string): PhoneSpan[] {
  const spans: PhoneSpan[] = [];
  const candidates = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  for (let m = candidates.exec(text); m !== null; m = candidates.exec(text)) {
    const candidate =
      m[0].length > MAX_CANDIDATE
        ? m[0].slice(0, m[0].lastIndexOf(' ', MAX_CANDIDATE) + 1 || MAX_CANDIDATE).trimEnd()
        : m[0];
    const length =
      isTimes(candidate) || DATE_START.test(candidate) || DATE_LIST.test(candidate) ? null : longestNumber(candidate);
    if (length !== null) spans.push({ start: m.index, end: m.index + length });
    // After a rejected start, go on at the next group (not at every digit: that would be quadratic).
    candidates.lastIndex = m.index + (length ?? Math.max(1, candidate.search(/[^\d]/)));
  }
  return spans;
}
