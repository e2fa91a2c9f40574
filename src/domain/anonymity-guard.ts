// The anonymity guard: free text in an anonymous consultation must not identify the child.
// It reports which kinds of identifying data a text holds, never the values themselves.

import { classifyIdNumber } from './personnummer';

export type IdentifyingKind = 'personnummer' | 'samordningsnummer' | 'phone' | 'email';

export interface IdentifyingFinding {
  field: string;
  kinds: IdentifyingKind[];
}

const KIND_ORDER: readonly IdentifyingKind[] = ['personnummer', 'samordningsnummer', 'phone', 'email'];

const EMAIL = /[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** YYMMDD or YYYYMMDD, an optional - or +, then NNNN; never part of a longer run of digits. */
const ID_NUMBER = /(?<!\d)(?:\d{8}|\d{6})[-+]?\d{4}(?!\d)/g;

/**
 * A trunk prefix 0, or +46 / 0046 (optionally followed by "(0)" or 0), then digit groups
 * separated by one space or hyphen. Never starts inside a number or right after "digit-"
 * (the tail of a date such as 2026-05-12 or of an organisation number).
 */
const PHONE_CANDIDATE = /(?<!\d|\d-)(?:\+46|0046|0)[ -]?(?:\(0\)[ -]?)?\d+(?:[ -]\d+)*/g;
const COUNTRY_CODE = /^(?:\+46|0046)[ -]?(?:\(0\)[ -]?|0(?=[1-9]))?/;
const DATE_SHAPE = /^\d{1,2}([ -])\d{1,2}\1(?:19|20)\d{2}(?!\d)/;
const MIN_NATIONAL_DIGITS = 7;
const MAX_NATIONAL_DIGITS = 9;

/** The distinct kinds of identifying data in the text, in a fixed order. */
export function findIdentifyingKinds(text: string): IdentifyingKind[] {
  const found = new Set<IdentifyingKind>();
  const withoutEmails = text.replace(EMAIL, (email) => {
    found.add('email');
    return mask(email);
  });
  const withoutIdNumbers = withoutEmails.replace(ID_NUMBER, (token) => {
    const kind = classifyIdNumber(token);
    if (kind === null) return token;
    found.add(kind);
    // A compact 10-digit number may just as well be a phone number: leave it for that check too.
    return token.length === 10 ? token : mask(token);
  });
  for (const [candidate] of withoutIdNumbers.matchAll(PHONE_CANDIDATE)) {
    if (isPhoneNumber(candidate)) found.add('phone');
  }
  return KIND_ORDER.filter((kind) => found.has(kind));
}

/** One finding per field holding identifying data, in field order. Values are never echoed. */
export function checkAnonymity(
  fields: Readonly<Record<string, string | null | undefined>>,
): IdentifyingFinding[] {
  const findings: IdentifyingFinding[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const kinds = findIdentifyingKinds(value);
    if (kinds.length > 0) findings.push({ field, kinds });
  }
  return findings;
}

/**
 * A Swedish national significant number has 7-9 digits after the trunk 0 or country code and
 * never starts with 0. Trailing digit groups may be unrelated numbers, so any prefix that ends
 * at a group boundary and has a plausible length counts.
 */
function isPhoneNumber(candidate: string): boolean {
  if (DATE_SHAPE.test(candidate)) return false;
  const national = candidate.replace(COUNTRY_CODE, '').replace(/^0/, '');
  if (!/^[1-9]/.test(national)) return false;
  let digits = 0;
  for (const group of national.split(/[ -]/)) {
    digits += group.length;
    if (digits >= MIN_NATIONAL_DIGITS && digits <= MAX_NATIONAL_DIGITS) return true;
  }
  return false;
}

function mask(value: string): string {
  return '_'.repeat(value.length);
}
