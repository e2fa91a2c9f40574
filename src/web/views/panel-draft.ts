/**
 * Text typed in one of the side panel's forms and not saved yet, kept in this browser until it is
 * saved (local-draft.ts), so a reload of the tab — Teams reloads a tab when one moves between meetings
 * and chats — gives it back. Kept by control id (every control of the form has the form's id prefix),
 * with the version the text was typed against. Only for a consented case: an anonymous
 * consultation's text is never kept before the anonymity guard has seen it.
 */
import { dirtyValues, setValue } from '../form-state';
import type { CaseView } from '../types';
import { LocalDraft } from './local-draft';

export class PanelDraft {
  private readonly local: LocalDraft<Record<string, string>>;
  private kept: { base: number; draft: Record<string, string> } | null = null;
  private userId = '';
  private enabled = false;

  /** `kind` names the form in the key; `prefix` starts the id of each of its controls. */
  constructor(
    kind: string,
    caseId: string,
    private readonly prefix: string,
  ) {
    this.local = new LocalDraft(kind, caseId);
  }

  /** On the first load, before the first render: the ids of the controls a kept draft holds. */
  take(d: CaseView): string[] {
    this.userId = d.me.objectId;
    this.enabled = d.kind === 'consented';
    this.kept = this.enabled ? this.local.read(this.userId) : null;
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
      const el = document.getElementById(id);
      return el !== null && (el.dataset.original ?? '') !== value;
    });
    if (back.length === 0) {
      this.local.forget(this.userId);
      return null;
    }
    for (const [id, value] of back) setValue(id, value, false);
    return { ids: back.map(([id]) => id), base: kept.base };
  }

  /** Keeps what is typed and not saved in the form (or forgets the draft once nothing is left). */
  store(base: () => number): void {
    if (!this.enabled) return;
    this.local.store(this.userId, () => {
      const draft = dirtyValues(document, this.prefix);
      return Object.keys(draft).length > 0 ? { base: base(), draft } : null;
    });
  }

  /** Whether an input or change event came from one of the form's controls. */
  concerns(ev: Event): boolean {
    const el = (ev.target as Element | null)?.closest?.(`[id^="${this.prefix}"]`);
    return el !== null && el !== undefined;
  }
}
