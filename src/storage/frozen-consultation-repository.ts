/**
 * The anonymous phase frozen at conversion (issue 17). The snapshot is taken in the conversion's own
 * transaction (`takeConsultationSnapshot`, called by the case repository before identity is written),
 * so it is exactly what the consultation was — details, participants and everyone's entries — and
 * nothing identifying exists in it. Only a consultee whom the consented case shows nothing reads it
 * (the same visibility rule); every read is audited.
 */
import type { AssessmentContent } from '../domain/assessment';
import type { ConsultationDetails, ConsultationOutcome, PartyRole } from '../domain/case';
import type { FrozenConsultation, FrozenConsultationSummary } from '../domain/frozen-consultation';
import { seesFrozenConsultation } from '../domain/visibility';
import type { FrozenConsultationRepository } from '../app/ports';
import { notFound } from '../domain/errors';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';
import { consentsFromJson, consentsJsonColumn } from './rows';

/** The snapshot as stored (jsonb): dates as ISO strings. */
interface StoredSnapshot {
  readonly reference: string;
  readonly orgUnitId: string;
  readonly details: ConsultationDetails;
  readonly outcome: ConsultationOutcome | null;
  readonly participants: FrozenConsultation['participants'];
  readonly assessments: readonly (AssessmentContent & {
    readonly authorName: string;
    readonly authorOrgUnitId: string;
    readonly updatedAt: string;
  })[];
}

/** Freezes the anonymous consultation as it is now (inside the conversion's transaction, before identity enters). */
export async function takeConsultationSnapshot(tx: Sql, caseId: string, at: Date): Promise<void> {
  const c = await tx.query<{
    reference: string;
    org_unit_id: string;
    kind: string;
    details: ConsultationDetails;
    consultation_outcome: ConsultationOutcome | null;
  }>(`SELECT reference, org_unit_id, kind, details, consultation_outcome FROM child_case WHERE id = $1`, [caseId]);
  const kase = c.rows[0];
  if (kase === undefined || kase.kind !== 'anonymous') throw new Error('only an anonymous consultation is frozen');
  const parties = await tx.query<{ display_name: string; party_org_unit_id: string; role: PartyRole }>(
    `SELECT display_name, party_org_unit_id, role FROM case_party
      WHERE case_id = $1 AND removed_at IS NULL ORDER BY added_at, role`,
    [caseId],
  );
  const entries = await tx.query<{
    author_name: string;
    author_org_unit_id: string;
    answers: AssessmentContent['answers'];
    areas: AssessmentContent['areas'];
    updated_at: Date;
  }>(
    `SELECT author_name, author_org_unit_id, answers, areas, updated_at FROM assessment
      WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
  const content: StoredSnapshot = {
    reference: kase.reference,
    orgUnitId: kase.org_unit_id,
    details: kase.details,
    outcome: kase.consultation_outcome,
    participants: parties.rows.map((p) => ({
      displayName: p.display_name,
      orgUnitId: p.party_org_unit_id,
      role: p.role,
    })),
    assessments: entries.rows.map((a) => ({
      authorName: a.author_name,
      authorOrgUnitId: a.author_org_unit_id,
      answers: a.answers,
      areas: a.areas,
      updatedAt: new Date(a.updated_at).toISOString(),
    })),
  };
  await tx.query(
    `INSERT INTO consultation_snapshot (case_id, taken_at, content) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`,
    [caseId, at, JSON.stringify(content)],
  );
}

export class PgFrozenConsultationRepository implements FrozenConsultationRepository {
  constructor(private readonly scope: AccessScope) {}

  listFrozenConsultations(): Promise<FrozenConsultationSummary[]> {
    const { actor } = this.scope;
    return this.scope.unscoped('consultation.snapshotList', async (tx) => {
      const r = await tx.query<{
        id: string;
        org_unit_id: string;
        reference: string;
        taken_at: Date;
        roles: PartyRole[];
        party_org_unit_id: string;
        consents: Parameters<typeof consentsFromJson>[0];
      }>(
        `SELECT c.id, c.org_unit_id, c.reference, s.taken_at, array_agg(p.role ORDER BY p.role) AS roles,
                min(p.party_org_unit_id) AS party_org_unit_id, ${consentsJsonColumn('c.id')} AS consents
           FROM child_case c
           JOIN consultation_snapshot s ON s.case_id = c.id
           JOIN case_party p ON p.case_id = c.id
          WHERE p.tenant_id = $1 AND p.object_id = $2 AND p.removed_at IS NULL AND c.kind = 'consented'
          GROUP BY c.id, s.taken_at ORDER BY s.taken_at DESC`,
        [actor.tenantId, actor.objectId],
      );
      const now = this.scope.now();
      const result = r.rows
        .filter((row) =>
          seesFrozenConsultation(
            { kind: 'consented', orgUnitId: row.org_unit_id },
            { orgUnitId: row.party_org_unit_id, roles: row.roles },
            consentsFromJson(row.consents),
            now,
          ),
        )
        .map((row) => ({ caseId: row.id, reference: row.reference, takenAt: new Date(row.taken_at) }));
      return { result, caseId: null };
    });
  }

  getFrozenConsultation(caseId: string): Promise<FrozenConsultation> {
    return this.scope.onFrozenConsultation(caseId, 'consultation.snapshotRead', async (tx) => {
      const r = await tx.query<{ taken_at: Date; content: StoredSnapshot }>(
        `SELECT taken_at, content FROM consultation_snapshot WHERE case_id = $1`,
        [caseId],
      );
      const row = r.rows[0];
      // A case converted before snapshots existed has none: nothing to show, as for any other case.
      if (row === undefined) throw notFound();
      const s = row.content;
      return {
        caseId,
        reference: s.reference,
        orgUnitId: s.orgUnitId,
        takenAt: new Date(row.taken_at),
        details: s.details,
        outcome: s.outcome,
        participants: s.participants,
        assessments: s.assessments.map((a) => ({ ...a, updatedAt: new Date(a.updatedAt) })),
      };
    });
  }
}
