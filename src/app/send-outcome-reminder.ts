/**
 * The outbox job that reminds of a consultation without an outcome: due a configured number of days
 * after it was raised; the case's named person(s) — or, without one, whoever raised it — get a card
 * in their personal chat. Nothing is sent once an outcome is recorded or the case is closed.
 */
import type { PersonalMessagePort, Recipient } from './follow-up-ports';

export interface OutcomeReminderStore {
  /** The reference and whom to remind, while the consultation is open without an outcome; else null. */
  consultationWithoutOutcome(caseId: string): Promise<{ reference: string; recipients: readonly Recipient[] } | null>;
}

export async function sendOutcomeReminder(
  store: OutcomeReminderStore,
  notifier: PersonalMessagePort,
  caseId: string,
): Promise<{ sent: number }> {
  const open = await store.consultationWithoutOutcome(caseId);
  if (open === null) return { sent: 0 };
  for (const to of open.recipients)
    await notifier.send(to, { kind: 'consultation.outcomeDue', caseId, reference: open.reference });
  return { sent: open.recipients.length };
}
