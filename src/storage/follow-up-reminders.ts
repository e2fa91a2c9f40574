/**
 * Follow-up reminders as outbox jobs: queued in the transaction that agrees a plan (or records a
 * follow-up), each keyed by case, plan version, due date and kind, and due at its own time. A
 * restart or a second instance neither drops nor doubles them: the job is persisted, and the
 * outbox's claim lets exactly one worker run it.
 */
import { reminderKey, reminderTimes } from '../domain/follow-up';
import type { Sql } from './database';
import type { Outbox } from './outbox';

export const followUpJobs = { remind: 'followUp.remind' } as const;

/** Days before the follow-up date the unit's lead professionals are reminded (configuration). */
export async function reminderDaysFor(tx: Sql, orgUnitId: string): Promise<number> {
  const r = await tx.query<{ days: number }>('SELECT follow_up_reminder_days AS days FROM org_unit WHERE id = $1', [orgUnitId]);
  return r.rows[0]?.days ?? 7;
}

export async function scheduleFollowUpReminders(
  tx: Sql,
  outbox: Outbox,
  plan: { caseId: string; orgUnitId: string; version: number; followUpDate: string | null },
  now: Date,
): Promise<number> {
  if (plan.followUpDate === null) return 0;
  const days = await reminderDaysFor(tx, plan.orgUnitId);
  let queued = 0;
  for (const { kind, runAt } of reminderTimes(plan.followUpDate, days, now)) {
    const r = await outbox.enqueue(tx, {
      kind: followUpJobs.remind,
      orgUnitId: plan.orgUnitId,
      caseId: plan.caseId,
      idempotencyKey: reminderKey(plan.caseId, plan.version, plan.followUpDate, kind),
      payload: { caseId: plan.caseId, version: plan.version, dueDate: plan.followUpDate, when: kind },
      runAfter: runAt,
    });
    if (r.created) queued++;
  }
  return queued;
}
