/**
 * The units the Barnteam templates suggest for a case (issue 17, item 7): by the child's age band and
 * the wheel areas flagged in the consultation and in every entry the caller may see, mapped through
 * each area's SHANARRI indicator and the municipality's templates (config `barnteam`) — and the
 * people the cards preselect from them.
 */
import { unitNameOf, wheelFor } from '../../app/world';
import type { OrgUnit } from '../../domain/actor';
import type { ChildCase } from '../../domain/case';
import { ageGroupOf, ageGroupOfSchoolYear, suggestedAuthorities } from '../../domain/invitee-suggestions';
import { areaById } from '../../domain/wheel';
import { unitMaySee } from '../../domain/visibility';
import type { Turn } from '../turn';

export async function suggestedUnits(turn: Turn, kase: ChildCase): Promise<OrgUnit[]> {
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const flagged = new Set<string>(kase.details.worryAreas);
  for (const a of await turn.repos.assessments.listAssessments(kase.id))
    for (const [id, v] of Object.entries(a.areas)) if (v.level === 'some' || v.level === 'significant') flagged.add(id);
  const shanarri = [...flagged]
    .map((id) => areaById(wheel, id)?.shanarri)
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  const ageGroup =
    ageGroupOf(kase.details.ageBand ?? kase.details.group?.ageBand) ?? ageGroupOfSchoolYear(kase.details.schoolYear);
  const types = suggestedAuthorities(ageGroup, shanarri, turn.world.barnteam);
  // Most relevant type first, then the configuration's order.
  return types.flatMap((type) => turn.world.orgUnits.filter((u) => u.authorityType === type));
}

/**
 * The named persons of the suggested units, to preselect in the meeting's picker (changeable): for a
 * consented case only units a consent in force covers (no one else may be invited); never the caller
 * or anyone in `except`.
 */
export async function suggestedNamedPersons(
  turn: Turn,
  kase: ChildCase,
  except: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const consents = kase.kind === 'consented' ? await turn.repos.consents.listConsents(kase.id) : [];
  const now = turn.clock.now();
  const units = new Set(
    (await suggestedUnits(turn, kase)).filter((u) => unitMaySee(kase, u.id, consents, now)).map((u) => u.id),
  );
  return (await turn.directory.listMembers())
    .filter((m) => m.namedPerson && units.has(m.orgUnitId))
    .filter((m) => m.objectId !== turn.actor.objectId && !except.has(m.objectId))
    .map((m) => m.objectId);
}

/**
 * The suggested people as the choices of a checklist beside the people picker, each "name – unit",
 * all ticked when the card opens. Not as the picker's preselected value: the Agents Playground's
 * picker neither shows a preselected person nor replaces them with whom the user picks (found by
 * hand: Bo Ek picked, the preselected Cecilia Berg invited), and a ticked name says plainly who is invited.
 */
export async function suggestedPeople(
  turn: Turn,
  kase: ChildCase,
  except: ReadonlySet<string> = new Set(),
): Promise<{ title: string; value: string }[]> {
  const ids = await suggestedNamedPersons(turn, kase, except);
  const members = await turn.directory.listMembers();
  return ids.flatMap((id) => {
    const m = members.find((x) => x.objectId === id);
    return m ? [{ title: `${m.displayName} – ${unitNameOf(turn.world, m.orgUnitId)}`, value: m.objectId }] : [];
  });
}
