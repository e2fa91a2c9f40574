/**
 * Form plumbing shared by the card handlers: reading inputs, mapping schema problems to field
 * messages in the user's language, and the anonymity guard on free text (a refused value comes
 * back emptied and is never stored, logged or echoed).
 */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { checkAnonymity, type IdentifyingKind } from '../domain/anonymity-guard';
import { isStorableText, maxInt4, storableText } from '../domain/storable';

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
export function storableInputs(values: Readonly<Record<string, string>>): { values: Record<string, string>; unstorable: string[] } {
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
 * Runs the anonymity guard over the named text fields. Refused fields are emptied in the returned
 * values and get a message naming what was found (never the value).
 */
export function guardAnonymous(
  t: TFunction,
  values: Record<string, string>,
  fields: readonly string[],
  labelOf: (field: string) => string = (f) => f,
): { values: Record<string, string>; errors: FieldErrors } {
  const findings = checkAnonymity(Object.fromEntries(fields.map((f) => [f, values[f]])));
  const cleaned = { ...values };
  const errors: FieldErrors = {};
  for (const f of findings) {
    cleaned[f.field] = '';
    errors[f.field] = t('validation.identifying', { field: labelOf(f.field), kinds: kindsText(t, f.kinds) });
  }
  return { values: cleaned, errors };
}

/** Every key present with '' as the default, so templates never see an unresolved value. */
export function complete<K extends string>(keys: readonly K[], source: Readonly<Record<string, string | undefined>>): Record<K, string> {
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
    .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v !== ''))
    .refine((vs) => vs.every((v) => allowed().includes(v)), { message: 'validation.invalidChoice' });
}
