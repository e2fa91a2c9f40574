/**
 * Raise a consultation: anonymous (no identity at all) or as a consented case with its consent. The
 * history records the creation; a consent given with the case is followed as any other (its history,
 * the plan channel re-checked when it ends).
 */
import type { ChildCase, ChildIdentity, ConsultationDetails } from '../domain/case';
import type { UseCaseContext } from './context';
import type { NewConsent } from './ports';
import { afterConsentRecorded } from './record-consent';

export async function raiseAnonymousConsultation(ctx: UseCaseContext, details: ConsultationDetails): Promise<ChildCase> {
  return ctx.atomically(async () => {
    const kase = await ctx.repos.cases.createCase({ kind: 'anonymous', details });
    await ctx.repos.history.record(kase.id, { type: 'created', detail: { kind: 'anonymous' } });
    return kase;
  });
}

export async function raiseConsentedCase(ctx: UseCaseContext, input: { details: ConsultationDetails; child: ChildIdentity; consent: NewConsent }): Promise<ChildCase> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const { consent, ...kase } = await repos.cases.createCase({ kind: 'consented', ...input });
    await repos.history.record(kase.id, { type: 'created', detail: { kind: 'consented' } });
    if (consent) await afterConsentRecorded(ctx, consent);
    await repos.drafts.deleteDraft('consultation', null);
    await repos.drafts.deleteDraft('consent', null);
    return kase;
  });
}
