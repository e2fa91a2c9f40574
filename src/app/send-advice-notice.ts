/**
 * The outbox job that tells a consultation's responsible party (whoever raised it, its named person)
 * that a consultee has answered — a card in their personal chat, with the consultee's name and unit
 * and the case reference only. One job per recipient and saved version, so a retry repeats nobody's.
 */
import type { NoticePlace, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface AdviceForNotice {
  readonly reference: string;
  readonly fromName: string;
  readonly unitName: string;
}

export interface AdviceNoticeStore {
  /** While the case is an open consultation, `author` still its consultee and `to` still responsible for it; else null. */
  adviceForNotice(caseId: string, to: Recipient, author: Recipient): Promise<AdviceForNotice | null>;
}

export async function sendAdviceNotice(
  store: AdviceNoticeStore,
  notifier: PersonalMessagePort,
  caseId: string,
  to: Recipient,
  author: Recipient,
): Promise<{ sent: boolean; place?: NoticePlace }> {
  const advice = await store.adviceForNotice(caseId, to, author);
  if (advice === null) return { sent: false };
  const { place } = await notifier.send(to, { kind: 'consultation.adviceGiven', caseId, ...advice });
  return { sent: true, ...(place ? { place } : {}) };
}
