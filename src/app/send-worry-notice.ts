/**
 * The outbox job of a routed worry (the named person) or a consultation invitation (the consultee):
 * a card in their personal chat, while they hold the role.
 */
import { JobError } from '../domain/errors';
import type { NoticePlace, PersonalAppInstallPort, PersonalMessagePort, Recipient } from './follow-up-ports';

export interface WorryForNotice {
  readonly reference: string;
  readonly unitName: string;
  /** A group consultation: the card speaks of a group of children, not a child. */
  readonly group: boolean;
}

export interface WorryNoticeStore {
  /** The case reference and the child's unit, if the person is still the case's named person and may see it; else null. */
  worryForNotice(caseId: string, to: Recipient): Promise<WorryForNotice | null>;
  /** The same for a consultee invited to an anonymous consultation. */
  consulteeForNotice(caseId: string, to: Recipient): Promise<WorryForNotice | null>;
}

/**
 * A person who has never talked to the bot cannot be written to: the app is installed for them
 * (`installer`) and the job fails retryably, to send once Teams has opened the personal chat.
 */
export async function sendWorryNotice(
  store: WorryNoticeStore,
  notifier: PersonalMessagePort,
  caseId: string,
  to: Recipient,
  installer?: PersonalAppInstallPort,
  kind: 'worry.received' | 'consultee.invited' = 'worry.received',
): Promise<{ sent: boolean; activityId?: string; place?: NoticePlace }> {
  const w = await (kind === 'worry.received' ? store.worryForNotice(caseId, to) : store.consulteeForNotice(caseId, to));
  if (w === null) return { sent: false };
  try {
    const delivered = await notifier.send(to, {
      kind,
      caseId,
      reference: w.reference,
      unitName: w.unitName,
      group: w.group,
    });
    return { sent: true, ...delivered };
  } catch (err) {
    if (installer && err instanceof JobError && err.code === 'RecipientUnreachable') await installer.installFor(to);
    throw err;
  }
}
