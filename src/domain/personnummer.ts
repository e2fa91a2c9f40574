// Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).
// Accepted forms: YYMMDDNNNN, YYMMDD-NNNN, YYMMDD+NNNN (+ = aged 100 or more),
// YYYYMMDDNNNN, YYYYMMDD-NNNN (and YYYYMMDD+NNNN). A coordination number carries day + 60.

export type IdNumberKind = 'personnummer' | 'samordningsnummer';

const ID_NUMBER_SHAPE = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/;
const COORDINATION_DAY_OFFSET = 60;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface ParsedIdNumber {
  readonly century: number | null;
  readonly yearOfCentury: number;
  readonly month: number;
  /** The real day of the month; the coordination offset is already removed. */
  readonly day: number;
  readonly kind: IdNumberKind;
  readonly hundredPlus: boolean;
  /** The digits as written after the century: YYMMDD and NNNN. */
  readonly dateDigits: string;
  readonly serialDigits: string;
}

/** Luhn (mod 10) check over a string of digits; false for anything that is not only digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight++) {
    const digit = Number(digits.charAt(digits.length - 1 - fromRight));
    const weighted = fromRight % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

/** Which kind of identity number one token is, or null when it is not a valid one. */
export function classifyIdNumber(candidate: string): IdNumberKind | null {
  const parsed = parseIdNumber(candidate);
  if (parsed === null || !luhnValid(parsed.dateDigits + parsed.serialDigits)) return null;
  const years =
    parsed.century === null
      ? [1900 + parsed.yearOfCentury, 2000 + parsed.yearOfCentury]
      : [parsed.century * 100 + parsed.yearOfCentury];
  return years.some((year) => isRealDate(year, parsed.month, parsed.day)) ? parsed.kind : null;
}

/**
 * The 12-digit form YYYYMMDD-NNNN of a valid personnummer or samordningsnummer, else null.
 * For the 10-digit form the century is the most recent one that does not put the birth date
 * after `now` (compared in UTC); a `+` moves it one further century back.
 */
export function normalisePersonnummer(candidate: string, now: Date = new Date()): string | null {
  const parsed = parseIdNumber(candidate);
  if (parsed === null || classifyIdNumber(candidate) === null) return null;
  const year = parsed.century === null ? tenDigitBirthYear(parsed, now) : parsed.century * 100 + parsed.yearOfCentury;
  if (!isRealDate(year, parsed.month, parsed.day)) return null;
  const century = String(Math.floor(year / 100)).padStart(2, '0');
  return `${century}${parsed.dateDigits}-${parsed.serialDigits}`;
}

function parseIdNumber(candidate: string): ParsedIdNumber | null {
  const match = ID_NUMBER_SHAPE.exec(candidate.trim());
  if (match === null) return null;
  const [, century, year = '', month = '', day = '', separator, serial = ''] = match;
  const writtenDay = Number(day);
  const coordination = writtenDay > COORDINATION_DAY_OFFSET;
  return {
    century: century === undefined ? null : Number(century),
    yearOfCentury: Number(year),
    month: Number(month),
    day: coordination ? writtenDay - COORDINATION_DAY_OFFSET : writtenDay,
    kind: coordination ? 'samordningsnummer' : 'personnummer',
    hundredPlus: separator === '+',
    dateDigits: year + month + day,
    serialDigits: serial,
  };
}

function tenDigitBirthYear(parsed: ParsedIdNumber, now: Date): number {
  const currentYear = now.getUTCFullYear();
  let year = currentYear - ((((currentYear - parsed.yearOfCentury) % 100) + 100) % 100);
  if (isAfterToday(year, parsed.month, parsed.day, now)) year -= 100;
  return parsed.hundredPlus ? year - 100 : year;
}

function isAfterToday(year: number, month: number, day: number, now: Date): boolean {
  const candidate = (year * 100 + month) * 100 + day;
  const today = (now.getUTCFullYear() * 100 + now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  return candidate > today;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leapDay = month === 2 && isLeapYear(year) ? 1 : 0;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0) + leapDay;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
