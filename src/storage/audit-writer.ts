import { auditHash, genesisHash, type AuditEvent, type AuditRow } from '../domain/audit';
import type { Sql } from './database';

/**
 * Appends one audit row to its organisation unit's chain inside the caller's transaction. The head
 * row is locked (FOR UPDATE), so concurrent writers on PostgreSQL still form one linear chain. Two
 * statements in the usual case (lock and read the head; insert the row and move the head in one
 * statement), since every audited call pays them while holding the unit's head.
 */
export async function appendAudit(tx: Sql, orgUnitId: string, event: AuditEvent): Promise<AuditRow> {
  const lockHead = () => tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE org_unit_id = $1 FOR UPDATE', [orgUnitId]);
  let head = await lockHead();
  if (head.rows[0] === undefined) {
    // The unit's first audit row: start its chain (another writer may be doing the same).
    await tx.query('INSERT INTO audit_head (org_unit_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (org_unit_id) DO NOTHING', [orgUnitId, genesisHash]);
    head = await lockHead();
  }
  const prev = head.rows[0];
  if (prev === undefined) throw new Error('audit head missing');
  const unsigned = { ...event, orgUnitId, seq: prev.seq + 1, prevHash: prev.hash };
  const row: AuditRow = { ...unsigned, hash: auditHash(unsigned) };
  await tx.query(
    `WITH appended AS (
       INSERT INTO audit_log (org_unit_id, seq, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING org_unit_id, seq, hash
     )
     UPDATE audit_head h SET seq = a.seq, hash = a.hash FROM appended a WHERE h.org_unit_id = a.org_unit_id`,
    [row.orgUnitId, row.seq, row.id, row.at, row.actorTenantId, row.actorObjectId, row.action, row.caseId, row.outcome, row.requestId, row.prevHash, row.hash],
  );
  return row;
}
