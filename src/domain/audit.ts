/**
 * The audit log: every read and write of case data, allowed or denied. Rows hold no child data:
 * only who (tenant + object id), what (a closed list of actions), which case (an opaque id),
 * the outcome and the request id. Rows written before decision 0007 form a hash chain per
 * organisation unit; every row is a leaf of the log's Merkle tree once sealed (src/domain/merkle.ts).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { leafHash, type Hash } from './merkle';

export const auditActions = [
  'case.create',
  'case.read',
  'case.watch',
  'case.list',
  'case.stage',
  'case.convert',
  'party.add',
  'party.remove',
  'party.list',
  'consent.record',
  'consent.withdraw',
  'consent.list',
  'assessment.read',
  'assessment.write',
  'meeting.record',
  'meeting.read',
  'plan.read',
  'plan.write',
  'channel.member.remove',
  'history.read',
  'history.write',
  'job.queue',
  'draft.read',
  'draft.write',
  'followup.read',
  'followup.write',
  'handover.offer',
  'handover.decide',
  'handover.read',
  'case.delete',
  'audit.export',
  'statistics.read',
  'plan.familyLink',
  'plan.familyPdf',
  // One-time links to the family's consent information sheet, or a withdrawal's confirmation (issue 18).
  'consent.sheetLink',
  // The directory sync: a person came into Samsyn through an Entra group, or left every configured group (access ends).
  'directory.added',
  'directory.removed',
  // A person whose groups give several units chose the one they act for.
  'directory.unitChosen',
  // How a consultation ended (issue 17).
  'case.outcome',
  // A group consultation's actions for the group (issue 17).
  'case.groupActions',
  // A consultation asked of a unit's consultation function, and taken by one of its members.
  'consultation.request',
  'consultation.take',
  // A consultee of a unit the consent does not cover reads the anonymous phase as frozen at conversion.
  'consultation.snapshotRead',
  'consultation.snapshotList',
  // The case's optional GIRFEC lenses (My World Triangle, Resilience Matrix): read, chosen or written.
  'lens.read',
  'lens.write',
  // A copy of the agreed plan (PDF or JSON) for a party's own record system (issue 18).
  'plan.agencyExport',
  // The child's own voice and each guardian's view (issue 18 item 3): read or entered.
  'voice.read',
  'voice.write',
] as const;

/** Actions that only read: a read that happened stays a success even when the writes around it are undone. */
const readActions: ReadonlySet<string> = new Set([
  'case.read',
  'case.list',
  'case.watch',
  'party.list',
  'consent.list',
  'assessment.read',
  'meeting.read',
  'plan.read',
  'history.read',
  'draft.read',
  'followup.read',
  'handover.read',
  'audit.export',
  'statistics.read',
  'plan.familyPdf',
  'consultation.snapshotRead',
  'consultation.snapshotList',
  'lens.read',
  'plan.agencyExport',
  'voice.read',
]);

export function isReadAction(action: string): boolean {
  return readActions.has(action);
}
export type AuditAction = (typeof auditActions)[number];

export const auditOutcomes = ['success', 'denied', 'invalid', 'conflict', 'error'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AuditEvent {
  readonly id: string;
  readonly at: Date;
  readonly actorTenantId: string;
  readonly actorObjectId: string;
  readonly action: AuditAction;
  readonly caseId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string;
}

export interface AuditRow extends AuditEvent {
  /** The organisation unit of the actor (whose chain a row written before 0007 belongs to). */
  readonly orgUnitId: string;
  /** Before 0007: the row's place in its unit's chain; since: a number from one sequence for all rows. */
  readonly seq: number;
  /** Chained rows (before 0007): the previous row's hash; null for rows written since. */
  readonly prevHash: string | null;
  /** Chained rows: the chain hash (auditHash); rows since 0007: the Merkle leaf hash (auditLeafHash), hex. */
  readonly hash: string;
}

/**
 * The leaf data of a row in the log's Merkle tree: the RFC 8785 canonical JSON of every field but the
 * hash (prevHash is null for rows written since 0007). What a verifier recomputes from the row.
 */
export function auditLeaf(row: Omit<AuditRow, 'hash'> | Omit<AuditRow, 'hash' | 'seq'>): string {
  // A chained row's leaf is exactly its chain hash's input; a row since 0007 leaves out seq (given by
  // the database on insert, the row's id identifies it) and has prevHash null.
  const chained = 'seq' in row && row.prevHash !== null;
  const canonical = canonicalize({
    orgUnitId: row.orgUnitId,
    ...(chained ? { seq: row.seq } : {}),
    id: row.id,
    at: row.at.toISOString(),
    actorTenantId: row.actorTenantId,
    actorObjectId: row.actorObjectId,
    action: row.action,
    caseId: row.caseId,
    outcome: row.outcome,
    requestId: row.requestId,
    prevHash: row.prevHash,
  });
  if (canonical === undefined) throw new Error('audit row cannot be canonicalised');
  return canonical;
}

/** SHA-256(0x00 || leaf): the row's leaf hash in the Merkle tree (RFC 9162). */
export function auditLeafHash(row: Omit<AuditRow, 'hash'> | Omit<AuditRow, 'hash' | 'seq'>): Hash {
  return leafHash(auditLeaf(row));
}

export const genesisHash = '0'.repeat(64);

/** The hash of a row: SHA-256 over the RFC 8785 canonical JSON of every field but the hash itself. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256').update(auditLeaf(row), 'utf8').digest('hex');
}

export type ChainBreak = {
  readonly orgUnitId: string;
  readonly seq: number;
  readonly problem: 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';
};

/** Walks one organisation's rows in sequence order and returns the first break, if any. */
export function verifyChain(
  orgUnitId: string,
  rows: readonly AuditRow[],
  head: { readonly seq: number; readonly hash: string } | null,
): ChainBreak | null {
  let prevHash = genesisHash;
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { orgUnitId, seq: row.seq, problem: 'sequence-gap' };
    if (row.prevHash !== prevHash) return { orgUnitId, seq: row.seq, problem: 'prev-hash-mismatch' };
    if (auditHash(row) !== row.hash) return { orgUnitId, seq: row.seq, problem: 'hash-mismatch' };
    prevHash = row.hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (head === null ? lastSeq !== 0 : head.seq !== lastSeq || head.hash !== prevHash) {
    return { orgUnitId, seq: lastSeq, problem: 'head-mismatch' };
  }
  return null;
}
