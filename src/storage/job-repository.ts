/**
 * Jobs a use case queues for a case, in its own transaction (the outbox): the side effect happens if
 * and only if the use case's writes commit. Keyed, so queueing the same side effect twice is a no-op.
 */
import type { JobRepository } from '../app/ports';
import type { JobRequest } from '../app/jobs';
import type { JsonValue } from './outbox-job';
import type { AccessScope } from './access-scope';

export class PgJobRepository implements JobRepository {
  constructor(private readonly scope: AccessScope) {}

  enqueue(caseId: string, job: JobRequest): Promise<{ created: boolean }> {
    return this.scope.onCase(
      caseId,
      'job.queue',
      false,
      async (tx, access) => {
        const r = await this.scope.outbox.enqueue(tx, {
          kind: job.kind,
          orgUnitId: access.orgUnitId,
          caseId,
          idempotencyKey: job.key,
          payload: job.payload as unknown as { [key: string]: JsonValue },
          ...(job.runAfter ? { runAfter: job.runAfter } : {}),
          ...(job.coalesce ? { coalesce: true } : {}),
        });
        return { created: r.created };
      },
      { keepsAccess: true },
    );
  }
}
