/**
 * The wheel as others recorded it, read-only: every other contributor's view of an area (with their
 * name and organisation), areas someone recorded earlier with another wheel, shown apart, and the
 * conflict panel when someone saved the same entry in between; and the five questions the same way.
 */
import type { TFunction } from 'i18next';
import { fluent, fluentButton, h } from '../dom';
import { statusLine, textField } from '../fields';
import type { AreaView, Assessment, CaseView } from '../types';

type Area = CaseView['wheel']['areas'][number];

/** Fluent's badge colours for the levels: no worry, some worry, a serious worry. */
const levelColor = { none: 'success', some: 'warning', significant: 'danger' } as const;

/** One recorded view: who (or the area), the level as a badge, and the texts that were written. */
export function viewItem(
  t: TFunction,
  heading: string,
  v: AreaView,
  childViewLabel = t('wheel.childView'),
): HTMLElement {
  return h(
    'li',
    { class: 'view' },
    h(
      'p',
      { class: 'who' },
      heading,
      v.level
        ? fluent(
            'fluent-badge',
            { class: `level level-${v.level}`, color: levelColor[v.level] },
            t(`levels.${v.level}`),
          )
        : null,
    ),
    v.strengths ? h('p', {}, h('strong', {}, `${t('wheel.strengths')}: `), v.strengths) : null,
    v.worries ? h('p', {}, h('strong', {}, `${t('wheel.worries')}: `), v.worries) : null,
    v.childView ? h('p', {}, h('strong', {}, `${childViewLabel}: `), v.childView) : null,
  );
}

/**
 * The wheel's areas as a Fluent accordion (collapsible for the narrow side panel); `onToggle` hears
 * which the viewer opened or closed.
 */
export function areasAccordion(items: HTMLElement[], onToggle: (areaId: string, open: boolean) => void): HTMLElement {
  const accordion = fluent('fluent-accordion', { class: 'areas', 'expand-mode': 'multi' }, ...items);
  accordion.addEventListener('change', (ev) => {
    // The accordion's own change (a heading clicked), not a control's inside it.
    if (ev.target !== accordion) return;
    for (const item of items) onToggle(item.dataset.area ?? '', (item as HTMLElement & { expanded: boolean }).expanded);
  });
  return accordion;
}

/** One area: its name (and how many have written, if any) as the heading, the panel below it. */
export function areaItem(area: Area, count: number, expanded: boolean, body: HTMLElement[]): HTMLElement {
  return fluent(
    'fluent-accordion-item',
    { class: 'area', 'data-area': area.id, 'heading-level': 3, block: true, expanded },
    h(
      'span',
      { slot: 'heading', id: `area-${area.id}-heading`, class: 'area-heading' },
      area.label,
      count > 0 ? h('span', { class: 'meta' }, ` (${count})`) : null,
    ),
    // One block holds the panel, so a click anywhere in it lands there, not on the item (which folds it).
    h('div', { class: 'area-body' }, ...body),
  );
}

/** Everyone else's view of one area (or a hint that nobody else has written). */
export function othersViews(
  t: TFunction,
  area: Area,
  views: readonly Assessment[],
  childViewLabel = t('wheel.childView'),
): HTMLElement {
  return views.length > 0
    ? h(
        'ul',
        { class: 'others', 'aria-label': t('tab.othersViews', { area: area.label }) },
        ...views.map((a) => viewItem(t, `${a.author}, ${a.orgUnit}`, a.areas[area.id] as AreaView, childViewLabel)),
      )
    : h('p', { class: 'hint' }, t('tab.noOtherViews'));
}

/** Areas a contributor recorded earlier with another wheel: shown as recorded, apart from the case's wheel. */
export function earlierWheel(t: TFunction, a: Assessment): HTMLElement {
  const earlier = a.earlierWheel;
  return h(
    'section',
    { class: 'earlier-wheel' },
    h('h3', {}, t('tab.earlierWheel', { who: `${a.author}, ${a.orgUnit}`, wheel: earlier?.name ?? '' })),
    h('ul', { class: 'others' }, ...(earlier?.areas ?? []).map((v) => viewItem(t, v.label, v))),
  );
}

/**
 * Someone saved in between: the saved text and the viewer's, field by field (only where they differ),
 * and the two ways on — keep mine (save over it) or use the saved one.
 */
export function assessmentConflictPanel(
  t: TFunction,
  part: string,
  rows: readonly { label: string; theirs: string; mine: string }[],
  on: { keepMine: () => void; useSaved: () => void },
): HTMLElement {
  return h(
    'div',
    { class: 'conflict', role: 'alert', id: `${part}-conflict` },
    h('h4', {}, t('tab.conflict.title')),
    h('p', {}, t('tab.conflict.mineIntro')),
    h(
      'dl',
      {},
      ...rows
        .filter((r) => r.theirs.trim() !== r.mine.trim())
        .flatMap((r) => [
          h('dt', {}, r.label),
          h(
            'dd',
            {},
            h('span', { class: 'who' }, t('tab.conflict.saved')),
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
      fluentButton(
        { appearance: 'primary', id: `${part}-keep-mine`, onclick: on.keepMine },
        t('tab.conflict.keepMine'),
      ),
      fluentButton({ id: `${part}-use-theirs`, onclick: on.useSaved }, t('tab.conflict.useTheirs')),
    ),
  );
}

/** The five questions: the viewer's own answers, editable, each with everyone else's answer below it. */
export function questionsSection(
  t: TFunction,
  d: CaseView,
  mine: Assessment | undefined,
  others: readonly Assessment[],
  parts: { conflict: HTMLElement | null; onSave: () => void },
): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'questions-heading', id: 'questions' },
    h('h2', { id: 'questions-heading' }, t('case.fiveQuestions')),
    ...d.questions.map((q) => {
      const answers = others.filter((a) => (a.answers[q.id] ?? '').trim() !== '');
      return h(
        'div',
        { class: 'question' },
        textField(`my-q-${q.id}`, q.text, mine?.answers[q.id] ?? '', { multiline: true, maxLength: 4000, rows: 2 }),
        answers.length > 0
          ? h(
              'ul',
              { class: 'others' },
              ...answers.map((a) =>
                h('li', {}, h('span', { class: 'who' }, `${a.author}, ${a.orgUnit}: `), a.answers[q.id] ?? ''),
              ),
            )
          : null,
      );
    }),
    parts.conflict,
    h('div', { class: 'actions' }, fluentButton({ id: 'save-questions', onclick: parts.onSave }, t('tab.saveAnswers'))),
    statusLine('questions-status'),
  );
}
