/**
 * Building the child's plan in the side panel: the same plan model as the chat plan card. Saves name
 * the version they started from; when someone saved in between, both versions are shown field by
 * field and nothing typed is lost (it is also kept as a local draft until saved).
 */
import { announce, h, fluentButton } from '../dom';
import { areasNeedingReportNotice } from '../../domain/report-notice';
import { clearFieldErrors, messageBar, setFieldError, setStatus, statusLine, textField } from '../fields';
import { controlSelector, focusControl, readValue } from '../controls';
import { isDirty, setValue, valueOf } from '../form-state';
import type { Session } from '../session';
import { download } from './reports';
import { levels, type CaseView, type Level, type PlanDraft, type PlanView } from '../types';
import { draftOf, planConflictPanel } from './plan-conflict';
import { LocalDraft, type StoredDraft } from './local-draft';
import { childRatings, childRecord } from './voice-in-plan';
import {
  actionsFieldset,
  agencyExportBlock,
  familyPdfBlock,
  goalsFieldset,
  leadFieldset,
  needsFieldset,
  planErrorControl,
} from './plan-form-sections';

const isLevel = (v: string): v is Level => (levels as readonly string[]).includes(v);

export class PlanForm {
  private base = 0;
  private goalRows = 1;
  private actionRows = 1;
  private readonly extraAreas = new Set<string>();
  private conflict: PlanView | null = null;
  private restoredDraft: PlanDraft | null = null;
  private firstSync = true;

  constructor(
    private readonly s: Session,
    private readonly caseId: string,
    private readonly onSaved: () => Promise<void>,
  ) {
    this.local = new LocalDraft<PlanDraft>('planDraft', caseId);
  }

  /** The form as typed, kept in this browser until saved (per case and user). */
  private readonly local: LocalDraft<PlanDraft>;

  /** Who may lead (for names in place of ids, e.g. in the conflict panel). */
  private people: CaseView['people'] = [];

  /** Whose draft: a shared computer's next user never gets it back. */
  private userId = '';

  /** Called with fresh data before each render; `dirty`: the user has unsaved plan edits. */
  sync(d: CaseView, dirty: boolean): void {
    const plan = d.plan?.content;
    this.userId = d.me.objectId;
    this.people = d.people;
    if (this.firstSync) {
      // A draft kept from an earlier visit (or a failed save) comes back once, on the first load.
      this.firstSync = false;
      const stored = this.readStored();
      if (stored && JSON.stringify(stored.draft) !== JSON.stringify(draftOf(plan))) {
        this.restoredDraft = stored.draft;
        this.base = stored.base;
      } else {
        this.base = d.plan?.version ?? 0;
      }
    } else if (!dirty) {
      this.base = d.plan?.version ?? 0;
    }
    const source = this.restoredDraft ?? draftOf(plan);
    this.goalRows = Math.max(this.goalRows, source.goals.length, plan?.goals.length ?? 0, 1);
    this.actionRows = Math.max(this.actionRows, source.actions.length, plan?.actions.length ?? 0, 1);
    for (const n of source.needs) this.extraAreas.add(n.areaId);
  }

  private readStored(): StoredDraft<PlanDraft> | null {
    return this.local.read(this.userId);
  }

  private storeDraft(): void {
    this.local.store(this.userId, () => ({ base: this.base, draft: this.draft() }));
  }

  private forgetDraft(): void {
    this.local.forget(this.userId);
  }

  /** The panel is going away: a waiting draft is written, then nothing more. */
  close(): void {
    this.local.close();
  }

  /** The areas the plan speaks to: flagged in any assessment, already in the plan, or added here. */
  private needAreas(d: CaseView): CaseView['wheel']['areas'] {
    const flagged = new Set<string>(this.extraAreas);
    for (const a of d.assessments)
      for (const [id, v] of Object.entries(a.areas)) if (v.level && v.level !== 'none') flagged.add(id);
    for (const n of d.plan?.content.needs ?? []) flagged.add(n.areaId);
    return d.wheel.areas.filter((a) => flagged.has(a.id));
  }

  /** The form's content as the API takes it. */
  draft(): PlanDraft {
    const d = document;
    const rows = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => i).filter((i) =>
        d.getElementById(`${prefix}-${i}-${prefix === 'goal' ? 'goal' : 'what'}`),
      );
    const needIds = [...d.querySelectorAll<HTMLElement>('[data-need-area]')].map((el) => el.dataset.needArea ?? '');
    return {
      reason: valueOf('plan-reason'),
      needs: needIds.map((areaId) => {
        const level = valueOf(`need-${areaId}-level`);
        return {
          areaId,
          need: valueOf(`need-${areaId}-need`),
          childView: valueOf(`need-${areaId}-childView`),
          guardianView: valueOf(`need-${areaId}-guardianView`),
          ...(isLevel(level) ? { level } : {}),
        };
      }),
      goals: rows('goal', this.goalRows).map((i) => ({
        goal: valueOf(`goal-${i}-goal`),
        inChildsWords: valueOf(`goal-${i}-words`),
      })),
      actions: rows('action', this.actionRows).map((i) => ({
        what: valueOf(`action-${i}-what`),
        who: valueOf(`action-${i}-who`),
        orgUnitId: valueOf(`action-${i}-unit`),
        byWhen: valueOf(`action-${i}-byWhen`),
        howWeWillKnow: valueOf(`action-${i}-how`),
      })),
      childsWishForLead: valueOf('plan-childsWish'),
      leadObjectId: valueOf('plan-lead'),
      leadReason: valueOf('plan-leadReason'),
      followUpDate: valueOf('plan-followUp'),
      disagreements: valueOf('plan-disagreements'),
    };
  }

  /** The plan's last status message, kept so that a refresh (another participant's change) does not wipe it. */
  private status: { message: string; kind: 'ok' | 'error' | 'info' } | null = null;

  private showStatus(message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
    this.status = { message, kind };
    setStatus('plan-status', message, kind);
  }

  private statusLine(): HTMLElement {
    const line = statusLine('plan-status');
    if (this.status) {
      line.textContent = this.status.message;
      line.className = `status ${this.status.kind}`;
    }
    return line;
  }

  render(d: CaseView): HTMLElement {
    const { t } = this.s;
    const plan = d.plan?.content;
    const server = draftOf(plan);
    const areas = this.needAreas(d);
    const remaining = d.wheel.areas.filter((a) => !areas.some((x) => x.id === a.id));

    const section = h(
      'section',
      { class: 'card', 'aria-labelledby': 'plan-heading', id: 'plan' },
      h('h2', { id: 'plan-heading' }, t('plan.title')),
      d.plan
        ? h(
            'p',
            { class: 'meta' },
            t(d.plan.agreed ? 'tab.plan.versionAgreed' : 'tab.plan.versionSaved', {
              version: d.plan.version,
              by: d.plan.authorName,
            }),
          )
        : h('p', { class: 'meta' }, t('tab.plan.none')),
      this.conflict ? this.conflictPanel(this.conflict) : null,
      textField('plan-reason', t('plan.reason'), server.reason, { multiline: true, maxLength: 4000 }),
      needsFieldset(t, server, areas, remaining, () => this.addArea(d), childRatings(d, t)),
      goalsFieldset(t, server, this.goalRows, () => this.addRow('goal', d)),
      actionsFieldset(t, server, this.actionRows, d.units, () => this.addRow('action', d)),
      leadFieldset(t, server, d.people, childRecord(d)?.wishedLeadName ?? '', d.plan?.leadReason ?? null),
      textField('plan-followUp', t('plan.followUp'), server.followUpDate, { type: 'date', maxLength: 10 }),
      textField('plan-disagreements', t('plan.disagreements'), server.disagreements, {
        multiline: true,
        rows: 2,
        maxLength: 4000,
      }),
      h(
        'div',
        { class: 'actions' },
        fluentButton({ id: 'plan-save', onclick: () => void this.save(false, d) }, t('tab.plan.save')),
        fluentButton(
          { id: 'plan-agree', appearance: 'primary', onclick: () => void this.save(true, d) },
          t('plan.agree'),
        ),
      ),
      this.statusLine(),
      this.reportNotice ? messageBar('plan-report-notice', 'warning', t('report.title'), t('report.notice')) : null,
      d.plan?.agreed ? familyPdfBlock(t, (lang) => void this.familyPdf(lang)) : null,
      d.plan?.agreed ? agencyExportBlock(this.s, this.caseId) : null,
    );
    section.addEventListener('input', (ev) => {
      if ((ev.target as HTMLElement).id === 'plan-childsWish') this.syncLeadState();
      this.storeDraft();
    });
    section.addEventListener('change', () => this.storeDraft());
    return section;
  }

  /** The lead waits for the child's wish: enabled once a wish is written (or a lead chosen), also after a live refresh restored typed text. */
  syncLeadState(): void {
    const lead = document.getElementById('plan-lead') as (HTMLElement & { disabled: boolean }) | null;
    if (lead) lead.disabled = valueOf('plan-childsWish').trim() === '' && readValue(lead) === '';
  }

  /** After the first render: puts a draft kept from an earlier visit back into the form. */
  afterRender(): void {
    const draft = this.restoredDraft;
    if (!draft) return;
    this.restoredDraft = null;
    this.fill(draft, false);
    this.syncLeadState();
    this.showStatus(this.s.t('form.draftRestored'), 'info');
  }

  private fill(draft: PlanDraft, asOriginal: boolean): void {
    setValue('plan-reason', draft.reason, asOriginal);
    for (const n of draft.needs) {
      setValue(`need-${n.areaId}-need`, n.need, asOriginal);
      setValue(`need-${n.areaId}-childView`, n.childView, asOriginal);
      setValue(`need-${n.areaId}-guardianView`, n.guardianView, asOriginal);
      setValue(`need-${n.areaId}-level`, n.level ?? '', asOriginal);
    }
    draft.goals.forEach((g, i) => {
      setValue(`goal-${i}-goal`, g.goal, asOriginal);
      setValue(`goal-${i}-words`, g.inChildsWords, asOriginal);
    });
    draft.actions.forEach((a, i) => {
      setValue(`action-${i}-what`, a.what, asOriginal);
      setValue(`action-${i}-who`, a.who, asOriginal);
      setValue(`action-${i}-unit`, a.orgUnitId, asOriginal);
      setValue(`action-${i}-byWhen`, a.byWhen, asOriginal);
      setValue(`action-${i}-how`, a.howWeWillKnow, asOriginal);
    });
    setValue('plan-childsWish', draft.childsWishForLead, asOriginal);
    setValue('plan-lead', draft.leadObjectId, asOriginal);
    setValue('plan-leadReason', draft.leadReason ?? '', asOriginal);
    setValue('plan-followUp', draft.followUpDate, asOriginal);
    setValue('plan-disagreements', draft.disagreements, asOriginal);
  }

  private rerender(d: CaseView): void {
    const current = this.draft();
    const old = document.getElementById('plan');
    if (!old) return;
    const dirty = [...old.querySelectorAll<HTMLElement>(controlSelector)]
      .filter((c) => isDirty(c))
      .map((c) => [c.id, readValue(c)] as const);
    old.replaceWith(this.render(d));
    this.fill(current, false);
    for (const [id, value] of dirty) setValue(id, value, false);
  }

  private addRow(kind: 'goal' | 'action', d: CaseView): void {
    if (kind === 'goal') this.goalRows += 1;
    else this.actionRows += 1;
    const n = kind === 'goal' ? this.goalRows - 1 : this.actionRows - 1;
    this.rerender(d);
    const added = document.getElementById(`${kind}-${n}-${kind === 'goal' ? 'goal' : 'what'}`);
    if (added) focusControl(added);
  }

  private addArea(d: CaseView): void {
    const areaId = valueOf('plan-addArea');
    if (!areaId) {
      setFieldError('plan-addArea', this.s.t('validation.required'));
      return;
    }
    this.extraAreas.add(areaId);
    this.rerender(d);
    const added = document.getElementById(`need-${areaId}-need`);
    if (added) focusControl(added);
  }

  private async familyPdf(lang: 'sv' | 'en'): Promise<void> {
    const problem = await download(
      this.s,
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/plan.pdf?lang=${lang}`,
      'barnets-plan.pdf',
    );
    setStatus('family-status', problem ?? this.s.t('tab.reports.downloaded'), problem ? 'error' : 'ok');
  }

  private conflictPanel(current: PlanView): HTMLElement {
    return planConflictPanel(
      this.s.t,
      current,
      this.draft(),
      this.people,
      () => void this.keepMine(current),
      () => this.useTheirs(current),
    );
  }

  private async keepMine(current: PlanView): Promise<void> {
    this.base = current.version;
    this.conflict = null;
    document.getElementById('plan-conflict')?.remove();
    const d = this.lastData;
    if (d) await this.save(false, d);
  }

  private useTheirs(current: PlanView): void {
    this.base = current.version;
    this.conflict = null;
    document.getElementById('plan-conflict')?.remove();
    this.fill(draftOf(current.content), true);
    this.forgetDraft();
    this.showStatus(this.s.t('tab.conflict.usedTheirs'), 'info');
  }

  private lastData: CaseView | undefined;
  /** The saved plan records a level that calls for the orosanmälan notice. */
  private reportNotice = false;

  async save(agree: boolean, d: CaseView): Promise<void> {
    const { t } = this.s;
    this.lastData = d;
    const section = document.getElementById('plan');
    if (section) clearFieldErrors(section);
    const draft = this.draft();
    this.showStatus(t('tab.saving'), 'info');
    const r = await this.s.request<{ version: number; agreed: boolean; awaitsLead: boolean }>(
      'PUT',
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/plan`,
      { version: this.base, agree, plan: draft },
    );
    if (r.ok) {
      this.base = r.body.version;
      this.forgetDraft();
      this.fill(draft, true);
      const lead = d.people.find((p) => p.objectId === draft.leadObjectId)?.name ?? '';
      const message = r.body.agreed
        ? t('plan.agreed', { version: r.body.version })
        : r.body.awaitsLead
          ? t('plan.awaitsLead', { lead })
          : t('plan.saved', { version: r.body.version });
      const levels = Object.fromEntries(draft.needs.map((n) => [n.areaId, { level: n.level }]));
      this.reportNotice =
        areasNeedingReportNotice(
          { areas: levels },
          d.wheel.areas.filter((a) => a.safety).map((a) => a.id),
        ).length > 0;
      this.showStatus(message, 'ok');
      announce(this.reportNotice ? `${message} ${t('report.notice')}` : message);
      await this.onSaved();
      this.showStatus(message, 'ok');
      return;
    }
    if (r.status === 409 && r.body.current) {
      this.conflict = r.body.current as PlanView;
      this.storeDraft();
      document.getElementById('plan-conflict')?.remove();
      document
        .getElementById('plan-heading')
        ?.parentElement?.querySelector('.meta')
        ?.after(this.conflictPanel(this.conflict));
      this.showStatus(t('tab.errors.conflict'), 'error');
      document.getElementById('plan-keep-mine')?.focus();
      return;
    }
    if (r.status === 400) {
      const fields = r.body.fields ?? (r.body.field ? [r.body.field] : []);
      const first = this.showErrors(fields);
      this.showStatus(t('form.fixBelow'), 'error');
      const firstControl = first ? document.getElementById(first) : null;
      if (firstControl) focusControl(firstControl);
      return;
    }
    this.storeDraft();
    this.showStatus(this.s.problem(r), 'error');
  }

  /** Marks the fields the server named; returns the first control's id. */
  private showErrors(fields: readonly string[]): string | undefined {
    const marks = fields.map((f) => planErrorControl(this.s.t, f));
    for (const [id, message] of marks) setFieldError(id, message);
    return marks[0]?.[0];
  }
}
