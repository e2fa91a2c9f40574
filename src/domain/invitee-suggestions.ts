/**
 * Who to invite or consult: the Barnteam templates — by the child's age (0–6, 7–12, 13–18) and by
 * the wheel areas flagged (via each area's SHANARRI indicator) — as data. Each municipality may
 * give its own in config/organisations.json (`barnteam`); these defaults follow the Barnteam model
 * (0–6: preschool, BVC, social services, BUP; 7–12: school, pupil health, social services; 13–18:
 * school, pupil health, social services, BUP). Police is never suggested, only allowed.
 */
import type { AuthorityType } from './actor';
import type { AgeBand } from './case';
import type { ShanarriArea } from './wheel';

export const barnteamAgeGroups = ['0-6', '7-12', '13-18'] as const;
export type BarnteamAgeGroup = (typeof barnteamAgeGroups)[number];

export interface BarnteamTemplates {
  readonly byAge: Readonly<Record<BarnteamAgeGroup, readonly AuthorityType[]>>;
  readonly byArea: Readonly<Record<ShanarriArea, readonly AuthorityType[]>>;
}

export const defaultBarnteamTemplates: BarnteamTemplates = {
  byAge: {
    '0-6': ['forskola-skola', 'bvc', 'socialtjanst', 'bup-region'],
    '7-12': ['forskola-skola', 'elevhalsa', 'socialtjanst'],
    '13-18': ['forskola-skola', 'elevhalsa', 'socialtjanst', 'bup-region'],
  },
  byArea: {
    safe: ['socialtjanst'],
    healthy: ['bvc', 'elevhalsa', 'bup-region'],
    achieving: ['forskola-skola', 'elevhalsa'],
    nurtured: ['socialtjanst'],
    active: ['forskola-skola'],
    respected: ['socialtjanst'],
    responsible: ['forskola-skola', 'socialtjanst'],
    included: ['forskola-skola', 'elevhalsa'],
  },
};

/** The Barnteam age group of an age band (none without one). */
export function ageGroupOf(ageBand: AgeBand | undefined): BarnteamAgeGroup | null {
  if (ageBand === '0-2' || ageBand === '3-5') return '0-6';
  if (ageBand === '6-9' || ageBand === '10-12') return '7-12';
  if (ageBand === '13-15' || ageBand === '16-18') return '13-18';
  return null;
}

/**
 * The Barnteam age group of a school year as typed on the card ("åk 4", "årskurs 8", "F-klass",
 * "gymnasiet", "7"); null when it says nothing we can read. Förskoleklass (age 6) is in 0–6, as the
 * age band 6–9 is not: the model's groups follow school start, not the bands.
 */
export function ageGroupOfSchoolYear(schoolYear: string | undefined): BarnteamAgeGroup | null {
  const text = (schoolYear ?? '').toLowerCase();
  if (/förskola\b|förskolan|f-?klass|förskoleklass|\bfsk\b/.test(text)) return '0-6';
  if (/gymn|\bgy\b|\bgy\s?\d/.test(text)) return '13-18';
  const year = /(?:^|\D)(\d{1,2})(?:\D|$)/.exec(text)?.[1];
  const n = year === undefined ? NaN : Number(year);
  if (n >= 1 && n <= 6) return '7-12';
  if (n >= 7 && n <= 9) return '13-18';
  return null;
}

/**
 * Which age groups an authority type works with, where it is not every one: child health care (BVC)
 * until school starts, pupil health from then on. A type is never suggested for a child it does not serve.
 */
const servedAgeGroups: Partial<Record<AuthorityType, readonly BarnteamAgeGroup[]>> = {
  bvc: ['0-6'],
  elevhalsa: ['7-12', '13-18'],
};

/**
 * Suggested authority types, most relevant first, without duplicates, for a child of `ageGroup` (null:
 * not known). Police is never suggested.
 */
export function suggestedAuthorities(
  ageGroup: BarnteamAgeGroup | null,
  flagged: readonly ShanarriArea[],
  templates: BarnteamTemplates = defaultBarnteamTemplates,
): AuthorityType[] {
  const all = [...(ageGroup ? templates.byAge[ageGroup] : []), ...flagged.flatMap((a) => templates.byArea[a])];
  const serves = (t: AuthorityType) => ageGroup === null || (servedAgeGroups[t]?.includes(ageGroup) ?? true);
  return [...new Set(all)].filter((t) => t !== 'polis' && serves(t));
}
