/**
 * The outbox jobs that remind of a consultation without an outcome. The reminder itself is due a
 * configured number of days after the consultation was raised; it queues one job per person to
 * remind — the case's named person(s) or, without one, whoever raised it — each keyed by the person,
 * so a retry never sends a card twice. Each of those sends one card to their personal chat. Nothing
 * is sent once an outcome is recorded or the case is closed.
 */
import type { NoticePlace, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface OutcomeReminderStore {
  /** Queues `consultation.outcomeDue` for each person to remind while the consultation is open without an outcome. */
  queueOutcomeNotices(caseId: string): Promise<{ queued: number }>;
  /** The reference, while the consultation is open without an outcome and `to` is still one to remind; else null. */
  outcomeDueFor(caseId: string, to: Recipient): Promise<{ reference: string } | null>;
}

export async function sendOutcomeReminder(store: OutcomeReminderStore, caseId: string): Promise<{ queued: number }> {
  return store.queueOutcomeNotices(caseId);
}

export async function sendOutcomeNotice(
  store: OutcomeReminderStore,
  notifier: PersonalMessagePort,
  caseId: string,
  to: Recipient,
): Promise<{ sent: number; place?: NoticePlace }> {
  const due = await store.outcomeDueFor(caseId, to);
  if (due === null) return { sent: 0 };
  const { place } = await notifier.send(to, { kind: 'consultation.outcomeDue', caseId, reference: due.reference });
  return { sent: 1, ...(place ? { place } : {}) };
}
