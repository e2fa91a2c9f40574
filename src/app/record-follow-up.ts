/**
 * Record a follow-up of the child's plan — one use case for every door: a new agreed plan version
 * with the statuses and levels (history kept), the post in the plan channel and the reminders for the
 * next date queued, the history written; a case that steps down or closes does so with the reason
 * given (responsibility returns to the named person). All of it or none.
 */
import { followUpProblems, followUpWriteRule, revisedPlan, type FollowUpRecord } from '../domain/follow-up';
import { formatStockholm } from '../domain/local-time';
import { invalid } from '../domain/errors';
import { changeStage } from './change-stage';
import type { UseCaseContext } from './context';
import { queueFollowUpReminders } from './follow-up-reminders';

export type FollowUpOutcomeResult =
  { readonly ok: true; readonly version: number } | { readonly ok: false; readonly field: string };

export async function recordFollowUp(
  ctx: UseCaseContext,
  caseId: string,
  record: FollowUpRecord,
  expectedVersion: number,
): Promise<FollowUpOutcomeResult> {
  const { repos } = ctx;
  const today = formatStockholm(ctx.clock.now()).slice(0, 10);
  return ctx.atomically(async () => {
    const reviewed = (await repos.plans.listPlanVersions(caseId)).filter((v) => v.agreed).at(-1);
    if (reviewed === undefined) throw invalid('plan');
    const [problem] = followUpProblems(record, reviewed.content, today);
    if (problem !== undefined) return { ok: false, field: problem };
    // The lead is whoever holds the role now (a hand-over may have moved it since the plan was agreed).
    const lead = (await repos.parties.listParties(caseId)).filter((p) => p.role === 'lead-professional').at(-1);
    const content = {
      ...revisedPlan(reviewed.content, record),
      ...(lead
        ? {
            leadProfessional: {
              tenantId: lead.tenantId,
              objectId: lead.objectId,
              displayName: lead.displayName,
              orgUnitId: lead.orgUnitId,
            },
          }
        : {}),
    };
    const { version } = await repos.followUps.recordFollowUp(
      caseId,
      { reviewed, content, record },
      expectedVersion,
      followUpWriteRule(record, reviewed.content, today),
    );
    const kase = await repos.cases.getCase(caseId);
    await repos.jobs.enqueue(caseId, {
      kind: 'plan.publish',
      key: `plan.publish:${caseId}:${version.version}`,
      payload: { caseId, version: version.version },
      coalesce: true,
    });
    await queueFollowUpReminders(ctx, {
      caseId,
      orgUnitId: kase.orgUnitId,
      version: version.version,
      followUpDate: content.followUpDate,
    });
    await repos.history.record(caseId, {
      type: 'followup.recorded',
      detail: { version: version.version, reviewedVersion: reviewed.version, outcome: record.outcome },
    });
    if (record.outcome !== 'continue')
      await changeStage(ctx, caseId, { type: record.outcome, reason: record.reason }, kase.version);
    return { ok: true, version: version.version };
  });
}
