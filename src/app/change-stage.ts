/**
 * Move a case along its course: advance, step down to single-agency work, or close. One use case for
 * every door (the close card, a follow-up's outcome, agreeing a plan). Stepping down or closing ends
 * the lead professional's role — responsibility returns to the named person — and closing queues the
 * plan channel's archiving; the history records each step. All of it or none.
 */
import { stageChangeRule, type ChildCase, type StageChange } from '../domain/case';
import { requireResponsible } from '../domain/standing';
import { queueChannelSync } from './plan-channel-sync';
import type { UseCaseContext } from './context';

export async function changeStage(
  ctx: UseCaseContext,
  caseId: string,
  change: StageChange,
  expectedVersion: number,
): Promise<ChildCase> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const reason = change.type === 'advance' ? null : change.reason;
    const { kase, from } = await repos.cases.changeStage(caseId, stageChangeRule(change, expectedVersion), reason);
    await repos.history.record(caseId, { type: `stage.${change.type}`, detail: { from, to: kase.stage, reason } });
    if (change.type !== 'advance') {
      const ended = await repos.parties.endRole(caseId, 'lead-professional', requireResponsible);
      if (ended > 0)
        await repos.history.record(caseId, { type: 'responsibility.returned', detail: { to: 'named-person' } });
      if (ended > 0) await queueChannelSync(ctx, caseId);
    }
    // A closed case's plan channel is archived or deleted (per configuration) by a job.
    if (kase.stage === 'closed')
      await repos.jobs.enqueue(caseId, {
        kind: 'plan.closeChannel',
        key: `plan.closeChannel:${caseId}`,
        payload: { caseId },
      });
    return kase;
  });
}
