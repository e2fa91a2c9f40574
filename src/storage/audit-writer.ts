import { auditLeafHash, type AuditEvent, type AuditRow } from '../domain/audit';
import type { Sql, Tx } from './database';

/** The INSERT of the rows (with their leaf hashes) and its parameters. */
function auditInsert(events: readonly { orgUnitId: string; event: AuditEvent }[]) {
  const unsealed = events.map(({ orgUnitId, event }) => ({ ...event, orgUnitId, prevHash: null }));
  const hashes = unsealed.map((r) => auditLeafHash(r).toString('hex'));
  const column = <K extends keyof (typeof unsealed)[number]>(key: K) => unsealed.map((r) => r[key]);
  return {
    unsealed,
    hashes,
    text: `INSERT INTO audit_log (org_unit_id, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, hash)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[])`,
    params: [
      column('orgUnitId'),
      column('id'),
      column('at'),
      column('actorTenantId'),
      column('actorObjectId'),
      column('action'),
      column('caseId'),
      column('outcome'),
      column('requestId'),
      hashes,
    ],
  };
}

/**
 * Appends audit rows inside the caller's transaction: one INSERT, no lock (decision 0007). The rows
 * commit with the change they record; the database gives each its seq and its transaction's id,
 * and the sealer (src/storage/audit-sealer.ts) makes them leaves of the log's Merkle tree shortly
 * after the commit. The hash column holds the row's leaf hash.
 */
export async function appendAuditBatch(
  tx: Sql,
  events: readonly { orgUnitId: string; event: AuditEvent }[],
): Promise<AuditRow[]> {
  if (events.length === 0) return [];
  const { unsealed, hashes, text, params } = auditInsert(events);
  const inserted = await tx.query<{ id: string; seq: number }>(`${text} RETURNING id, seq`, params);
  const seqOf = new Map(inserted.rows.map((r) => [r.id, Number(r.seq)]));
  return unsealed.map((r, i) => ({ ...r, seq: seqOf.get(r.id) ?? 0, hash: hashes[i] ?? '' }));
}

/** The same rows sent with the transaction's commit (pipelined): a failure fails the commit. */
export function sendAuditBatch(tx: Tx, events: readonly { orgUnitId: string; event: AuditEvent }[]): void {
  if (events.length === 0) return;
  const { text, params } = auditInsert(events);
  tx.send(text, params);
}

/** Appends one audit row inside the caller's transaction. */
export async function appendAudit(tx: Sql, orgUnitId: string, event: AuditEvent): Promise<AuditRow> {
  const [row] = await appendAuditBatch(tx, [{ orgUnitId, event }]);
  if (row === undefined) throw new Error('audit row not appended');
  return row;
}
