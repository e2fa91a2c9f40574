/** A checkpoint of the audit log's Merkle tree, and the exact bytes that are signed. */
import canonicalize from 'canonicalize';

export const auditLogName = 'samsyn-audit-log/v1';

export interface Checkpoint {
  readonly treeSize: number;
  /** Hex. */
  readonly rootHash: string;
  /** ISO 8601. */
  readonly at: string;
}

/** An anchored checkpoint: signed, with the RFC 9162 consistency proof from the previous anchored one. */
export interface SignedCheckpoint extends Checkpoint {
  readonly keyId: string;
  /** ES256, base64 r‖s, over checkpointMessage(). */
  readonly signature: string;
  readonly proofFrom: number;
  /** Hex hashes. */
  readonly consistency: readonly string[];
}

/** The signed bytes: RFC 8785 canonical JSON of the log's name, the size, the root and the time. */
export function checkpointMessage(c: Checkpoint): Buffer {
  const text = canonicalize({ log: auditLogName, treeSize: c.treeSize, rootHash: c.rootHash, at: c.at });
  if (text === undefined) throw new Error('checkpoint cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}
