/**
 * Every consultation ends with a recorded outcome (issue 17): closed with the advice followed,
 * continued anonymously, consent to be asked (the conversion to a consented case follows, keeping
 * the mapping and the advice), or referred. Following the advice or referring closes the
 * consultation (with `closeReason`). A group consultation ends the same ways but for consent (there is
 * no one to ask: an individual consultation is opened from it instead). The history records it. All of it or none.
 */
import {
  closingOutcomes,
  isGroupConsultation,
  outcomeRule,
  type ChildCase,
  type ConsultationOutcome,
} from '../domain/case';
import { changeStage } from './change-stage';
import type { UseCaseContext } from './context';

export async function recordConsultationOutcome(
  ctx: UseCaseContext,
  caseId: string,
  input: { outcome: ConsultationOutcome; closeReason: string },
  expectedVersion: number,
): Promise<ChildCase> {
  return ctx.atomically(async () => {
    // Whether the case is about a group never changes (a group consultation is never converted).
    const group = isGroupConsultation((await ctx.repos.cases.getCase(caseId)).details);
    const kase = await ctx.repos.cases.recordOutcome(
      caseId,
      input.outcome,
      outcomeRule(expectedVersion, input.outcome, group),
    );
    await ctx.repos.history.record(caseId, { type: 'consultation.outcome', detail: { outcome: input.outcome } });
    if (!closingOutcomes.includes(input.outcome)) return kase;
    return changeStage(ctx, caseId, { type: 'close', reason: input.closeReason }, kase.version);
  });
}

/** Days after which the named person is reminded of an open consultation without an outcome. */
export const defaultOutcomeReminderDays = 14;
