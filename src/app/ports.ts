/**
 * What the use cases need from storage. The storage layer implements these per request for one
 * actor, with the access check and the audit entry inside every method; use cases never check roles.
 */
import type { Speaker, Voice, VoiceContent } from '../domain/child-voice';
import type { FrozenConsultation, FrozenConsultationSummary } from '../domain/frozen-consultation';
import type { AssessmentContent, AssessmentEntry } from '../domain/assessment';
import type {
  CaseParty,
  CaseStage,
  ChildCase,
  ChildIdentity,
  ConsultationDetails,
  ConsultationOutcome,
  PartyRole,
} from '../domain/case';
import type { Consent, ConsentInput } from '../domain/consent';
import type { FamilyInvitee } from '../domain/family-invitation';
import type { CaseLenses, LensContent } from '../domain/lens';
import type { Meeting } from '../domain/meeting';
import type { PlanContent, PlanVersion } from '../domain/plan';
import type { FollowUpRepository, HandoverRepository } from './follow-up-ports';
import type { JobRequest } from './jobs';
import type { Decide, WriteRule } from '../domain/standing';

export type NewConsent = ConsentInput;

export type NewCase =
  | { readonly kind: 'anonymous'; readonly details: ConsultationDetails }
  | {
      readonly kind: 'consented';
      readonly details: ConsultationDetails;
      readonly child: ChildIdentity;
      readonly consent: NewConsent;
    };

export interface CaseSummary {
  readonly id: string;
  readonly reference: string;
  readonly kind: ChildCase['kind'];
  /** A group consultation (issue 17, item 3). */
  readonly group: boolean;
  readonly stage: CaseStage;
  readonly myRoles: readonly PartyRole[];
  readonly updatedAt: Date;
}

export interface CaseEvent {
  readonly at: Date;
  readonly actorName: string;
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface PartyKey {
  readonly tenantId: string;
  readonly objectId: string;
  readonly role: PartyRole;
}

export interface CaseRepository {
  /** The new case; a consented one with the consent recorded with it. */
  createCase(input: NewCase): Promise<ChildCase & { readonly consent?: Consent }>;
  listMyCases(): Promise<CaseSummary[]>;
  getCase(caseId: string): Promise<ChildCase>;
  /** Moves the case to the stage `decide` names on the locked case (the version goes up); `reason` when it closes. */
  changeStage(
    caseId: string,
    decide: Decide<CaseStage>,
    reason: string | null,
  ): Promise<{ kase: ChildCase; from: CaseStage }>;
  /** Records how the consultation ended, if `rule` passes on the locked case (the version goes up). */
  recordOutcome(caseId: string, outcome: ConsultationOutcome, rule: WriteRule): Promise<ChildCase>;
  /** Replaces a group consultation's actions for the group, if `rule` passes on the locked case (the version goes up). */
  saveGroupActions(caseId: string, actions: readonly string[], rule: WriteRule): Promise<ChildCase>;
  /** The case, now consented, with the consent recorded with it. */
  convertToConsented(
    caseId: string,
    input: { child: ChildIdentity; consent: NewConsent },
    expectedVersion: number,
  ): Promise<ChildCase & { readonly consent: Consent }>;
  /** Whether the actor may still see the case (for open event streams); only a refusal is audited. */
  stillVisible(caseId: string): Promise<boolean>;
}

/** The case's history (who did what, when): written by use cases, read by parties. */
export interface HistoryRepository {
  record(
    caseId: string,
    event: { readonly type: string; readonly detail: Readonly<Record<string, unknown>> },
  ): Promise<void>;
  list(caseId: string): Promise<CaseEvent[]>;
}

/** Side effects queued in the use case's transaction (the outbox); a second request with the same key is a no-op. */
export interface JobRepository {
  enqueue(caseId: string, job: JobRequest): Promise<{ readonly created: boolean }>;
}

/** A case's parties, and the Teams user ids of those the bot has met (a card's per-user refresh). */
export interface PartiesWithTeamsIds {
  readonly parties: CaseParty[];
  readonly teamsUserIds: string[];
}

export interface PartyRepository {
  listParties(caseId: string): Promise<CaseParty[]>;
  /**
   * The parties and, in the same statement, the Teams user ids of those seen in a turn (a card's
   * per-user refresh, at most `limit`): what listParties and a Teams id look-up give, one round trip.
   */
  listPartiesWithTeamsIds(caseId: string, limit?: number): Promise<PartiesWithTeamsIds>;
  /** Adds (or brings back) a party if `rule` passes (by default the domain's: domain/case.ts partyAddRule). */
  addParty(caseId: string, party: CaseParty, rule?: WriteRule): Promise<void>;
  /**
   * Makes the named person(s) of a unit (role named-person in the membership cache) parties of the case,
   * if `rule` passes (by default: a responsible party) and that unit may see the case; those added.
   */
  addNamedPersons(caseId: string, unitId: string, rule?: WriteRule): Promise<CaseParty[]>;
  /** Removes a party if `rule` passes (by default: a responsible party). */
  removeParty(caseId: string, party: PartyKey, rule?: WriteRule): Promise<void>;
  /** Ends every active holding of a role (e.g. the lead professional's at step-down); how many ended. */
  endRole(caseId: string, role: PartyRole, rule?: WriteRule): Promise<number>;
}

export interface ConsentRepository {
  /** Stores a consent if `rule` passes (by default the domain's: domain/consent.ts consentRecordRule). */
  recordConsent(caseId: string, input: NewConsent, rule?: WriteRule): Promise<Consent>;
  /** Marks a consent withdrawn now if `rule` passes (by default: a responsible party). */
  withdrawConsent(caseId: string, consentId: string, rule?: WriteRule): Promise<Consent>;
  listConsents(caseId: string): Promise<Consent[]>;
}

export interface AssessmentRepository {
  listAssessments(caseId: string): Promise<AssessmentEntry[]>;
  getMyAssessment(caseId: string): Promise<AssessmentEntry | null>;
  /**
   * `expectedVersion` is the version read (0 for a first entry); a stale write is a Conflict.
   * `draft`: the actor's draft of that form on the case goes with a save, in the same statement
   * (audited as draft.write too); a refused save keeps it.
   */
  saveAssessment(
    caseId: string,
    content: AssessmentContent,
    expectedVersion: number,
    rule: WriteRule,
    draft?: 'five-questions' | 'wheel',
  ): Promise<AssessmentEntry>;
}

/** A case's optional GIRFEC lenses (domain/lens.ts): one row per case, versioned as a whole. */
export interface LensRepository {
  getLenses(caseId: string): Promise<CaseLenses>;
  /** `expectedVersion` is the version read (0 while none is stored); a stale write is a Conflict. */
  chooseLenses(
    caseId: string,
    chosen: readonly string[],
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<CaseLenses>;
  saveLensContent(
    caseId: string,
    lensId: string,
    content: LensContent,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<CaseLenses>;
}

/**
 * The child's own voice and each guardian's view (domain/child-voice.ts): one versioned record per
 * speaker, every save naming who entered it. Consented cases only.
 */
export interface VoiceRepository {
  getVoices(caseId: string): Promise<Voice[]>;
  listVersions(caseId: string, speaker: Speaker): Promise<Voice[]>;
  /** `expectedVersion` is the version read (0 while none is stored); a stale write is a Conflict. */
  saveVoice(
    caseId: string,
    speaker: Speaker,
    content: VoiceContent,
    expectedVersion: number,
    wheelAreas: readonly string[],
  ): Promise<Voice>;
}

/** A professional invited to a meeting (not the child: no child data here). */
export interface Invitee {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly email?: string;
}

export interface MeetingRepository {
  /**
   * Records the meeting, makes the invitees parties of the case (every invited unit must be within a
   * consent in force) and queues the calendar event — all in one transaction.
   */
  recordMeeting(
    caseId: string,
    input: {
      startsAt: Date;
      endsAt: Date;
      invitees: readonly Invitee[];
      /** The family invited by e-mail (the use case checked the consent covers them). */
      family?: readonly FamilyInvitee[];
    },
  ): Promise<Meeting>;
  getMeeting(caseId: string, meetingId: string): Promise<Meeting>;
  listMeetings(caseId: string): Promise<Meeting[]>;
}

export interface PlanRepository {
  /** `expectedVersion` is the current version read (0 when there is none); a stale write is a Conflict. `rule` decides writability. */
  savePlan(
    caseId: string,
    content: PlanContent,
    agreed: boolean,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<PlanVersion>;
  getCurrentPlan(caseId: string): Promise<PlanVersion | null>;
  /** Where the agreed plan stands in Teams: not yet, being created, posted (which version), closed. */
  getPublication(
    caseId: string,
  ): Promise<{ state: 'none' | 'pending' | 'active' | 'closed'; postedVersion: number | null }>;
  listPlanVersions(caseId: string): Promise<PlanVersion[]>;
}

/** Form ids that can hold a draft. */
export type DraftForm = 'consultation' | 'consent' | 'five-questions' | 'wheel';
export type DraftData = Readonly<Record<string, string>>;

/**
 * Half-filled forms, per user. A draft bound to a case is read and written through the case's
 * access check (and audited); a draft that will create a case is the user's own.
 */
export interface DraftRepository {
  getDraft(form: DraftForm, caseId: string | null): Promise<DraftData | null>;
  saveDraft(form: DraftForm, caseId: string | null, data: DraftData): Promise<void>;
  deleteDraft(form: DraftForm, caseId: string | null): Promise<void>;
}

/** A member of a unit's consultation function (opaque ids). */
export interface FunctionMember {
  readonly tenantId: string;
  readonly objectId: string;
}

/** The answer to taking a consultation: taken now by me, or already by someone else (named). */
export interface TakenConsultation {
  readonly taken: boolean;
  readonly caseId: string;
  readonly takenBy: string;
}

export interface ConsultationRequestRepository {
  /** Asks a unit's consultation function (if `rule` passes); returns the request and the function's members. */
  requestConsultation(
    caseId: string,
    targetUnitId: string,
    rule: WriteRule,
  ): Promise<{ requestId: string; members: readonly FunctionMember[] }>;
  /** The actor, a member of the asked function, takes it: the first becomes the consultee. */
  takeConsultation(requestId: string): Promise<TakenConsultation>;
}

/** The anonymous phase frozen at conversion, for consultees the consent does not cover (domain/frozen-consultation.ts). */
export interface FrozenConsultationRepository {
  listFrozenConsultations(): Promise<FrozenConsultationSummary[]>;
  getFrozenConsultation(caseId: string): Promise<FrozenConsultation>;
}

export interface Repositories {
  readonly cases: CaseRepository;
  readonly parties: PartyRepository;
  readonly consents: ConsentRepository;
  readonly assessments: AssessmentRepository;
  readonly meetings: MeetingRepository;
  readonly plans: PlanRepository;
  readonly drafts: DraftRepository;
  readonly followUps: FollowUpRepository;
  readonly handovers: HandoverRepository;
  readonly history: HistoryRepository;
  readonly jobs: JobRepository;
  readonly consultationRequests: ConsultationRequestRepository;
  readonly frozenConsultations: FrozenConsultationRepository;
  readonly lenses: LensRepository;
  readonly voices: VoiceRepository;
}
