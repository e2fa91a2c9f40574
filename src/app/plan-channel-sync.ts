/**
 * The plan channel's membership follows the visibility rule: any change to who may see a case
 * (consent recorded or withdrawn, a party added or leaving, a hand-over accepted) queues one
 * reconciliation — the plan.publish job, which brings the members in line and updates the post.
 * Changes close together share one job: a change joins a reconciliation that waits unclaimed (held
 * until the change commits, so the job reads it), and the outbox runs one per case at a time.
 */
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from './context';

export async function queueChannelSync(ctx: UseCaseContext, caseId: string): Promise<void> {
  await ctx.repos.jobs.enqueue(caseId, {
    kind: 'plan.publish',
    key: `plan.publish:${caseId}:sync:${randomUUID()}`,
    payload: { caseId },
    coalesce: true,
  });
}
