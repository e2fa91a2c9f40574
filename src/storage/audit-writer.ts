import { auditHash, genesisHash, type AuditEvent, type AuditRow } from '../domain/audit';
import type { Sql } from './database';

/**
 * Appends audit rows to their organisation units' chains inside the caller's transaction. Each
 * unit's head row is locked (FOR UPDATE), so concurrent writers on PostgreSQL still form one linear
 * chain. Two statements per unit in the usual case, however many rows (lock and read the head;
 * insert the rows and move the head in one statement), since the head is held until the commit.
 * Units are locked in a fixed order so two writers can never wait for each other.
 */
export async function appendAuditBatch(tx: Sql, events: readonly { orgUnitId: string; event: AuditEvent }[]): Promise<AuditRow[]> {
  const byUnit = new Map<string, AuditEvent[]>();
  for (const { orgUnitId, event } of events) byUnit.set(orgUnitId, [...(byUnit.get(orgUnitId) ?? []), event]);
  const rows: AuditRow[] = [];
  for (const orgUnitId of [...byUnit.keys()].sort()) rows.push(...(await appendToChain(tx, orgUnitId, byUnit.get(orgUnitId) ?? [])));
  return rows;
}

/** Appends one audit row to its unit's chain inside the caller's transaction. */
export async function appendAudit(tx: Sql, orgUnitId: string, event: AuditEvent): Promise<AuditRow> {
  const [row] = await appendToChain(tx, orgUnitId, [event]);
  if (row === undefined) throw new Error('audit row not appended');
  return row;
}

async function appendToChain(tx: Sql, orgUnitId: string, events: readonly AuditEvent[]): Promise<AuditRow[]> {
  if (events.length === 0) return [];
  const lockHead = () => tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE org_unit_id = $1 FOR UPDATE', [orgUnitId]);
  let head = await lockHead();
  if (head.rows[0] === undefined) {
    // The unit's first audit row: start its chain (another writer may be doing the same).
    await tx.query('INSERT INTO audit_head (org_unit_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (org_unit_id) DO NOTHING', [orgUnitId, genesisHash]);
    head = await lockHead();
  }
  let prev = head.rows[0];
  if (prev === undefined) throw new Error('audit head missing');
  const rows: AuditRow[] = [];
  for (const event of events) {
    const unsigned = { ...event, orgUnitId, seq: prev.seq + 1, prevHash: prev.hash };
    const row: AuditRow = { ...unsigned, hash: auditHash(unsigned) };
    rows.push(row);
    prev = row;
  }
  const column = <K extends keyof AuditRow>(key: K) => rows.map((r) => r[key]);
  await tx.query(
    `WITH appended AS (
       INSERT INTO audit_log (org_unit_id, seq, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, prev_hash, hash)
       SELECT $1, * FROM unnest($2::integer[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[])
       RETURNING seq
     )
     UPDATE audit_head SET seq = $13, hash = $14 WHERE org_unit_id = $1 AND EXISTS (SELECT 1 FROM appended)`,
    [
      orgUnitId,
      column('seq'),
      column('id'),
      column('at'),
      column('actorTenantId'),
      column('actorObjectId'),
      column('action'),
      column('caseId'),
      column('outcome'),
      column('requestId'),
      column('prevHash'),
      column('hash'),
      prev.seq,
      prev.hash,
    ],
  );
  return rows;
}
