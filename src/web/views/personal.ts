/** The personal tab: my cases and what I can do next; a case opens in the same view as the side panel. */
import { fluent, fluentButton, h, replace } from '../dom';
import type { Session } from '../session';
import type { CaseSummary, FrozenConsultationSummary } from '../types';
import { frozenConsultationsSection } from './frozen-consultation';
import { CasePanel } from './case-panel';
import { auditExportSection, statisticsSection } from './reports';

export async function personalView(root: HTMLElement, s: Session): Promise<void> {
  const { t } = s;
  const [r, me, frozen] = await Promise.all([
    s.request<{ cases: CaseSummary[] }>('GET', '/api/tab/cases'),
    s.request<{ roles: string[] }>('GET', '/api/tab/me'),
    s.request<{ consultations: FrozenConsultationSummary[] }>('GET', '/api/tab/frozen-consultations'),
  ]);
  const roles = me.ok ? me.body.roles : [];
  if (!r.ok) {
    replace(root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, s.problem(r))));
    return;
  }
  const detail = h('div', { id: 'case-detail' });
  // One case at a time in the detail area: the one shown before stops (its refreshes, listeners and drafts).
  let shown: CasePanel | null = null;
  const open = async (id: string) => {
    shown?.stop();
    const panel = new CasePanel(detail, s, id);
    shown = panel;
    await panel.start();
    detail.querySelector('h1')?.setAttribute('tabindex', '-1');
    (detail.querySelector('h1') as HTMLElement | null)?.focus();
  };
  replace(
    root,
    h(
      'div',
      { class: 'personal' },
      h(
        'nav',
        { 'aria-labelledby': 'my-cases-heading', class: 'card' },
        h('h1', { id: 'my-cases-heading' }, t('case.listTitle')),
        r.body.cases.length === 0
          ? h('p', {}, t('case.none'))
          : h(
              'ul',
              { class: 'case-list' },
              ...r.body.cases.map((c) =>
                h(
                  'li',
                  {},
                  // Opens the case here (an action, so a button: Fluent's subtle one reads as a list entry).
                  fluentButton(
                    { appearance: 'subtle', class: 'case-open', onclick: () => void open(c.id) },
                    t('case.title', { reference: c.reference }),
                  ),
                  h(
                    'span',
                    { class: 'meta' },
                    ` ${c.group ? t('group.kind') : t(`case.${c.kind}`)} · ${t(`stages.${c.stage}`)} · ${c.myRoles.map((role) => t(`roles.${role}`)).join(', ')}`,
                  ),
                  // Outside Teams (local development) the meeting views open as pages of their own.
                  s.host.inTeams
                    ? null
                    : h(
                        'span',
                        { class: 'meta' },
                        ' · ',
                        fluent(
                          'fluent-link',
                          {
                            href: `/tab/sidepanel?caseId=${encodeURIComponent(c.id)}&lang=${s.locale}`,
                            target: '_blank',
                          },
                          t('tab.views.sidepanel'),
                        ),
                        ' · ',
                        fluent(
                          'fluent-link',
                          { href: `/tab/stage?caseId=${encodeURIComponent(c.id)}&lang=${s.locale}`, target: '_blank' },
                          t('tab.views.stage'),
                        ),
                      ),
                ),
              ),
            ),
      ),
      frozen.ok
        ? frozenConsultationsSection(s, frozen.body.consultations, detail, () => {
            shown?.stop();
            shown = null;
          })
        : null,
      detail,
      roles.includes('manager') ? statisticsSection(s) : null,
      roles.includes('log-reviewer') ? auditExportSection(s) : null,
    ),
  );
}
