/**
 * A case's change stamp: when anything the meeting tab shows last changed (the case row, an
 * assessment entry, a plan version). It carries no case content — only timestamps and a version
 * number — so it is read without the party predicate. Callers check access (an audited read) before
 * they watch a case, and every refetch after a change is an audited read again.
 */
import type { Sql } from './database';

export async function caseChangeStamp(db: Sql, caseId: string): Promise<string | null> {
  const r = await db.query<{ stamp: string | null }>(
    `SELECT c.updated_at::text
            || '|' || coalesce((SELECT max(a.updated_at)::text FROM assessment a WHERE a.case_id = c.id), '-')
            || '|' || coalesce((SELECT count(*)::text FROM assessment a WHERE a.case_id = c.id), '0')
            || '|' || coalesce((SELECT max(p.version)::text FROM plan_version p WHERE p.case_id = c.id), '0')
            || '|' || coalesce((SELECT l.version::text FROM case_lens l WHERE l.case_id = c.id), '0')
            || '|' || coalesce((SELECT count(*)::text FROM case_voice v WHERE v.case_id = c.id), '0') AS stamp
       FROM child_case c WHERE c.id = $1`,
    [caseId],
  );
  return r.rows[0]?.stamp ?? null;
}
