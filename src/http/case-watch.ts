/**
 * Change notifications for the meeting tab. Each instance polls the change stamp of the cases its
 * clients watch (one query per case, however many clients), so a change written by any instance on
 * the same database reaches every watcher within one interval. Watchers receive only "changed";
 * they then refetch the case through the audited API.
 */
import type { Sql } from '../storage/database';
import { caseChangeStamp } from '../storage/change-stamp';

type Listener = (stamp: string | null) => void;

interface Watched {
  /** Each listener with the stamp it last saw. */
  readonly listeners: Map<Listener, string | null>;
}

export class CaseWatcher {
  private readonly cases = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly streams = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly db: Sql,
    private readonly intervalMs = 500,
  ) {}

  /** The stamp now: a watcher starts from it, so nothing between its read and its watch is missed. */
  stampNow(caseId: string): Promise<string | null> {
    return caseChangeStamp(this.db, caseId);
  }

  /**
   * Calls `listener` whenever the case's stamp differs from the one the listener last saw (starting
   * from `since`; null: the case is gone). Returns the unsubscribe.
   */
  watch(caseId: string, since: string | null, listener: Listener): () => void {
    let w = this.cases.get(caseId);
    if (!w) {
      w = { listeners: new Map() };
      this.cases.set(caseId, w);
    }
    w.listeners.set(listener, since);
    if (!this.closed) this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      const entry = this.cases.get(caseId);
      entry?.listeners.delete(listener);
      if (entry && entry.listeners.size === 0) this.cases.delete(caseId);
      if (this.cases.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Registers an open stream's end function, so a shutdown can end it; returns the deregistration. */
  track(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  /** Shutdown: ends every open stream (clients reconnect to another instance) and stops polling. */
  closeAll(): void {
    this.closed = true;
    for (const end of [...this.streams]) end();
    this.streams.clear();
    this.cases.clear();
    this.stop();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const [caseId, w] of this.cases) {
        let stamp: string | null;
        try {
          stamp = await caseChangeStamp(this.db, caseId);
        } catch {
          continue; // the database is briefly unavailable: try again next interval
        }
        for (const [listener, seen] of w.listeners) {
          if (seen === stamp) continue;
          w.listeners.set(listener, stamp);
          listener(stamp);
        }
      }
    } finally {
      this.polling = false;
    }
  }
}
