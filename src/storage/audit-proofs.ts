/**
 * Inclusion proofs for exported audit rows (decision 0007): for each sealed row, its leaf data, its
 * leaf index and the RFC 9162 inclusion path to the latest checkpoint, which is named (size, root,
 * time) and carries its ES256 signature. Anyone with the public key can check a row without the
 * database (docs/audit-log.md shows how); the anchor store confirms the checkpoint.
 */
import { auditLeaf, type AuditRow } from '../domain/audit';
import type { Checkpoint } from '../domain/checkpoint';
import { inclusionProof, LeafLevels } from '../domain/merkle';
import type { Sql } from './database';

export interface NamedCheckpoint extends Checkpoint {
  readonly keyId: string;
  readonly signature: string;
}

export interface InclusionProof {
  readonly checkpoint: NamedCheckpoint;
  readonly leafIndex: number;
  /** The leaf data (RFC 8785 canonical JSON of the row); its leaf hash is SHA-256(0x00 || leaf). */
  readonly leaf: string;
  /** Hex hashes, leaf to root. */
  readonly path: readonly string[];
}

/** Proofs for the sealed rows among `rows` (by row id); unsealed rows have none yet. */
export async function inclusionProofsFor(tx: Sql, rows: readonly AuditRow[]): Promise<Map<string, InclusionProof>> {
  const proofs = new Map<string, InclusionProof>();
  if (rows.length === 0) return proofs;
  const latest = (
    await tx.query<{ tree_size: string; root_hash: string; at: Date; key_id: string; signature: string }>(
      'SELECT c.tree_size::text, c.root_hash, c.at, c.key_id, c.signature FROM audit_checkpoint c ORDER BY c.tree_size DESC LIMIT 1',
    )
  ).rows[0];
  if (latest === undefined) return proofs;
  const size = Number(latest.tree_size);
  const indices = new Map(
    (
      await tx.query<{ audit_id: string; leaf_index: string }>(
        'SELECT audit_id, leaf_index::text FROM audit_seal WHERE audit_id = ANY($1::uuid[]) AND leaf_index < $2',
        [rows.map((r) => r.id), size],
      )
    ).rows.map((s) => [s.audit_id, Number(s.leaf_index)]),
  );
  if (indices.size === 0) return proofs;
  const leaves = (
    await tx.query<{ leaf_hash: string }>(
      'SELECT leaf_hash FROM audit_seal WHERE leaf_index < $1 ORDER BY leaf_index',
      [size],
    )
  ).rows.map((s) => Buffer.from(s.leaf_hash, 'hex'));
  const tree = new LeafLevels(leaves);
  const checkpoint: NamedCheckpoint = {
    treeSize: size,
    rootHash: latest.root_hash,
    at: new Date(latest.at).toISOString(),
    keyId: latest.key_id,
    signature: latest.signature,
  };
  for (const row of rows) {
    const index = indices.get(row.id);
    if (index === undefined) continue;
    proofs.set(row.id, {
      checkpoint,
      leafIndex: index,
      leaf: auditLeaf(row),
      path: inclusionProof(tree, index, size).map((h) => h.toString('hex')),
    });
  }
  return proofs;
}
