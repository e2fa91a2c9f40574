import type { DraftData, DraftForm, DraftRepository } from '../app/ports';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';

export class PgDraftRepository implements DraftRepository {
  constructor(private readonly scope: AccessScope) {}

  getDraft(form: DraftForm, caseId: string | null): Promise<DraftData | null> {
    return this.#run(caseId, 'draft.read', async (tx) => {
      const { tenantId, objectId } = this.scope.actor;
      const r = await tx.query<{ data: DraftData }>(
        'SELECT data FROM form_draft WHERE tenant_id = $1 AND object_id = $2 AND form = $3 AND case_key = $4',
        [tenantId, objectId, form, caseId ?? ''],
      );
      return r.rows[0]?.data ?? null;
    });
  }

  saveDraft(form: DraftForm, caseId: string | null, data: DraftData): Promise<void> {
    return this.#run(caseId, 'draft.write', async (tx) => {
      const { tenantId, objectId, orgUnitId } = this.scope.actor;
      await tx.query(
        `INSERT INTO form_draft (tenant_id, object_id, form, case_key, org_unit_id, data, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, object_id, form, case_key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
        [tenantId, objectId, form, caseId ?? '', orgUnitId, JSON.stringify(data), this.scope.now()],
      );
    });
  }

  deleteDraft(form: DraftForm, caseId: string | null): Promise<void> {
    return this.#run(caseId, 'draft.write', async (tx) => {
      const { tenantId, objectId } = this.scope.actor;
      await tx.query('DELETE FROM form_draft WHERE tenant_id = $1 AND object_id = $2 AND form = $3 AND case_key = $4', [
        tenantId,
        objectId,
        form,
        caseId ?? '',
      ]);
    });
  }

  #run<T>(caseId: string | null, action: 'draft.read' | 'draft.write', fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (caseId === null) return this.scope.unscoped(action, async (tx) => ({ result: await fn(tx), caseId: null }));
    return this.scope.onCase(caseId, action, false, (tx) => fn(tx));
  }
}
