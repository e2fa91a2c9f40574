/** Audit trail test support: Azurite for the anchor store, a key file, rows written the pre-0007 way. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite';
import { auditHash, genesisHash, type AuditRow } from '../../src/domain/audit';
import { BlobAnchorStore } from '../../src/storage/anchor-store';
import { sealOnce, type SealerDeps, type SealResult } from '../../src/storage/audit-sealer';
import { FileKeySigner } from '../../src/storage/checkpoint-signer';
import type { Sql } from '../../src/storage/database';
import { tenant } from './world';

let azurite: Promise<RunningAzurite> | undefined;

/** One in-memory Azurite per test process, stopped when the process ends. */
export function testAzurite(): Promise<RunningAzurite> {
  azurite ??= startAzurite({ location: null }).then((a) => {
    process.once('exit', () => void a.stop());
    after(() => a.stop());
    return a;
  });
  return azurite;
}

/** A fresh container in the test Azurite. */
export async function freshAnchorStore(perBlob?: number): Promise<BlobAnchorStore> {
  const { connectionString } = await testAzurite();
  return BlobAnchorStore.open({ connectionString, container: `audit-${randomUUID()}` }, perBlob);
}

export function freshSigner(): FileKeySigner {
  return FileKeySigner.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-key-')), 'audit-signing-key.pem'));
}

/** Writes `n` rows of a unit's hash chain the way writers did before 0007 (xid NULL, head moved). */
export async function writeChainedRows(
  db: Sql,
  orgUnitId: string,
  n: number,
  at = new Date('2026-01-05T08:00:00Z'),
): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const unsigned = {
      orgUnitId,
      seq,
      id: randomUUID(),
      at: new Date(at.getTime() + seq * 1000),
      actorTenantId: tenant,
      actorObjectId: `legacy-${seq % 3}`,
      action: 'case.read' as const,
      caseId: null,
      outcome: 'success' as const,
      requestId: `legacy-${orgUnitId}-${seq}`,
      prevHash,
    };
    const row = { ...unsigned, hash: auditHash(unsigned) };
    rows.push(row);
    prevHash = row.hash;
    await db.query(
      `INSERT INTO audit_log (org_unit_id, seq, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, prev_hash, hash, xid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL)`,
      [
        row.orgUnitId,
        row.seq,
        row.id,
        row.at,
        row.actorTenantId,
        row.actorObjectId,
        row.action,
        row.caseId,
        row.outcome,
        row.requestId,
        row.prevHash,
        row.hash,
      ],
    );
  }
  await db.query('INSERT INTO audit_head (org_unit_id, seq, hash) VALUES ($1, $2, $3)', [orgUnitId, n, prevHash]);
  // Before 0007 these rows came first and the migration started the sequence above them.
  await db.query("SELECT setval('audit_log_seq', (SELECT max(seq) FROM audit_log))");
  return rows;
}

/**
 * Seals until every committed row is a leaf. On PostgreSQL the horizon (the oldest running
 * transaction) is cluster-wide: another database's open transaction on a shared test server holds
 * it back for a moment, so one pass may seal less. Gives up after `attempts` passes.
 */
export async function sealAll(deps: SealerDeps, attempts = 400): Promise<SealResult> {
  let sealed = 0;
  let checkpoint: SealResult['checkpoint'] = null;
  for (let i = 0; i < attempts; i++) {
    const r = await sealOnce(deps);
    sealed += r.sealed;
    checkpoint = r.checkpoint ?? checkpoint;
    const left = await deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)',
    );
    if (left.rows[0]?.n === 0) return { ran: true, sealed, checkpoint };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`rows still unsealed after ${attempts} passes`);
}
