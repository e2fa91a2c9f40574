/**
 * Record or withdraw consent — one use case for every door. On an anonymous consultation the consent
 * comes with the child's identity and turns it into a consented case, keeping the mapping: identity
 * enters only now. A consent's end is scheduled (the plan channel follows the moment it expires); a
 * withdrawal takes effect at once (the channel's members follow). The history records both.
 */
import { isGroupConsultation, type ChildCase, type ChildIdentity } from '../domain/case';
import { consentRecordRule, type Consent } from '../domain/consent';
import { invalid } from '../domain/errors';
import { requireResponsible } from '../domain/standing';
import type { UseCaseContext } from './context';
import { queueChannelSync } from './plan-channel-sync';
import type { NewConsent } from './ports';

/** What follows a stored consent: its history, the plan channel re-checked now (a unit may join) and when it ends. */
export async function afterConsentRecorded(ctx: UseCaseContext, consent: Consent): Promise<void> {
  await ctx.repos.history.record(consent.caseId, {
    type: 'consent.recorded',
    detail: { consentId: consent.id, orgUnitIds: consent.orgUnitIds },
  });
  await queueChannelSync(ctx, consent.caseId);
  await ctx.repos.jobs.enqueue(consent.caseId, {
    kind: 'plan.publish',
    key: `plan.publish:${consent.caseId}:expiry:${consent.id}`,
    payload: { caseId: consent.caseId },
    runAfter: consent.validTo,
  });
}

export async function recordConsent(
  ctx: UseCaseContext,
  caseId: string,
  input: { consent: NewConsent; child: ChildIdentity | null },
): Promise<{ kase: ChildCase; converted: boolean }> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const kase = await repos.cases.getCase(caseId);
    if (kase.kind === 'anonymous') {
      // A group has no one to ask: an individual consultation opened from it is converted instead.
      if (isGroupConsultation(kase.details)) throw invalid('kind', 'group');
      if (input.child === null) throw invalid('childName');
      const { consent, ...converted } = await repos.cases.convertToConsented(
        caseId,
        { child: input.child, consent: input.consent },
        kase.version,
      );
      await repos.history.record(caseId, { type: 'converted', detail: {} });
      await afterConsentRecorded(ctx, consent);
      await repos.drafts.deleteDraft('consent', caseId);
      return { kase: converted, converted: true };
    }
    const consent = await repos.consents.recordConsent(caseId, input.consent, consentRecordRule(input.consent));
    await afterConsentRecorded(ctx, consent);
    await repos.drafts.deleteDraft('consent', caseId);
    return { kase, converted: false };
  });
}

export async function withdrawConsent(ctx: UseCaseContext, caseId: string, consentId: string): Promise<Consent> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const consent = await repos.consents.withdrawConsent(caseId, consentId, requireResponsible);
    await repos.history.record(caseId, { type: 'consent.withdrawn', detail: { consentId } });
    // The plan channel follows at once: that unit's members leave and the card hides detail.
    await queueChannelSync(ctx, caseId);
    return consent;
  });
}
