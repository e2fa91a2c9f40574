/**
 * A case about one child. Whether it is an anonymous consultation or a consented case is a property,
 * not a stage: an anonymous consultation may become consented once consent is recorded.
 */
import { assertAnonymous } from './anonymous-content';
import type { GroupDescription, GroupLink } from './group';
import { conflict, consentRequired, invalid } from './errors';
import { requireResponsible, type Decide, type WriteRule } from './standing';
import { unitMaySee } from './visibility';

export const caseKinds = ['anonymous', 'consented'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const caseStages = ['consultation', 'mapping', 'collaboration', 'plan-active', 'follow-up', 'closed'] as const;
export type CaseStage = (typeof caseStages)[number];

export const partyRoles = ['discoverer', 'named-person', 'lead-professional', 'participant', 'consultee'] as const;
export type PartyRole = (typeof partyRoles)[number];

export const ageBands = ['0-2', '3-5', '6-9', '10-12', '13-15', '16-18'] as const;
export type AgeBand = (typeof ageBands)[number];

export interface Guardian {
  readonly name: string;
  readonly contact?: string;
}

/** Child-identifying data. Exists only in consented cases (enforced in the database too). */
export interface ChildIdentity {
  readonly name: string;
  /** Either a birth date (YYYY-MM-DD) or a personnummer (normalised YYYYMMDD-NNNN). */
  readonly birthDate?: string;
  readonly personnummer?: string;
  readonly guardians: readonly Guardian[];
}

/** What an anonymous consultation may hold: nothing that identifies the child. */
export interface ConsultationDetails {
  readonly ageBand?: AgeBand;
  readonly schoolYear?: string;
  readonly worryAreas: readonly string[];
  readonly observations: string;
  readonly tried: string;
  /** A group consultation's group (domain/group.ts): present exactly when the subject is a group, not a child. */
  readonly group?: GroupDescription;
  /** A group consultation's actions for the group (adapting the learning environment, …). */
  readonly groupActions?: readonly string[];
  /** An individual consultation opened from a group consultation: the link back (nothing else is copied). */
  readonly fromGroup?: GroupLink;
}

/** Whether the consultation is about a group of children rather than one child. */
export function isGroupConsultation(details: Pick<ConsultationDetails, 'group'>): boolean {
  return details.group !== undefined;
}

export interface CaseParty {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly role: PartyRole;
}

export interface ChildCase {
  readonly id: string;
  readonly orgUnitId: string;
  readonly reference: string;
  readonly kind: CaseKind;
  readonly stage: CaseStage;
  readonly details: ConsultationDetails;
  /** Null for anonymous cases and for viewers the golden rule does not let see identity. */
  readonly child: ChildIdentity | null;
  readonly closeReason: string | null;
  /** How a consultation ended (issue 17); null until recorded. Kept when it becomes a consented case. */
  readonly outcome: ConsultationOutcome | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Every consultation ends with a recorded outcome: closed with the advice followed, continued
 * anonymously, consent to be asked (then the conversion to a consented case), or referred elsewhere.
 */
export const consultationOutcomes = ['advice-followed', 'continued', 'consent-asked', 'referred'] as const;
export type ConsultationOutcome = (typeof consultationOutcomes)[number];
/** The outcomes that close the consultation. */
export const closingOutcomes: readonly ConsultationOutcome[] = ['advice-followed', 'referred'];

/** A group has no one to ask consent of: its consultation continues as an individual one instead. */
export const groupOutcomes: readonly ConsultationOutcome[] = consultationOutcomes.filter((o) => o !== 'consent-asked');

/**
 * The outcome is recorded by a responsible party, on an open anonymous consultation at the version
 * read; a group consultation's outcome is one of `groupOutcomes` (`group`: the case is one).
 */
export function outcomeRule(expectedVersion: number, outcome?: ConsultationOutcome, group = false): WriteRule {
  return (s) => {
    requireResponsible(s);
    if (s.kind !== 'anonymous') throw invalid('kind');
    if (group && outcome !== undefined && !groupOutcomes.includes(outcome)) throw invalid('outcome');
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    if (s.version !== expectedVersion) throw conflict();
  };
}

/** A group consultation's actions are changed by a responsible party, while it is open, at the version read. */
export function groupActionsRule(expectedVersion: number): WriteRule {
  return (s) => {
    requireResponsible(s);
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    if (s.version !== expectedVersion) throw conflict();
  };
}

/** Case reference per organisation unit and year: `2026-0042`. */
export function formatCaseReference(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw invalid('sequence');
  return `${year}-${String(sequence).padStart(4, '0')}`;
}

const forward: Readonly<Record<CaseStage, readonly CaseStage[]>> = {
  consultation: ['mapping'],
  mapping: ['collaboration'],
  collaboration: ['plan-active'],
  'plan-active': ['follow-up'],
  'follow-up': ['plan-active'],
  closed: [],
};

/** Stepping down returns the case to single-agency work (mapping) without losing history. */
const stepDownFrom: readonly CaseStage[] = ['collaboration', 'plan-active', 'follow-up'];

/** Stages at which other agencies are involved: consent is required. */
const needsConsent: readonly CaseStage[] = ['collaboration', 'plan-active', 'follow-up'];

export type StageChange =
  | { readonly type: 'advance'; readonly to: CaseStage }
  | { readonly type: 'step-down'; readonly reason: string }
  | { readonly type: 'close'; readonly reason: string };

/** The next stage for a change, or an Invalid error naming what is wrong. */
export function nextStage(kind: CaseKind, from: CaseStage, change: StageChange): CaseStage {
  if (from === 'closed') throw invalid('stage', 'closed');
  if (change.type === 'close' || change.type === 'step-down') {
    if (change.reason.trim() === '') throw invalid('reason');
    if (change.type === 'close') return 'closed';
    if (!stepDownFrom.includes(from)) throw invalid('stage', from);
    return 'mapping';
  }
  if (!forward[from].includes(change.to)) throw invalid('stage', change.to);
  if (kind === 'anonymous' && needsConsent.includes(change.to)) throw invalid('stage', 'consent-required');
  return change.to;
}

export function isOpen(stage: CaseStage): boolean {
  return stage !== 'closed';
}

/**
 * What a stage change must pass on the case as it stands, and the stage it leads to: a responsible
 * party, the version they read, a reason that identifies nobody in an anonymous consultation.
 */
export function stageChangeRule(change: StageChange, expectedVersion: number): Decide<CaseStage> {
  return (s) => {
    requireResponsible(s);
    if (s.version !== expectedVersion) throw conflict();
    // The close or step-down reason of an anonymous consultation must not identify the child either.
    if (s.kind === 'anonymous' && change.type !== 'advance') assertAnonymous({ reason: change.reason });
    return nextStage(s.kind, s.stage, change);
  };
}

/** A consultee joins an anonymous consultation only (a consented case invites through consent and the meeting). */
export function consulteeAddRule(party: Pick<CaseParty, 'orgUnitId'>, at: Date): WriteRule {
  return (s) => {
    if (s.kind !== 'anonymous') throw invalid('kind');
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    partyAddRule(party, at)(s);
  };
}

/** Someone joins the case: added by a responsible party, and only if the visibility rule would let them see it. */
export function partyAddRule(party: Pick<CaseParty, 'orgUnitId'>, at: Date): WriteRule {
  return (s) => {
    requireResponsible(s);
    if (!unitMaySee(s, party.orgUnitId, s.consents, at)) throw consentRequired(party.orgUnitId);
  };
}
