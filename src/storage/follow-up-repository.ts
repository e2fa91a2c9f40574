import { disclosedFollowUp } from '../domain/disclosure';
import { conflict, notFound } from '../domain/errors';
import type { FollowUp } from '../domain/follow-up';
import type { PlanVersion } from '../domain/plan';
import type { WriteRule } from '../domain/standing';
import type { FollowUpRepository, NewFollowUp } from '../app/follow-up-ports';
import type { AccessScope } from './access-scope';
import { toPlan, type PlanRow } from './rows';

interface FollowUpRow {
  case_id: string;
  plan_version: number;
  reviewed_version: number;
  due_date: string | null;
  action_results: FollowUp['actionResults'];
  area_levels: FollowUp['areaLevels'];
  outcome: FollowUp['outcome'];
  recorded_by_name: string;
  recorded_at: Date;
}

const followUpColumns =
  'case_id, plan_version, reviewed_version, due_date::text AS due_date, action_results, area_levels, outcome, recorded_by_name, recorded_at';

function toFollowUp(r: FollowUpRow): FollowUp {
  return {
    caseId: r.case_id,
    planVersion: r.plan_version,
    reviewedVersion: r.reviewed_version,
    dueDate: r.due_date,
    actionResults: r.action_results,
    areaLevels: r.area_levels,
    outcome: r.outcome,
    recordedByName: r.recorded_by_name,
    recordedAt: r.recorded_at,
  };
}

export class PgFollowUpRepository implements FollowUpRepository {
  constructor(private readonly scope: AccessScope) {}

  /**
   * Stores a follow-up: the revised plan as a new agreed version (history is kept) and the follow-up
   * row, if `rule` passes on the locked case and `expectedVersion` is still the latest version.
   */
  recordFollowUp(
    caseId: string,
    entry: NewFollowUp,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<{ version: PlanVersion; followUp: FollowUp }> {
    return this.scope.onCase(caseId, 'followup.write', true, async (tx, access) => {
      rule(access);
      const latest = await tx.query<{ v: number }>(
        'SELECT coalesce(max(version), 0)::int AS v FROM plan_version WHERE case_id = $1',
        [caseId],
      );
      if ((latest.rows[0]?.v ?? 0) !== expectedVersion) throw conflict();
      const now = this.scope.now();
      const version = expectedVersion + 1;
      const inserted = await tx.query<PlanRow>(
        `INSERT INTO plan_version (case_id, org_unit_id, version, content, agreed, author_name, created_at)
         VALUES ($1, $2, $3, $4, true, $5, $6) ON CONFLICT (case_id, version) DO NOTHING RETURNING *`,
        [caseId, access.orgUnitId, version, JSON.stringify(entry.content), this.scope.actor.displayName, now],
      );
      const row = inserted.rows[0];
      if (row === undefined) throw conflict();
      const saved = await tx.query<FollowUpRow>(
        `INSERT INTO plan_follow_up (case_id, org_unit_id, plan_version, reviewed_version, due_date, action_results, area_levels, outcome, recorded_by_name, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${followUpColumns}`,
        [
          caseId,
          access.orgUnitId,
          version,
          entry.reviewed.version,
          entry.reviewed.content.followUpDate,
          JSON.stringify(entry.record.actionResults),
          JSON.stringify(entry.record.areaLevels),
          entry.record.outcome,
          this.scope.actor.displayName,
          now,
        ],
      );
      const followUp = saved.rows[0];
      if (followUp === undefined) throw new Error('follow-up vanished inside its transaction');
      return { version: toPlan(row), followUp: toFollowUp(followUp) };
    });
  }

  listFollowUps(caseId: string): Promise<FollowUp[]> {
    return this.scope.onCase(caseId, 'followup.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<FollowUpRow>(
        `SELECT ${followUpColumns} FROM plan_follow_up WHERE case_id = $1 ORDER BY plan_version`,
        [caseId],
      );
      const disclosure = this.scope.disclosure(access);
      return r.rows.map(toFollowUp).map((f) => disclosedFollowUp(disclosure, f));
    });
  }
}
