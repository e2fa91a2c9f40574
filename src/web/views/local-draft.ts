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
const keyPrefix = 'samsyn.';

/** Removes every draft of this app older than a week, whichever case or user it belongs to (once per page). */
function sweepExpired(): void {
  try {
    const now = Date.now();
    for (const key of Object.keys(window.localStorage)) {
      if (!key.startsWith(keyPrefix) || !/Draft\./.test(key)) continue;
      const savedAt = (JSON.parse(window.localStorage.getItem(key) ?? '{}') as { savedAt?: unknown }).savedAt;
      if (!(typeof savedAt === 'number' && now - savedAt < draftLifetimeMs)) window.localStorage.removeItem(key);
    }
  } catch {
    // storage disabled, or an entry that is not ours to read: nothing to sweep
  }
}
let swept = false;

export class LocalDraft<T> {
  private saveTimer: number | undefined;
  /** The write waiting for its moment after the last keystroke. */
  private pending: (() => void) | null = null;
  private readonly listening = new AbortController();

  /** `kind` names the form in the key (e.g. planDraft). */
  constructor(
    private readonly kind: string,
    private readonly caseId: string,
  ) {
    if (!swept) {
      swept = true;
      sweepExpired();
    }
    // Teams reloads or hides the tab without warning: what waits is written at once, not lost.
    const { signal } = this.listening;
    window.addEventListener('pagehide', () => this.flush(), { signal });
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'hidden') this.flush();
      },
      { signal },
    );
  }

  private key(userId: string): string {
    return `${keyPrefix}${this.kind}.${this.caseId}.${userId}`;
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
    this.pending = () => {
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
    };
    this.saveTimer = window.setTimeout(() => this.flush(), 300);
  }

  /** Writes a waiting draft now. */
  flush(): void {
    window.clearTimeout(this.saveTimer);
    const write = this.pending;
    this.pending = null;
    write?.();
  }

  forget(userId: string): void {
    window.clearTimeout(this.saveTimer);
    this.pending = null;
    try {
      window.localStorage.removeItem(this.key(userId));
    } catch {
      // nothing stored
    }
  }

  /** The form is going away (another case opens in its place): a waiting draft is written, then nothing more. */
  close(): void {
    this.flush();
    this.listening.abort();
  }
}
