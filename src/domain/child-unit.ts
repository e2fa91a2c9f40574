/**
 * Where a worry about a child goes: the child's own preschool, school or BVC, whose named person
 * receives it. Suggested on the consultation form from the discoverer's unit and the child's age
 * band; the discoverer can always choose another of the offered units.
 */
import type { AuthorityType, OrgUnit } from './actor';
import type { AgeBand } from './case';

/** Unit types that are a child's own unit (a BVC until school age, a preschool or school throughout). */
const childUnitTypes: readonly AuthorityType[] = ['forskola-skola', 'bvc'];

/** Which child unit types fit an age band, most likely first (BVC for the youngest, then preschool; school from 6). */
function fitting(ageBand: AgeBand | undefined): readonly AuthorityType[] {
  if (ageBand === '0-2') return ['bvc', 'forskola-skola'];
  if (ageBand === '3-5') return ['forskola-skola', 'bvc'];
  if (ageBand === undefined) return childUnitTypes;
  return ['forskola-skola'];
}

/** The units a child's worry can go to: the discoverer's tenant's preschools, schools and BVCs, and the discoverer's own unit. */
export function childUnitsFor(units: readonly OrgUnit[], me: { tenantId: string; orgUnitId: string }): OrgUnit[] {
  return units.filter(
    (u) => u.id === me.orgUnitId || (u.tenantId === me.tenantId && childUnitTypes.includes(u.authorityType)),
  );
}

/**
 * The suggested child's unit: the discoverer's own unit when it is a child unit that fits the age
 * band (a teacher's worry goes to their school's named person); otherwise the first offered unit of
 * the type that fits the band best; otherwise the discoverer's own unit (they stay responsible).
 */
export function suggestChildUnit(
  units: readonly OrgUnit[],
  me: { tenantId: string; orgUnitId: string },
  ageBand: AgeBand | undefined,
): string {
  const offered = childUnitsFor(units, me);
  const types = fitting(ageBand);
  const own = offered.find((u) => u.id === me.orgUnitId);
  if (own && types.includes(own.authorityType)) return own.id;
  for (const type of types) {
    const match = offered.find((u) => u.authorityType === type);
    if (match) return match.id;
  }
  return me.orgUnitId;
}
