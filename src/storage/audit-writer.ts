import { auditHash, genesisHash, type AuditEvent, type AuditRow } from '../domain/audit';
import type { Sql } from './database';

/**
 * Appends one audit row to its organisation unit's chain inside the caller's transaction. The head
 * row is locked (FOR UPDATE), so concurrent writers on PostgreSQL still form one linear chain.
 */
export async function appendAudit(tx: Sql, orgUnitId: string, event: AuditEvent): Promise<AuditRow> {
  await tx.query('INSERT INTO audit_head (org_unit_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (org_unit_id) DO NOTHING', [
    orgUnitId,
    genesisHash,
  ]);
  const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE org_unit_id = $1 FOR UPDATE', [
    orgUnitId,
  ]);
  const prev = head.rows[0];
  if (prev === undefined) throw new Error('audit head missing');
  const unsigned = { ...event, orgUnitId, seq: prev.seq + 1, prevHash: prev.hash };
  const row: AuditRow = { ...unsigned, hash: auditHash(unsigned) };
  await tx.query(
    `INSERT INTO audit_log (org_unit_id, seq, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [row.orgUnitId, row.seq, row.id, row.at, row.actorTenantId, row.actorObjectId, row.action, row.caseId, row.outcome, row.requestId, row.prevHash, row.hash],
  );
  await tx.query('UPDATE audit_head SET seq = $2, hash = $3 WHERE org_unit_id = $1', [orgUnitId, row.seq, row.hash]);
  return row;
}
