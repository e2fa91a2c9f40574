/**
 * The parts of the side panel's plan form, built from the plan read (`server`) and the form's state;
 * plan-form.ts puts them together and owns saving, drafts and conflicts.
 */
import type { TFunction } from 'i18next';
import { h, fluentButton } from '../dom';
import { selectField, setStatus, statusLine, textField } from '../fields';
import type { Session } from '../session';
import { levels, type CaseView, type PlanDraft } from '../types';
import { download } from './reports';

type T = TFunction;
type Area = CaseView['wheel']['areas'][number];

/** One need per area the plan speaks to, and a way to add another of the wheel's areas. */
export function needsFieldset(
  t: T,
  server: PlanDraft,
  areas: readonly Area[],
  remaining: readonly Area[],
  onAddArea: () => void,
  /** The child's own rating per area (the child's view, voice-in-plan.ts), shown beside the level. */
  childRating: (areaId: string) => HTMLElement | null = () => null,
): HTMLElement {
  const need = (areaId: string) => server.needs.find((n) => n.areaId === areaId);
  return h(
    'fieldset',
    {},
    h('legend', {}, t('plan.needsHeading')),
    ...areas.map((a) =>
      h(
        'div',
        { class: 'need', 'data-need-area': a.id },
        h('h3', {}, a.label),
        textField(`need-${a.id}-need`, t('tab.plan.need'), need(a.id)?.need ?? '', { multiline: true }),
        textField(`need-${a.id}-childView`, t('plan.childView'), need(a.id)?.childView ?? '', {
          multiline: true,
          rows: 2,
        }),
        textField(`need-${a.id}-guardianView`, t('tab.plan.guardianView'), need(a.id)?.guardianView ?? '', {
          multiline: true,
          rows: 2,
        }),
        // The level recorded for the area (at follow-up, too): kept with the need whatever is saved.
        selectField(`need-${a.id}-level`, t('plan.level'), need(a.id)?.level ?? '', [
          { value: '', label: t('plan.noLevel') },
          ...levels.map((l) => ({ value: l, label: t(`levels.${l}`) })),
        ]),
        childRating(a.id),
      ),
    ),
    remaining.length > 0
      ? h(
          'div',
          { class: 'row' },
          selectField('plan-addArea', t('tab.plan.addArea'), '', [
            { value: '', label: t('form.choose') },
            ...remaining.map((a) => ({ value: a.id, label: a.label })),
          ]),
          fluentButton({ onclick: onAddArea }, t('tab.plan.addAreaButton')),
        )
      : null,
  );
}

export function goalsFieldset(t: T, server: PlanDraft, goalRows: number, onAddGoal: () => void): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, t('plan.goalsHeading')),
    ...Array.from({ length: goalRows }, (_, i) =>
      h(
        'div',
        { class: 'row-group' },
        textField(`goal-${i}-goal`, t('plan.goal', { n: i + 1 }), server.goals[i]?.goal ?? '', {
          multiline: true,
          rows: 2,
        }),
        textField(`goal-${i}-words`, t('plan.inChildsWords'), server.goals[i]?.inChildsWords ?? '', {
          multiline: true,
          rows: 2,
        }),
      ),
    ),
    fluentButton({ onclick: onAddGoal }, t('tab.plan.addGoal')),
  );
}

export function actionsFieldset(
  t: T,
  server: PlanDraft,
  actionRows: number,
  units: CaseView['units'],
  onAddAction: () => void,
): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, t('plan.actionsHeading')),
    ...Array.from({ length: actionRows }, (_, i) => {
      const a = server.actions[i];
      return h(
        'div',
        { class: 'row-group' },
        h('h3', {}, t('tab.plan.action', { n: i + 1 })),
        textField(`action-${i}-what`, t('tab.plan.what'), a?.what ?? '', { multiline: true, rows: 2 }),
        textField(`action-${i}-who`, t('plan.who'), a?.who ?? ''),
        selectField(`action-${i}-unit`, t('plan.unit'), a?.orgUnitId ?? '', [
          { value: '', label: t('form.choose') },
          ...units.map((u) => ({ value: u.id, label: u.name })),
        ]),
        textField(`action-${i}-byWhen`, t('plan.byWhen'), a?.byWhen ?? '', { type: 'date', maxLength: 10 }),
        textField(`action-${i}-how`, t('plan.how'), a?.howWeWillKnow ?? '', { multiline: true, rows: 2 }),
      );
    }),
    fluentButton({ onclick: onAddAction }, t('tab.plan.addAction')),
  );
}

/**
 * The child's wish first; the lead professional is chosen after it. A lead other than the one the
 * child wished for (the child's view) needs the reason, recorded in the case history; the reason
 * recorded for the lead in place is shown (`recorded`), since the field asks only for a new one.
 */
export function leadFieldset(
  t: T,
  server: PlanDraft,
  people: CaseView['people'],
  wished: string,
  recorded: string | null,
): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, t('plan.leadHeading')),
    textField('plan-childsWish', t('plan.childsWish'), server.childsWishForLead, { multiline: true, rows: 2 }),
    selectField(
      'plan-lead',
      t('plan.lead'),
      server.leadObjectId,
      [
        { value: '', label: t('form.choose') },
        ...people.map((p) => ({ value: p.objectId, label: `${p.name} – ${p.orgUnit}` })),
      ],
      {
        hint: t('tab.plan.leadAfterWish'),
        disabled: server.childsWishForLead.trim() === '' && server.leadObjectId === '',
      },
    ),
    recorded === null ? null : recordedLeadReason(t, recorded),
    textField('plan-leadReason', t('plan.leadReason'), server.leadReason ?? '', {
      multiline: true,
      rows: 2,
      ...(wished === '' ? {} : { hint: t('voice.wishedLeadIs', { name: wished }) }),
    }),
  );
}

/** The reason recorded for appointing a lead other than the child's wish (plan form and stage). */
export function recordedLeadReason(t: T, reason: string): HTMLElement {
  return h(
    'p',
    { class: 'recorded-lead-reason', id: 'plan-leadReason-recorded' },
    t('plan.leadReasonRecorded', { reason }),
  );
}

/** The control and message for a field the server named in a refused save. */
export function planErrorControl(t: T, f: string): [string, string] {
  if (f === 'reason') return ['plan-reason', t('validation.required')];
  if (f === 'actions') return ['action-0-what', t('tab.plan.needsAction')];
  if (/^actions\.\d+/.test(f))
    return [`action-${f.split('.')[1]}-${f.endsWith('orgUnitId') ? 'unit' : 'what'}`, t('plan.actionIncomplete')];
  if (f === 'childsWishForLead') return ['plan-childsWish', t('validation.required')];
  if (f === 'leadProfessional' || f === 'leadObjectId') return ['plan-lead', t('validation.required')];
  if (f === 'leadReason') return ['plan-leadReason', t('voice.leadReasonRequired')];
  if (f === 'followUpDate') return ['plan-followUp', t('tab.plan.dateRequired')];
  return ['plan-reason', t('tab.errors.invalid')];
}

/** The family's plan as a PDF, in Swedish or English (an agreed plan only). */
export function familyPdfBlock(t: T, onPdf: (lang: 'sv' | 'en') => void): HTMLElement {
  return h(
    'div',
    { class: 'family-pdf' },
    h('h3', {}, t('tab.plan.familyHeading')),
    h('p', { class: 'hint' }, t('tab.plan.familyIntro')),
    h(
      'div',
      { class: 'actions' },
      fluentButton({ id: 'family-pdf-sv', onclick: () => onPdf('sv') }, t('tab.plan.familyPdfSv')),
      fluentButton({ id: 'family-pdf-en', onclick: () => onPdf('en') }, t('tab.plan.familyPdfEn')),
    ),
    statusLine('family-status'),
  );
}

/**
 * A copy of the agreed plan for the party's own records (PDF or JSON in the versioned schema), as its
 * unit may see it; shown to every party of an agreed plan, also those who see only part of it.
 */
export function agencyExportBlock(s: Session, caseId: string): HTMLElement {
  const { t } = s;
  const fetchCopy = async (format: 'pdf' | 'json') => {
    const problem = await download(
      s,
      `/api/tab/cases/${encodeURIComponent(caseId)}/plan-export.${format}`,
      `plan-export.${format}`,
    );
    setStatus('agency-export-status', problem ?? t('tab.reports.downloaded'), problem ? 'error' : 'ok');
  };
  return h(
    'div',
    { class: 'agency-export' },
    h('h3', {}, t('tab.plan.exportHeading')),
    h('p', { class: 'hint' }, t('tab.plan.exportIntro')),
    h(
      'div',
      { class: 'actions' },
      fluentButton({ id: 'agency-export-pdf', onclick: () => void fetchCopy('pdf') }, t('tab.plan.exportPdf')),
      fluentButton({ id: 'agency-export-json', onclick: () => void fetchCopy('json') }, t('tab.plan.exportJson')),
    ),
    statusLine('agency-export-status'),
  );
}
