/**
 * A group consultation in the tab (issue 17, item 3): the group as described from the lists (setting,
 * size band, age band — nothing else describes it), the wheel worded for the group, and the actions
 * for the group where a case about one child has its plan. An individual consultation opened from a
 * group shows only the group's reference. Shown in the side panel and on the stage.
 */
import type { TFunction } from 'i18next';
import { h } from '../dom';
import type { CaseView } from '../types';

/** The case's kind as the header says it: a group consultation, or the case's own kind. */
export function kindLabel(t: TFunction, d: CaseView): string {
  return d.group ? t('group.kind') : t(`case.${d.kind}`);
}

/** The group's description (and the link back of a consultation opened from a group), or nothing. */
export function groupFacts(t: TFunction, d: CaseView): HTMLElement | null {
  if (!d.group && !d.fromGroup) return null;
  return h(
    'dl',
    { class: 'group-facts' },
    d.group ? h('dt', {}, t('group.group')) : null,
    d.group ? h('dd', { id: 'group-description' }, d.group.description) : null,
    d.fromGroup ? h('dt', {}, t('group.fromGroup')) : null,
    d.fromGroup ? h('dd', {}, t('case.reference', { reference: d.fromGroup.reference })) : null,
  );
}

/** The wheel's words: for a group, strengths and worries of the group as a whole and the children's own view. */
export function wheelWords(t: TFunction, d: CaseView): { intro: string; childView: string } {
  return d.group
    ? { intro: t('group.wheelIntro'), childView: t('group.childView') }
    : { intro: t('wheel.intro'), childView: t('wheel.childView') };
}

/** The actions for the group, read-only (they are changed from the consultation's card in chat). */
export function groupActionsSection(t: TFunction, group: NonNullable<CaseView['group']>, level: 'h2' | 'h3' = 'h2') {
  return h(
    'section',
    { class: 'card group-actions', 'aria-labelledby': 'group-actions-heading', id: 'group-actions' },
    h(level, { id: 'group-actions-heading' }, t('group.actionsTitle')),
    group.actions.length > 0
      ? h('ul', {}, ...group.actions.map((a) => h('li', {}, a)))
      : h('p', { class: 'hint' }, t('tab.group.noActions')),
    h('p', { class: 'hint' }, t('tab.group.actionsHint')),
  );
}
