/**
 * The typed data contract of every card template in cards/. One place: handlers build these,
 * fixtures (cards/*.fixture.json) follow them, render() expands them (the consultation's cards' contracts
 * are in consultation-contracts.ts, the meeting card's in meeting-contracts.ts). Texts arrive translated.
 * Nothing here is put in an action's `data` except opaque ids and versions.
 */
import { cardTemplate } from './render';
import type {
  ConsultCard,
  ConsultationOfferCard,
  GroupActionsCard,
  GroupConsultationCard,
  OutcomeCard,
} from './consultation-contracts';
export type {
  ConsultCard,
  ConsultationOfferCard,
  GroupActionsCard,
  GroupConsultationCard,
  OutcomeCard,
} from './consultation-contracts';
import type { HandoverCard, HandoverOfferCard } from './handover-contracts';
export type { HandoverCard, HandoverOfferCard } from './handover-contracts';
import type { MeetingCard } from './meeting-contracts';
export {
  meetingFields,
  type FamilyEmailInput,
  type FamilySection,
  type MeetingCard,
  type MeetingField,
} from './meeting-contracts';

export type Texts = Readonly<Record<string, string>>;
export interface Choice {
  readonly title: string;
  readonly value: string;
}
export interface Fact {
  readonly title: string;
  readonly value: string;
}
/** Every field of a form has a value and an error ('' when none), so templates never see undefined. */
export type FieldMap<K extends string> = Readonly<Record<K, string>>;

/** The anonymity guard's confirm step: a toggle (input id `namesConfirmed`) shown while words that look like names await confirmation. */
export interface NameCheck {
  readonly shown: boolean;
  readonly label: string;
}

/** The state every form card shares: what was typed, the message per field, one message for the form. */
export interface FormState<K extends string> {
  readonly values: FieldMap<K>;
  readonly errors: FieldMap<K>;
  readonly formError: string;
}

/** The way forward a refused form or message offers: here, recording the missing consent. */
export interface RemedyState {
  readonly recordConsent: boolean;
}

export interface HelpCard {
  readonly t: Texts;
  readonly commands: readonly { readonly name: string; readonly description: string }[];
}

export interface MessageCard extends RemedyState {
  readonly t: Texts;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly notice: string;
  /** The case the refused action was about: the card offers the way back to it ('' when none). */
  readonly caseId: string;
}

export const consultationFields = [
  'childUnit',
  'ageBand',
  'schoolYear',
  'worryAreas',
  'observations',
  'tried',
  'childName',
  'childBirth',
  'guardians',
] as const;
export type ConsultationField = (typeof consultationFields)[number];

export interface ConsultationCard extends FormState<ConsultationField> {
  readonly t: Texts;
  readonly mode: 'anonymous' | 'consented';
  readonly otherMode: 'anonymous' | 'consented';
  readonly ageBands: readonly Choice[];
  /** The child's unit (preschool, school or BVC) the worry goes to; suggested: the discoverer's own. */
  readonly units: readonly Choice[];
  readonly areas: readonly Choice[];
  readonly saved: string;
  readonly nameCheck: NameCheck;
  /** The group consultation this one is opened from (its case id, sent back with the form; '' when none). */
  readonly fromGroup: string;
  /** The link back shown on the form ('' when none). */
  readonly fromGroupNote: string;
}

export const consentFields = [
  'childName',
  'childBirth',
  'guardians',
  'childConsents',
  'orgUnits',
  'categories',
  'purpose',
  'validUntil',
  'obtainedHow',
] as const;
export type ConsentField = (typeof consentFields)[number];

export interface ConsentCard extends FormState<ConsentField> {
  readonly t: Texts;
  /** The case id, or '' when the consent creates a new consented case from the consultation draft. */
  readonly caseId: string;
  readonly needsIdentity: boolean;
  readonly units: readonly Choice[];
  readonly categories: readonly Choice[];
  /** Per category, what a unit it covers will see of the case (the wheel's areas and the fields it opens). */
  readonly categoryParts: readonly Fact[];
  /** How consent was obtained: in writing, orally and documented, digitally. */
  readonly methods: readonly Choice[];
  readonly saved: string;
}

export interface ConsentListCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly message: string;
  readonly consents: readonly {
    readonly id: string;
    readonly summary: string;
    readonly status: string;
    readonly canWithdraw: boolean;
  }[];
  /** Per agency covered by a consent in force: what it sees of the case now (one line each). */
  readonly sees: readonly string[];
  /** After a withdrawal: one-time links to the family's confirmation (PDF), Swedish and English; '' otherwise. */
  readonly confirmationSv: string;
  readonly confirmationEn: string;
}

/** One-time links to the consent information sheet: the guardians' and the child's, Swedish and English. */
export interface ConsentSheetLinkCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly guardiansSv: string;
  readonly childSv: string;
  readonly guardiansEn: string;
  readonly childEn: string;
}

export interface FiveQuestionsCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly questions: readonly {
    readonly inputId: string;
    readonly label: string;
    readonly value: string;
    readonly error: string;
  }[];
  readonly formError: string;
  readonly saved: string;
  readonly nameCheck: NameCheck;
}

export interface WheelCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly levels: readonly Choice[];
  readonly areas: readonly {
    readonly id: string;
    readonly label: string;
    readonly description: string;
    readonly level: string;
    readonly strengths: string;
    readonly worries: string;
    readonly childView: string;
    readonly error: string;
    /** The chosen level in words, shown while the area is closed. */
    readonly summary: string;
    /** The area's inputs are shown (the others stay closed until the user opens them). */
    readonly open: boolean;
  }[];
  readonly formError: string;
  readonly saved: string;
  readonly reportNotice: string;
  readonly nameCheck: NameCheck;
}

export interface CaseSummaryCard {
  readonly t: Texts;
  readonly caseId: string;
  /** A meeting whose creation is in progress ('' when none). */
  readonly meetingId: string;
  /** The created meeting's Teams join link (https), shown as a button ('' when none). */
  readonly joinUrl: string;
  /** The agreed plan is being posted: offer to check. */
  readonly planStatus: boolean;
  /**
   * The operation the card reports, so its per-user refresh reports it too: `meeting` (the meeting
   * `refreshMeetingId`'s creation; '' otherwise), `plan` (the plan's post) or '' (none).
   */
  readonly refreshProgress: '' | 'meeting' | 'plan';
  readonly refreshMeetingId: string;
  /** Meeting and plan actions are offered for consented cases only. */
  readonly consented: boolean;
  /** A group consultation: its actions and the individual consultation opened from it; no consent. */
  readonly group: boolean;
  /** Teams user ids of the parties: each gets personal detail through a refresh that re-checks access. */
  readonly userIds: readonly string[];
  readonly message: string;
  readonly reportNotice: string;
  readonly facts: readonly Fact[];
  readonly personal: boolean;
  readonly details: readonly Fact[];
  readonly participants: readonly string[];
}

export interface CaseListCard {
  readonly t: Texts;
  readonly cases: readonly { readonly id: string; readonly reference: string; readonly description: string }[];
}

export const planFields = [
  'reason',
  'childsWish',
  'lead',
  'leadReason',
  'followUp',
  'disagreements',
  'goals',
  'actions',
] as const;
export type PlanField = (typeof planFields)[number];

export interface PlanCard extends FormState<PlanField>, RemedyState {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly units: readonly Choice[];
  readonly parties: readonly Choice[];
  /** The levels a need can take (the first: none given). */
  readonly levels: readonly Choice[];
  readonly needs: readonly {
    readonly needId: string;
    readonly viewId: string;
    readonly guardianId: string;
    readonly levelId: string;
    readonly label: string;
    readonly need: string;
    readonly childView: string;
    readonly guardianView: string;
    readonly level: string;
    /** The child's own rating of the area (domain/child-voice.ts), as a face and word; '' when none or not seen. */
    readonly childRating: string;
  }[];
  readonly goals: readonly {
    readonly goalId: string;
    readonly wordsId: string;
    readonly label: string;
    readonly goal: string;
    readonly words: string;
  }[];
  readonly actions: readonly {
    readonly prefix: string;
    readonly label: string;
    readonly what: string;
    readonly who: string;
    readonly unit: string;
    readonly byWhen: string;
    readonly how: string;
    readonly error: string;
  }[];
  readonly saved: string;
}

/** The plan card the bot posts in the plan channel: no child-identifying data. */
export interface PlanChannelCard {
  readonly t: Texts;
  readonly hidden: boolean;
  /** Some of the plan is left out: not every member's agency may see it (it is in the tab for those who may). */
  readonly moreInTab: boolean;
  readonly goals: readonly string[];
  readonly actions: readonly Fact[];
}

export interface CloseCaseCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly reason: string;
  readonly error: string;
  readonly nameCheck: NameCheck;
}

/** The lead professional's reminder in their personal chat: the case reference and the date only. */
export interface FollowUpReminderCard {
  readonly t: Texts;
  readonly caseId: string;
}

/** The follow-up form: per action done / partly / not done with the evidence, per area the new level. */
export interface FollowUpCard {
  readonly t: Texts;
  readonly caseId: string;
  /** The latest plan version read (optimistic concurrency). */
  readonly version: number;
  /** Areas that did not improve over two follow-ups: widen the team (question 5), '' when none. */
  readonly escalation: string;
  readonly statuses: readonly Choice[];
  readonly levels: readonly Choice[];
  readonly outcomes: readonly Choice[];
  readonly actions: readonly {
    readonly id: string;
    readonly label: string;
    readonly detail: string;
    readonly status: string;
    readonly evidence: string;
    readonly error: string;
  }[];
  readonly areas: readonly {
    readonly id: string;
    readonly label: string;
    readonly level: string;
    readonly error: string;
  }[];
  readonly outcome: string;
  readonly nextFollowUp: string;
  readonly reason: string;
  readonly errors: FieldMap<'nextFollowUp' | 'reason'>;
  readonly formError: string;
}

/** Offering my role to someone else; they must accept. */
/** A single-use, short-lived link to the family's PDF of the plan (the URL holds a random token only). */
export interface FamilyPdfLinkCard {
  readonly t: Texts;
  readonly url: string;
  readonly caseId: string;
}

/** The named person's card: a worry about a child of their unit was routed to them. */
export interface WorryReceivedCard {
  readonly t: Texts;
  readonly caseId: string;
}

/** A person in several units' groups chooses the unit they act for. */
export interface UnitChoiceCard {
  readonly t: Texts;
  readonly current: string;
  readonly units: readonly Choice[];
  readonly notice: string;
  readonly error: string;
}

export const cards = {
  help: cardTemplate<HelpCard>('help'),
  message: cardTemplate<MessageCard>('message'),
  consultation: cardTemplate<ConsultationCard>('consultation'),
  consent: cardTemplate<ConsentCard>('consent'),
  consentList: cardTemplate<ConsentListCard>('consent-list'),
  fiveQuestions: cardTemplate<FiveQuestionsCard>('five-questions'),
  wheel: cardTemplate<WheelCard>('wheel'),
  caseSummary: cardTemplate<CaseSummaryCard>('case-summary'),
  caseList: cardTemplate<CaseListCard>('case-list'),
  meeting: cardTemplate<MeetingCard>('meeting'),
  plan: cardTemplate<PlanCard>('plan'),
  planChannel: cardTemplate<PlanChannelCard>('plan-channel'),
  familyPdfLink: cardTemplate<FamilyPdfLinkCard>('family-pdf-link'),
  consentSheetLink: cardTemplate<ConsentSheetLinkCard>('consent-sheet-link'),
  closeCase: cardTemplate<CloseCaseCard>('close-case'),
  followUpReminder: cardTemplate<FollowUpReminderCard>('follow-up-reminder'),
  followUp: cardTemplate<FollowUpCard>('follow-up'),
  handover: cardTemplate<HandoverCard>('handover'),
  handoverOffer: cardTemplate<HandoverOfferCard>('handover-offer'),
  worryReceived: cardTemplate<WorryReceivedCard>('worry-received'),
  unitChoice: cardTemplate<UnitChoiceCard>('unit-choice'),
  consult: cardTemplate<ConsultCard>('consult'),
  outcome: cardTemplate<OutcomeCard>('outcome'),
  consultationOffer: cardTemplate<ConsultationOfferCard>('consultation-offer'),
  groupConsultation: cardTemplate<GroupConsultationCard>('group-consultation'),
  groupActions: cardTemplate<GroupActionsCard>('group-actions'),
} as const;
