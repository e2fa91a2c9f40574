/**
 * The case's GIRFEC lenses in the side panel: which lenses the case uses (any party may choose), and
 * per lens used one shared form — a My World Triangle's strengths and worries per side, a Resilience
 * Matrix's placement on its two axes and a short note per quadrant. Saves name the version read (a
 * stale save is refused and the text kept); on an anonymous consultation the guard's refusal puts
 * the redacted text back and names the fields. Unsaved text is kept in this browser across a reload
 * (panel-draft.ts).
 */
import { handleGuardReply, type GuardBody } from '../anonymity-reply';
import { announce, fluentButton, h } from '../dom';
import { markInvalid } from '../controls';
import { clearFieldErrors, selectField, setFieldError, setStatus, statusLine, textField } from '../fields';
import { setValue, valueOf } from '../form-state';
import type { ApiResult, Session } from '../session';
import type { CaseView, LensDefinition, LensInput } from '../types';
import { chosenLenses, matrixSvg, placementText } from './lens-read';
import { PanelDraft } from './panel-draft';

const steps = [-2, -1, 0, 1, 2] as const;

export class LensSection {
  private base = 0;
  /** The last message of each status line: a live refresh re-renders the panel and keeps it. */
  private readonly statuses = new Map<string, { message: string; kind: 'ok' | 'error' | 'info' }>();
  /** Controls the anonymity guard refused (id → message), marked again after a live refresh. */
  private readonly refused = new Map<string, string>();
  /** The lens forms as typed and not saved, kept in this browser. */
  private readonly draft: PanelDraft;
  private lensIds: readonly string[] | null = null;

  constructor(
    private readonly s: Session,
    private readonly caseId: string,
    root: HTMLElement,
    private readonly refresh: () => Promise<void>,
  ) {
    this.draft = new PanelDraft('lensDraft', caseId, root, 'lens-', 'lens-use-');
  }

  /** The panel is going away: a waiting draft is written, then nothing more. */
  close(): void {
    this.draft.close();
  }

  private status(id: string, message: string, kind: 'ok' | 'error' | 'info'): void {
    this.statuses.set(id, { message, kind });
    setStatus(id, message, kind);
  }

  /** A status line showing its last message. */
  private line(id: string): HTMLElement {
    const el = statusLine(id);
    const last = this.statuses.get(id);
    if (last) {
      el.textContent = last.message;
      el.className = `status ${last.kind}`;
    }
    return el;
  }

  /** After a load: the version edits start from (kept while the viewer has unsaved lens edits). */
  sync(d: CaseView, editing: boolean): void {
    if (!editing) this.base = d.lenses.version;
    if (this.lensIds === null) this.draft.take(d);
    this.lensIds = d.lenses.available.map((l) => l.id);
  }

  /** After the first render: a draft kept from an earlier visit comes back, saved against the version it was typed on. */
  afterFirstRender(): void {
    const back = this.draft.restore();
    if (!back) return;
    this.base = back.base;
    const message = this.s.t('form.draftRestored');
    const lines = back.ids.map((id) => {
      const lens = (this.lensIds ?? []).find((l) => id.startsWith(`lens-${l}-`));
      return lens ? `lens-${lens}-status` : 'lenses-status';
    });
    for (const line of new Set(lines)) this.status(line, message, 'info');
    announce(message);
  }

  render(d: CaseView): HTMLElement | null {
    const section = this.section(d);
    for (const [id, message] of this.refused) {
      const control = section?.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
      const error = section?.querySelector<HTMLElement>(`#${CSS.escape(id)}-error`);
      if (control) markInvalid(control, true);
      if (error) {
        error.textContent = message;
        error.hidden = false;
      }
    }
    return section;
  }

  private section(d: CaseView): HTMLElement | null {
    const { t } = this.s;
    const v = d.lenses;
    if (v.available.length === 0) return null;
    const keep = (ev: Event) => this.draft.concerns(ev) && this.draft.store(() => this.base);
    const section = h(
      'section',
      { class: 'card', 'aria-labelledby': 'lenses-heading', id: 'lenses' },
      h('h2', { id: 'lenses-heading' }, t('lens.title')),
      h('p', { class: 'hint' }, t('lens.intro')),
      h(
        'fieldset',
        {},
        h('legend', {}, t('lens.choose')),
        ...v.available.map((l) =>
          selectField(
            `lens-use-${l.id}`,
            l.name,
            v.chosen.includes(l.id) ? 'yes' : 'no',
            [
              { value: 'no', label: t('lens.notUsed') },
              { value: 'yes', label: t('lens.used') },
            ],
            { hint: l.description },
          ),
        ),
        h(
          'div',
          { class: 'actions' },
          fluentButton({ id: 'save-lens-choice', onclick: () => void this.saveChoice(d) }, t('lens.saveChoice')),
        ),
        this.line('lenses-status'),
      ),
      ...chosenLenses(v).map((l) => this.lensForm(d, l)),
      v.updatedBy ? h('p', { class: 'meta' }, t('lens.savedBy', { by: v.updatedBy })) : null,
    );
    section.addEventListener('input', keep);
    section.addEventListener('change', keep);
    return section;
  }

  private lensForm(d: CaseView, lens: LensDefinition): HTMLElement {
    const { t } = this.s;
    const c = d.lenses.content[lens.id];
    const id = (part: string) => `lens-${lens.id}-${part}`;
    const body =
      lens.kind === 'triangle'
        ? lens.sides.map((side) => {
            const sv = c?.kind === 'triangle' ? c.sides[side.id] : undefined;
            return h(
              'div',
              { class: 'lens-side', 'data-side': side.id },
              h('h4', {}, side.label),
              h('p', { class: 'hint' }, side.description),
              textField(id(`${side.id}-strengths`), t('lens.strengths'), sv?.strengths ?? '', {
                multiline: true,
                rows: 2,
              }),
              textField(id(`${side.id}-worries`), t('lens.worries'), sv?.worries ?? '', { multiline: true, rows: 2 }),
            );
          })
        : (() => {
            const m = c?.kind === 'matrix' ? c : undefined;
            const axis = (key: 'x' | 'y') => {
              const a = lens.axes[key];
              return selectField(
                id(key),
                t('lens.axis', { label: a.label, low: a.low, high: a.high }),
                m?.placement ? String(m.placement[key]) : '',
                [
                  { value: '', label: t('lens.notPlaced') },
                  ...steps.map((n) => ({
                    value: String(n),
                    label: `${n > 0 ? '+' : ''}${n}${n === -2 ? ` (${a.low})` : n === 2 ? ` (${a.high})` : ''}`,
                  })),
                ],
              );
            };
            return [
              matrixSvg(t, lens, m?.placement ?? null),
              h('p', { class: 'placement' }, placementText(t, lens, m?.placement ?? null)),
              axis('x'),
              axis('y'),
              ...lens.quadrants.map((q) =>
                textField(id(`note-${q.id}`), t('lens.note', { quadrant: q.label }), m?.notes[q.id] ?? '', {
                  multiline: true,
                  rows: 2,
                  maxLength: 1000,
                }),
              ),
            ];
          })();
    return h(
      'fieldset',
      { class: 'lens', 'data-lens': lens.id },
      h('legend', {}, lens.name),
      h('p', { class: 'hint' }, lens.description),
      ...body,
      h(
        'div',
        { class: 'actions' },
        fluentButton(
          { id: `save-lens-${lens.id}`, onclick: () => void this.saveLens(lens) },
          t('lens.save', { lens: lens.name }),
        ),
      ),
      this.line(`lens-${lens.id}-status`),
    );
  }

  /** The form's content of one lens. */
  private contentOf(lens: LensDefinition): LensInput {
    const id = (part: string) => `lens-${lens.id}-${part}`;
    if (lens.kind === 'triangle')
      return {
        kind: 'triangle',
        sides: Object.fromEntries(
          lens.sides.map((s) => [
            s.id,
            { strengths: valueOf(id(`${s.id}-strengths`)), worries: valueOf(id(`${s.id}-worries`)) },
          ]),
        ),
      };
    const x = valueOf(id('x'));
    const y = valueOf(id('y'));
    return {
      kind: 'matrix',
      placement: x !== '' && y !== '' ? { x: Number(x), y: Number(y) } : null,
      notes: Object.fromEntries(lens.quadrants.map((q) => [q.id, valueOf(id(`note-${q.id}`))])),
    };
  }

  /** Puts content (the guard's redacted text) into the lens's controls, unsaved. */
  private fill(lens: LensDefinition, content: LensInput): void {
    const id = (part: string) => `lens-${lens.id}-${part}`;
    if (content.kind === 'triangle')
      for (const [side, v] of Object.entries(content.sides)) {
        setValue(id(`${side}-strengths`), v.strengths, false);
        setValue(id(`${side}-worries`), v.worries, false);
      }
    else for (const [q, note] of Object.entries(content.notes)) setValue(id(`note-${q}`), note, false);
  }

  private async saveChoice(d: CaseView): Promise<void> {
    const { t } = this.s;
    this.status('lenses-status', t('tab.saving'), 'info');
    const lenses = d.lenses.available.filter((l) => valueOf(`lens-use-${l.id}`) === 'yes').map((l) => l.id);
    const r = await this.s.request<{ version: number }>(
      'PUT',
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/lenses`,
      {
        version: this.base,
        lenses,
      },
    );
    await this.after(
      r,
      'lenses-status',
      d.lenses.available.map((l) => `lens-use-${l.id}`),
    );
  }

  private async saveLens(lens: LensDefinition, confirmNames = false): Promise<void> {
    const { t } = this.s;
    const statusId = `lens-${lens.id}-status`;
    this.status(statusId, t('tab.saving'), 'info');
    document.getElementById(`lens-${lens.id}-confirm-names`)?.remove();
    const form = document.querySelector(`fieldset[data-lens="${lens.id}"]`);
    if (form) clearFieldErrors(form);
    for (const id of [...this.refused.keys()]) if (id.startsWith(`lens-${lens.id}-`)) this.refused.delete(id);
    const r = await this.s.request<{ version: number }>(
      'PUT',
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/lenses/${encodeURIComponent(lens.id)}`,
      { version: this.base, content: this.contentOf(lens), ...(confirmNames ? { confirmNames: true } : {}) },
    );
    const guard = {
      part: `lens-${lens.id}`,
      statusId,
      questionIds: [],
      confirmLabel: t('tab.anonymity.confirm'),
      confirm: () => void this.saveLens(lens, true),
      apply: (redacted: unknown) => this.fill(lens, redacted as LensInput),
    };
    if (!r.ok && handleGuardReply(r.status, r.body as GuardBody, guard)) {
      const message = document.getElementById(statusId)?.textContent ?? '';
      this.status(statusId, message, 'error');
      // The refused fields, named by the server as `<lens>.<side>.worries` / `<lens>.notes.<quadrant>`.
      for (const field of (r.body as { fields?: string[] }).fields ?? []) {
        const id = `lens-${field.replace('.notes.', '.note-').replace(/\./g, '-')}`;
        this.refused.set(id, message);
        setFieldError(id, message);
      }
      return;
    }
    const ids = [...document.querySelectorAll<HTMLElement>(`[id^="lens-${lens.id}-"]`)].map((e) => e.id);
    await this.after(r, statusId, ids);
  }

  private async after(
    r: ApiResult<{ version: number }>,
    statusId: string,
    controlIds: readonly string[],
  ): Promise<void> {
    const { t } = this.s;
    if (r.ok) {
      this.base = r.body.version;
      for (const id of controlIds) setValue(id, valueOf(id), true);
      this.draft.store(() => this.base, controlIds);
      const message = t('tab.saved');
      announce(message);
      await this.refresh();
      this.status(statusId, message, 'ok');
      return;
    }
    if (r.status === 409) {
      // Someone saved in between: the viewer's text stays; saving again replaces what they saved.
      this.base = (r.body as { current?: { version?: number } }).current?.version ?? this.base;
      this.status(statusId, t('lens.conflict'), 'error');
      return;
    }
    // Forbidden: a party whose consent covers only some categories may not write a lens (as the plan).
    this.status(statusId, r.body.error === 'Forbidden' ? t('lens.forbidden') : this.s.problem(r), 'error');
  }
}
