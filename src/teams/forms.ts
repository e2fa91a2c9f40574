/**
 * Form plumbing shared by the card handlers: reading inputs, mapping schema problems to field
 * messages in the user's language, and the anonymity guard on free text (a refused part comes back
 * replaced by a placeholder, the rest kept; the refused value is never stored, logged or echoed;
 * words that look like names are asked about, not refused).
 */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { redactIdentifying, type IdentifyingKind } from '../domain/anonymity-guard';
import { isStorableText, maxInt4, storableText } from '../domain/storable';
import { nameCheckFor } from '../config/anonymity-config';
import type { OrgUnit } from '../domain/actor';
import { possibleNameWords, type NameCheckOptions } from '../domain/name-finder';

export type FieldErrors = Record<string, string>;

/** Card data as an object of strings (Action.Execute merges inputs into it); anything else is dropped. */
export function inputsOf(data: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return out;
  for (const [k, v] of Object.entries(data)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/**
 * The inputs with every character the database cannot store removed (NUL, lone surrogates), and the
 * fields that had one — so the form comes back with the rest of what was typed and the field named.
 */
export function storableInputs(values: Readonly<Record<string, string>>): {
  values: Record<string, string>;
  unstorable: string[];
} {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const unstorable: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (!isStorableText(k)) continue;
    if (!isStorableText(v)) unstorable.push(k);
    out[k] = storableText(v);
  }
  return { values: out, unstorable };
}

export function messageFor(t: TFunction, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return t('validation.tooLong', { max: Number(issue.maximum) });
    case 'too_small':
      return t('validation.required');
    case 'invalid_value':
      return t('validation.invalidChoice');
    case 'custom':
      return t(issue.message);
    default:
      return t('validation.required');
  }
}

/** The first message per field (the first path element names the input id). */
export function fieldErrors(t: TFunction, error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= messageFor(t, issue);
  }
  return errors;
}

function kindsText(t: TFunction, kinds: readonly IdentifyingKind[]): string {
  return kinds.map((k) => t(`validation.kinds.${k}`)).join(', ');
}

/**
 * Runs the anonymity guard over the named text fields. In a refused field only the identifying part
 * is replaced by a placeholder ("[personnummer borttaget]"); the field gets a message naming what
 * was found (never the value).
 */
export function guardAnonymous(
  t: TFunction,
  values: Record<string, string>,
  fields: readonly string[],
  labelOf: (field: string) => string = (f) => f,
): { values: Record<string, string>; errors: FieldErrors } {
  const cleaned = { ...values };
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = values[field];
    if (typeof value !== 'string' || value === '') continue;
    const redacted = redactIdentifying(value, (kind) => t(`anonymity.removed.${kind}`));
    if (redacted.kinds.length === 0) continue;
    cleaned[field] = redacted.text;
    errors[field] = t('validation.identifying', { field: labelOf(field), kinds: kindsText(t, redacted.kinds) });
  }
  return { values: cleaned, errors };
}

/** The name check of the actor's unit (its configured institutions, places and titles are not names). */
export const nameCheckOfUnit = (orgUnitId: string, orgUnits: readonly OrgUnit[]): NameCheckOptions =>
  nameCheckFor(orgUnitId, orgUnits);

/** Whether the user ticked "no name of the child or family is given" on the card. */
export const namesConfirmedIn = (raw: Readonly<Record<string, string>>): boolean => raw.namesConfirmed === 'true';

/**
 * Words that look like names, per field: a message asking the user to confirm that none is the
 * child's or the family's name. Empty when the user has confirmed on this submit.
 */
export function nameQuestions(
  t: TFunction,
  values: Readonly<Record<string, string>>,
  fields: readonly string[],
  options: NameCheckOptions,
  confirmed: boolean,
): FieldErrors {
  const questions: FieldErrors = {};
  if (confirmed) return questions;
  for (const field of fields) {
    const words = possibleNameWords(values[field] ?? '', options);
    if (words.length > 0) questions[field] = t('anonymity.names', { words: words.map((w) => `”${w}”`).join(', ') });
  }
  return questions;
}

/** The card's confirm step: shown while names await confirmation. */
export function nameCheckOf(t: TFunction, questions: FieldErrors): { shown: boolean; label: string } {
  return { shown: Object.keys(questions).length > 0, label: t('anonymity.confirmNames') };
}

/** Every key present with '' as the default, so templates never see an unresolved value. */
export function complete<K extends string>(
  keys: readonly K[],
  source: Readonly<Record<string, string | undefined>>,
): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? ''])) as Record<K, string>;
}

export const text = (max: number) => z.string().trim().max(max);
export const optionalUuid = z.union([z.uuid(), z.literal('')]).optional();
export const version = z.coerce.number().int().min(0).max(maxInt4);

/** Comma-separated multi-select values, each from an allowed list. */
export function multiSelect(allowed: () => readonly string[]) {
  return z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    )
    .refine((vs) => vs.every((v) => allowed().includes(v)), { message: 'validation.invalidChoice' });
}
