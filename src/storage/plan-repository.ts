import { disclosedPlan } from '../domain/disclosure';
import { conflict, notFound } from '../domain/errors';
import type { PlanContent, PlanVersion } from '../domain/plan';
import type { WriteRule } from '../domain/standing';
import type { PlanRepository } from '../app/ports';
import type { AccessScope } from './access-scope';
import { toPlan, type PlanRow } from './rows';

/** Outbox job kinds this repository queues. */

export class PgPlanRepository implements PlanRepository {
  constructor(private readonly scope: AccessScope) {}

  /**
   * Stores a new plan version (history is never overwritten) if `rule` passes on the case as it
   * stands in this transaction; `expectedVersion` is the current version read (0 when there is none).
   */
  savePlan(
    caseId: string,
    content: PlanContent,
    agreed: boolean,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<PlanVersion> {
    return this.scope.onCase(caseId, 'plan.write', true, async (tx, access) => {
      rule(access);
      const current = await tx.query<{ v: number }>(
        'SELECT coalesce(max(version), 0)::int AS v FROM plan_version WHERE case_id = $1',
        [caseId],
      );
      if ((current.rows[0]?.v ?? 0) !== expectedVersion) throw conflict();
      const r = await tx.query<PlanRow>(
        `INSERT INTO plan_version (case_id, org_unit_id, version, content, agreed, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, version) DO NOTHING RETURNING *`,
        [
          caseId,
          access.orgUnitId,
          expectedVersion + 1,
          JSON.stringify(content),
          agreed,
          this.scope.actor.displayName,
          this.scope.now(),
        ],
      );
      const row = r.rows[0];
      if (row === undefined) throw conflict();
      return toPlan(row);
    });
  }

  getCurrentPlan(caseId: string): Promise<PlanVersion | null> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<PlanRow>('SELECT * FROM plan_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1', [
        caseId,
      ]);
      const plan = r.rows[0] ? toPlan(r.rows[0]) : null;
      return plan && { ...plan, content: disclosedPlan(this.scope.disclosure(access), plan.content) };
    });
  }

  getPublication(
    caseId: string,
  ): Promise<{ state: 'none' | 'pending' | 'active' | 'closed'; postedVersion: number | null }> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx) => {
      const r = await tx.query<{ state: 'pending' | 'active' | 'closed'; posted_version: number | null }>(
        'SELECT state, posted_version FROM plan_channel WHERE case_id = $1',
        [caseId],
      );
      const row = r.rows[0];
      return row ? { state: row.state, postedVersion: row.posted_version } : { state: 'none', postedVersion: null };
    });
  }

  listPlanVersions(caseId: string): Promise<PlanVersion[]> {
    return this.scope.onCase(caseId, 'plan.read', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const r = await tx.query<PlanRow>('SELECT * FROM plan_version WHERE case_id = $1 ORDER BY version', [caseId]);
      const disclosure = this.scope.disclosure(access);
      return r.rows.map(toPlan).map((p) => ({ ...p, content: disclosedPlan(disclosure, p.content) }));
    });
  }
}
