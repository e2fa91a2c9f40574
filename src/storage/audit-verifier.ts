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
 * tree's right edge and the log's numbering high-water mark are recorded with it), so a run reads only
 * what was written and sealed since, plus a random sample of the older leaves (and always the first and
 * the last verified one) to see that they are still there and as sealed. Nothing in it reads the whole
 * log: a single old row deleted, or a row slipped in with a forged old number, is found by `full`,
 * which recomputes everything and is run on a schedule too (docs/operations.md).
 */
import { randomInt, type KeyObject } from 'node:crypto';
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
  const empty = (await o.db.query('SELECT 1 FROM audit_log LIMIT 1')).rows.length === 0;
  if (size > 0 && empty) found('truncated', `the anchor covers ${size} rows, the database has none`);
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
    if (!empty)
      found('tail-deleted', `the anchor covers ${size} rows, the database's sealed rows end at ${present}`, present);
    broken = true;
  }
  if (!broken && !empty && start !== null && base > 0) {
    const old = await checkOlderLeaves(o.db, base);
    if (old) {
      found(old.problem, old.detail, old.leaf);
      broken = true;
    }
  }
  let recordable: string[] | null = null;
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
    recordable = broken ? null : tree.frontier().map((h) => h.toString('hex'));
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

  // 4. Rows not sealed yet: younger than the seal lag, and none behind a sealed horizon. A full run
  // reads every row; an incremental one only those numbered above the last run's high-water mark.
  const lag = o.sealLagMs ?? 60_000;
  const since = await unsealedSince(o.db, start === null ? null : (start.seqHighWater ?? null), base);
  const highWater = since.highWater;
  const inserted = since.rows.find((u) => u.behind);
  if (inserted && size > 0)
    found('row-inserted', `row ${inserted.id} is not sealed although the seal has passed it (inserted afterwards)`);
  const unsealed = since.rows;
  const stale = unsealed.filter((u) => o.now.getTime() - new Date(u.at).getTime() > lag);
  if (stale.length > 0)
    found('seal-lag-exceeded', `${stale.length} row(s) are older than the seal lag (${lag} ms) and not sealed`);

  const end: AnchorPosition | undefined = anchored[anchored.length - 1]?.end;
  if (recordable !== null && end && (o.record ?? true) && findings.length === 0)
    await o.anchor.recordVerified({
      treeSize: size,
      rootHash: latest.root.toString('hex'),
      frontier: recordable,
      position: end,
      at: o.now.toISOString(),
      seqHighWater: highWater,
    });

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

/** How many older leaves an incremental run looks at, besides the first and the last verified one. */
export const olderLeafSample = 256;

/**
 * A random sample of the leaves verified before (all of them in a small log), the first and the last
 * verified one always among them: each row still there and still as sealed. Finds a truncation, a
 * deleted chain or range, and rows edited without recomputing their seal, at the cost of a few hundred
 * index look-ups however long the log.
 */
async function checkOlderLeaves(db: Sql, base: number): Promise<Finding | null> {
  const picked = new Set<number>([0, base - 1]);
  if (base <= olderLeafSample) for (let i = 0; i < base; i++) picked.add(i);
  else while (picked.size < olderLeafSample + 2) picked.add(randomInt(0, base));
  const leaves = [...picked].sort((x, y) => x - y);
  const rows = (
    await db.query<SealedRow & { wanted: string }>(
      `SELECT w.i::text AS wanted, s.leaf_index::text, s.leaf_hash, a.id AS row_id, a.*
         FROM unnest($1::bigint[]) AS w(i) LEFT JOIN audit_seal s ON s.leaf_index = w.i LEFT JOIN audit_log a ON a.id = s.audit_id
        ORDER BY w.i`,
      [leaves],
    )
  ).rows;
  const gone = rows.filter((r) => r.row_id === null).map((r) => Number(r.wanted));
  if (gone.length > 0)
    return {
      problem: 'rows-deleted',
      detail: `rows of leaves verified before are gone: ${gone.slice(0, 10).join(', ')}${gone.length > 10 ? ', …' : ''} (of ${leaves.length} looked at; --full names every one)`,
      leaf: gone[0],
    };
  const edited = rows.find((r) => auditLeafHash(toAuditRow(r)).toString('hex') !== r.leaf_hash);
  return edited
    ? {
        problem: 'row-edited',
        detail: `the row of leaf ${edited.wanted} (${edited.id}) differs from what was sealed`,
        leaf: Number(edited.wanted),
      }
    : null;
}

/**
 * The rows without a leaf — every one (`after` null) or those numbered above `after` (the index on seq)
 * — each marked `behind` when the seal has already passed it; and the log's numbering high-water mark.
 * The rows read are first matched against the leaves from `base` on (one hash join; a row numbered
 * above the last run's mark is sealed there, if at all), and only those left over are looked up among
 * every leaf.
 */
async function unsealedSince(
  db: Sql,
  after: number | null,
  base: number,
): Promise<{ rows: { id: string; at: Date; behind: boolean }[]; highWater: number }> {
  const r = (
    await db.query<{ high: string | null; rows: { id: string; at: string; behind: boolean }[] | null }>(
      `WITH h AS (SELECT horizon FROM audit_checkpoint ORDER BY audit_checkpoint.tree_size DESC LIMIT 1),
            recent AS (SELECT audit_id FROM audit_seal WHERE leaf_index >= $2),
            candidates AS MATERIALIZED (
              SELECT a.id, a.at, a.xid FROM audit_log a LEFT JOIN recent r ON r.audit_id = a.id
               WHERE ($1::bigint IS NULL OR a.seq > $1::bigint) AND r.audit_id IS NULL)
       SELECT (SELECT max(seq) FROM audit_log)::text AS high,
              (SELECT json_agg(json_build_object('id', c.id, 'at', c.at,
                        'behind', c.xid IS NULL OR c.xid < (SELECT horizon FROM h)))
                 FROM candidates c
                WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = c.id)) AS rows`,
      [after, base],
    )
  ).rows[0];
  return {
    rows: (r?.rows ?? []).map((u) => ({ id: u.id, at: new Date(u.at), behind: u.behind === true })),
    highWater: Number(r?.high ?? 0),
  };
}
