/**
 * The actions for the group of a group consultation (issue 17, item 3): e.g. adapting the learning
 * environment. A short list of short texts, each through the anonymity guard at the storage door (a
 * refusal names the action's field); changed by a responsible party at the version read. The history
 * records that they changed and how many there are, never the text.
 */
import { groupActionsRule, type ChildCase } from '../domain/case';
import type { UseCaseContext } from './context';

export function saveGroupActions(
  ctx: UseCaseContext,
  caseId: string,
  actions: readonly string[],
  expectedVersion: number,
): Promise<ChildCase> {
  return ctx.atomically(async () => {
    const kase = await ctx.repos.cases.saveGroupActions(caseId, actions, groupActionsRule(expectedVersion));
    await ctx.repos.history.record(caseId, {
      type: 'group.actions',
      detail: { count: kase.details.groupActions?.length ?? 0 },
    });
    return kase;
  });
}
