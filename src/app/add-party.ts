/**
 * Someone joins a case (a participant, the lead professional appointed at the meeting): only if the
 * visibility rule would let them see it (else ConsentRequired, naming their unit), added by a
 * responsible party; the history says who joined in which role.
 */
import { partyAddRule, type CaseParty } from '../domain/case';
import type { UseCaseContext } from './context';
import { queueChannelSync } from './plan-channel-sync';

export async function addParty(ctx: UseCaseContext, caseId: string, party: CaseParty): Promise<void> {
  await ctx.atomically(async () => {
    await ctx.repos.parties.addParty(caseId, party, partyAddRule(party, ctx.clock.now()));
    await ctx.repos.history.record(caseId, {
      type: 'party.added',
      detail: { role: party.role, orgUnitId: party.orgUnitId },
    });
    await queueChannelSync(ctx, caseId);
  });
}
