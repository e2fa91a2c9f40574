/**
 * Where a partner tenant's professional gets the bot's cards (decision 0008, issue 19 item 4) — decided
 * here, once, for every personal job kind (worry notice, consultee invitation, consultation request,
 * hand-over offer, follow-up and outcome reminders, advice notice). The single-tenant bot cannot open
 * or use a personal chat across tenants, so a notice meant for them goes:
 *  1. to the case's plan channel (the host team's shared channel) when they are among its members;
 *  2. else to the chat of the case's latest created meeting they are invited to;
 * in both with them @mentioned and the same card as in a personal chat (the case reference, units and
 * names of professionals only: nothing identifying the child, also in an anonymous consultation);
 *  3. else nowhere: the job's result records `place: 'tab'` — the case is in their tab's personal view.
 * Anyone else gets the personal message as before. A retry repeats the post only if the job did not
 * finish, as for a personal message (decision 0004's post window).
 */
import { meetingChatId } from '../domain/meeting';
import type { Delivered, PersonalMessagePort, PersonalNotice, Recipient } from './follow-up-ports';

/** What the case offers a partner professional: its plan channel and its meetings (no child data). */
export interface SharedPlaceFacts {
  /** Their display name, for the mention (the membership cache; '' when unknown). */
  readonly displayName: string;
  /** The case's plan channel; `teamId` null when the plan went to a meeting chat instead. */
  readonly channel: {
    readonly teamId: string | null;
    readonly channelId: string | null;
    readonly serviceUrl: string | null;
    readonly active: boolean;
    readonly memberObjectIds: readonly string[];
  } | null;
  /** The join URLs of the case's created meetings the person is invited to, latest first. */
  readonly meetingJoinUrls: readonly string[];
}

export interface SharedPlaceStore {
  /** Null when the case is gone. */
  sharedPlaceFacts(caseId: string, to: Recipient): Promise<SharedPlaceFacts | null>;
}

/** A conversation the bot posts into with the person mentioned. */
export type SharedPlace =
  | { readonly kind: 'planChannel'; readonly conversationId: string; readonly serviceUrl: string | null }
  | { readonly kind: 'meetingChat'; readonly conversationId: string; readonly serviceUrl: null };

/** The person a shared post mentions. */
export interface Mentioned extends Recipient {
  readonly displayName: string;
}

/** The bot's cards in a shared conversation (Teams: a channel or group chat message with an @mention). */
export interface SharedNoticePort {
  post(place: SharedPlace, to: Mentioned, notice: PersonalNotice): Promise<{ activityId: string }>;
  update(place: SharedPlace, activityId: string, to: Mentioned, notice: PersonalNotice): Promise<void>;
}

/** The one rule: the plan channel they are a member of, else the latest meeting chat they are invited to, else none. */
export function sharedPlaceFor(facts: SharedPlaceFacts, to: Recipient): SharedPlace | null {
  const c = facts.channel;
  if (c?.active && c.teamId && c.channelId && c.memberObjectIds.includes(to.objectId))
    return { kind: 'planChannel', conversationId: c.channelId, serviceUrl: c.serviceUrl };
  for (const url of facts.meetingJoinUrls) {
    const chatId = meetingChatId(url);
    if (chatId !== null) return { kind: 'meetingChat', conversationId: chatId, serviceUrl: null };
  }
  return null;
}

export interface PartnerNoticeDeps {
  /** Whether the person belongs to a partner tenant (no personal chat with the bot). */
  readonly isPartner: (to: Recipient) => boolean;
  readonly store: SharedPlaceStore;
  readonly shared: SharedNoticePort;
  /** Makes the app available in a meeting chat before the bot posts there (Graph; done when it already is). */
  readonly installInChat?: (chatId: string) => Promise<void>;
}

/** The personal messages, with a partner tenant's professionals' notices sent where they can see them. */
export function partnerAwareNotifier(personal: PersonalMessagePort, deps: PartnerNoticeDeps): PersonalMessagePort {
  const placeOf = async (to: Recipient, notice: PersonalNotice) => {
    const facts = await deps.store.sharedPlaceFacts(notice.caseId, to);
    const place = facts && sharedPlaceFor(facts, to);
    return place && facts ? { place, mentioned: { ...to, displayName: facts.displayName } } : null;
  };
  const notifier: PersonalMessagePort = {
    async send(to, notice): Promise<Delivered> {
      if (!deps.isPartner(to)) return personal.send(to, notice);
      const found = await placeOf(to, notice);
      if (found === null) return { activityId: '', place: 'tab' };
      const { place, mentioned } = found;
      if (place.kind === 'meetingChat' && deps.installInChat) await deps.installInChat(place.conversationId);
      const { activityId } = await deps.shared.post(place, mentioned, notice);
      return { activityId, place: place.kind };
    },
  };
  const update = personal.update?.bind(personal);
  if (update)
    notifier.update = async (to, activityId, notice) => {
      if (!deps.isPartner(to)) return update(to, activityId, notice);
      if (activityId === '') return;
      const found = await placeOf(to, notice);
      if (found !== null) await deps.shared.update(found.place, activityId, found.mentioned, notice);
    };
  return notifier;
}
