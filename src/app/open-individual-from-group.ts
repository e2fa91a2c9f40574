/**
 * From a group consultation a professional opens an individual anonymous consultation about one
 * child of the group (issue 17, item 3). The new consultation links back to the group's case by its
 * opaque id and reference; nothing else is copied (the group's description, text and actions stay
 * where they are). Whoever may see the group consultation may do this; the group's history records
 * the new consultation's reference.
 */
import { isGroupConsultation, type ConsultationDetails } from '../domain/case';
import { invalid } from '../domain/errors';
import type { UseCaseContext } from './context';
import { raiseAnonymousConsultation, type RaisedConsultation } from './raise-consultation';

export function raiseIndividualFromGroup(
  ctx: UseCaseContext,
  groupCaseId: string,
  details: Omit<ConsultationDetails, 'group' | 'groupActions' | 'fromGroup'>,
  childUnitId?: string,
): Promise<RaisedConsultation> {
  return ctx.atomically(async () => {
    const group = await ctx.repos.cases.getCase(groupCaseId);
    if (!isGroupConsultation(group.details)) throw invalid('fromGroup');
    const raised = await raiseAnonymousConsultation(
      ctx,
      {
        ageBand: details.ageBand,
        schoolYear: details.schoolYear,
        worryAreas: details.worryAreas,
        observations: details.observations,
        tried: details.tried,
        fromGroup: { caseId: group.id, reference: group.reference },
      },
      childUnitId,
    );
    await ctx.repos.history.record(group.id, {
      type: 'group.individualOpened',
      detail: { reference: raised.kase.reference },
    });
    return raised;
  });
}
