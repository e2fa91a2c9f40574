import { assertAnonymous } from '../domain/anonymous-content';
import { conflict, forbidden, invalid, notFound } from '../domain/errors';
import { followUpProblems, revisedPlan, type FollowUp, type FollowUpRecord } from '../domain/follow-up';
import { formatStockholm } from '../domain/local-time';
import type { PlanVersion } from '../domain/plan';
import type { FollowUpRepository } from '../app/follow-up-ports';
import { isResponsible, type AccessScope } from './access-scope';
import type { Sql } from './database';
import { scheduleFollowUpReminders } from './follow-up-reminders';
import { planJobs } from './plan-repository';
import { addCaseEvent, toPlan, type PartyRow, type PlanRow } from './rows';

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

const followUpColumns = 'case_id, plan_version, reviewed_version, due_date::text AS due_date, action_results, area_levels, outcome, recorded_by_name, recorded_at';

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

/** The person who holds the lead professional role now (a hand-over may have moved it since the plan was agreed). */
async function currentLead(tx: Sql, caseId: string): Promise<PartyRow | null> {
  const r = await tx.query<PartyRow>(
    "SELECT tenant_id, object_id, display_name, party_org_unit_id, role FROM case_party WHERE case_id = $1 AND role = 'lead-professional' AND removed_at IS NULL ORDER BY added_at DESC LIMIT 1",
    [caseId],
  );
  return r.rows[0] ?? null;
}

export class PgFollowUpRepository implements FollowUpRepository {
  constructor(private readonly scope: AccessScope) {}

  recordFollowUp(caseId: string, record: FollowUpRecord, expectedVersion: number): Promise<{ version: PlanVersion; followUp: FollowUp }> {
    return this.scope.onCase(caseId, 'followup.write', true, async (tx, access) => {
      if (access.stage === 'closed') throw invalid('stage', 'closed');
      if (!access.view.plan) throw notFound();
      if (!isResponsible(access)) throw forbidden();
      const latest = await tx.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM plan_version WHERE case_id = $1', [caseId]);
      if ((latest.rows[0]?.v ?? 0) !== expectedVersion) throw conflict();
      const agreed = await tx.query<PlanRow>('SELECT * FROM plan_version WHERE case_id = $1 AND agreed ORDER BY version DESC LIMIT 1', [caseId]);
      const reviewedRow = agreed.rows[0];
      if (reviewedRow === undefined) throw invalid('plan');
      const reviewed = toPlan(reviewedRow);
      const now = this.scope.now();
      const [problem] = followUpProblems(record, reviewed.content, formatStockholm(now).slice(0, 10));
      if (problem !== undefined) throw invalid(problem);
      if (access.kind === 'anonymous') assertAnonymous({ ...Object.fromEntries(record.actionResults.map((r) => [`action.${r.action}.evidence`, r.evidence])), reason: record.reason });

      const lead = await currentLead(tx, caseId);
      const content = {
        ...revisedPlan(reviewed.content, record),
        ...(lead ? { leadProfessional: { tenantId: lead.tenant_id, objectId: lead.object_id, displayName: lead.display_name, orgUnitId: lead.party_org_unit_id } } : {}),
      };
      const version = expectedVersion + 1;
      const inserted = await tx.query<PlanRow>(
        `INSERT INTO plan_version (case_id, org_unit_id, version, content, agreed, author_name, created_at)
         VALUES ($1, $2, $3, $4, true, $5, $6) ON CONFLICT (case_id, version) DO NOTHING RETURNING *`,
        [caseId, access.orgUnitId, version, JSON.stringify(content), this.scope.actor.displayName, now],
      );
      const row = inserted.rows[0];
      if (row === undefined) throw conflict();
      const saved = await tx.query<FollowUpRow>(
        `INSERT INTO plan_follow_up (case_id, org_unit_id, plan_version, reviewed_version, due_date, action_results, area_levels, outcome, recorded_by_name, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${followUpColumns}`,
        [caseId, access.orgUnitId, version, reviewed.version, reviewed.content.followUpDate, JSON.stringify(record.actionResults), JSON.stringify(record.areaLevels), record.outcome, this.scope.actor.displayName, now],
      );
      await this.scope.outbox.enqueue(tx, { kind: planJobs.publish, orgUnitId: access.orgUnitId, caseId, idempotencyKey: `plan.publish:${caseId}:${version}`, payload: { caseId, version } });
      await scheduleFollowUpReminders(tx, this.scope.outbox, { caseId, orgUnitId: access.orgUnitId, version, followUpDate: content.followUpDate }, now);
      await addCaseEvent(tx, { caseId, orgUnitId: access.orgUnitId, at: now, actorName: this.scope.actor.displayName, type: 'followup.recorded', detail: { version, reviewedVersion: reviewed.version, outcome: record.outcome } });
      const followUp = saved.rows[0];
      if (followUp === undefined) throw new Error('follow-up vanished inside its transaction');
      return { version: toPlan(row), followUp: toFollowUp(followUp) };
    });
  }

  listFollowUps(caseId: string): Promise<FollowUp[]> {
    return this.scope.onCase(caseId, 'followup.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<FollowUpRow>(`SELECT ${followUpColumns} FROM plan_follow_up WHERE case_id = $1 ORDER BY plan_version`, [caseId]);
      return r.rows.map(toFollowUp);
    });
  }
}
