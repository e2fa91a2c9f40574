import { verifyChain, type AuditAction, type AuditOutcome, type AuditRow, type ChainBreak } from '../domain/audit';
import type { Sql } from './database';

export interface AuditDbRow {
  org_unit_id: string;
  seq: number;
  id: string;
  at: Date;
  actor_tenant_id: string;
  actor_object_id: string;
  action: string;
  case_id: string | null;
  outcome: string;
  request_id: string;
  prev_hash: string | null;
  hash: string;
}

export function toAuditRow(r: AuditDbRow): AuditRow {
  return {
    orgUnitId: r.org_unit_id,
    seq: r.seq,
    id: r.id,
    at: r.at,
    actorTenantId: r.actor_tenant_id,
    actorObjectId: r.actor_object_id,
    action: r.action as AuditAction,
    caseId: r.case_id,
    outcome: r.outcome as AuditOutcome,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Audit rows, optionally for one case, oldest first (tests, export). */
export async function readAuditRows(db: Sql, filter: { caseId?: string } = {}): Promise<AuditRow[]> {
  const r =
    filter.caseId === undefined
      ? await db.query<AuditDbRow>('SELECT * FROM audit_log ORDER BY org_unit_id, seq')
      : await db.query<AuditDbRow>('SELECT * FROM audit_log WHERE case_id = $1 ORDER BY at, org_unit_id, seq', [
          filter.caseId,
        ]);
  return r.rows.map(toAuditRow);
}

export interface VerifyReport {
  readonly chains: number;
  readonly rows: number;
  readonly firstBreak: ChainBreak | null;
}

/**
 * Walks every hash chain written before decision 0007 (rows with xid NULL), row by row, and reports
 * the first break. Rows written since are not chained: verifyAuditTrail (audit-verifier.ts) checks
 * the whole log against the anchored checkpoints.
 */
export async function verifyAuditLog(db: Sql): Promise<VerifyReport> {
  const heads = await db.query<{ org_unit_id: string; seq: number; hash: string }>(
    'SELECT org_unit_id, seq, hash FROM audit_head',
  );
  const units = new Set<string>(heads.rows.map((h) => h.org_unit_id));
  const logged = await db.query<{ org_unit_id: string }>(
    'SELECT DISTINCT org_unit_id FROM audit_log WHERE xid IS NULL',
  );
  for (const r of logged.rows) units.add(r.org_unit_id);
  let rows = 0;
  for (const unit of [...units].sort()) {
    const chain = (
      await db.query<AuditDbRow>('SELECT * FROM audit_log WHERE org_unit_id = $1 AND xid IS NULL ORDER BY seq', [unit])
    ).rows.map(toAuditRow);
    rows += chain.length;
    const head = heads.rows.find((h) => h.org_unit_id === unit) ?? null;
    const broken = verifyChain(unit, chain, head && { seq: head.seq, hash: head.hash });
    if (broken) return { chains: units.size, rows, firstBreak: broken };
  }
  return { chains: units.size, rows, firstBreak: null };
}
