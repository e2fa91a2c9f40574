/**
 * Consultations that became consented cases whose consent does not cover the viewer's unit (issue 17):
 * the consultee keeps the anonymous phase as it was at the conversion — read-only, nothing added after
 * it. Listed in the personal tab; one opens in the same detail area as a case.
 */
import { fluentButton, h, replace } from '../dom';
import type { Session } from '../session';
import type { FrozenConsultationSummary, FrozenConsultationView } from '../types';
import { viewItem } from './area-views';

const day = (s: Session, iso: string) => new Date(iso).toLocaleDateString(s.locale === 'sv' ? 'sv-SE' : 'en-GB');

async function openFrozen(s: Session, detail: HTMLElement, caseId: string): Promise<void> {
  const { t } = s;
  const r = await s.request<FrozenConsultationView>(
    'GET',
    `/api/tab/frozen-consultations/${encodeURIComponent(caseId)}`,
  );
  if (!r.ok) {
    replace(detail, h('p', { class: 'status error', role: 'alert' }, s.problem(r)));
    return;
  }
  const f = r.body;
  const detailRow = (label: string, value: string | null) => (value ? [h('dt', {}, label), h('dd', {}, value)] : []);
  replace(
    detail,
    h(
      'article',
      { class: 'card frozen', 'aria-labelledby': 'frozen-heading' },
      h('h1', { id: 'frozen-heading', tabindex: '-1' }, t('frozen.title', { reference: f.reference })),
      h('p', { class: 'hint', role: 'note' }, t('frozen.intro', { date: day(s, f.takenAt), unit: f.orgUnit })),
      h(
        'dl',
        {},
        ...detailRow(t('case.ageBand'), f.details.ageBand),
        ...detailRow(t('case.schoolYear'), f.details.schoolYear),
        ...detailRow(t('case.worryAreas'), f.details.worryAreas.join(', ')),
        ...detailRow(t('case.observations'), f.details.observations),
        ...detailRow(t('case.tried'), f.details.tried),
      ),
      h('h2', {}, t('case.participantsHeading')),
      h('ul', {}, ...f.participants.map((p) => h('li', {}, `${p.name}, ${p.orgUnit} – ${t(`roles.${p.role}`)}`))),
      h('h2', {}, t('case.fiveQuestions')),
      ...f.questions.map((q) => {
        const answers = f.assessments.filter((a) => (a.answers[q.id] ?? '').trim() !== '');
        return h(
          'section',
          { class: 'question' },
          h('h3', {}, q.text),
          answers.length > 0
            ? h(
                'ul',
                { class: 'others' },
                ...answers.map((a) =>
                  h('li', {}, h('span', { class: 'who' }, `${a.author}, ${a.orgUnit}: `), a.answers[q.id] ?? ''),
                ),
              )
            : h('p', { class: 'hint' }, t('frozen.noAnswer')),
        );
      }),
      h('h2', {}, f.wheel.name),
      ...f.wheel.areas
        .map((area) => ({ area, views: f.assessments.filter((a) => a.areas[area.id] !== undefined) }))
        .filter(({ views }) => views.length > 0)
        .map(({ area, views }) =>
          h(
            'section',
            { class: 'area' },
            h('h3', {}, area.label),
            h(
              'ul',
              { class: 'others' },
              ...views.map((a) => viewItem(t, `${a.author}, ${a.orgUnit}`, a.areas[area.id]!)),
            ),
          ),
        ),
    ),
  );
  (detail.querySelector('h1') as HTMLElement | null)?.focus();
}

/** The list in the personal tab (nothing when the viewer keeps no frozen consultation); `clear` empties the detail area's case first. */
export function frozenConsultationsSection(
  s: Session,
  consultations: readonly FrozenConsultationSummary[],
  detail: HTMLElement,
  clear: () => void,
): HTMLElement | null {
  const { t } = s;
  if (consultations.length === 0) return null;
  return h(
    'nav',
    { 'aria-labelledby': 'frozen-list-heading', class: 'card' },
    h('h2', { id: 'frozen-list-heading' }, t('frozen.listTitle')),
    h('p', { class: 'hint' }, t('frozen.listIntro')),
    h(
      'ul',
      { class: 'case-list' },
      ...consultations.map((c) =>
        h(
          'li',
          {},
          fluentButton(
            {
              appearance: 'transparent',
              onclick: () => {
                clear();
                void openFrozen(s, detail, c.caseId);
              },
            },
            t('frozen.title', { reference: c.reference }),
          ),
          h('span', { class: 'meta' }, ` ${t('frozen.listLine', { date: day(s, c.takenAt) })}`),
        ),
      ),
    ),
  );
}
