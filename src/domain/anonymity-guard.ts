// The anonymity guard: free text in an anonymous consultation must not identify the child.
// Text is normalised first (text-normalise.ts), then each finder looks for its kind. Findings carry
// positions in the text as the user wrote it, so exactly the identifying part can be replaced by a
// placeholder and the rest kept. Results name kinds, never the values themselves.

import { findAddresses } from './address-finder';
import { findEmails } from './email-finder';
import { findIdentityNumbers } from './identity-number-finder';
import { findPhoneNumbers } from './phone-finder';
import { findSocialMedia } from './social-media-finder';
import { normaliseText, originalSpan } from './text-normalise';

export type IdentifyingKind =
  'personnummer' | 'samordningsnummer' | 'reserve-number' | 'phone' | 'email' | 'social-media' | 'address';

export interface IdentifyingFinding {
  field: string;
  kinds: IdentifyingKind[];
}

/** A part of the original text to remove; `kinds` holds every kind found there, in KIND_ORDER. */
export interface IdentifyingSpan {
  readonly start: number;
  readonly end: number;
  readonly kinds: readonly IdentifyingKind[];
}

export const KIND_ORDER: readonly IdentifyingKind[] = [
  'personnummer',
  'samordningsnummer',
  'reserve-number',
  'phone',
  'email',
  'social-media',
  'address',
];

interface RawSpan {
  start: number;
  end: number;
  kinds: Set<IdentifyingKind>;
}

/** The identifying parts of the text, merged where they overlap or touch, in text order. */
export function findIdentifying(text: string): IdentifyingSpan[] {
  const n = normaliseText(text);
  const raw: RawSpan[] = [
    ...findEmails(n.text).map((s) => ({ ...s, kinds: new Set<IdentifyingKind>(['email']) })),
    ...findSocialMedia(n.text).map((s) => ({ ...s, kinds: new Set<IdentifyingKind>(['social-media']) })),
    ...findIdentityNumbers(n.text).map((s) => ({
      start: s.start,
      end: s.end,
      kinds: new Set<IdentifyingKind>([s.kind]),
    })),
    ...findPhoneNumbers(n.text).map((s) => ({ ...s, kinds: new Set<IdentifyingKind>(['phone']) })),
    ...findAddresses(n.text).map((s) => ({ ...s, kinds: new Set<IdentifyingKind>(['address']) })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: RawSpan[] = [];
  for (const span of raw) {
    const last = merged.at(-1);
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      for (const k of span.kinds) last.kinds.add(k);
    } else merged.push({ start: span.start, end: span.end, kinds: new Set(span.kinds) });
  }
  return merged.map((s) => ({ ...originalSpan(n, s.start, s.end), kinds: KIND_ORDER.filter((k) => s.kinds.has(k)) }));
}

/** The distinct kinds of identifying data in the text, in a fixed order. */
export function findIdentifyingKinds(text: string): IdentifyingKind[] {
  const found = new Set(findIdentifying(text).flatMap((s) => s.kinds));
  return KIND_ORDER.filter((kind) => found.has(kind));
}

/** One finding per field holding identifying data, in field order. Values are never echoed. */
export function checkAnonymity(fields: Readonly<Record<string, string | null | undefined>>): IdentifyingFinding[] {
  const findings: IdentifyingFinding[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const kinds = findIdentifyingKinds(value);
    if (kinds.length > 0) findings.push({ field, kinds });
  }
  return findings;
}

/**
 * The text with each identifying part replaced by the placeholder for its (first) kind, e.g.
 * "[personnummer borttaget]"; everything else is kept as written.
 */
export function redactIdentifying(
  text: string,
  placeholder: (kind: IdentifyingKind) => string,
): { text: string; kinds: IdentifyingKind[] } {
  const spans = findIdentifying(text);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + placeholder(span.kinds[0] ?? 'personnummer');
    at = span.end;
  }
  const found = new Set(spans.flatMap((s) => s.kinds));
  return { text: out + text.slice(at), kinds: KIND_ORDER.filter((k) => found.has(k)) };
}
