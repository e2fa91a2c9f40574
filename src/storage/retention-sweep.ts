/**
 * The retention sweep: finds cases the rules say must go, and deletes each with all its child rows
 * (the foreign keys cascade; drafts, which hold no foreign key, are deleted here). Each deletion is
 * one transaction that locks the case row (SKIP LOCKED), checks the rule again against the latest
 * activity and appends a 'case.delete' audit row as the system actor. Two instances sweeping at once
 * therefore delete and audit each case exactly once. Audit rows hold no child data and stay, so
 * every chain still verifies.
 */
import { retentionDue, retentionPeriodFor, type RetentionReason, type RetentionRules } from '../domain/retention';
import type { CaseKind, CaseStage } from '../domain/case';
import type { Clock } from '../domain/ports';
import type { Database, Sql } from './database';
import { startPeriodic, type PeriodicLoop } from './periodic-loop';
import { SystemStore } from './system-store';

/** The latest write to the case or any record of it. */
const lastActivity = `GREATEST(
  c.updated_at,
  (SELECT max(e.at) FROM case_event e WHERE e.case_id = c.id),
  (SELECT max(a.updated_at) FROM assessment a WHERE a.case_id = c.id),
  (SELECT max(p.created_at) FROM plan_version p WHERE p.case_id = c.id),
  (SELECT l.updated_at FROM case_lens l WHERE l.case_id = c.id),
  (SELECT max(v.entered_at) FROM case_voice v WHERE v.case_id = c.id),
  (SELECT max(m.created_at) FROM meeting m WHERE m.case_id = c.id),
  (SELECT max(k.recorded_at) FROM consent k WHERE k.case_id = c.id),
  (SELECT max(d.updated_at) FROM form_draft d WHERE d.case_key = c.id::text)
)`;

interface CandidateRow {
  id: string;
  org_unit_id: string;
  kind: CaseKind;
  stage: CaseStage;
  last_activity: Date;
}

export interface SweepResult {
  readonly deleted: readonly { readonly caseId: string; readonly reason: RetentionReason }[];
}

class Skip extends Error {}

async function candidates(db: Sql, lockId: string | null): Promise<CandidateRow[]> {
  const r = await db.query<CandidateRow>(
    `SELECT c.id, c.org_unit_id, c.kind, c.stage, ${lastActivity} AS last_activity
       FROM child_case c
      WHERE (c.kind = 'anonymous' OR c.stage = 'closed') ${lockId ? 'AND c.id = $1 FOR UPDATE OF c SKIP LOCKED' : ''}`,
    lockId ? [lockId] : [],
  );
  return r.rows;
}

/** Deletes every case that is due under the rules at the clock's now. */
export async function sweepRetention(
  db: Database,
  rules: RetentionRules,
  clock: Clock,
  workerId: string,
): Promise<SweepResult> {
  const store = new SystemStore(db, clock, `retention-${workerId}`);
  const due = (c: CandidateRow) =>
    retentionDue(
      { kind: c.kind, stage: c.stage, lastActivityAt: c.last_activity },
      retentionPeriodFor(rules, c.org_unit_id),
      clock.now(),
    );
  const deleted: { caseId: string; reason: RetentionReason }[] = [];
  for (const c of await candidates(db, null)) {
    if (due(c) === null) continue;
    try {
      const reason = await store.audited(c.id, c.org_unit_id, 'case.delete', async (tx) => {
        // Locked and checked again: another instance may have deleted it, or someone worked on it.
        const [locked] = await candidates(tx, c.id);
        const why = locked ? due(locked) : null;
        if (!locked || why === null) throw new Skip();
        await tx.query('DELETE FROM form_draft WHERE case_key = $1', [c.id]);
        await tx.query('DELETE FROM child_case WHERE id = $1', [c.id]);
        return why;
      });
      deleted.push({ caseId: c.id, reason });
    } catch (err) {
      if (!(err instanceof Skip)) throw err;
    }
  }
  return { deleted };
}

export type RetentionLoop = PeriodicLoop;

/** Sweeps now and then every `intervalMs` on this instance; a failed sweep is tried on the next tick. */
export function startRetentionLoop(
  db: Database,
  rules: RetentionRules,
  clock: Clock,
  workerId: string,
  opts: {
    intervalMs: number;
    onEvent?: (e: { type: 'deleted'; count: number } | { type: 'error'; code: string }) => void;
  },
): RetentionLoop {
  return startPeriodic(
    async () => {
      const r = await sweepRetention(db, rules, clock, workerId);
      if (r.deleted.length > 0) opts.onEvent?.({ type: 'deleted', count: r.deleted.length });
    },
    opts.intervalMs,
    (code) => opts.onEvent?.({ type: 'error', code }),
  );
}
