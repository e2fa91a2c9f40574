/**
 * The viewer's own entry in the side panel's form, part by part (the answers, or one area of the
 * wheel): which controls hold it (`my-q-<question>`, `my-<area>-<field>`), the entry with one part
 * read from the form, one part written back from a saved entry, and the conflict's rows for it.
 */
import type { TFunction } from 'i18next';
import { setValue, valueOf } from '../form-state';
import type { AreaView, CaseView } from '../types';

export const myPrefix = 'my-';
const areaTexts = ['strengths', 'worries', 'childView'] as const;
const areaFields = ['level', ...areaTexts] as const;

/** A saved entry of the viewer (the part of it the form shows). */
export interface SavedEntry {
  readonly answers: Record<string, string>;
  readonly areas: Record<string, AreaView>;
}

/** The part a control belongs to, as the panel saves it: 'questions' or the area's id. */
export function partOf(id: string): string {
  if (id.startsWith(`${myPrefix}q-`)) return 'questions';
  const field = areaFields.find((f) => id.endsWith(`-${f}`));
  return field ? id.slice(myPrefix.length, -(field.length + 1)) : '';
}

export function controlIds(d: CaseView, part: string): string[] {
  return part === 'questions'
    ? d.questions.map((q) => `${myPrefix}q-${q.id}`)
    : areaFields.map((f) => `${myPrefix}${part}-${f}`);
}

/** This viewer's entry with one part (an area or the answers) taken from the form. */
export function entryWith(d: CaseView, part: string): SavedEntry {
  const mine = d.assessments.find((a) => a.mine);
  const answers = { ...(mine?.answers ?? {}) };
  const areas = { ...(mine?.areas ?? {}) };
  if (part === 'questions') {
    for (const q of d.questions) {
      const v = valueOf(`${myPrefix}q-${q.id}`).trim();
      if (v === '') delete answers[q.id];
      else answers[q.id] = v;
    }
  } else {
    const level = valueOf(`${myPrefix}${part}-level`);
    const view: AreaView = {
      strengths: valueOf(`${myPrefix}${part}-strengths`).trim(),
      worries: valueOf(`${myPrefix}${part}-worries`).trim(),
      childView: valueOf(`${myPrefix}${part}-childView`).trim(),
      ...(level ? { level: level as AreaView['level'] } : {}),
    };
    if (!view.level && view.strengths === '' && view.worries === '' && view.childView === '') delete areas[part];
    else areas[part] = view;
  }
  return { answers, areas };
}

/** Puts one part of a saved entry into the form, as the saved values. */
export function fillSaved(d: CaseView, part: string, saved: SavedEntry | null): void {
  if (part === 'questions') {
    for (const q of d.questions) setValue(`${myPrefix}q-${q.id}`, saved?.answers[q.id] ?? '', true);
    return;
  }
  const area = saved?.areas[part];
  setValue(`${myPrefix}${part}-level`, area?.level ?? '', true);
  for (const f of areaTexts) setValue(`${myPrefix}${part}-${f}`, area?.[f] ?? '', true);
}

/** One part as saved beside the form's, row by row, for the conflict panel. */
export function conflictRows(
  t: TFunction,
  d: CaseView,
  part: string,
  saved: SavedEntry | null,
): { label: string; theirs: string; mine: string }[] {
  if (part === 'questions')
    return d.questions.map((q) => ({
      label: q.text,
      theirs: saved?.answers[q.id] ?? '',
      mine: valueOf(`${myPrefix}q-${q.id}`),
    }));
  const area = saved?.areas[part];
  const level = valueOf(`${myPrefix}${part}-level`);
  return [
    {
      label: t('wheel.level'),
      theirs: area?.level ? t(`levels.${area.level}`) : '',
      mine: level ? t(`levels.${level}`) : '',
    },
    ...areaTexts.map((f) => ({
      label: t(`wheel.${f}`),
      theirs: area?.[f] ?? '',
      mine: valueOf(`${myPrefix}${part}-${f}`),
    })),
  ];
}
