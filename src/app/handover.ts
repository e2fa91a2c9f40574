/**
 * Hand over the lead professional's or the named person's role — one use case for every door. The
 * receiver gets a card to accept or decline (a job); until they accept, the giver stays responsible.
 * The history records the offer and the answer.
 */
import { childsWishedLead, leadNeedsReason } from '../domain/child-voice';
import { invalid } from '../domain/errors';
import type { Handover, HandoverRole } from '../domain/handover';
import { queueChannelSync } from './plan-channel-sync';
import type { UseCaseContext } from './context';

export async function offerHandover(
  ctx: UseCaseContext,
  caseId: string,
  role: HandoverRole,
  to: { tenantId: string; objectId: string },
  /** Why the lead offered is not the one the child wished for: required then (domain/child-voice.ts). */
  reason = '',
): Promise<Handover> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const againstWish =
      role === 'lead-professional' && leadNeedsReason(childsWishedLead(await repos.voices.getVoices(caseId)), to, null);
    if (againstWish && reason.trim() === '') throw invalid('reason');
    const h = await repos.handovers.offerHandover(caseId, role, to);
    if (againstWish)
      await repos.history.record(caseId, {
        type: 'lead.againstChildsWish',
        detail: { role, reason: reason.trim(), handoverId: h.id },
      });
    await repos.jobs.enqueue(caseId, {
      kind: 'handover.offer',
      key: `handover.offer:${h.id}`,
      payload: { caseId, handoverId: h.id },
    });
    await repos.history.record(caseId, { type: 'handover.offered', detail: { role, toOrgUnitId: h.to.orgUnitId } });
    return h;
  });
}

export async function decideHandover(
  ctx: UseCaseContext,
  caseId: string,
  handoverId: string,
  accept: boolean,
): Promise<Handover> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    // The history is written while the receiver is still a party (declining ends their participation);
    // a refused decision undoes it with everything else.
    const offered = (await repos.handovers.listHandovers(caseId)).find((x) => x.id === handoverId);
    if (offered !== undefined)
      await repos.history.record(caseId, {
        type: accept ? 'handover.accepted' : 'handover.declined',
        detail: { role: offered.role, toOrgUnitId: offered.to.orgUnitId },
      });
    // Who may see the case changes either way (a new party, or the receiver leaving): the channel follows.
    await queueChannelSync(ctx, caseId);
    return repos.handovers.decideHandover(caseId, handoverId, accept);
  });
}
