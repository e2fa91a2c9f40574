/** The case's history: events written by use cases (in their transaction), read by the case's parties. */
import type { CaseEvent, HistoryRepository } from '../app/ports';
import type { AccessScope } from './access-scope';
import { disclosedStageReason } from '../domain/disclosure';
import { addCaseEvent } from './rows';

export class PgHistoryRepository implements HistoryRepository {
  constructor(private readonly scope: AccessScope) {}

  record(
    caseId: string,
    event: { readonly type: string; readonly detail: Readonly<Record<string, unknown>> },
  ): Promise<void> {
    return this.scope.onCase(
      caseId,
      'history.write',
      false,
      (tx, access) =>
        addCaseEvent(tx, {
          caseId,
          orgUnitId: access.orgUnitId,
          at: this.scope.now(),
          actorName: this.scope.actor.displayName,
          type: event.type,
          detail: event.detail,
        }),
      { oneStatement: true, keepsAccess: true },
    );
  }

  list(caseId: string): Promise<CaseEvent[]> {
    return this.scope.onCase(caseId, 'history.read', false, async (tx, access) => {
      const r = await tx.query<{ at: Date; actor_name: string; type: string; detail: Record<string, unknown> }>(
        'SELECT at, actor_name, type, detail FROM case_event WHERE case_id = $1 ORDER BY seq',
        [caseId],
      );
      const disclosure = this.scope.disclosure(access);
      // A stage change's free-text reason is shown only where its category is (domain/disclosure.ts).
      const shown = (detail: Record<string, unknown>) =>
        typeof detail.reason === 'string'
          ? { ...detail, reason: disclosedStageReason(disclosure, detail.reason) }
          : detail;
      return r.rows.map((e) => ({ at: e.at, actorName: e.actor_name, type: e.type, detail: shown(e.detail) }));
    });
  }
}
