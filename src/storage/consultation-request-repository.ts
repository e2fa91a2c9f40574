/**
 * Consultations asked of a unit's consultation function (issue 17): the request is recorded on the
 * case by a responsible party; a member of that function — not yet a party, so outside the case
 * door — takes it: the first to take it becomes the consultee, the others find it taken. Both are
 * audited (the request on the case, the take as the member's own action).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor';
import { forbidden, invalid, notFound } from '../domain/errors';
import { isGuid } from '../domain/ids';
import type { WriteRule } from '../domain/standing';
import type { ConsultationRequestRepository, FunctionMember, TakenConsultation } from '../app/ports';
import type { AccessScope } from './access-scope';

export class PgConsultationRequestRepository implements ConsultationRequestRepository {
  constructor(private readonly scope: AccessScope) {}

  requestConsultation(
    caseId: string,
    targetUnitId: string,
    rule: WriteRule,
  ): Promise<{ requestId: string; members: readonly FunctionMember[] }> {
    return this.scope.onCase(caseId, 'consultation.request', true, async (tx, access) => {
      rule(access);
      const unit = await tx.query<{ consultation_function: unknown }>(
        'SELECT consultation_function FROM org_unit WHERE id = $1',
        [targetUnitId],
      );
      if (unit.rows[0]?.consultation_function == null) throw invalid('consultationFunction');
      const open = await tx.query(
        "SELECT 1 FROM consultation_request WHERE case_id = $1 AND target_unit_id = $2 AND state = 'open'",
        [caseId, targetUnitId],
      );
      if (open.rows.length > 0) throw invalid('consultationFunction', 'already-asked');
      const id = randomUUID();
      await tx.query(
        "INSERT INTO consultation_request (id, case_id, org_unit_id, target_unit_id, state, requested_at) VALUES ($1, $2, $3, $4, 'open', $5)",
        [id, caseId, access.orgUnitId, targetUnitId, this.scope.now()],
      );
      const m = await tx.query<{ tenant_id: string; object_id: string }>(
        "SELECT tenant_id, object_id FROM membership WHERE org_unit_id = $1 AND 'consultant' = ANY(roles) ORDER BY object_id",
        [targetUnitId],
      );
      return { requestId: id, members: m.rows.map((r) => ({ tenantId: r.tenant_id, objectId: r.object_id })) };
    });
  }

  takeConsultation(requestId: string): Promise<TakenConsultation> {
    const me: Actor = this.scope.actor;
    return this.scope.unscoped<TakenConsultation>('consultation.take', async (tx) => {
      if (!isGuid(requestId)) throw notFound();
      const r = await tx.query<{
        case_id: string;
        org_unit_id: string;
        target_unit_id: string;
        state: 'open' | 'taken';
        taken_by_name: string | null;
        kind: string;
        stage: string;
      }>(
        `SELECT r.case_id, r.org_unit_id, r.target_unit_id, r.state, r.taken_by_name, c.kind, c.stage
           FROM consultation_request r JOIN child_case c ON c.id = r.case_id WHERE r.id = $1 FOR UPDATE OF r`,
        [requestId],
      );
      const row = r.rows[0];
      if (row === undefined) throw notFound();
      // Only a member of the asked function, acting for its unit, may take it.
      if (me.orgUnitId !== row.target_unit_id || !me.roles.includes('consultant')) throw forbidden();
      if (row.state === 'taken')
        return { result: { taken: false, caseId: row.case_id, takenBy: row.taken_by_name ?? '' }, caseId: row.case_id };
      if (row.kind !== 'anonymous' || row.stage === 'closed') throw invalid('stage', 'closed');
      const now = this.scope.now();
      await tx.query(
        "UPDATE consultation_request SET state = 'taken', taken_by_tenant_id = $2, taken_by_object_id = $3, taken_by_name = $4, taken_at = $5 WHERE id = $1",
        [requestId, me.tenantId, me.objectId, me.displayName, now],
      );
      await tx.query(
        `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'consultee', $7)
         ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL`,
        [row.case_id, row.org_unit_id, me.tenantId, me.objectId, me.displayName, me.orgUnitId, now],
      );
      return { result: { taken: true, caseId: row.case_id, takenBy: me.displayName }, caseId: row.case_id };
    });
  }
}
