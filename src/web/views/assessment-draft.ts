/**
 * The viewer's own answers and wheel views as typed, kept in this browser until saved (local-draft.ts),
 * so a reload of the tab — Teams reloads a tab when one moves between meetings and chats — gives them
 * back. Kept by control id (`my-q-<question>`, `my-<area>-<field>`), with the version of the viewer's
 * entry they were typed against.
 */
import { dirtyValues, setValue } from '../form-state';
import { LocalDraft } from './local-draft';
import { myPrefix, partOf } from './my-entry-form';

export class AssessmentDraft {
  private readonly local: LocalDraft<Record<string, string>>;
  private kept: { base: number; draft: Record<string, string> } | null = null;

  constructor(caseId: string) {
    this.local = new LocalDraft('assessmentDraft', caseId);
  }

  /** On the first load, before the first render: the parts a kept draft touches (to be shown open). */
  take(userId: string): string[] {
    this.kept = this.local.read(userId);
    return [...new Set(Object.keys(this.kept?.draft ?? {}).map(partOf))];
  }

  /**
   * After the first render: puts the kept values back where they differ from what is saved (so they
   * read as unsaved). Returns the parts put back and the version they were typed against, or null.
   */
  restore(userId: string): { parts: string[]; base: number } | null {
    const kept = this.kept;
    this.kept = null;
    if (!kept) return null;
    const back = Object.entries(kept.draft).filter(([id, value]) => {
      const el = document.getElementById(id);
      return el !== null && (el.dataset.original ?? '') !== value;
    });
    if (back.length === 0) {
      this.local.forget(userId);
      return null;
    }
    for (const [id, value] of back) setValue(id, value, false);
    return { parts: [...new Set(back.map(([id]) => partOf(id)))], base: kept.base };
  }

  /** Keeps what is typed and not saved in the panel (or forgets the draft once nothing is left). */
  store(root: ParentNode, userId: string, base: () => number): void {
    this.local.store(userId, () => {
      const draft = dirtyValues(root, myPrefix);
      return Object.keys(draft).length > 0 ? { base: base(), draft } : null;
    });
  }

  /** Whether an input or change event came from one of the viewer's own controls. */
  static concerns(ev: Event): boolean {
    const el = (ev.target as Element | null)?.closest?.(`[id^="${myPrefix}"]`);
    return el !== null && el !== undefined;
  }
}
