/**
 * The jobs of a consultation asked of a unit's consultation function: each member gets a card to
 * take it (not once it is taken); when it is taken, the cards already sent to the others are
 * updated in place to say who took it.
 */
import { JobError } from '../domain/errors';
import type { NoticePlace, PersonalAppInstallPort, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface ConsultationOffer {
  readonly caseId: string;
  readonly reference: string;
  readonly askingUnit: string;
  readonly functionName: string;
  /** Who took it; null while it is open. */
  readonly takenBy: string | null;
  readonly takenByObjectId: string | null;
}

export interface ConsultationOfferStore {
  consultationOffer(requestId: string, locale: 'sv' | 'en'): Promise<ConsultationOffer | null>;
  /** The cards sent for the request: to whom, and the activity to update. */
  consultationOffersSent(requestId: string): Promise<readonly { to: Recipient; activityId: string }[]>;
}

export async function sendConsultationOffer(
  store: ConsultationOfferStore,
  notifier: PersonalMessagePort,
  requestId: string,
  to: Recipient,
  installer?: PersonalAppInstallPort,
): Promise<{ sent: boolean; activityId?: string; place?: NoticePlace }> {
  const offer = await store.consultationOffer(requestId, 'sv');
  if (offer === null || offer.takenBy !== null) return { sent: false };
  try {
    const delivered = await notifier.send(to, { kind: 'consultation.offer', requestId, ...offer });
    return { sent: true, ...delivered };
  } catch (err) {
    // Someone who never talked to the bot: Samsyn installs itself for them; the retry sends.
    if (installer && err instanceof JobError && err.code === 'RecipientUnreachable') await installer.installFor(to);
    throw err;
  }
}

export async function updateTakenOffers(
  store: ConsultationOfferStore,
  notifier: PersonalMessagePort,
  requestId: string,
): Promise<{ updated: number }> {
  const offer = await store.consultationOffer(requestId, 'sv');
  if (offer === null || offer.takenBy === null || notifier.update === undefined) return { updated: 0 };
  let updated = 0;
  for (const sent of await store.consultationOffersSent(requestId)) {
    if (sent.to.objectId === offer.takenByObjectId) continue;
    await notifier.update(sent.to, sent.activityId, { kind: 'consultation.offer', requestId, ...offer });
    updated += 1;
  }
  return { updated };
}
