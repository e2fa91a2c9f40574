/**
 * The meeting stage: the group's wheel as a picture and the emerging plan, large enough to read on a
 * shared screen, and the GIRFEC lenses the case uses (My World Triangle, Resilience Matrix). Read-only; it follows changes live like the side panel.
 */
import { h, replace } from '../dom';
import { watchCase } from '../events';
import type { Session } from '../session';
import type { CaseView, Level } from '../types';
import { highestLevel, wheelSvg } from '../wheel-svg';
import { chosenLenses, lensRead } from './lens-read';
import { groupActionsSection, groupFacts } from './group-view';
import { childRatingBadge } from './voice-in-plan';
import { recordedLeadReason } from './plan-form-sections';

export function planSummary(d: CaseView, s: Session): HTMLElement {
  const { t } = s;
  const plan = d.plan?.content;
  const unit = (id: string) => d.units.find((u) => u.id === id)?.name ?? id;
  const area = (id: string) => d.wheel.areas.find((a) => a.id === id)?.label ?? id;
  if (!plan)
    return h(
      'section',
      { class: 'plan-summary', 'aria-labelledby': 'plan-summary-heading' },
      h('h2', { id: 'plan-summary-heading' }, t('plan.title')),
      h('p', {}, t('tab.plan.none')),
    );
  return h(
    'section',
    { class: 'plan-summary', 'aria-labelledby': 'plan-summary-heading' },
    h('h2', { id: 'plan-summary-heading' }, t('plan.title')),
    h(
      'p',
      { class: 'meta' },
      t(d.plan?.agreed ? 'tab.plan.versionAgreed' : 'tab.plan.versionSaved', {
        version: d.plan?.version,
        by: d.plan?.authorName,
      }),
    ),
    plan.reason ? h('p', { class: 'reason' }, plan.reason) : null,
    plan.needs.length > 0
      ? h(
          'div',
          {},
          h('h3', {}, t('plan.needsHeading')),
          h(
            'ul',
            {},
            ...plan.needs.map((n) =>
              h(
                'li',
                {},
                h('strong', {}, `${area(n.areaId)}: `),
                n.need,
                n.level ? ` (${t(`levels.${n.level}`)})` : null,
                childRatingBadge(t, d, n.areaId),
                n.childView ? h('span', { class: 'child-words' }, ` ”${n.childView}”`) : null,
              ),
            ),
          ),
        )
      : null,
    plan.goals.length > 0
      ? h(
          'div',
          {},
          h('h3', {}, t('plan.goalsHeading')),
          h(
            'ul',
            {},
            ...plan.goals.map((g) =>
              h(
                'li',
                {},
                g.goal,
                g.inChildsWords ? h('span', { class: 'child-words' }, ` ”${g.inChildsWords}”`) : null,
              ),
            ),
          ),
        )
      : null,
    plan.actions.length > 0
      ? h(
          'div',
          {},
          h('h3', {}, t('plan.actionsHeading')),
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...[t('tab.plan.what'), t('plan.who'), t('plan.unit'), t('plan.byWhen'), t('plan.how')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              ...plan.actions.map((a) =>
                h(
                  'tr',
                  {},
                  h('td', {}, a.what),
                  h('td', {}, a.who),
                  h('td', {}, unit(a.orgUnitId)),
                  h('td', {}, a.byWhen),
                  h('td', {}, a.howWeWillKnow),
                ),
              ),
            ),
          ),
        )
      : null,
    plan.leadProfessional
      ? h('p', {}, h('strong', {}, `${t('plan.lead')}: `), plan.leadProfessional.displayName)
      : null,
    d.plan?.leadReason ? recordedLeadReason(t, d.plan.leadReason) : null,
    plan.followUpDate ? h('p', {}, h('strong', {}, `${t('plan.followUp')}: `), plan.followUpDate) : null,
  );
}

export function groupLevels(d: CaseView): Map<string, Level | undefined> {
  const result = new Map<string, Level | undefined>();
  for (const a of d.wheel.areas) {
    result.set(
      a.id,
      highestLevel([
        ...d.assessments.map((x) => x.areas[a.id]?.level),
        ...(d.plan?.content.needs ?? []).filter((n) => n.areaId === a.id).map((n) => n.level),
      ]),
    );
  }
  return result;
}

export class StageView {
  private stop: (() => void) | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly s: Session,
    private readonly caseId: string,
  ) {}

  async start(): Promise<void> {
    await this.load();
    this.stop = watchCase(
      this.s,
      this.caseId,
      () => void this.load(),
      () => undefined,
    );
  }

  dispose(): void {
    this.stop?.();
  }

  private async load(): Promise<void> {
    const { t } = this.s;
    const r = await this.s.request<CaseView>('GET', `/api/tab/cases/${encodeURIComponent(this.caseId)}`);
    if (!r.ok) {
      replace(this.root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, this.s.problem(r))));
      return;
    }
    const d = r.body;
    const levelsByArea = groupLevels(d);
    replace(
      this.root,
      h(
        'main',
        { class: 'stage' },
        h('h1', {}, t('case.title', { reference: d.reference })),
        groupFacts(t, d),
        h(
          'div',
          { class: 'stage-grid' },
          h(
            'section',
            { class: 'stage-wheel', 'aria-labelledby': 'stage-wheel-heading' },
            h('h2', { id: 'stage-wheel-heading' }, d.wheel.name),
            wheelSvg(
              d.wheel.areas.map((a) => ({ id: a.id, label: a.label, level: levelsByArea.get(a.id) })),
              t,
              t('tab.stage.wheelTitle', { wheel: d.wheel.name }),
            ),
            h(
              'ul',
              { class: 'legend' },
              ...(['none', 'some', 'significant'] as const).map((l) =>
                h('li', {}, h('span', { class: `swatch level-${l}`, 'aria-hidden': 'true' }), t(`levels.${l}`)),
              ),
              h('li', {}, h('span', { class: 'swatch level-unknown', 'aria-hidden': 'true' }), t('tab.stage.noView')),
            ),
          ),
          // A group consultation has no plan: its actions for the group stand beside the wheel.
          d.group ? groupActionsSection(t, d.group) : planSummary(d, this.s),
        ),
        // The lenses the case uses, beside the wheel and the plan (none: nothing shown).
        ...chosenLenses(d.lenses).map((l) => lensRead(t, l, d.lenses.content[l.id], 'h2')),
      ),
    );
  }
}
