/**
 * Ask a unit's consultation function (issue 17): every member of the function (its `consultant`
 * Entra groups) gets a card in their personal chat; the first who takes it becomes the consultee,
 * and the others' cards are updated to say who took it (jobs). The history records both steps.
 */
import { consulteeAddRule } from '../domain/case';
import { invalid } from '../domain/errors';
import type { UseCaseContext } from './context';
import type { TakenConsultation } from './ports';

export async function askConsultationFunction(
  ctx: UseCaseContext,
  caseId: string,
  targetUnitId: string,
): Promise<{ requestId: string; members: number }> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const { requestId, members } = await repos.consultationRequests.requestConsultation(
      caseId,
      targetUnitId,
      consulteeAddRule({ orgUnitId: targetUnitId }, ctx.clock.now()),
    );
    const others = members.filter((m) => !(m.tenantId === ctx.actor.tenantId && m.objectId === ctx.actor.objectId));
    // Nobody to ask: refused (and nothing recorded), so the discoverer knows to ask otherwise.
    if (others.length === 0) throw invalid('consultationFunction', 'no-members');
    for (const m of others)
      await repos.jobs.enqueue(caseId, {
        kind: 'consultation.offer',
        key: `consultation.offer:${requestId}:${m.tenantId}:${m.objectId}`,
        payload: { caseId, requestId, tenantId: m.tenantId, objectId: m.objectId },
      });
    await repos.history.record(caseId, {
      type: 'consultation.asked',
      detail: { orgUnitId: targetUnitId, members: others.length },
    });
    return { requestId, members: others.length };
  });
}

export async function takeConsultation(ctx: UseCaseContext, requestId: string): Promise<TakenConsultation> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const taken = await repos.consultationRequests.takeConsultation(requestId);
    if (!taken.taken) return taken;
    await repos.history.record(taken.caseId, {
      type: 'consultee.accepted',
      detail: { orgUnitId: ctx.actor.orgUnitId },
    });
    await repos.jobs.enqueue(taken.caseId, {
      kind: 'consultation.taken',
      key: `consultation.taken:${requestId}`,
      payload: { caseId: taken.caseId, requestId },
    });
    return taken;
  });
}
