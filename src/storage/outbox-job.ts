/** The shape of an outbox job, and its mapping from a database row. */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a job needs to run: opaque ids only (case, meeting, unit, Entra object ids), never personal data. */
export type OutboxPayload = { readonly [key: string]: JsonValue };

export type OutboxJobState = 'pending' | 'running' | 'done' | 'failed';

export interface NewOutboxJob {
  readonly kind: string;
  readonly orgUnitId: string;
  readonly caseId?: string | null;
  /** Names the side effect itself (e.g. `meeting.create:<meeting id>`), so enqueueing twice is harmless. */
  readonly idempotencyKey: string;
  readonly payload: OutboxPayload;
  readonly maxAttempts?: number;
  readonly runAfter?: Date;
  /** Skip when a job of the same kind for the same case is pending and not yet claimed (it will see this change). */
  readonly coalesce?: boolean;
}

export interface OutboxJob {
  readonly id: string;
  readonly orgUnitId: string;
  readonly caseId: string | null;
  readonly kind: string;
  readonly idempotencyKey: string;
  readonly payload: OutboxPayload;
  readonly state: OutboxJobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAfter: Date;
  readonly lockedBy: string | null;
  readonly lockedUntil: Date | null;
  /** What an earlier attempt already created (saved progress); null when nothing was saved. */
  readonly result: JsonValue | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A worker wrote to a job it no longer holds: another worker claimed it after the lease expired.
 * The first worker must stop; the job belongs to the other one now.
 */
export class LeaseLostError extends Error {
  readonly code = 'LeaseLost';
  constructor(readonly jobId: string) {
    super(`outbox job ${jobId} is no longer leased to this worker`);
    this.name = 'LeaseLostError';
  }
}

export interface OutboxJobRow {
  id: string;
  org_unit_id: string;
  case_id: string | null;
  kind: string;
  idempotency_key: string;
  payload: OutboxPayload;
  state: OutboxJobState;
  attempts: number;
  max_attempts: number;
  run_after: Date;
  locked_by: string | null;
  locked_until: Date | null;
  result: JsonValue | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export const outboxJobColumns = `id, org_unit_id, case_id, kind, idempotency_key, payload, state, attempts, max_attempts,
  run_after, locked_by, locked_until, result, last_error, created_at, updated_at`;

export function toOutboxJob(r: OutboxJobRow): OutboxJob {
  return {
    id: r.id,
    orgUnitId: r.org_unit_id,
    caseId: r.case_id,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    payload: r.payload,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAfter: r.run_after,
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until,
    result: r.result,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
