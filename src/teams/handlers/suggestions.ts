/**
 * The units the Barnteam templates suggest for a case (issue 17, item 7): by the child's age band and
 * the wheel areas flagged in the consultation and in every entry the caller may see, mapped through
 * each area's SHANARRI indicator and the municipality's templates (config `barnteam`).
 */
import { wheelFor } from '../../app/world';
import type { OrgUnit } from '../../domain/actor';
import type { ChildCase } from '../../domain/case';
import { suggestedAuthorities } from '../../domain/invitee-suggestions';
import { areaById } from '../../domain/wheel';
import type { Turn } from '../turn';

export async function suggestedUnits(turn: Turn, kase: ChildCase): Promise<OrgUnit[]> {
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const flagged = new Set<string>(kase.details.worryAreas);
  for (const a of await turn.repos.assessments.listAssessments(kase.id))
    for (const [id, v] of Object.entries(a.areas)) if (v.level === 'some' || v.level === 'significant') flagged.add(id);
  const shanarri = [...flagged]
    .map((id) => areaById(wheel, id)?.shanarri)
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  const types = suggestedAuthorities(kase.details.ageBand, shanarri, turn.world.barnteam);
  // Most relevant type first, then the configuration's order.
  return types.flatMap((type) => turn.world.orgUnits.filter((u) => u.authorityType === type));
}
