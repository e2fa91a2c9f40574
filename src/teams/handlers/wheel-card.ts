/**
 * The wellbeing wheel's card, area by area: every area is a row with its level in words and a
 * Fyll i button that opens its inputs (Action.ToggleVisibility); one area is open at first (the
 * first, or those with a message). All inputs stay in the one card, so a submit or a draft sends
 * every area, and what was typed in a closed area is kept.
 */
import type { TFunction } from 'i18next';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { wheelFor } from '../../app/world';
import { worryLevels } from '../../domain/assessment';
import { nameCheckOf, type FieldErrors } from '../forms';
import type { Turn } from '../turn';

export const areaParts = ['level', 'strengths', 'worries', 'childView'] as const;

export interface WheelCaseRef {
  readonly id: string;
  readonly reference: string;
  readonly orgUnitId: string;
  /** A group consultation: strengths and worries per area for the group, and the children's own view. */
  readonly group?: boolean;
}

export interface WheelFormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FieldErrors;
  readonly version: number;
  readonly saved?: string;
  readonly formError?: string;
  /** Fields with words that look like names: shown with the confirm step. */
  readonly names?: FieldErrors;
}

function levelSummary(t: TFunction, level: string): string {
  return (worryLevels as readonly string[]).includes(level) ? t(`levels.${level}`) : t('wheel.noLevel');
}

export function wheelCard(
  turn: Turn,
  kase: WheelCaseRef,
  s: WheelFormState,
  reportAreas: readonly string[] = [],
): AdaptiveCard {
  const { t } = turn;
  const { id: caseId, reference } = kase;
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const errorOf = (areaId: string): string =>
    areaParts.map((p) => s.errors[`${areaId}.${p}`] ?? s.names?.[`${areaId}.${p}`]).find((e) => e !== undefined) ?? '';
  const anyError = wheel.areas.some((a) => errorOf(a.id) !== '');
  return render(cards.wheel, {
    t: {
      title: t('wheel.title', { wheel: wheel.name[turn.locale] }),
      reference: t('case.reference', { reference }),
      intro: t(kase.group ? 'group.wheelIntro' : 'wheel.intro'),
      areaByArea: t('wheel.areaByArea'),
      editArea: t('wheel.editArea'),
      level: t('wheel.level'),
      strengths: t('wheel.strengths'),
      worries: t('wheel.worries'),
      childView: t(kase.group ? 'group.childView' : 'wheel.childView'),
      choose: t('form.choose'),
      submit: t('consultation.submit'),
      saveDraft: t('consultation.saveDraft'),
      back: t('form.back'),
    },
    caseId,
    version: s.version,
    levels: worryLevels.map((l) => ({ title: t(`levels.${l}`), value: l })),
    areas: wheel.areas.map((a, i) => ({
      id: a.id,
      label: a.label[turn.locale],
      description: a.description[turn.locale],
      level: s.values[`${a.id}.level`] ?? '',
      strengths: s.values[`${a.id}.strengths`] ?? '',
      worries: s.values[`${a.id}.worries`] ?? '',
      childView: s.values[`${a.id}.childView`] ?? '',
      error: errorOf(a.id),
      summary: levelSummary(t, s.values[`${a.id}.level`] ?? ''),
      // Open: an area with a message, else the first one when no area has one.
      open: errorOf(a.id) !== '' || (i === 0 && !anyError),
    })),
    formError: s.formError ?? '',
    saved: s.saved ?? '',
    reportNotice: reportAreas.length > 0 ? t('report.notice') : '',
    nameCheck: nameCheckOf(t, s.names ?? {}),
  });
}
