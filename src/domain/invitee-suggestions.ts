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

/** Suggested authority types, most relevant first, without duplicates. Police is never suggested. */
export function suggestedAuthorities(
  ageBand: AgeBand | undefined,
  flagged: readonly ShanarriArea[],
  templates: BarnteamTemplates = defaultBarnteamTemplates,
): AuthorityType[] {
  const group = ageGroupOf(ageBand);
  const all = [...(group ? templates.byAge[group] : []), ...flagged.flatMap((a) => templates.byArea[a])];
  return [...new Set(all)].filter((t) => t !== 'polis');
}
