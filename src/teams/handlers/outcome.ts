/**
 * The consultation's outcome (issue 17): every anonymous consultation ends with one. Following the
 * advice or referring closes it; "consent to be asked" continues to the consent card (the
 * conversion to a consented case, keeping the mapping and the advice).
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { recordConsultationOutcome } from '../../app/record-outcome';
import { consultationOutcomes, groupOutcomes, isGroupConsultation, type ConsultationOutcome } from '../../domain/case';
import { version, type FieldErrors } from '../forms';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { caseSummaryCard } from './case-view';
import { textsFor } from './common';
import { consentVerbs } from './consent';

async function outcomeCard(
  turn: Turn,
  caseId: string,
  values: { outcome?: string },
  errors: FieldErrors = {},
  formError = '',
): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  return render(cards.outcome, {
    t: textsFor(turn.t, 'outcome', ['title', 'intro', 'choice', 'required', 'submit'], {
      reference: turn.t('case.reference', { reference: kase.reference }),
      back: turn.t('form.back'),
    }),
    caseId,
    version: kase.version,
    // A group has no one to ask consent of (an individual consultation is opened from it instead).
    outcomes: (isGroupConsultation(kase.details) ? groupOutcomes : consultationOutcomes).map((o) => ({
      title: turn.t(`outcome.${o}`),
      value: o,
    })),
    values: { outcome: values.outcome ?? kase.outcome ?? '' },
    errors: { outcome: errors.outcome ?? '' },
    formError,
  });
}

export async function openOutcome(turn: Turn, caseId: string): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  if (kase.kind !== 'anonymous') return caseSummaryCard(turn, caseId, { message: turn.t('outcome.onlyAnonymous') });
  return outcomeCard(turn, caseId, {});
}

export const outcomeVerbs = {
  'outcome.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => openOutcome(turn, input.caseId),
  }),
  'outcome.submit': verb<{ caseId: string; version: number; outcome: ConsultationOutcome }>({
    schema: () =>
      z.object({
        caseId: z.uuid(),
        version,
        outcome: z.enum(consultationOutcomes, { message: 'validation.required' }),
      }),
    invalid: async (turn, raw, errors, formError) =>
      outcomeCard(
        turn,
        z.uuid().parse(raw.caseId),
        { outcome: raw.outcome ?? '' },
        errors,
        formError ?? turn.t('form.fixBelow'),
      ),
    handle: async (turn, input) => {
      const label = turn.t(`outcome.${input.outcome}`);
      await recordConsultationOutcome(
        turn.ctx,
        input.caseId,
        { outcome: input.outcome, closeReason: turn.t('outcome.closeReason', { outcome: label }) },
        input.version,
      );
      if (input.outcome === 'consent-asked')
        return consentVerbs['consent.open'].handle(turn, { caseId: input.caseId }, {});
      return caseSummaryCard(turn, input.caseId, { message: turn.t('outcome.recorded', { outcome: label }) });
    },
  }),
};
