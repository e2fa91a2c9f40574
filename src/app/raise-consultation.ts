/**
 * Raise a consultation: anonymous (no identity at all) or as a consented case with its consent. The
 * worry is routed to the named person(s) of the child's unit (chosen on the form): they become
 * parties and each gets a card in their personal chat (an outbox job, once per case and person).
 * With no named person there, the discoverer stays responsible and is told so. The history records
 * the creation and who received the worry (the unit and the professionals; nothing about the child);
 * a consent given with the case is followed as any other (its history, the channel re-checked when it ends).
 * A group consultation (details.group, domain/group.ts) is raised as an anonymous one.
 */
import type { CaseParty, ChildCase, ChildIdentity, ConsultationDetails } from '../domain/case';
import type { UseCaseContext } from './context';
import { defaultOutcomeReminderDays } from './record-outcome';
import type { NewConsent } from './ports';
import { afterConsentRecorded } from './record-consent';

export interface RaisedConsultation {
  readonly kase: ChildCase;
  /** The named persons the worry was routed to; empty: nobody, the discoverer stays responsible. */
  readonly namedPersons: readonly CaseParty[];
}

/** `childUnitId`: the child's preschool, school or BVC; absent: the discoverer's own unit. */
export function raiseAnonymousConsultation(
  ctx: UseCaseContext,
  details: ConsultationDetails,
  childUnitId?: string,
): Promise<RaisedConsultation> {
  return ctx.atomically(async () => {
    const kase = await ctx.repos.cases.createCase({ kind: 'anonymous', details });
    await ctx.repos.history.record(kase.id, {
      type: 'created',
      detail: { kind: 'anonymous', ...(details.group ? { subject: 'group' } : {}) },
    });
    const days = ctx.world.consultationOutcomeReminderDays ?? defaultOutcomeReminderDays;
    await ctx.repos.jobs.enqueue(kase.id, {
      kind: 'consultation.outcomeReminder',
      key: `consultation.outcomeReminder:${kase.id}`,
      payload: { caseId: kase.id },
      runAfter: new Date(ctx.clock.now().getTime() + days * 86_400_000),
    });
    return { kase, namedPersons: await routeWorry(ctx, kase.id, childUnitId ?? ctx.actor.orgUnitId) };
  });
}

export function raiseConsentedCase(
  ctx: UseCaseContext,
  input: { details: ConsultationDetails; child: ChildIdentity; consent: NewConsent; childUnitId?: string },
): Promise<RaisedConsultation> {
  const { childUnitId, ...rest } = input;
  return ctx.atomically(async () => {
    const { consent, ...kase } = await ctx.repos.cases.createCase({ kind: 'consented', ...rest });
    await ctx.repos.history.record(kase.id, { type: 'created', detail: { kind: 'consented' } });
    if (consent) await afterConsentRecorded(ctx, consent);
    const namedPersons = await routeWorry(ctx, kase.id, childUnitId ?? ctx.actor.orgUnitId);
    await ctx.repos.drafts.deleteDraft('consultation', null);
    await ctx.repos.drafts.deleteDraft('consent', null);
    return { kase, namedPersons };
  });
}

/** The named persons of the unit become parties; each is sent the worry once (the job's key). */
async function routeWorry(ctx: UseCaseContext, caseId: string, unitId: string): Promise<CaseParty[]> {
  const { repos } = ctx;
  const named = await repos.parties.addNamedPersons(caseId, unitId);
  // A discoverer who is the unit's named person raised it themselves: no card for them.
  for (const p of named.filter((x) => !(x.tenantId === ctx.actor.tenantId && x.objectId === ctx.actor.objectId))) {
    await repos.jobs.enqueue(caseId, {
      kind: 'worry.notify',
      key: `worry.notify:${caseId}:${p.tenantId}:${p.objectId}`,
      payload: { caseId, tenantId: p.tenantId, objectId: p.objectId },
    });
  }
  await repos.history.record(caseId, {
    type: 'worry.routed',
    detail: { orgUnitId: unitId, to: named.map((p) => p.displayName) },
  });
  return named;
}
