/** A task every instance runs now and then every interval (the retention sweep, the plan-channel repair). */
import { errorCodeOf } from './outbox-runner';

export interface PeriodicLoop {
  stop(): Promise<void>;
}

/** Runs `fn` now and then every `intervalMs` on this instance; a failed run is tried on the next tick. */
export function startPeriodic(
  fn: () => Promise<unknown>,
  intervalMs: number,
  onError: (code: string) => void,
): PeriodicLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = (): void => {
    timer = undefined;
    inFlight = (async () => {
      try {
        await fn();
      } catch (err) {
        onError(errorCodeOf(err));
      } finally {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
