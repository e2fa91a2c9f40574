/**
 * Who to invite: the Barnteam templates by age (0–6: preschool, BVC, social services, BUP; 7–12:
 * teacher, school counsellor, social services, pupil health; police optional) and the authorities
 * that answer to the wheel areas flagged in the mapping (via each area's SHANARRI indicator).
 */
import type { AuthorityType } from './actor';
import type { AgeBand } from './case';
import type { ShanarriArea } from './wheel';

const byAge: Readonly<Record<'0-6' | '7-12', readonly AuthorityType[]>> = {
  '0-6': ['forskola-skola', 'bvc', 'socialtjanst', 'bup-region'],
  '7-12': ['forskola-skola', 'elevhalsa', 'socialtjanst'],
};

const byArea: Readonly<Record<ShanarriArea, readonly AuthorityType[]>> = {
  safe: ['socialtjanst'],
  healthy: ['bvc', 'elevhalsa', 'bup-region'],
  achieving: ['forskola-skola', 'elevhalsa'],
  nurtured: ['socialtjanst'],
  active: ['forskola-skola'],
  respected: ['socialtjanst'],
  responsible: ['forskola-skola', 'socialtjanst'],
  included: ['forskola-skola', 'elevhalsa'],
};

function ageGroup(ageBand: AgeBand | undefined): '0-6' | '7-12' | null {
  if (ageBand === '0-2' || ageBand === '3-5') return '0-6';
  if (ageBand === '6-9' || ageBand === '10-12') return '7-12';
  return null;
}

/** Suggested authority types, most relevant first, without duplicates. Police is never suggested, only allowed. */
export function suggestedAuthorities(ageBand: AgeBand | undefined, flagged: readonly ShanarriArea[]): AuthorityType[] {
  const group = ageGroup(ageBand);
  const all = [...(group ? byAge[group] : []), ...flagged.flatMap((a) => byArea[a])];
  return [...new Set(all)];
}
