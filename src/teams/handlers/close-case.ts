/**
 * Closing a case: the form and, for an anonymous consultation, the anonymity guard on the reason
 * (an identifying part is replaced by a placeholder, possible names are asked about).
 */
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { guardAnonymous, nameCheckOf, nameCheckOfUnit, nameQuestions, namesConfirmedIn } from '../forms';
import type { Turn } from '../turn';
import { requiredTexts } from './common';

/**
 * The close form. In an anonymous consultation the reason passes the anonymity guard whatever path
 * renders it (an identifying part comes back as a placeholder); `names` asks to confirm possible names.
 */
export async function closeCard(
  turn: Turn,
  caseId: string,
  reason: string,
  error: string,
  names = '',
): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  const { t } = turn;
  const guarded =
    kase.kind === 'anonymous'
      ? guardAnonymous(t, { reason }, ['reason'], () => t('close.reason'))
      : { values: { reason }, errors: {} };
  return render(cards.closeCase, {
    t: {
      title: t('close.title', { reference: kase.reference }),
      intro: t('close.intro'),
      reason: t('close.reason'),
      submit: t('close.submit'),
      back: t('form.back'),
      ...requiredTexts(t),
    },
    caseId,
    version: kase.version,
    reason: guarded.values.reason ?? '',
    error: error || names,
    nameCheck: nameCheckOf(t, names ? { reason: names } : {}),
  });
}

/** The anonymity guard on the reason of an anonymous consultation: a card to show instead of closing, or null. */
export async function guardedReason(
  turn: Turn,
  caseId: string,
  reason: string,
  raw: Readonly<Record<string, string>>,
): Promise<AdaptiveCard | null> {
  const kase = await turn.repos.cases.getCase(caseId);
  if (kase.kind !== 'anonymous') return null;
  const guard = guardAnonymous(turn.t, { reason }, ['reason'], () => turn.t('close.reason'));
  if (guard.errors.reason !== undefined) return closeCard(turn, caseId, reason, guard.errors.reason);
  const names = nameQuestions(
    turn.t,
    { reason },
    ['reason'],
    nameCheckOfUnit(turn.actor.orgUnitId, turn.world.orgUnits),
    namesConfirmedIn(raw),
  );
  return names.reason !== undefined ? closeCard(turn, caseId, reason, '', names.reason) : null;
}
