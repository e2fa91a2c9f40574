/** The outbox job of a routed worry: the named person gets a card in their personal chat, while they hold the role. */
import type { PersonalMessagePort, Recipient } from './follow-up-ports';

export interface WorryForNotice {
  readonly reference: string;
  readonly unitName: string;
}

export interface WorryNoticeStore {
  /** The case reference and the child's unit, if the person is still the case's named person and may see it; else null. */
  worryForNotice(caseId: string, to: Recipient): Promise<WorryForNotice | null>;
}

export async function sendWorryNotice(store: WorryNoticeStore, notifier: PersonalMessagePort, caseId: string, to: Recipient): Promise<{ sent: boolean; activityId?: string }> {
  const w = await store.worryForNotice(caseId, to);
  if (w === null) return { sent: false };
  const { activityId } = await notifier.send(to, { kind: 'worry.received', caseId, reference: w.reference, unitName: w.unitName });
  return { sent: true, activityId };
}
