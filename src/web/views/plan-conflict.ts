/**
 * The plan as the form edits it, and the panel that shows two versions of it side by side when a save
 * met someone else's: every field where they differ, saved text and the viewer's text, with the choice
 * to keep one's own text or take the saved version. Nothing typed is lost either way.
 */
import type { TFunction } from 'i18next';
import { h, fluentButton } from '../dom';
import type { PlanContent, PlanDraft, PlanView } from '../types';

const emptyDraft: PlanDraft = {
  reason: '',
  needs: [],
  goals: [],
  actions: [],
  childsWishForLead: '',
  leadObjectId: '',
  followUpDate: '',
  disagreements: '',
};

export function draftOf(plan: PlanContent | undefined): PlanDraft {
  if (!plan) return emptyDraft;
  return {
    reason: plan.reason,
    needs: plan.needs.map((n) => ({ ...n })),
    goals: plan.goals.map((g) => ({ ...g })),
    actions: plan.actions.map((a) => ({ ...a })),
    childsWishForLead: plan.childsWishForLead,
    leadObjectId: plan.leadProfessional?.objectId ?? '',
    followUpDate: plan.followUpDate ?? '',
    disagreements: plan.disagreements,
  };
}

export function planConflictPanel(
  t: TFunction,
  current: PlanView,
  mine: PlanDraft,
  people: readonly { objectId: string; name: string }[],
  onKeepMine: () => void,
  onUseTheirs: () => void,
): HTMLElement {
  const theirs = draftOf(current.content);
  const rows: { label: string; theirs: string; mine: string }[] = [];
  const add = (label: string, a: string, b: string) => {
    if (a.trim() !== b.trim()) rows.push({ label, theirs: a, mine: b });
  };
  add(t('plan.reason'), theirs.reason, mine.reason);
  const areaIds = new Set([...theirs.needs, ...mine.needs].map((n) => n.areaId));
  for (const id of areaIds) {
    const a = theirs.needs.find((n) => n.areaId === id);
    const b = mine.needs.find((n) => n.areaId === id);
    add(`${t('tab.plan.need')} (${id})`, a?.need ?? '', b?.need ?? '');
    add(`${t('plan.childView')} (${id})`, a?.childView ?? '', b?.childView ?? '');
    add(`${t('tab.plan.guardianView')} (${id})`, a?.guardianView ?? '', b?.guardianView ?? '');
    add(`${t('plan.level')} (${id})`, a?.level ? t(`levels.${a.level}`) : '', b?.level ? t(`levels.${b.level}`) : '');
  }
  const goals = Math.max(theirs.goals.length, mine.goals.length);
  for (let i = 0; i < goals; i++)
    add(
      t('plan.goal', { n: i + 1 }),
      `${theirs.goals[i]?.goal ?? ''} ${theirs.goals[i]?.inChildsWords ?? ''}`,
      `${mine.goals[i]?.goal ?? ''} ${mine.goals[i]?.inChildsWords ?? ''}`,
    );
  const actions = Math.max(theirs.actions.length, mine.actions.length);
  const actionText = (a: PlanDraft['actions'][number] | undefined) =>
    a ? [a.what, a.who, a.orgUnitId, a.byWhen, a.howWeWillKnow].filter((x) => x !== '').join(' · ') : '';
  for (let i = 0; i < actions; i++)
    add(t('tab.plan.action', { n: i + 1 }), actionText(theirs.actions[i]), actionText(mine.actions[i]));
  add(t('plan.childsWish'), theirs.childsWishForLead, mine.childsWishForLead);
  // The lead is stored as an id; both sides are shown as the person's name.
  const nameOf = (objectId: string) =>
    objectId === ''
      ? ''
      : (people.find((p) => p.objectId === objectId)?.name ??
        (objectId === current.content.leadProfessional?.objectId
          ? current.content.leadProfessional.displayName
          : t('tab.conflict.unknownPerson')));
  add(t('plan.lead'), current.content.leadProfessional?.displayName ?? '', nameOf(mine.leadObjectId));
  add(t('plan.followUp'), theirs.followUpDate, mine.followUpDate);
  add(t('plan.disagreements'), theirs.disagreements, mine.disagreements);
  return h(
    'div',
    { class: 'conflict', role: 'alert', id: 'plan-conflict' },
    h('h3', {}, t('tab.conflict.title')),
    h('p', {}, t('tab.conflict.planIntro', { by: current.authorName, version: current.version })),
    h(
      'dl',
      {},
      ...rows.flatMap((r) => [
        h('dt', {}, r.label),
        h(
          'dd',
          {},
          h('span', { class: 'who' }, t('tab.conflict.theirs', { by: current.authorName })),
          h('span', { class: 'text theirs' }, r.theirs || '—'),
        ),
        h(
          'dd',
          {},
          h('span', { class: 'who' }, t('tab.conflict.mine')),
          h('span', { class: 'text mine' }, r.mine || '—'),
        ),
      ]),
    ),
    h(
      'div',
      { class: 'actions' },
      fluentButton({ appearance: 'primary', id: 'plan-keep-mine', onclick: onKeepMine }, t('tab.conflict.keepMine')),
      fluentButton({ id: 'plan-use-theirs', onclick: onUseTheirs }, t('tab.conflict.useTheirs')),
    ),
  );
}
