/**
 * Follow-up reminders as jobs queued by the use case that sets a follow-up date (agreeing a plan,
 * recording a follow-up): due at 08:00 Stockholm the unit's configured number of days before the date
 * and on the day, each keyed by case, plan version, date and kind, so a retry never doubles one.
 */
import { reminderKey, reminderTimes } from '../domain/follow-up';
import type { UseCaseContext } from './context';
import { unitOf } from './world';

export const defaultReminderDays = 7;

export async function queueFollowUpReminders(
  ctx: UseCaseContext,
  plan: { caseId: string; orgUnitId: string; version: number; followUpDate: string | null },
): Promise<number> {
  if (plan.followUpDate === null) return 0;
  const days = unitOf(ctx.world, plan.orgUnitId)?.followUpReminderDays ?? defaultReminderDays;
  let queued = 0;
  for (const { kind, runAt } of reminderTimes(plan.followUpDate, days, ctx.clock.now())) {
    const r = await ctx.repos.jobs.enqueue(plan.caseId, {
      kind: 'followUp.remind',
      key: reminderKey(plan.caseId, plan.version, plan.followUpDate, kind),
      payload: { caseId: plan.caseId, version: plan.version, dueDate: plan.followUpDate, when: kind },
      runAfter: runAt,
    });
    if (r.created) queued++;
  }
  return queued;
}
