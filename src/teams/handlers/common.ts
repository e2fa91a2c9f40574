/** Small card builders shared by handlers: the message card and translated texts. */
import type { TFunction } from 'i18next';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { isDomainError } from '../../domain/errors';
import type { Remedy } from '../verb';

export function textsFor(
  t: TFunction,
  prefix: string,
  keys: readonly string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...Object.fromEntries(keys.map((k) => [k, t(`${prefix}.${k}`)])), ...extra };
}

/**
 * The messages a card shows by a required input left empty (its `errorMessage`), checked in Teams
 * before the form is sent; the server checks the same again.
 */
export function requiredTexts(t: TFunction): Record<string, string> {
  return {
    required: t('validation.required'),
    chooseRequired: t('validation.invalidChoice'),
    chooseAtLeastOne: t('validation.chooseAtLeastOne'),
    dateRequired: t('validation.invalidDate'),
    birthRequired: t('validation.birth'),
  };
}

/** Where a message card leads on: back to the case, and what fixes the refusal. */
export interface WayForward {
  readonly caseId?: string;
  readonly remedy?: Remedy | undefined;
}

export function messageCard(
  t: TFunction,
  title: string,
  paragraphs: readonly string[],
  notice = '',
  way: WayForward = {},
): AdaptiveCard {
  return render(cards.message, {
    t: { help: t('messages.help'), back: t('form.back'), recordConsent: t('case.recordConsent') },
    title,
    paragraphs,
    notice,
    caseId: way.caseId ?? '',
    recordConsent: way.remedy === 'recordConsent' && way.caseId !== undefined,
  });
}

/** A domain error's message in the user's language (never with personal data). */
export function errorText(t: TFunction, err: unknown, nameOfUnit: (id: string) => string = (id) => id): string {
  if (isDomainError(err)) return t(`errors.${err.code}`, { unit: err.detail ? nameOfUnit(err.detail) : '' });
  if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'Invalid')
    return t('errors.Invalid');
  return t('bot.internalError');
}

/** A domain error as a card in the user's language (never with personal data). */
export function errorCard(t: TFunction, err: unknown, nameOfUnit: (id: string) => string = (id) => id): AdaptiveCard {
  return messageCard(t, errorText(t, err, nameOfUnit), []);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
