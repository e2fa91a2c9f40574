/**
 * The outbox: Graph and Teams side effects as persisted jobs. A use case enqueues a job in the same
 * transaction as its own rows, so the side effect happens if and only if the change committed.
 * Workers on any number of instances claim jobs with FOR UPDATE SKIP LOCKED under a lease, so each
 * job is worked on by one worker at a time; a crashed worker's job is claimed again once its lease
 * has expired. Times come from the injected clock, so the instances' clocks must roughly agree
 * (leases are minutes, clock skew is milliseconds).
 */
import { randomUUID } from 'node:crypto';
import { isGuid } from '../domain/ids';
import { isJobKind, jobKindDefinitions, jobKinds } from '../app/jobs';
import type { Clock } from '../domain/ports';
import { backoffDelayMs, defaultBackoff, type BackoffOptions } from './outbox-backoff';
import type { Database, Sql } from './database';
import {
  LeaseLostError,
  outboxJobColumns,
  toOutboxJob,
  type JsonValue,
  type NewOutboxJob,
  type OutboxJob,
  type OutboxJobRow,
} from './outbox-job';

export const defaultMaxAttempts = 10;

const oneAtATimeKinds: string[] = Object.entries(jobKindDefinitions)
  .filter(([, k]) => k.oneAtATimePerCase === true)
  .map(([kind]) => kind);

export class Outbox {
  private readonly backoff: BackoffOptions;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    backoff: Partial<BackoffOptions> = {},
  ) {
    this.backoff = { ...defaultBackoff, ...backoff };
  }

  /**
   * Adds a job; pass the caller's transaction to enqueue atomically with its rows. A job with the
   * same idempotency key already there is returned as it is (created: false), whatever its state.
   */
  async enqueue(tx: Sql, job: NewOutboxJob): Promise<{ id: string; created: boolean }> {
    // A kind's retry policy comes from its definition (src/app/jobs.ts) unless the caller overrides it.
    const maxAttempts = job.maxAttempts ?? (isJobKind(job.kind) ? jobKinds[job.kind].maxAttempts : defaultMaxAttempts);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError('maxAttempts must be a positive integer');
    if (job.idempotencyKey === '') throw new RangeError('idempotencyKey must not be empty');
    const now = this.clock.now();
    const id = randomUUID();
    if (job.coalesce && job.caseId) {
      // Join a job that waits unclaimed — locked until this transaction ends, so no worker can start it
      // (and read the case) before this change is committed; one being claimed right now is skipped.
      const waiting = await tx.query<{ id: string }>(
        "SELECT id FROM outbox_job WHERE case_id = $1 AND kind = $2 AND state = 'pending' AND attempts = 0 AND run_after <= $3 LIMIT 1 FOR UPDATE SKIP LOCKED",
        [job.caseId, job.kind, now],
      );
      const w = waiting.rows[0];
      if (w !== undefined) {
        // The card the person acted on rides along: the joined job updates it when it is done.
        if (job.payload.card !== undefined)
          await tx.query(
            "UPDATE outbox_job SET payload = payload || jsonb_build_object('card', $2::jsonb) WHERE id = $1",
            [w.id, JSON.stringify(job.payload.card)],
          );
        return { id: w.id, created: false };
      }
    }
    const inserted = await tx.query(
      `INSERT INTO outbox_job (id, org_unit_id, case_id, kind, idempotency_key, payload, state, attempts, max_attempts, run_after, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'pending', 0, $7, $8, $9, $9)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        id,
        job.orgUnitId,
        job.caseId ?? null,
        job.kind,
        job.idempotencyKey,
        JSON.stringify(job.payload),
        maxAttempts,
        job.runAfter ?? now,
        now,
      ],
    );
    if (inserted.rowCount === 1) return { id, created: true };
    // ON CONFLICT waited for a concurrent enqueue of the same key to commit, so the row is visible now.
    const existing = await tx.query<{ id: string }>('SELECT id FROM outbox_job WHERE idempotency_key = $1', [
      job.idempotencyKey,
    ]);
    const row = existing.rows[0];
    if (row === undefined) throw new Error('outbox enqueue: the job with this idempotency key vanished');
    return { id: row.id, created: false };
  }

  /**
   * Leases up to `limit` due jobs to `workerId`: pending ones whose run_after has come, and running
   * ones whose lease has expired — for kinds defined one-at-a-time, at most one per case. Each claim counts as an attempt. A job whose lease expired on its
   * last attempt is failed instead, so a job that crashes its worker every time cannot loop forever.
   */
  async claim(workerId: string, leaseMs: number, limit = 1): Promise<OutboxJob[]> {
    if (!(leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + leaseMs);
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE outbox_job SET state = 'failed', last_error = 'LeaseExpired', locked_by = NULL, locked_until = NULL, updated_at = $1
          WHERE id IN (SELECT id FROM outbox_job
                        WHERE state = 'running' AND locked_until <= $1 AND attempts >= max_attempts
                        FOR UPDATE SKIP LOCKED)`,
        [now],
      );
      const claimed = await tx.query<OutboxJobRow>(
        // Kinds that act on one external object per case run one at a time per case (two runs of
        // plan.publish would both post): such a job waits while another of its case and kind runs or is due before it.
        `WITH picked AS (
           SELECT id FROM outbox_job j
            WHERE state IN ('pending', 'running') AND run_after <= $1
              AND (state = 'pending' OR (locked_until <= $1 AND attempts < max_attempts))
              AND (case_id IS NULL OR NOT (kind = ANY($5::text[])) OR NOT EXISTS (
                    SELECT 1 FROM outbox_job o
                     WHERE o.case_id = j.case_id AND o.kind = j.kind AND o.id <> j.id
                       AND ((o.state = 'running' AND o.locked_until > $1)
                         OR (o.state IN ('pending', 'running') AND o.run_after <= $1
                             AND (o.state = 'pending' OR o.attempts < o.max_attempts)
                             AND (o.run_after, o.id) < (j.run_after, j.id)))))
            ORDER BY run_after, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED)
         UPDATE outbox_job j
            SET state = 'running', locked_by = $2, locked_until = $3, attempts = j.attempts + 1, updated_at = $1
           FROM picked
          WHERE j.id = picked.id
         RETURNING j.*`,
        [now, workerId, lockedUntil, limit, oneAtATimeKinds],
      );
      return claimed.rows;
    });
    // UPDATE … RETURNING does not keep the order of the CTE.
    return rows
      .map(toOutboxJob)
      .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || a.id.localeCompare(b.id));
  }

  /**
   * Records what the side effect created so far (e.g. the Graph event id right after creating it).
   * Throws LeaseLostError when another worker has claimed the job since.
   */
  async saveResult(jobId: string, workerId: string, result: JsonValue): Promise<void> {
    const r = await this.db.query(
      `UPDATE outbox_job SET result = $3::jsonb, updated_at = $4 WHERE id = $1 AND state = 'running' AND locked_by = $2`,
      [jobId, workerId, JSON.stringify(result), this.clock.now()],
    );
    if (r.rowCount !== 1) throw new LeaseLostError(jobId);
  }

  /** Marks the job done and releases it. Throws LeaseLostError when the worker no longer holds it. */
  async complete(jobId: string, workerId: string): Promise<void> {
    const r = await this.db.query(
      `UPDATE outbox_job SET state = 'done', locked_by = NULL, locked_until = NULL, updated_at = $3
        WHERE id = $1 AND state = 'running' AND locked_by = $2`,
      [jobId, workerId, this.clock.now()],
    );
    if (r.rowCount !== 1) throw new LeaseLostError(jobId);
  }

  /**
   * Releases a job after a failed attempt: back to pending after a backoff when the error is
   * retryable and attempts remain, else failed for good. `errorCode` is a code or class name only,
   * never a message (messages may echo personal data). Throws LeaseLostError like complete().
   */
  async fail(jobId: string, workerId: string, errorCode: string, retryable: boolean): Promise<OutboxJob> {
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const held = await tx.query<{ attempts: number; max_attempts: number }>(
        `SELECT attempts, max_attempts FROM outbox_job WHERE id = $1 AND state = 'running' AND locked_by = $2 FOR UPDATE`,
        [jobId, workerId],
      );
      const job = held.rows[0];
      if (job === undefined) throw new LeaseLostError(jobId);
      const retry = retryable && job.attempts < job.max_attempts;
      const runAfter = retry ? new Date(now.getTime() + backoffDelayMs(job.attempts, this.backoff)) : null;
      const updated = await tx.query<OutboxJobRow>(
        `UPDATE outbox_job
            SET state = $2, run_after = COALESCE($3, run_after), last_error = $4, locked_by = NULL, locked_until = NULL, updated_at = $5
          WHERE id = $1
         RETURNING ${outboxJobColumns}`,
        [jobId, retry ? 'pending' : 'failed', runAfter, errorCode.slice(0, 200), now],
      );
      return updated.rows[0];
    });
    if (row === undefined) throw new LeaseLostError(jobId);
    return toOutboxJob(row);
  }

  async get(id: string): Promise<OutboxJob | null> {
    if (!isGuid(id)) return null;
    const r = await this.db.query<OutboxJobRow>(`SELECT ${outboxJobColumns} FROM outbox_job WHERE id = $1`, [id]);
    const row = r.rows[0];
    return row === undefined ? null : toOutboxJob(row);
  }

  /** The jobs of one case, oldest first (progress display: "meeting booked, channel pending …"). */
  async listForCase(caseId: string): Promise<OutboxJob[]> {
    if (!isGuid(caseId)) return [];
    const r = await this.db.query<OutboxJobRow>(
      `SELECT ${outboxJobColumns} FROM outbox_job WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return r.rows.map(toOutboxJob);
  }
}
