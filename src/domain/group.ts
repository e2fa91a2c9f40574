/**
 * A group consultation (issue 17, item 3): a consultation about a group of children (a class, a
 * preschool group, a leisure-time group) with no individual identity at all. The group is described
 * only by choices from lists that cannot point at a child: the setting type, a size band of at least
 * five and an age band. Its free text (what is seen, what was tried, the actions for the group) goes
 * through the anonymity guard like every anonymous consultation's. A group consultation is always
 * anonymous: it never becomes a consented case; an individual consultation may be opened from it,
 * linked by the group's case id and reference only.
 */
import { ageBands, type AgeBand } from './case';
import { invalid } from './errors';

export const groupSettings = ['class', 'preschool-group', 'leisure-time-group', 'teaching-group', 'other'] as const;
export type GroupSetting = (typeof groupSettings)[number];

/** At least five children: a smaller group could point at one child. */
export const groupSizeBands = ['5-9', '10-19', '20-29', '30+'] as const;
export type GroupSizeBand = (typeof groupSizeBands)[number];

export interface GroupDescription {
  readonly setting: GroupSetting;
  readonly sizeBand: GroupSizeBand;
  readonly ageBand: AgeBand;
}

/** The group consultation an individual consultation was opened from: its opaque id and reference. */
export interface GroupLink {
  readonly caseId: string;
  readonly reference: string;
}

/** The actions for the group: a short list of short texts. */
export const maxGroupActions = 5;
export const maxGroupActionLength = 500;

/** Throws Invalid naming the first field that is not one of its list's values. */
export function checkGroupDescription(group: GroupDescription): void {
  if (!groupSettings.includes(group.setting)) throw invalid('groupSetting');
  if (!groupSizeBands.includes(group.sizeBand)) throw invalid('groupSize');
  if (!ageBands.includes(group.ageBand)) throw invalid('groupAgeBand');
}

/** The actions as stored: trimmed, the empty ones left out; too many or too long is Invalid. */
export function normaliseGroupActions(actions: readonly string[]): string[] {
  const kept = actions.map((a) => a.trim()).filter((a) => a !== '');
  if (kept.length > maxGroupActions) throw invalid('groupActions');
  kept.forEach((a, i) => {
    if (a.length > maxGroupActionLength) throw invalid(`action${i + 1}`);
  });
  return kept;
}
