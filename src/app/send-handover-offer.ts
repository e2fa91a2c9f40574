/** The outbox job of a hand-over offer: the receiver gets a card to accept or decline, while the offer is open. */
import type { HandoverRole, HandoverState } from '../domain/handover';
import type { NoticePlace, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface HandoverForOffer {
  readonly caseId: string;
  readonly reference: string;
  readonly role: HandoverRole;
  readonly fromName: string;
  readonly to: Recipient;
  readonly state: HandoverState;
}

export interface HandoverOfferStore {
  handoverForOffer(handoverId: string): Promise<HandoverForOffer | null>;
}

export async function sendHandoverOffer(
  store: HandoverOfferStore,
  notifier: PersonalMessagePort,
  handoverId: string,
): Promise<{ sent: boolean; activityId?: string; place?: NoticePlace }> {
  const h = await store.handoverForOffer(handoverId);
  if (h === null || h.state !== 'offered') return { sent: false };
  const delivered = await notifier.send(h.to, {
    kind: 'handover.offer',
    caseId: h.caseId,
    handoverId,
    reference: h.reference,
    role: h.role,
    fromName: h.fromName,
  });
  return { sent: true, ...delivered };
}
