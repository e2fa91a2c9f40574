/**
 * Consult another profession on an anonymous consultation (issue 17): the person raising it or the
 * named person invites a professional of any participating unit. An anonymous consultation
 * identifies nobody, so no consent is needed: the consultee becomes a party (role `consultee`), sees
 * the consultation and answers — the five questions as their advice — and gets a card in their
 * personal chat (a job). The history says which unit was consulted and when.
 */
import { consulteeAddRule, type CaseParty } from '../domain/case';
import type { UseCaseContext } from './context';

export async function inviteConsultee(
  ctx: UseCaseContext,
  caseId: string,
  consultee: Omit<CaseParty, 'role'>,
): Promise<void> {
  const party: CaseParty = { ...consultee, role: 'consultee' };
  await ctx.atomically(async () => {
    await ctx.repos.parties.addParty(caseId, party, consulteeAddRule(party, ctx.clock.now()));
    await ctx.repos.history.record(caseId, {
      type: 'consultee.invited',
      detail: { orgUnitId: party.orgUnitId },
    });
    await ctx.repos.jobs.enqueue(caseId, {
      kind: 'consultee.notify',
      key: `consultee.notify:${caseId}:${party.tenantId}:${party.objectId}`,
      payload: { caseId, tenantId: party.tenantId, objectId: party.objectId },
    });
  });
}
