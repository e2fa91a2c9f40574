import { randomUUID } from 'node:crypto';
import type { AssessmentContent, AssessmentEntry } from '../domain/assessment';
import { disclosedAssessment } from '../domain/disclosure';
import { conflict } from '../domain/errors';
import type { WriteRule } from '../domain/standing';
import type { AssessmentRepository } from '../app/ports';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';
import { toAssessment, type AssessmentRow } from './rows';

const columns =
  'id, case_id, author_tenant_id, author_object_id, author_name, author_org_unit_id, answers, areas, version, updated_at';

export class PgAssessmentRepository implements AssessmentRepository {
  constructor(private readonly scope: AccessScope) {}

  /**
   * Everyone's entries where the golden rule allows it (others' with only the areas and answers of
   * the categories the actor's view holds); otherwise only the actor's own, which they see whole.
   */
  listAssessments(caseId: string): Promise<AssessmentEntry[]> {
    return this.scope.onCase(caseId, 'assessment.read', false, async (tx, access) => {
      const { tenantId, objectId } = this.scope.actor;
      const r = await tx.query<AssessmentRow>(
        `SELECT ${columns} FROM assessment WHERE case_id = $1 AND ($2 OR (author_tenant_id = $3 AND author_object_id = $4)) ORDER BY created_at, id`,
        [caseId, access.view.assessments, tenantId, objectId],
      );
      const disclosure = this.scope.disclosure(access);
      return r.rows
        .map(toAssessment)
        .map((e) =>
          e.authorTenantId === tenantId && e.authorObjectId === objectId ? e : disclosedAssessment(disclosure, e),
        );
    });
  }

  getMyAssessment(caseId: string): Promise<AssessmentEntry | null> {
    // The caller's own entry: read together with the access check (it depends on nothing the check says).
    return this.scope.onCase<AssessmentEntry | null, AssessmentRow | undefined>(
      caseId,
      'assessment.read',
      false,
      async (_tx, _access, row) => (row ? toAssessment(row) : null),
      {
        prefetch: (tx) => this.#readMine(tx, caseId),
      },
    );
  }

  saveAssessment(
    caseId: string,
    content: AssessmentContent,
    expectedVersion: number,
    rule: WriteRule,
    draft?: 'five-questions' | 'wheel',
  ): Promise<AssessmentEntry> {
    return this.scope.onCase(
      caseId,
      'assessment.write',
      true,
      async (tx, access) => {
        rule(access);
        const { actor } = this.scope;
        const now = this.scope.now();
        const answers = JSON.stringify(content.answers);
        const areas = JSON.stringify(content.areas);
        // The save, and the form's draft deleted only when the save wrote: one statement.
        const withDraftGone = (write: string, p: number) =>
          draft === undefined
            ? write
            : `WITH saved AS (${write}), gone AS (DELETE FROM form_draft WHERE tenant_id = $${p} AND object_id = $${p + 1}
                 AND form = $${p + 2} AND case_key = $${p + 3} AND EXISTS (SELECT 1 FROM saved)) SELECT * FROM saved`;
        const draftKey = draft === undefined ? [] : [actor.tenantId, actor.objectId, draft, caseId];
        const r =
          expectedVersion === 0
            ? await tx.query<AssessmentRow>(
                withDraftGone(
                  `INSERT INTO assessment (id, case_id, org_unit_id, author_tenant_id, author_object_id, author_name, author_org_unit_id, answers, areas, version, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)
                   ON CONFLICT (case_id, author_tenant_id, author_object_id) DO NOTHING RETURNING ${columns}`,
                  11,
                ),
                [
                  randomUUID(),
                  caseId,
                  access.orgUnitId,
                  actor.tenantId,
                  actor.objectId,
                  actor.displayName,
                  actor.orgUnitId,
                  answers,
                  areas,
                  now,
                  ...draftKey,
                ],
              )
            : await tx.query<AssessmentRow>(
                withDraftGone(
                  `UPDATE assessment SET answers = $5, areas = $6, version = version + 1, updated_at = $7
                   WHERE case_id = $1 AND author_tenant_id = $2 AND author_object_id = $3 AND version = $4 RETURNING ${columns}`,
                  8,
                ),
                [caseId, actor.tenantId, actor.objectId, expectedVersion, answers, areas, now, ...draftKey],
              );
        if (r.rows[0] === undefined) throw conflict();
        return toAssessment(r.rows[0]);
      },
      { oneStatement: true, keepsAccess: true, ...(draft === undefined ? {} : { alsoAudits: 'draft.write' as const }) },
    );
  }

  async #readMine(tx: Sql, caseId: string): Promise<AssessmentRow | undefined> {
    const { tenantId, objectId } = this.scope.actor;
    const r = await tx.query<AssessmentRow>(
      `SELECT ${columns} FROM assessment WHERE case_id = $1 AND author_tenant_id = $2 AND author_object_id = $3`,
      [caseId, tenantId, objectId],
    );
    return r.rows[0];
  }
}
