import { assertAnonymous, planFields } from '../domain/anonymous-content';
import { conflict, forbidden, invalid, notFound } from '../domain/errors';
import { planAgreementProblems, type PlanContent, type PlanVersion } from '../domain/plan';
import type { PlanRepository } from '../app/ports';
import { isResponsible, type AccessScope, type CaseAccess } from './access-scope';
import { scheduleFollowUpReminders } from './follow-up-reminders';
import { addCaseEvent, toPlan, type PlanRow } from './rows';

/** Outbox job kinds this repository queues. */
export const planJobs = { publish: 'plan.publish', closeChannel: 'plan.closeChannel' } as const;

export class PgPlanRepository implements PlanRepository {
  constructor(private readonly scope: AccessScope) {}

  /** Stores a new plan version; history is never overwritten. Agreeing needs a responsible party. */
  savePlan(caseId: string, content: PlanContent, agreed: boolean, expectedVersion: number): Promise<PlanVersion> {
    return this.scope.onCase(caseId, 'plan.write', true, async (tx, access) => {
      this.#checkWritable(access, content, agreed);
      const current = await tx.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM plan_version WHERE case_id = $1', [caseId]);
      if ((current.rows[0]?.v ?? 0) !== expectedVersion) throw conflict();
      const now = this.scope.now();
      const r = await tx.query<PlanRow>(
        `INSERT INTO plan_version (case_id, org_unit_id, version, content, agreed, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, version) DO NOTHING RETURNING *`,
        [caseId, access.orgUnitId, expectedVersion + 1, JSON.stringify(content), agreed, this.scope.actor.displayName, now],
      );
      const row = r.rows[0];
      if (row === undefined) throw conflict();
      if (agreed) {
        await this.scope.outbox.enqueue(tx, {
          kind: planJobs.publish,
          orgUnitId: access.orgUnitId,
          caseId,
          idempotencyKey: `plan.publish:${caseId}:${row.version}`,
          payload: { caseId, version: row.version },
        });
        await addCaseEvent(tx, { caseId, orgUnitId: access.orgUnitId, at: now, actorName: this.scope.actor.displayName, type: 'plan.agreed', detail: { version: row.version } });
        await scheduleFollowUpReminders(tx, this.scope.outbox, { caseId, orgUnitId: access.orgUnitId, version: row.version, followUpDate: content.followUpDate }, now);
      }
      return toPlan(row);
    });
  }

  getCurrentPlan(caseId: string): Promise<PlanVersion | null> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<PlanRow>('SELECT * FROM plan_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1', [caseId]);
      return r.rows[0] ? toPlan(r.rows[0]) : null;
    });
  }

  getPublication(caseId: string): Promise<{ state: 'none' | 'pending' | 'active' | 'closed'; postedVersion: number | null }> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx) => {
      const r = await tx.query<{ state: 'pending' | 'active' | 'closed'; posted_version: number | null }>('SELECT state, posted_version FROM plan_channel WHERE case_id = $1', [caseId]);
      const row = r.rows[0];
      return row ? { state: row.state, postedVersion: row.posted_version } : { state: 'none', postedVersion: null };
    });
  }

  listPlanVersions(caseId: string): Promise<PlanVersion[]> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<PlanRow>('SELECT * FROM plan_version WHERE case_id = $1 ORDER BY version', [caseId]);
      return r.rows.map(toPlan);
    });
  }

  #checkWritable(access: CaseAccess, content: PlanContent, agreed: boolean): void {
    if (access.stage === 'closed') throw invalid('stage', 'closed');
    if (!access.view.plan) throw notFound();
    if (access.kind === 'anonymous') assertAnonymous(planFields(content));
    if (agreed) {
      if (!isResponsible(access)) throw forbidden();
      const [problem] = planAgreementProblems(content);
      if (problem !== undefined) throw invalid(problem);
    }
  }
}
