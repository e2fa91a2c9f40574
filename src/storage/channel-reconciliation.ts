/**
 * The periodic repair of plan channels: for every case with an active plan channel, one reconciliation
 * (the plan.publish job) is queued per period, unless one already waits. It removes members added by
 * hand in Teams and catches anything a change-triggered run missed. Keyed per case and period, so any
 * number of instances queue it once.
 */
import { jobKinds } from '../app/jobs';
import type { Clock } from '../domain/ports';
import type { Database } from './database';

export async function queueChannelReconciliation(db: Database, clock: Clock, periodMs: number): Promise<number> {
  const now = clock.now();
  const period = Math.floor(now.getTime() / periodMs);
  const r = await db.query(
    `INSERT INTO outbox_job (id, org_unit_id, case_id, kind, idempotency_key, payload, state, attempts, max_attempts, run_after, created_at, updated_at)
     SELECT gen_random_uuid(), c.org_unit_id, c.case_id, 'plan.publish', 'plan.publish:' || c.case_id::text || ':reconcile:' || $1::text,
            jsonb_build_object('caseId', c.case_id::text), 'pending', 0, $3, $2, $2, $2
       FROM plan_channel c JOIN child_case k ON k.id = c.case_id
      WHERE c.state = 'active' AND c.channel_id IS NOT NULL AND k.stage <> 'closed'
        AND NOT EXISTS (SELECT 1 FROM outbox_job j WHERE j.case_id = c.case_id AND j.kind = 'plan.publish' AND j.state = 'pending' AND j.attempts = 0)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [String(period), now, jobKinds['plan.publish'].maxAttempts],
  );
  return r.rowCount ?? 0;
}
