/**
 * The sealer (decision 0007): makes committed audit rows leaves of the log's Merkle tree (RFC 9162),
 * in a well-defined order, and publishes a signed checkpoint to the anchor store outside the database.
 *
 * The order rule, the same on PostgreSQL and PGlite: each row carries the id of the transaction that
 * inserted it (xid8). A pass reads the oldest transaction still running when it looks,
 * x = pg_snapshot_xmin(pg_current_snapshot()): every transaction below x has ended, and any later
 * insert gets an xid ≥ x. So the rows with xid in [previous x, x) are final — committed, visible,
 * and no row can ever join them — and they are sealed in (xid, seq) order. A row committed after a
 * pass read is at or above its x and becomes a later leaf: never out of order. A long transaction
 * holds x back, and with it the seal (the lag is then that transaction's length). PGlite runs one
 * transaction at a time, so there x is simply past every committed row.
 *
 * Rows written before 0007 (hash-chained, xid NULL) are the first leaves, in chain order (unit, seq),
 * sealed once their chains verify.
 *
 * One sealer is active per database at a time (a transaction-level advisory lock); every instance's
 * worker loop tries. A pass anchors its checkpoint before it commits: if the anchor append fails,
 * nothing of the pass is kept; if the commit fails after it, the next pass seals the same rows as the
 * prefix of a larger tree and proves it consistent with the anchored one.
 */
import { auditLeafHash, verifyChain } from '../domain/audit';
import { checkpointMessage, type SignedCheckpoint } from '../domain/checkpoint';
import { consistencyProof, FrontierSource, rootHash } from '../domain/merkle';
import type { Clock } from '../domain/ports';
import type { AnchorStore } from './anchor-store';
import { toAuditRow, type AuditDbRow } from './audit-reader';
import type { CheckpointSigner } from './checkpoint-signer';
import type { Database, Sql } from './database';

export const sealLockKey = 4_274_118;

export class SealRefusedError extends Error {
  constructor(
    readonly code: 'chain-broken' | 'anchor-missing' | 'anchor-diverged',
    message: string,
  ) {
    super(message);
    this.name = 'SealRefusedError';
  }
}

export interface SealerDeps {
  readonly db: Database;
  readonly signer: CheckpointSigner;
  readonly anchor: AnchorStore;
  readonly clock: Clock;
}

export interface SealResult {
  /** False when another instance's sealer held the lock. */
  readonly ran: boolean;
  readonly sealed: number;
  readonly checkpoint: SignedCheckpoint | null;
}

interface CheckpointRow {
  tree_size: string;
  root_hash: string;
  horizon: string;
  frontier: string[];
}

async function chainedRows(tx: Sql): Promise<AuditDbRow[]> {
  const rows = (await tx.query<AuditDbRow>('SELECT * FROM audit_log WHERE xid IS NULL ORDER BY org_unit_id, seq')).rows;
  const heads = new Map(
    (
      await tx.query<{ org_unit_id: string; seq: number; hash: string }>(
        'SELECT org_unit_id, seq, hash FROM audit_head',
      )
    ).rows.map((h) => [h.org_unit_id, h]),
  );
  const units = new Set([...heads.keys(), ...rows.map((r) => r.org_unit_id)]);
  for (const unit of [...units].sort()) {
    const chain = rows.filter((r) => r.org_unit_id === unit).map(toAuditRow);
    const head = heads.get(unit);
    const broken = verifyChain(unit, chain, head ? { seq: head.seq, hash: head.hash } : null);
    if (broken)
      throw new SealRefusedError(
        'chain-broken',
        `the hash chain of unit ${broken.orgUnitId} is broken at row ${broken.seq} (${broken.problem}); its rows are not sealed`,
      );
  }
  return rows;
}

/** One pass: seal what is final, sign, anchor, commit. */
export async function sealOnce(deps: SealerDeps): Promise<SealResult> {
  const { db, signer, anchor, clock } = deps;
  return db.transaction(async (tx) => {
    const lock = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [sealLockKey]);
    if (lock.rows[0]?.ok !== true) return { ran: false, sealed: 0, checkpoint: null };
    const prev =
      (
        await tx.query<CheckpointRow>(
          'SELECT c.tree_size::text, c.root_hash, c.horizon::text, c.frontier FROM audit_checkpoint c ORDER BY c.tree_size DESC LIMIT 1',
        )
      ).rows[0] ?? null;
    const rows: AuditDbRow[] = prev === null ? await chainedRows(tx) : [];
    const fresh = await tx.query<AuditDbRow & { horizon: string }>(
      `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x)
       SELECT a.*, h.x::text AS horizon FROM h LEFT JOIN audit_log a ON a.xid >= $1::xid8 AND a.xid < h.x
        ORDER BY a.xid, a.seq`,
      [prev?.horizon ?? '0'],
    );
    const horizon = fresh.rows[0]?.horizon ?? prev?.horizon ?? '0';
    rows.push(...fresh.rows.filter((r) => r.id !== null));
    if (rows.length === 0) return { ran: true, sealed: 0, checkpoint: null };

    const base = prev === null ? 0 : Number(prev.tree_size);
    const leaves = rows.map((r) => auditLeafHash(toAuditRow(r)));
    const tree = new FrontierSource(
      base,
      (prev?.frontier ?? []).map((h) => Buffer.from(h, 'hex')),
      leaves,
    );
    const size = tree.size;
    const anchored = await anchor.last();
    const anchoredSize = anchored?.treeSize ?? 0;
    if (anchoredSize < base)
      throw new SealRefusedError(
        'anchor-missing',
        `the anchor store's latest checkpoint (${anchoredSize}) is behind the database's (${base})`,
      );
    if (anchoredSize > size) return { ran: true, sealed: 0, checkpoint: null }; // an anchored pass whose commit failed: wait for its rows
    if (anchored !== null && rootHash(tree, anchoredSize).toString('hex') !== anchored.rootHash) {
      throw new SealRefusedError(
        'anchor-diverged',
        `the database's first ${anchoredSize} leaves do not give the anchored root`,
      );
    }
    const signed = { treeSize: size, rootHash: rootHash(tree, size).toString('hex'), at: clock.now().toISOString() };
    // Sign first: a Key Vault signer knows its key id once it has reached the vault.
    const signature = await signer.sign(checkpointMessage(signed));
    const checkpoint: SignedCheckpoint = {
      ...signed,
      keyId: signer.keyId,
      signature,
      proofFrom: anchoredSize,
      consistency: consistencyProof(tree, anchoredSize, size).map((h) => h.toString('hex')),
    };
    await tx.query(
      'INSERT INTO audit_seal (leaf_index, audit_id, leaf_hash) SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[])',
      [rows.map((_, i) => base + i), rows.map((r) => r.id), leaves.map((h) => h.toString('hex'))],
    );
    await tx.query(
      `INSERT INTO audit_checkpoint (tree_size, root_hash, at, horizon, frontier, key_id, signature, proof_from, consistency)
       VALUES ($1, $2, $3, $4::xid8, $5, $6, $7, $8, $9)`,
      [
        size,
        checkpoint.rootHash,
        checkpoint.at,
        horizon,
        tree.frontier().map((h) => h.toString('hex')),
        checkpoint.keyId,
        checkpoint.signature,
        checkpoint.proofFrom,
        checkpoint.consistency,
      ],
    );
    await anchor.append(checkpoint, anchored);
    return { ran: true, sealed: rows.length, checkpoint };
  });
}

export interface SealLoop {
  stop(): Promise<void>;
}

export interface SealEvent {
  readonly type: 'sealed' | 'error';
  readonly sealed?: number;
  readonly treeSize?: number;
  readonly code?: string;
}

/**
 * What failed, for the log without any row content: a database error by its SQLSTATE and constraint
 * (e.g. "23505 audit_seal_pkey"), anything else by its name.
 */
function errorCode(err: unknown): string {
  if (!(err instanceof Error)) return 'Error';
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return err.name;
  return typeof constraint === 'string' ? `${code} ${constraint}` : code;
}

/** Runs a pass every `intervalMs` (default 1 s: at most one checkpoint a second) until stopped. */
export function startSealLoop(
  deps: SealerDeps,
  opts: { readonly intervalMs?: number; readonly onEvent?: (e: SealEvent) => void } = {},
): SealLoop {
  const intervalMs = opts.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = (): void => {
    timer = undefined;
    inFlight = (async () => {
      try {
        const r = await sealOnce(deps);
        if (r.checkpoint) opts.onEvent?.({ type: 'sealed', sealed: r.sealed, treeSize: r.checkpoint.treeSize });
      } catch (err) {
        opts.onEvent?.({
          type: 'error',
          code: err instanceof SealRefusedError ? err.code : errorCode(err),
        });
      } finally {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
