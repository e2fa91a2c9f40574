/**
 * Verifies the audit log against what lives outside the database (decision 0007): the anchored,
 * signed checkpoints. Nothing here trusts the database's own hashes or checkpoint table.
 * - every anchored checkpoint's signature verifies with the public key, and each is consistent with
 *   the one before it (the RFC 9162 proof anchored with it);
 * - the rows sealed as leaves are all there, in leaf order, and recomputing the tree from the rows'
 *   contents gives every anchored root;
 * - the database's checkpoint table is the anchored one;
 * - rows not sealed yet are younger than the seal lag, and none sits behind a sealed horizon.
 * Incremental: it continues from the last verified checkpoint recorded in the anchor store (its
 * tree's right edge is recorded with it), so a run reads only what was sealed since; cheap counts
 * still catch rows deleted before that point. `full` recomputes everything.
 */
import type { KeyObject } from 'node:crypto';
import { auditLeafHash } from '../domain/audit';
import { checkpointMessage, type SignedCheckpoint } from '../domain/checkpoint';
import { FrontierSource, rootHash, verifyConsistency, type Hash } from '../domain/merkle';
import type { AnchorPosition, AnchorStore, VerifiedPosition } from './anchor-store';
import { toAuditRow, type AuditDbRow } from './audit-reader';
import { keyIdOf, verifyCheckpointSignature } from './checkpoint-signer';
import type { Sql } from './database';

export type TamperProblem =
  | 'signature-invalid'
  | 'checkpoints-inconsistent'
  | 'truncated'
  | 'tail-deleted'
  | 'rows-deleted'
  | 'row-edited'
  | 'checkpoint-table-replaced'
  | 'row-inserted'
  | 'seal-lag-exceeded';

export interface Finding {
  readonly problem: TamperProblem;
  readonly detail: string;
  /** The first leaf concerned, when known. */
  readonly leaf?: number;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  /** Leaves covered by the latest anchored checkpoint. */
  readonly treeSize: number;
  /** Anchored checkpoints and leaves checked in this run. */
  readonly checkpointsChecked: number;
  readonly leavesChecked: number;
  readonly unsealed: number;
  readonly incremental: boolean;
}

export interface VerifyOptions {
  readonly db: Sql;
  readonly anchor: AnchorStore;
  readonly publicKey: KeyObject;
  readonly now: Date;
  /** Unsealed rows older than this are a finding (default 60 s). */
  readonly sealLagMs?: number;
  /** Ignore the recorded position and recompute everything. */
  readonly full?: boolean;
  /** Record the new position in the anchor store when all is well (default true). */
  readonly record?: boolean;
}

type SealedRow = AuditDbRow & { leaf_index: string; leaf_hash: string; row_id: string | null };

export async function verifyAuditTrail(o: VerifyOptions): Promise<AuditVerification> {
  const findings: Finding[] = [];
  const found = (problem: TamperProblem, detail: string, leaf?: number) =>
    findings.push({ problem, detail, ...(leaf === undefined ? {} : { leaf }) });
  const keyId = keyIdOf(o.publicKey);
  const start: VerifiedPosition | null = o.full ? null : await o.anchor.lastVerified();
  const base = start?.treeSize ?? 0;

  // 1. The anchored checkpoints since the start: signed by our key, each consistent with the one before.
  const anchored = await o.anchor.read(start?.position);
  let prev: { size: number; root: Hash } = { size: base, root: Buffer.from(start?.rootHash ?? '', 'hex') };
  const checkpoints: SignedCheckpoint[] = [];
  for (const { checkpoint: c } of anchored) {
    if (c.keyId !== keyId || !verifyCheckpointSignature(o.publicKey, checkpointMessage(c), c.signature)) {
      found(
        'signature-invalid',
        `the anchored checkpoint of ${c.treeSize} leaves is not signed by the audit key ${keyId}`,
      );
      continue;
    }
    const root = Buffer.from(c.rootHash, 'hex');
    const proof = c.consistency.map((h) => Buffer.from(h, 'hex'));
    if (c.proofFrom !== prev.size || !verifyConsistency(prev.size, prev.root, c.treeSize, root, proof)) {
      found(
        'checkpoints-inconsistent',
        `the anchored checkpoint of ${c.treeSize} leaves does not extend the one of ${prev.size}`,
      );
    }
    checkpoints.push(c);
    prev = { size: c.treeSize, root };
  }
  const latest = prev;
  const size = latest.size;

  // 2. The sealed rows: all present, in leaf order, giving every anchored root.
  const total = Number((await o.db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log')).rows[0]?.n ?? 0);
  if (size > 0 && total === 0) found('truncated', `the anchor covers ${size} rows, the database has none`);
  const sealed = (
    await o.db.query<SealedRow>(
      `SELECT s.leaf_index::text, s.leaf_hash, a.id AS row_id, a.* FROM audit_seal s LEFT JOIN audit_log a ON a.id = s.audit_id
        WHERE s.leaf_index >= $1 AND s.leaf_index < $2 ORDER BY s.leaf_index`,
      [base, size],
    )
  ).rows;
  const leaves: Hash[] = [];
  let broken = false;
  for (const [i, r] of sealed.entries()) {
    const index = base + i;
    if (Number(r.leaf_index) !== index) {
      found('rows-deleted', `leaves ${index}…${Number(r.leaf_index) - 1} are missing`, index);
      broken = true;
      break;
    }
    if (r.row_id === null) {
      const last = sealed.slice(i).findIndex((x) => x.row_id !== null);
      found(
        'rows-deleted',
        `the row of leaf ${index} is gone${last > 1 ? ` (and the next ${last - 1})` : last === -1 && sealed.length - i > 1 ? ` (and every later one)` : ''}`,
        index,
      );
      broken = true;
      break;
    }
    const leaf = auditLeafHash(toAuditRow(r));
    if (leaf.toString('hex') !== r.leaf_hash) {
      found('row-edited', `the row of leaf ${index} (${r.id}) differs from what was sealed`, index);
      broken = true;
      break;
    }
    leaves.push(leaf);
  }
  if (!broken && base + sealed.length < size) {
    const present = base + sealed.length;
    if (total > 0)
      found('tail-deleted', `the anchor covers ${size} rows, the database's sealed rows end at ${present}`, present);
    broken = true;
  }
  if (!broken && start !== null && total < size) {
    found('rows-deleted', `the anchor covers ${size} rows, the database has ${total}`);
    broken = true;
  }
  if (!broken && size > base) {
    // Recompute from the rows' contents (the seal table's hashes may have been recomputed too).
    const tree = new FrontierSource(
      base,
      (start?.frontier ?? []).map((h) => Buffer.from(h, 'hex')),
      leaves,
    );
    let from = base;
    for (const c of checkpoints) {
      if (rootHash(tree, c.treeSize).toString('hex') !== c.rootHash) {
        found(
          'row-edited',
          `rows among leaves ${from}…${c.treeSize - 1} were changed since they were sealed (the anchored root of ${c.treeSize} leaves no longer results)`,
          from,
        );
        broken = true;
        break;
      }
      from = c.treeSize;
    }
    if (!broken && (o.record ?? true) && findings.length === 0) {
      const end: AnchorPosition | undefined = anchored[anchored.length - 1]?.end;
      if (end)
        await o.anchor.recordVerified({
          treeSize: size,
          rootHash: latest.root.toString('hex'),
          frontier: tree.frontier().map((h) => h.toString('hex')),
          position: end,
          at: o.now.toISOString(),
        });
    }
  }

  // 3. The database's checkpoint table is a copy of the anchored checkpoints.
  const dbCheckpoints = (
    await o.db.query<{ tree_size: string; root_hash: string; signature: string }>(
      'SELECT c.tree_size::text, c.root_hash, c.signature FROM audit_checkpoint c WHERE c.tree_size > $1 ORDER BY c.tree_size',
      [base],
    )
  ).rows;
  const anchoredBySize = new Map(checkpoints.map((c) => [c.treeSize, c]));
  const replaced = dbCheckpoints.find((d) => {
    const a = anchoredBySize.get(Number(d.tree_size));
    return a === undefined ? Number(d.tree_size) <= size : a.rootHash !== d.root_hash || a.signature !== d.signature;
  });
  const dbLatest = Number(
    (await o.db.query<{ n: string | null }>('SELECT max(tree_size)::text AS n FROM audit_checkpoint')).rows[0]?.n ?? 0,
  );
  if (replaced)
    found(
      'checkpoint-table-replaced',
      `the database's checkpoint of ${replaced.tree_size} leaves is not the anchored one`,
    );
  else {
    // The latest anchored checkpoint may be in flight (anchored, its commit not yet visible); the one before it may not.
    const required = checkpoints.length >= 2 ? (checkpoints[checkpoints.length - 2]?.treeSize ?? 0) : base;
    if (dbLatest < required)
      found(
        'checkpoint-table-replaced',
        `the database's checkpoints end at ${dbLatest} leaves, the anchor's at ${size}`,
      );
  }

  // 4. Rows not sealed yet: younger than the seal lag, and none behind a sealed horizon.
  const lag = o.sealLagMs ?? 60_000;
  let unsealed: { id: string; at: Date; behind: boolean }[];
  if (start === null) {
    // Full: every row without a leaf, each named.
    unsealed = (
      await o.db.query<{ id: string; at: Date; behind: boolean }>(
        `SELECT a.id, a.at, (a.xid IS NULL OR a.xid < (SELECT horizon FROM audit_checkpoint ORDER BY audit_checkpoint.tree_size DESC LIMIT 1)) AS behind
           FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)`,
      )
    ).rows;
    const inserted = unsealed.find((u) => u.behind === true);
    if (inserted && size > 0)
      found('row-inserted', `row ${inserted.id} is not sealed although the seal has passed it (inserted afterwards)`);
  } else {
    // Incremental: only the rows above the latest horizon are read (its index), and a count in the same
    // snapshot shows a row anywhere else without a leaf — inserted behind the seal (--full names it).
    const r = (
      await o.db.query<{ total: string; sealed: string | null; above: { id: string; at: string }[] | null }>(
        `WITH h AS (SELECT horizon, tree_size FROM audit_checkpoint ORDER BY audit_checkpoint.tree_size DESC LIMIT 1)
         SELECT (SELECT count(*) FROM audit_log)::text AS total, (SELECT tree_size FROM h)::text AS sealed,
                (SELECT json_agg(json_build_object('id', a.id, 'at', a.at)) FROM audit_log a, h
                  WHERE a.xid >= h.horizon AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)) AS above`,
      )
    ).rows[0];
    unsealed = (r?.above ?? []).map((u) => ({ id: u.id, at: new Date(u.at), behind: false }));
    const behind = Number(r?.total ?? 0) - Number(r?.sealed ?? 0) - unsealed.length;
    if (behind > 0 && size > 0)
      found(
        'row-inserted',
        `${behind} row(s) are not sealed although the seal has passed them (inserted afterwards; --full names them)`,
      );
  }
  const stale = unsealed.filter((u) => o.now.getTime() - new Date(u.at).getTime() > lag);
  if (stale.length > 0)
    found('seal-lag-exceeded', `${stale.length} row(s) are older than the seal lag (${lag} ms) and not sealed`);

  return {
    ok: findings.length === 0,
    findings,
    treeSize: size,
    checkpointsChecked: checkpoints.length,
    leavesChecked: leaves.length,
    unsealed: unsealed.length,
    incremental: start !== null,
  };
}
