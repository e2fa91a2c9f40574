/**
 * The meeting side panel: the case as this viewer may see it, the participants with their
 * organisations, the five questions and the wheel as the shared agenda — everyone's views with
 * their names, and this viewer's own, editable — and the plan. Changes by others arrive through
 * the event stream within about a second; what the viewer is typing is never overwritten.
 */
import { handleGuardReply, type GuardBody } from '../anonymity-reply';
import { announce, fluentButton, h, replace } from '../dom';
import { watchCase, type LinkState } from '../events';
import { areasNeedingReportNotice } from '../../domain/report-notice';
import { messageBar, selectField, setStatus, statusLine, textField } from '../fields';
import { restore, setValue, snapshot, valueOf } from '../form-state';
import type { Session } from '../session';
import { levels, type AreaView, type Assessment, type CaseView } from '../types';
import { PlanForm } from './plan-form';
import { agencyExportBlock } from './plan-form-sections';
import { LensSection } from './lens-panel';
import { childViewEntry } from './voice-in-plan';
import { PanelDraft } from './panel-draft';
import { conflictRows, controlIds, entryWith, fillSaved, myPrefix, partOf } from './my-entry-form';
import { othersChanged, peopleOnce } from './case-panel-data';
import { groupActionsSection, groupFacts, kindLabel, wheelWords } from './group-view';
import {
  areaItem,
  areasAccordion,
  assessmentConflictPanel,
  earlierWheel,
  othersViews,
  questionsSection,
} from './area-views';

interface AssessmentConflict {
  readonly part: string;
  readonly current: {
    version: number;
    answers: Record<string, string>;
    areas: Record<string, AreaView>;
    updatedAt: string;
  } | null;
}

export class CasePanel {
  private data: CaseView | null = null;
  private myBase = 0;
  private link: LinkState = 'reconnecting';
  private conflict: AssessmentConflict | null = null;
  private readonly plan: PlanForm;
  private readonly lenses: LensSection;
  /** The viewer's own unsaved answers and views, kept in this browser across a reload. */
  private readonly mineDraft: PanelDraft;
  /** Ends this panel's listeners on its root when another case opens there. */
  private readonly listening = new AbortController();
  private stopWatching: (() => void) | undefined;
  private loading: Promise<void> | null = null;
  private again = false;
  /** Areas where the viewer's saved view calls for the orosanmälan notice (kept across refreshes). */
  private readonly reportNotice = new Set<string>();
  /** Areas the viewer opened or closed (kept across refreshes). */
  private readonly openAreas = new Map<string, boolean>();

  constructor(
    private readonly root: HTMLElement,
    private readonly s: Session,
    private readonly caseId: string,
    private readonly options: { readonly share?: () => Promise<void>; readonly shareChild?: () => Promise<void> } = {},
  ) {
    this.plan = new PlanForm(s, caseId, () => this.refresh());
    this.lenses = new LensSection(s, caseId, root, () => this.refresh());
    this.mineDraft = new PanelDraft('assessmentDraft', caseId, root, myPrefix);
    const keep = (ev: Event) => this.mineDraft.concerns(ev) && this.keepDraft();
    const { signal } = this.listening;
    root.addEventListener('input', keep, { signal });
    root.addEventListener('change', keep, { signal });
  }

  async start(): Promise<void> {
    await this.refresh();
    this.stopWatching = watchCase(
      this.s,
      this.caseId,
      () => void this.refresh(),
      (state) => {
        this.link = state;
        const el = document.getElementById('link-state');
        if (el) el.textContent = this.linkText();
        if (state === 'gone')
          replace(
            this.root,
            h('main', {}, h('p', { class: 'status error', role: 'alert' }, this.s.t('tab.errors.notFound'))),
          );
      },
    );
  }

  /** Another case opens in this panel's place: no more refreshes, drafts written now and then no more. */
  stop(): void {
    this.stopWatching?.();
    this.listening.abort();
    this.mineDraft.close();
    this.lenses.close();
    this.plan.close();
  }

  /** Loads the case and re-renders, keeping what the viewer is typing. Coalesces bursts of changes. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        await this.load();
      } while (this.again);
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const r = await this.s.request<CaseView>('GET', `/api/tab/cases/${encodeURIComponent(this.caseId)}`);
    if (!r.ok) {
      if (!this.data)
        replace(this.root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, this.s.problem(r))));
      else announce(this.s.problem(r));
      return;
    }
    const first = this.data === null;
    const before = this.data;
    this.data = r.body;
    if (first) for (const id of this.mineDraft.take(r.body)) this.openAreas.set(partOf(id), true);
    const snap = snapshot(this.root);
    const mine = r.body.assessments.find((a) => a.mine);
    if (![...snap.dirty.keys()].some((id) => id.startsWith('my-'))) this.myBase = mine?.version ?? 0;
    this.lenses.sync(
      r.body,
      [...snap.dirty.keys()].some((id) => id.startsWith('lens-')),
    );
    this.plan.sync(
      r.body,
      [...snap.dirty.keys()].some((id) => /^(plan-|need-|goal-|action-)/.test(id)),
    );
    this.render();
    restore(this.root, snap);
    this.plan.syncLeadState();
    if (first) {
      this.plan.afterRender();
      this.restoreMine();
      this.lenses.afterFirstRender();
    } else if (before && othersChanged(before, r.body)) announce(this.s.t('tab.updated'));
  }

  private linkText(): string {
    return this.s.t(
      this.link === 'live' ? 'tab.live' : this.link === 'gone' ? 'tab.errors.notFound' : 'tab.reconnecting',
    );
  }

  private render(): void {
    const d = this.data;
    if (!d) return;
    const { t } = this.s;
    const others = d.assessments.filter((a) => !a.mine);
    const mine = d.assessments.find((a) => a.mine);
    replace(
      this.root,
      h(
        'main',
        { class: 'case-panel' },
        h(
          'header',
          { class: 'case-header' },
          h('h1', {}, t('case.title', { reference: d.reference })),
          h('p', { class: 'meta' }, `${kindLabel(t, d)} · ${t(`stages.${d.stage}`)}`),
          groupFacts(t, d),
          h('p', { class: 'meta link', id: 'link-state' }, this.linkText()),
          this.options.share ? fluentButton({ onclick: () => void this.share() }, t('tab.shareToStage')) : null,
          d.kind === 'anonymous'
            ? h('p', { class: 'notice' }, t(d.group ? 'tab.group.notice' : 'tab.anonymousNotice'))
            : null,
          d.voice ? childViewEntry(this.s, this.caseId, this.options.shareChild) : null,
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'participants-heading' },
          h('h2', { id: 'participants-heading' }, t('case.participantsHeading')),
          h(
            'ul',
            { class: 'participants' },
            ...peopleOnce(d.participants).map((p) =>
              h(
                'li',
                { 'data-person': p.objectId },
                h('span', { class: 'name' }, p.name),
                ' – ',
                h('span', { class: 'org' }, p.orgUnit),
                ' ',
                h('span', { class: 'role' }, `(${p.roles.map((r) => t(`roles.${r}`)).join(', ')})`),
              ),
            ),
          ),
        ),
        questionsSection(t, d, mine, others, {
          conflict: this.conflict?.part === 'questions' ? this.conflictPanel('questions') : null,
          onSave: () => void this.saveMine('questions'),
        }),
        this.wheelSection(d, mine, others),
        this.lenses.render(d),
        d.canPlan
          ? this.plan.render(d)
          : d.group
            ? groupActionsSection(t, d.group)
            : h(
                'section',
                { class: 'card' },
                h('h2', {}, t('plan.title')),
                h('p', {}, t(d.kind === 'consented' ? 'plan.partialView' : 'plan.needsConsent')),
                d.plan?.agreed ? agencyExportBlock(this.s, this.caseId) : null,
              ),
      ),
    );
  }

  private wheelSection(d: CaseView, mine: Assessment | undefined, others: readonly Assessment[]): HTMLElement {
    const { t } = this.s;
    const words = wheelWords(t, d);
    const items = d.wheel.areas.map((area) => {
      const views = others.filter((a) => a.areas[area.id]);
      const my = mine?.areas[area.id];
      // Open where anyone has written, or as the viewer left it.
      const count = views.length + (my ? 1 : 0);
      return areaItem(area, count, this.openAreas.get(area.id) ?? count > 0, [
        h('p', { class: 'hint' }, area.description),
        othersViews(t, area, views, words.childView),
        h(
          'fieldset',
          { class: 'mine' },
          h('legend', {}, t('tab.myView', { name: d.me.displayName })),
          selectField(`my-${area.id}-level`, t('wheel.level'), my?.level ?? '', [
            { value: '', label: t('tab.noLevel') },
            ...levels.map((l) => ({ value: l, label: t(`levels.${l}`) })),
          ]),
          textField(`my-${area.id}-strengths`, t('wheel.strengths'), my?.strengths ?? '', { multiline: true, rows: 2 }),
          textField(`my-${area.id}-worries`, t('wheel.worries'), my?.worries ?? '', { multiline: true, rows: 2 }),
          textField(`my-${area.id}-childView`, words.childView, my?.childView ?? '', { multiline: true, rows: 2 }),
          this.conflict?.part === area.id ? this.conflictPanel(area.id) : null,
          h(
            'div',
            { class: 'actions' },
            fluentButton(
              { id: `save-${area.id}`, onclick: () => void this.saveMine(area.id) },
              t('tab.saveArea', { area: area.label }),
            ),
          ),
          statusLine(`${area.id}-status`),
          this.reportNotice.has(area.id)
            ? messageBar(`${area.id}-report-notice`, 'warning', t('report.title'), t('report.notice'))
            : null,
        ),
      ]);
    });
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'wheel-heading', id: 'wheel' },
      h('h2', { id: 'wheel-heading' }, t('wheel.title', { wheel: d.wheel.name })),
      h('p', { class: 'hint' }, words.intro),
      areasAccordion(items, (areaId, open) => this.openAreas.set(areaId, open)),
      ...d.assessments.filter((a) => a.earlierWheel).map((a) => earlierWheel(t, a)),
    );
  }

  private async saveMine(part: string, confirmNames = false): Promise<void> {
    const { t } = this.s;
    const statusId = `${part}-status`;
    setStatus(statusId, t('tab.saving'), 'info');
    document.getElementById(`${part}-confirm-names`)?.remove();
    const entry = entryWith(this.data as CaseView, part);
    const r = await this.s.request<{ version: number }>(
      'PUT',
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/assessment`,
      { version: this.myBase, ...entry, ...(confirmNames ? { confirmNames: true } : {}) },
    );
    const guard = {
      part,
      statusId,
      questionIds: (this.data as CaseView).questions.map((q) => q.id),
      confirmLabel: t('tab.anonymity.confirm'),
      confirm: () => void this.saveMine(part, true),
    };
    if (!r.ok && handleGuardReply(r.status, r.body as GuardBody, guard)) return;
    if (r.ok) {
      this.myBase = r.body.version;
      this.conflict = null;
      document.getElementById(`${part}-conflict`)?.remove();
      this.markSaved(part);
      this.keepDraft(controlIds(this.data as CaseView, part));
      const message = t('tab.saved');
      // The duty to report, as the chat cards say it: a serious worry, or any worry about safety.
      const d = this.data as CaseView;
      const notice =
        part !== 'questions' &&
        areasNeedingReportNotice(
          entry,
          d.wheel.areas.filter((a) => a.safety).map((a) => a.id),
        ).includes(part);
      if (notice) this.reportNotice.add(part);
      else this.reportNotice.delete(part);
      setStatus(statusId, message, 'ok');
      announce(notice ? `${message} ${t('report.notice')}` : message);
      await this.refresh();
      setStatus(statusId, message, 'ok');
      return;
    }
    if (r.status === 409) {
      this.conflict = { part, current: (r.body.current ?? null) as AssessmentConflict['current'] };
      document.getElementById(`${part}-conflict`)?.remove();
      document.getElementById(statusId)?.before(this.conflictPanel(part));
      setStatus(statusId, t('tab.errors.conflict'), 'error');
      document.getElementById(`${part}-keep-mine`)?.focus();
      return;
    }
    setStatus(statusId, this.s.problem(r), 'error');
  }

  private markSaved(part: string): void {
    for (const id of controlIds(this.data as CaseView, part)) setValue(id, valueOf(id), true);
  }

  private keepDraft(saved: readonly string[] = []): void {
    this.mineDraft.store(() => this.myBase, saved);
  }

  /** On the first load: a draft kept from an earlier visit comes back, saved against the version it was typed on. */
  private restoreMine(): void {
    const back = this.mineDraft.restore();
    if (!back) return;
    this.myBase = back.base;
    for (const part of new Set(back.ids.map(partOf)))
      setStatus(`${part}-status`, this.s.t('form.draftRestored'), 'info');
    announce(this.s.t('form.draftRestored'));
  }

  private conflictPanel(part: string): HTMLElement {
    const rows = conflictRows(this.s.t, this.data as CaseView, part, this.conflict?.current ?? null);
    return assessmentConflictPanel(this.s.t, part, rows, {
      keepMine: () => void this.keepMine(part),
      useSaved: () => this.useSaved(part),
    });
  }

  private async keepMine(part: string): Promise<void> {
    this.myBase = this.conflict?.current?.version ?? this.myBase;
    await this.saveMine(part);
  }

  private useSaved(part: string): void {
    const current = this.conflict?.current ?? null;
    this.myBase = current?.version ?? this.myBase;
    this.conflict = null;
    document.getElementById(`${part}-conflict`)?.remove();
    fillSaved(this.data as CaseView, part, current);
    setStatus(`${part}-status`, this.s.t('tab.conflict.usedTheirs'), 'info');
    this.keepDraft();
    void this.refresh();
  }

  private async share(): Promise<void> {
    try {
      await this.options.share?.();
      announce(this.s.t('tab.shared'));
    } catch {
      announce(this.s.t('tab.errors.share'));
    }
  }
}
