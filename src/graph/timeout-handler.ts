/**
 * A time limit per Graph request (each attempt of the retry handler gets its own): a request that
 * hangs is aborted and fails as retryable "Unavailable", so its outbox job is tried again later
 * instead of being held until the process ends.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export class TimeoutHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('TimeoutHandler needs a next middleware');
    context.options = { ...(context.options ?? {}), signal: AbortSignal.timeout(this.timeoutMs) };
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
