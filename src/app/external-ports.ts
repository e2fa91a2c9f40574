/** The outer services side effects go to. Implemented in src/graph (Microsoft Graph) and src/teams (bot posts). */
import type { CaseKind, CaseStage, ConsultationOutcome } from '../domain/case';

export interface CalendarEventRequest {
  readonly organizerId: string;
  /** No child-identifying data: the opaque case reference only. */
  readonly subject: string;
  readonly bodyHtml: string;
  readonly start: Date;
  readonly end: Date;
  readonly attendees: readonly { readonly objectId: string; readonly email: string | null; readonly name: string }[];
  /** People outside the organisation invited by e-mail alone (the family): no name is sent with the address. */
  readonly externalAttendees?: readonly { readonly email: string }[];
  /** Each attendee sees only themselves in the invitation (set whenever the family is invited). */
  readonly hideAttendees?: boolean;
  readonly transactionId: string;
}

export interface CalendarPort {
  /** The event created earlier with this transactionId, if any (a retry after a crash finds it). */
  findEventByTransactionId(
    organizerId: string,
    transactionId: string,
  ): Promise<{ eventId: string; joinUrl: string | null } | null>;
  createMeetingEvent(request: CalendarEventRequest): Promise<{ eventId: string; joinUrl: string | null }>;
  /**
   * Narrows the Teams meeting's lobby bypass to the organisation (people from outside wait in the
   * lobby until admitted). App-only, Graph allows it only under an application access policy
   * (docs/permissions.md).
   */
  setLobbyToOrganization(organizerId: string, joinUrl: string): Promise<void>;
  freeSlots(
    organizerId: string,
    people: readonly string[],
    from: Date,
    to: Date,
    minutes: number,
  ): Promise<{ start: Date; end: Date }[]>;
}

export interface ChannelRef {
  readonly teamId: string;
  readonly channelId: string;
}

/** The plan channel on Microsoft Graph: a shared channel whose members are exactly the invited parties. */
export interface PlanChannelPort {
  find(teamId: string, displayName: string): Promise<ChannelRef | null>;
  /**
   * Creates the channel (with its one owner as the only member), or — when a channel of that unique
   * name exists already, e.g. created by a run that crashed before storing it — finds it
   * (`created: false`). Null when the asynchronous creation has not finished yet (try again later).
   */
  createShared(
    teamId: string,
    displayName: string,
    description: string,
    ownerObjectId: string,
  ): Promise<{ readonly ref: ChannelRef; readonly created: boolean } | null>;
  listMembers(ref: ChannelRef): Promise<{ membershipId: string; objectId: string }[]>;
  /**
   * Adds members; each with their own tenant: a partner tenant's professional (decision 0008) joins the
   * host's shared channel as an external (B2B direct connect) member, named with their tenant id.
   */
  addMembers(ref: ChannelRef, members: readonly ChannelMemberToAdd[]): Promise<{ objectId: string; status: number }[]>;
  removeMember(ref: ChannelRef, membershipId: string): Promise<void>;
  enableApp(ref: ChannelRef): Promise<void>;
  archive(ref: ChannelRef): Promise<void>;
  /** The fallback: make the app available in a meeting chat (its members are the invitees). */
  installAppInChat(chatId: string): Promise<void>;
  delete(ref: ChannelRef): Promise<void>;
}

/** What the plan card in the channel shows: no child-identifying data, detail only while consent covers everyone. */
export interface PlanChannelView {
  readonly reference: string;
  readonly version: number;
  readonly agreedBy: string;
  readonly hidden: boolean;
  /** The post leaves out parts not every member may see; they are in the tab for those who may. */
  readonly moreInTab: boolean;
  readonly goals: readonly { readonly goal: string; readonly inChildsWords: string }[];
  readonly actions: readonly {
    readonly what: string;
    readonly who: string;
    readonly orgUnitId: string;
    readonly byWhen: string;
    readonly howWeWillKnow: string;
  }[];
  readonly leadName: string;
  readonly followUpDate: string | null;
}

/** The bot's message in the channel: posted once, then updated on every revision. */
export interface ChannelPostPort {
  post(tenantId: string, ref: ChannelRef, view: PlanChannelView): Promise<{ activityId: string; serviceUrl: string }>;
  update(
    tenantId: string,
    ref: ChannelRef,
    serviceUrl: string,
    activityId: string,
    view: PlanChannelView,
  ): Promise<void>;
}

/**
 * The card a person acted on (the message of an Action.Execute): where a job that finishes later
 * updates it. Opaque connector ids only. `personal`: the card is in the person's own chat with the bot.
 */
export interface CardRef {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
  readonly personal: boolean;
}

/** What a finished long operation's case card shows: the case's opaque facts and what finished. */
export interface CaseCardView {
  readonly caseId: string;
  readonly reference: string;
  readonly kind: CaseKind;
  /** A group consultation: its card keeps the group's buttons (and offers no consent). */
  readonly group: boolean;
  readonly stage: CaseStage;
  readonly outcome: ConsultationOutcome | null;
  /** The parties (opaque ids): each gets their own view of the card through its per-user refresh. */
  readonly parties: readonly { readonly tenantId: string; readonly objectId: string }[];
  readonly done:
    | {
        readonly kind: 'meeting.created';
        readonly meetingId: string;
        readonly startsAt: Date;
        readonly joinUrl: string | null;
      }
    | { readonly kind: 'plan.posted'; readonly version: number };
}

/** The bot's update of a card in place (Bot Connector updateActivity). */
export interface CaseCardPort {
  update(card: CardRef, view: CaseCardView): Promise<void>;
}

/** A person to add to a plan channel: their object id in their own tenant, and that tenant. */
export interface ChannelMemberToAdd {
  readonly objectId: string;
  readonly tenantId: string;
}
