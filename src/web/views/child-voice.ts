/**
 * The child's view (issue 18 item 3): large, simple and picture-supported, for a professional to fill
 * in together with the child — on their own screen or shared in the meeting (guests without an
 * account cannot load the app's stage view: the professional shares their screen). Per area of the
 * case's wheel the child picks one of three faces (or no answer) and may say, in their own words,
 * what is good, what is hard and what they wish for; overall words; and who they want as lead
 * professional. Below it, each guardian's view the same way, one form per guardian. Every save names
 * the version read (a stale save keeps what was typed and says so); the server records who entered it.
 *
 * The faces are native radio buttons (a group per area, arrow keys move, big labels as touch
 * targets); texts and the lead are Fluent controls (fields.ts, controls.ts).
 */
import { readValue } from '../controls';
import { announce, fluentButton, h, replace, svg } from '../dom';
import { selectField, setStatus, statusLine, textField } from '../fields';
import type { Session } from '../session';
import type { CaseView, VoiceDraft, VoiceRecord } from '../types';

const ratings = ['happy', 'so-so', 'sad'] as const;
type Rating = (typeof ratings)[number];

/** A face: a circle with eyes and a mouth that smiles, is straight, or turns down. Decorative (the word names it). */
export function face(rating: Rating | null, size = 56): SVGElement {
  const mouth = rating === 'happy' ? 'M18 34 Q28 44 38 34' : rating === 'sad' ? 'M18 40 Q28 30 38 40' : 'M18 37 L38 37';
  return svg(
    'svg',
    { viewBox: '0 0 56 56', width: size, height: size, 'aria-hidden': 'true', class: `face face-${rating ?? 'none'}` },
    svg('circle', { cx: 28, cy: 28, r: 25, class: 'face-bg' }),
    svg('circle', { cx: 20, cy: 22, r: 3, class: 'face-ink' }),
    svg('circle', { cx: 36, cy: 22, r: 3, class: 'face-ink' }),
    rating === null ? null : svg('path', { d: mouth, class: 'face-line' }),
  );
}

const fieldId = (speaker: string, part: string) => `voice-${speaker}-${part}`;

export class ChildVoiceView {
  /** The version each speaker's form started from (kept after a conflict: the next save is deliberate). */
  private readonly base = new Map<string, number>();

  constructor(
    private readonly root: HTMLElement,
    private readonly s: Session,
    private readonly caseId: string,
  ) {}

  async start(): Promise<void> {
    const { t } = this.s;
    const r = await this.s.request<CaseView>('GET', `/api/tab/cases/${encodeURIComponent(this.caseId)}`);
    if (!r.ok) {
      replace(this.root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, this.s.problem(r))));
      return;
    }
    const d = r.body;
    if (d.voice === null) {
      replace(this.root, h('main', {}, h('p', { class: 'status error', role: 'alert' }, t('voice.anonymous'))));
      return;
    }
    const record = (speaker: string) => d.voice?.records.find((x) => x.speaker === speaker);
    for (const sp of d.voice.speakers) this.base.set(sp.speaker, record(sp.speaker)?.version ?? 0);
    const guardians = d.voice.speakers.filter((sp) => sp.speaker !== 'child');
    replace(
      this.root,
      h(
        'main',
        { class: 'child-voice' },
        // Teams has no back button inside a tab: the way back to the case's panel is on the page.
        h(
          'a',
          {
            href: `/tab/sidepanel?caseId=${encodeURIComponent(this.caseId)}&lang=${this.s.locale}`,
            id: 'child-view-back',
            class: 'back-link',
          },
          t('form.back'),
        ),
        h('h1', {}, t('voice.title')),
        h('p', { class: 'hint' }, t('voice.intro')),
        this.form(d, 'child', t('voice.childHeading'), record('child')),
        h(
          'section',
          { class: 'guardian-views', 'aria-labelledby': 'guardians-heading' },
          h('h2', { id: 'guardians-heading' }, t('voice.guardiansHeading')),
          h('p', { class: 'hint' }, guardians.length > 0 ? t('voice.guardianIntro') : t('voice.noGuardians')),
          ...guardians.map((g) =>
            this.form(d, g.speaker, t('voice.guardianHeading', { name: g.name }), record(g.speaker)),
          ),
        ),
      ),
    );
  }

  private form(d: CaseView, speaker: string, heading: string, rec: VoiceRecord | undefined): HTMLElement {
    const { t } = this.s;
    const id = (part: string) => fieldId(speaker, part);
    const isChild = speaker === 'child';
    const headingId = id('heading');
    return h(
      'section',
      { class: `card voice-form ${isChild ? 'voice-child' : 'voice-guardian'}`, 'aria-labelledby': headingId },
      h(isChild ? 'h2' : 'h3', { id: headingId }, heading),
      h(
        'div',
        { class: 'voice-areas' },
        ...d.wheel.areas.map((a) => {
          const v = rec?.areas[a.id];
          const group = id(`area-${a.id}`);
          return h(
            'fieldset',
            { class: 'voice-area', 'data-area': a.id },
            h('legend', {}, t('voice.ratingQuestion', { area: a.label })),
            h(
              'div',
              { class: 'faces' },
              ...[...ratings, null].map((r) => {
                const inputId = `${group}-${r ?? 'none'}`;
                return h(
                  'label',
                  { class: `face-choice face-choice-${r ?? 'none'}`, for: inputId },
                  h('input', {
                    type: 'radio',
                    id: inputId,
                    name: group,
                    value: r ?? '',
                    checked: (v?.rating ?? null) === r,
                  }),
                  face(r),
                  h('span', { class: 'face-word' }, t(`voice.ratings.${r ?? 'none'}`)),
                );
              }),
            ),
            h(
              'details',
              { class: 'voice-words', open: v !== undefined && (v.good !== '' || v.hard !== '' || v.wish !== '') },
              h('summary', {}, t('voice.areaWords', { area: a.label })),
              textField(id(`${a.id}-good`), t('voice.good'), v?.good ?? '', { multiline: true, rows: 2 }),
              textField(id(`${a.id}-hard`), t('voice.hard'), v?.hard ?? '', { multiline: true, rows: 2 }),
              textField(id(`${a.id}-wish`), t('voice.wish'), v?.wish ?? '', { multiline: true, rows: 2 }),
            ),
          );
        }),
      ),
      h(
        'fieldset',
        { class: 'voice-overall' },
        h('legend', {}, t('voice.overall')),
        textField(id('good'), t('voice.good'), rec?.words.good ?? '', { multiline: true, rows: 2 }),
        textField(id('hard'), t('voice.hard'), rec?.words.hard ?? '', { multiline: true, rows: 2 }),
        textField(id('wish'), t('voice.wish'), rec?.words.wish ?? '', { multiline: true, rows: 2 }),
      ),
      isChild
        ? selectField(id('lead'), t('voice.wishedLead'), rec?.wishedLeadObjectId ?? '', [
            { value: '', label: t('voice.noWish') },
            ...d.people.map((p) => ({ value: p.objectId, label: `${p.name} – ${p.orgUnit}` })),
          ])
        : null,
      h(
        'div',
        { class: 'actions' },
        fluentButton(
          { id: id('save'), appearance: 'primary', size: 'large', onclick: () => void this.save(d, speaker) },
          t('voice.save'),
        ),
      ),
      statusLine(id('status')),
      h(
        'p',
        { class: 'meta', id: id('meta') },
        rec
          ? t('voice.enteredBy', {
              by: rec.enteredBy,
              at: new Date(rec.enteredAt).toLocaleString(this.s.locale),
              version: rec.version,
            })
          : t('voice.notYet'),
      ),
    );
  }

  /** What the speaker's form holds now. */
  private draft(d: CaseView, speaker: string): VoiceDraft {
    const value = (part: string) => {
      const el = document.getElementById(fieldId(speaker, part));
      return el ? readValue(el) : '';
    };
    const areas: VoiceDraft['areas'] = {};
    for (const a of d.wheel.areas) {
      const picked = document.querySelector<HTMLInputElement>(
        `input[name="${CSS.escape(fieldId(speaker, `area-${a.id}`))}"]:checked`,
      );
      const rating = (ratings as readonly string[]).includes(picked?.value ?? '') ? (picked?.value as Rating) : null;
      const words = { good: value(`${a.id}-good`), hard: value(`${a.id}-hard`), wish: value(`${a.id}-wish`) };
      if (rating !== null || words.good.trim() !== '' || words.hard.trim() !== '' || words.wish.trim() !== '')
        areas[a.id] = { rating, ...words };
    }
    return {
      areas,
      words: { good: value('good'), hard: value('hard'), wish: value('wish') },
      wishedLeadObjectId: speaker === 'child' ? value('lead') : '',
    };
  }

  private async save(d: CaseView, speaker: string): Promise<void> {
    const { t } = this.s;
    const statusId = fieldId(speaker, 'status');
    const version = this.base.get(speaker) ?? 0;
    const r = await this.s.request<{ version: number }>(
      'PUT',
      `/api/tab/cases/${encodeURIComponent(this.caseId)}/voice/${encodeURIComponent(speaker)}`,
      { version, ...this.draft(d, speaker) },
    );
    if (r.ok) {
      this.base.set(speaker, r.body.version);
      const message = t('voice.saved', { version: r.body.version });
      setStatus(statusId, message, 'ok');
      const meta = document.getElementById(fieldId(speaker, 'meta'));
      if (meta)
        meta.textContent = t('voice.enteredBy', {
          by: d.me.displayName,
          at: new Date().toLocaleString(this.s.locale),
          version: r.body.version,
        });
      announce(message);
      return;
    }
    const body = r.body;
    if (r.status === 409) {
      // What was typed stays; the next save is made knowing about the other version.
      this.base.set(speaker, (body.current as VoiceRecord | null | undefined)?.version ?? version);
      setStatus(statusId, t('voice.conflict'), 'error');
      return;
    }
    const message =
      body.reason === 'anonymous'
        ? t('voice.anonymous')
        : r.status === 403
          ? t('voice.forbidden')
          : r.status === 400
            ? t('voice.invalid')
            : this.s.problem(r);
    setStatus(statusId, message, 'error');
  }
}
