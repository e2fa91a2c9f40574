/**
 * Text typed in one of the side panel's forms and not saved yet, kept in this browser until it is
 * saved (local-draft.ts), so a reload of the tab — Teams reloads a tab when one moves between meetings
 * and chats — gives it back. Kept by control id (every control of the form has the form's id prefix),
 * with the version the text was typed against. Only for a consented case: an anonymous
 * consultation's text is never kept before the anonymity guard has seen it.
 *
 * Two windows of the same case and user share the draft: each write takes the stored one, drops what
 * this window saved or took back, and adds what this window has unsaved; the oldest version stays.
 */
import { dirtyValues, setValue } from '../form-state';
import type { CaseView } from '../types';
import { LocalDraft } from './local-draft';

type Values = Record<string, string>;

export class PanelDraft {
  private readonly local: LocalDraft<Values>;
  private kept: { base: number; draft: Values } | null = null;
  private userId = '';
  private enabled = false;
  /** What this window last wrote, and what it has saved since: neither is kept for it any longer. */
  private written = new Set<string>();
  private saved = new Set<string>();

  /**
   * `kind` names the form in the key; `prefix` starts the id of each of its controls (`skip`: ids
   * that start so are not text of the form, e.g. the lens choice); `root` holds the form.
   */
  constructor(
    kind: string,
    caseId: string,
    private readonly root: HTMLElement,
    private readonly prefix: string,
    private readonly skip?: string,
  ) {
    this.local = new LocalDraft(kind, caseId);
  }

  /** On the first load, before the first render: the ids of the controls a kept draft holds. */
  take(d: CaseView): string[] {
    this.userId = d.me.objectId;
    this.enabled = d.kind === 'consented';
    this.kept = this.enabled ? this.local.read(this.userId) : null;
    // What an earlier visit kept is this window's now: put back, or dropped at the next write.
    this.written = new Set(Object.keys(this.kept?.draft ?? {}));
    return Object.keys(this.kept?.draft ?? {});
  }

  /**
   * After the first render: puts the kept values back where they differ from what is saved (so they
   * read as unsaved). Returns the ids put back and the version they were typed against, or null.
   */
  restore(): { ids: string[]; base: number } | null {
    const kept = this.kept;
    this.kept = null;
    if (!kept) return null;
    const back = Object.entries(kept.draft).filter(([id, value]) => {
      const el = this.root.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
      return el !== null && (el.dataset.original ?? '') !== value;
    });
    if (back.length === 0) {
      this.local.forget(this.userId);
      return null;
    }
    for (const [id, value] of back) setValue(id, value, false);
    return { ids: back.map(([id]) => id), base: kept.base };
  }

  /** Keeps what is typed and not saved in the form; `saved`: controls whose text was just saved. */
  store(base: () => number, saved: readonly string[] = []): void {
    if (!this.enabled) return;
    for (const id of saved) this.saved.add(id);
    this.local.store(this.userId, () => {
      const mine = this.unsaved();
      const stored = this.local.read(this.userId);
      const others = Object.entries(stored?.draft ?? {}).filter(
        ([id]) => !(id in mine) && !this.written.has(id) && !this.saved.has(id),
      );
      this.written = new Set(Object.keys(mine));
      this.saved.clear();
      const draft = { ...Object.fromEntries(others), ...mine };
      if (Object.keys(draft).length === 0) return null;
      return { base: others.length > 0 && stored ? Math.min(stored.base, base()) : base(), draft };
    });
  }

  /** Whether an input or change event came from one of the form's controls. */
  concerns(ev: Event): boolean {
    const el = (ev.target as Element | null)?.closest?.(`[id^="${this.prefix}"]`);
    return el !== null && el !== undefined && !(this.skip && el.id.startsWith(this.skip));
  }

  /** The form is going away: a waiting draft is written, then nothing more. */
  close(): void {
    this.local.close();
  }

  private unsaved(): Values {
    const all = dirtyValues(this.root, this.prefix);
    const skip = this.skip;
    return skip ? Object.fromEntries(Object.entries(all).filter(([id]) => !id.startsWith(skip))) : all;
  }
}
