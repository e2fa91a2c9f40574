/**
 * The plan form as typed, kept in this browser's local storage until it is saved — per case and per
 * user, so a shared computer's next user never gets it back — and dropped after a week.
 */
import type { PlanDraft } from '../types';

export interface StoredPlanDraft {
  readonly base: number;
  readonly draft: PlanDraft;
  /** When it was kept (ms): a draft older than a week is dropped, not restored. */
  readonly savedAt: number;
}

const draftLifetimeMs = 7 * 86_400_000;

export class LocalPlanDraft {
  private saveTimer: number | undefined;

  constructor(private readonly caseId: string) {}

  private key(userId: string): string {
    return `samsyn.planDraft.${this.caseId}.${userId}`;
  }

  read(userId: string): StoredPlanDraft | null {
    try {
      const raw = window.localStorage.getItem(this.key(userId));
      const stored = raw ? (JSON.parse(raw) as StoredPlanDraft) : null;
      if (stored && !(Date.now() - stored.savedAt < draftLifetimeMs)) {
        window.localStorage.removeItem(this.key(userId));
        return null;
      }
      return stored;
    } catch {
      return null;
    }
  }

  /** Keeps the form a moment after the last keystroke (`current` is read then). */
  store(userId: string, current: () => { base: number; draft: PlanDraft }): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      try {
        window.localStorage.setItem(
          this.key(userId),
          JSON.stringify({ ...current(), savedAt: Date.now() } satisfies StoredPlanDraft),
        );
      } catch {
        // storage full or disabled: the text is still in the form
      }
    }, 300);
  }

  forget(userId: string): void {
    window.clearTimeout(this.saveTimer);
    try {
      window.localStorage.removeItem(this.key(userId));
    } catch {
      // nothing stored
    }
  }
}
