/** Database rows ↔ domain objects. One place, so every repository maps the same way. */
import type { AssessmentEntry, AreaView } from '../domain/assessment';
import type { CaseParty, ChildCase, ChildIdentity, ConsultationDetails, Guardian, PartyRole } from '../domain/case';
import type { Consent, ConsentGiver, ConsentMethod, InformationCategory } from '../domain/consent';
import type { Meeting, MeetingStatus } from '../domain/meeting';
import type { PlanContent, PlanVersion } from '../domain/plan';
import { randomUUID } from 'node:crypto';
import type { Sql } from './database';

export interface CaseRow {
  id: string;
  org_unit_id: string;
  reference: string;
  kind: ChildCase['kind'];
  stage: ChildCase['stage'];
  details: ConsultationDetails;
  child_name: string | null;
  child_birth_date: string | null;
  child_personnummer: string | null;
  guardians: Guardian[] | null;
  close_reason: string | null;
  consultation_outcome: ChildCase['outcome'];
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Columns of child_case, with the birth date as text so no driver shifts it by a time zone. */
export const caseColumns = `c.id, c.org_unit_id, c.reference, c.kind, c.stage, c.details, c.child_name,
  c.child_birth_date::text AS child_birth_date, c.child_personnummer, c.guardians, c.close_reason, c.consultation_outcome, c.version, c.created_at, c.updated_at`;

/** The parts of a case row a viewer may see (see domain/visibility.ts). */
export interface CaseRowView {
  readonly identity: boolean;
  readonly consultation: boolean;
}

const noDetails: ConsultationDetails = { worryAreas: [], observations: '', tried: '' };

export function toChildCase(r: CaseRow, view: CaseRowView): ChildCase {
  const child: ChildIdentity | null =
    view.identity && r.child_name !== null
      ? {
          name: r.child_name,
          ...(r.child_birth_date !== null ? { birthDate: r.child_birth_date } : {}),
          ...(r.child_personnummer !== null ? { personnummer: r.child_personnummer } : {}),
          guardians: r.guardians ?? [],
        }
      : null;
  return {
    id: r.id,
    orgUnitId: r.org_unit_id,
    reference: r.reference,
    kind: r.kind,
    stage: r.stage,
    details: view.consultation ? r.details : noDetails,
    child,
    closeReason: r.close_reason,
    outcome: r.consultation_outcome,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface PartyRow {
  tenant_id: string;
  object_id: string;
  display_name: string;
  party_org_unit_id: string;
  role: PartyRole;
}

export function toParty(r: PartyRow): CaseParty {
  return {
    tenantId: r.tenant_id,
    objectId: r.object_id,
    displayName: r.display_name,
    orgUnitId: r.party_org_unit_id,
    role: r.role,
  };
}

export interface ConsentRow {
  id: string;
  case_id: string;
  given_by: ConsentGiver[];
  org_unit_ids: string[];
  info_categories: InformationCategory[];
  purpose: string;
  valid_from: Date;
  valid_to: Date;
  withdrawn_at: Date | null;
  recorded_at: Date;
  sheet_version: string | null;
  obtained_how: ConsentMethod | null;
}

export function toConsent(r: ConsentRow): Consent {
  return {
    id: r.id,
    caseId: r.case_id,
    givenBy: r.given_by,
    orgUnitIds: r.org_unit_ids,
    informationCategories: r.info_categories,
    purpose: r.purpose,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    withdrawnAt: r.withdrawn_at,
    recordedAt: r.recorded_at,
    sheetVersion: r.sheet_version ?? null,
    obtainedHow: r.obtained_how ?? null,
  };
}

/** The consents of a case as one json column (`consentsJson`), for reading them with the case row. */
export const consentsJsonColumn = (caseIdColumn: string) =>
  `(SELECT coalesce(json_agg(json_build_object('id', x.id, 'case_id', x.case_id, 'given_by', x.given_by, 'org_unit_ids', x.org_unit_ids,
      'info_categories', x.info_categories, 'purpose', x.purpose, 'valid_from', x.valid_from, 'valid_to', x.valid_to,
      'withdrawn_at', x.withdrawn_at, 'recorded_at', x.recorded_at,
      'sheet_version', x.sheet_version, 'obtained_how', x.obtained_how) ORDER BY x.recorded_at, x.id), '[]'::json)
     FROM consent x WHERE x.case_id = ${caseIdColumn})`;

type Jsonified<R> = { [K in keyof R]: R[K] extends Date ? string : R[K] extends Date | null ? string | null : R[K] };

/** The consents read through `consentsJsonColumn`: the same values as `listConsentRows`. */
export function consentsFromJson(rows: readonly Jsonified<ConsentRow>[]): Consent[] {
  return rows.map((r) =>
    toConsent({
      ...r,
      valid_from: new Date(r.valid_from),
      valid_to: new Date(r.valid_to),
      withdrawn_at: r.withdrawn_at === null ? null : new Date(r.withdrawn_at),
      recorded_at: new Date(r.recorded_at),
    }),
  );
}

export async function listConsentRows(tx: Sql, caseId: string): Promise<Consent[]> {
  const r = await tx.query<ConsentRow>('SELECT * FROM consent WHERE case_id = $1 ORDER BY recorded_at, id', [caseId]);
  return r.rows.map(toConsent);
}

export interface AssessmentRow {
  id: string;
  case_id: string;
  author_tenant_id: string;
  author_object_id: string;
  author_name: string;
  author_org_unit_id: string;
  answers: Record<string, string>;
  areas: Record<string, AreaView>;
  version: number;
  updated_at: Date;
}

export function toAssessment(r: AssessmentRow): AssessmentEntry {
  return {
    id: r.id,
    caseId: r.case_id,
    authorTenantId: r.author_tenant_id,
    authorObjectId: r.author_object_id,
    authorName: r.author_name,
    authorOrgUnitId: r.author_org_unit_id,
    answers: r.answers,
    areas: r.areas,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export interface MeetingRow {
  id: string;
  case_id: string;
  starts_at: Date;
  ends_at: Date;
  invited_org_unit_ids: string[];
  invitees: { objectId: string; displayName: string; orgUnitId: string }[];
  transaction_id: string;
  status: MeetingStatus;
  event_id: string | null;
  join_url: string | null;
  /** The e-mail addresses are read by the outbox worker only (system-store), never mapped here. */
  family_invitees: { kind: 'guardian' | 'child'; name: string | null; email: string | null }[];
  lobby: 'organization' | 'not-set' | null;
}

export function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    caseId: r.case_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    invitedOrgUnitIds: r.invited_org_unit_ids,
    invitees: r.invitees.map((i) => ({ objectId: i.objectId, displayName: i.displayName, orgUnitId: i.orgUnitId })),
    transactionId: r.transaction_id,
    status: r.status,
    eventId: r.event_id,
    joinUrl: r.join_url,
    familyInvited: r.family_invitees.map((f) => ({ kind: f.kind, name: f.name })),
    lobby: r.lobby,
  };
}

export interface PlanRow {
  case_id: string;
  version: number;
  content: PlanContent;
  agreed: boolean;
  author_name: string;
  created_at: Date;
}

export function toPlan(r: PlanRow): PlanVersion {
  return {
    caseId: r.case_id,
    version: r.version,
    content: r.content,
    agreed: r.agreed,
    authorName: r.author_name,
    createdAt: r.created_at,
  };
}

/** Records what happened to a case, in the caller's transaction. */
export async function addCaseEvent(
  tx: Sql,
  e: { caseId: string; orgUnitId: string; at: Date; actorName: string; type: string; detail: Record<string, unknown> },
): Promise<void> {
  await tx.query(
    'INSERT INTO case_event (id, case_id, org_unit_id, at, actor_name, type, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [randomUUID(), e.caseId, e.orgUnitId, e.at, e.actorName, e.type, JSON.stringify(e.detail)],
  );
}
