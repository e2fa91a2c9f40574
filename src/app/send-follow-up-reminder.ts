/**
 * The outbox job of a follow-up reminder: tells the lead professional (whoever holds the role now)
 * that the plan's follow-up is coming up, or due today. A reminder for a plan version that has
 * been superseded, a date that has moved, or a case that stepped down or closed is not sent.
 */
import type { CaseStage } from '../domain/case';
import type { ReminderKind } from '../domain/follow-up';
import type { NoticePlace, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface ReminderContext {
  readonly orgUnitId: string;
  readonly reference: string;
  readonly stage: CaseStage;
  /** The latest agreed plan version and its follow-up date. */
  readonly agreed: { readonly version: number; readonly followUpDate: string | null } | null;
  readonly lead: Recipient | null;
}

export interface ReminderStore {
  reminderContext(caseId: string): Promise<ReminderContext | null>;
}

export interface ReminderJob {
  readonly caseId: string;
  readonly version: number;
  readonly dueDate: string;
  readonly when: ReminderKind;
}

export type ReminderResult =
  | { readonly sent: true; readonly activityId: string; readonly place?: NoticePlace }
  | { readonly sent: false; readonly skipped: string };

const followedUp: readonly CaseStage[] = ['plan-active', 'follow-up'];

export async function sendFollowUpReminder(
  store: ReminderStore,
  notifier: PersonalMessagePort,
  job: ReminderJob,
): Promise<ReminderResult> {
  const ctx = await store.reminderContext(job.caseId);
  if (ctx === null) return { sent: false, skipped: 'case-gone' };
  if (!followedUp.includes(ctx.stage)) return { sent: false, skipped: 'stage' };
  if (ctx.agreed === null || ctx.agreed.version !== job.version || ctx.agreed.followUpDate !== job.dueDate)
    return { sent: false, skipped: 'superseded' };
  if (ctx.lead === null) return { sent: false, skipped: 'no-lead' };
  const delivered = await notifier.send(ctx.lead, {
    kind: 'followUp.reminder',
    caseId: job.caseId,
    reference: ctx.reference,
    dueDate: job.dueDate,
    when: job.when,
  });
  return { sent: true, ...delivered };
}
