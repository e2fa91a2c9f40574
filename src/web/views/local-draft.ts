/**
 * A form as typed, kept in this browser's local storage until it is saved — per case and per user,
 * so a shared computer's next user never gets it back — and dropped after a week. With it, the
 * version it was typed against: a save over a newer version then shows the conflict, not overwrite it.
 */

export interface StoredDraft<T> {
  readonly base: number;
  readonly draft: T;
  /** When it was kept (ms): a draft older than a week is dropped, not restored. */
  readonly savedAt: number;
}

const draftLifetimeMs = 7 * 86_400_000;

export class LocalDraft<T> {
  private saveTimer: number | undefined;

  /** `kind` names the form in the key (e.g. planDraft). */
  constructor(
    private readonly kind: string,
    private readonly caseId: string,
  ) {}

  private key(userId: string): string {
    return `samsyn.${this.kind}.${this.caseId}.${userId}`;
  }

  read(userId: string): StoredDraft<T> | null {
    try {
      const raw = window.localStorage.getItem(this.key(userId));
      const stored = raw ? (JSON.parse(raw) as StoredDraft<T>) : null;
      if (stored && !(Date.now() - stored.savedAt < draftLifetimeMs)) {
        window.localStorage.removeItem(this.key(userId));
        return null;
      }
      return stored;
    } catch {
      return null;
    }
  }

  /** Keeps the form a moment after the last keystroke (`current` is read then; null: nothing to keep). */
  store(userId: string, current: () => { base: number; draft: T } | null): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      const now = current();
      if (!now) {
        this.forget(userId);
        return;
      }
      try {
        window.localStorage.setItem(
          this.key(userId),
          JSON.stringify({ ...now, savedAt: Date.now() } satisfies StoredDraft<T>),
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
