/** Ports for following up plans and handing over roles: repositories and the bot's personal messages. */
import type { FollowUp, FollowUpRecord, ReminderKind } from '../domain/follow-up';
import type { Handover, HandoverRole } from '../domain/handover';
import type { PlanContent, PlanVersion } from '../domain/plan';
import type { WriteRule } from '../domain/standing';

/** A follow-up to store: the plan version it reviewed, the revised plan, and what was recorded. */
export interface NewFollowUp {
  readonly reviewed: PlanVersion;
  readonly content: PlanContent;
  readonly record: FollowUpRecord;
}

export interface FollowUpRepository {
  /**
   * Stores a follow-up of the latest agreed plan as a new agreed plan version (history is kept), if
   * `rule` passes. `expectedVersion` is the latest plan version read; a stale write is a Conflict.
   */
  recordFollowUp(
    caseId: string,
    entry: NewFollowUp,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<{ version: PlanVersion; followUp: FollowUp }>;
  /** Every recorded follow-up of the case, oldest first. */
  listFollowUps(caseId: string): Promise<FollowUp[]>;
}

export interface HandoverRepository {
  /** Offers my role to another member; they get a card to accept or decline. I stay responsible until they accept. */
  offerHandover(caseId: string, role: HandoverRole, to: { tenantId: string; objectId: string }): Promise<Handover>;
  /** The receiver's answer; accepting moves the role from the giver to the receiver. */
  decideHandover(caseId: string, handoverId: string, accept: boolean): Promise<Handover>;
  /** Every hand-over of the case, oldest first. */
  listHandovers(caseId: string): Promise<Handover[]>;
}

/** What the bot says to one person in its 1:1 chat. Opaque ids and the case reference only. */
export type PersonalNotice =
  | {
      readonly kind: 'followUp.reminder';
      readonly caseId: string;
      readonly reference: string;
      readonly dueDate: string;
      readonly when: ReminderKind;
    }
  | {
      readonly kind: 'handover.offer';
      readonly caseId: string;
      readonly handoverId: string;
      readonly reference: string;
      readonly role: HandoverRole;
      readonly fromName: string;
    }
  | {
      readonly kind: 'worry.received';
      readonly caseId: string;
      readonly reference: string;
      readonly unitName: string;
      /** A group consultation (issue 17, item 3). */
      readonly group?: boolean;
    }
  | { readonly kind: 'consultation.outcomeDue'; readonly caseId: string; readonly reference: string }
  | {
      readonly kind: 'consultation.adviceGiven';
      readonly caseId: string;
      readonly reference: string;
      /** The consultee who answered, and the unit they act for. */
      readonly fromName: string;
      readonly unitName: string;
    }
  | {
      readonly kind: 'consultation.offer';
      readonly requestId: string;
      readonly caseId: string;
      readonly reference: string;
      readonly askingUnit: string;
      readonly functionName: string;
      readonly takenBy: string | null;
      readonly takenByObjectId: string | null;
    }
  | {
      readonly kind: 'consultee.invited';
      readonly caseId: string;
      readonly reference: string;
      readonly unitName: string;
      readonly group?: boolean;
    };

export interface Recipient {
  readonly tenantId: string;
  readonly objectId: string;
}

/**
 * Where a notice went: the person's personal chat (the default, unnamed), or — for a partner tenant's
 * professional, who has none (decision 0008) — the case's plan channel or meeting chat, or nowhere but
 * the tab ('tab', no message: the card's case is in their personal view).
 */
export type NoticePlace = 'planChannel' | 'meetingChat' | 'tab';

/** A notice delivered: the message to update later ('' when none was sent), and where, if not the personal chat. */
export interface Delivered {
  readonly activityId: string;
  readonly place?: NoticePlace;
}

/** The bot's proactive message to one person (Teams: their personal chat with the bot). */
export interface PersonalMessagePort {
  send(to: Recipient, notice: PersonalNotice): Promise<Delivered>;
  /** Replaces a card sent earlier (Teams: updateActivity in their personal chat). */
  update?(to: Recipient, activityId: string, notice: PersonalNotice): Promise<void>;
}

/** Installs the app for one person (Teams: their personal scope), so the bot can open a chat with them. */
export interface PersonalAppInstallPort {
  /** Done when installed, also when it already was. */
  installFor(to: Recipient): Promise<void>;
}
