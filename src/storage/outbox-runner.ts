/**
 * Runs outbox jobs: claims a batch, calls the handler registered for each job's kind, stores what
 * the handler returns before marking the job done (so a crash in between leads to an update, not
 * a second create), and fails or reschedules jobs whose handler threw. The loop polls with a
 * setTimeout re-armed after each run, so runs of one loop never overlap.
 */
import { DomainError, JobError } from '../domain/errors';
import type { Outbox } from './outbox';
import { LeaseLostError, type JsonValue, type OutboxJob } from './outbox-job';

export interface OutboxContext {
  readonly workerId: string;
  /** Aborts when the lease runs out: pass it to Graph/HTTP calls so a stalled call stops in time. */
  readonly signal: AbortSignal;
  /**
   * Stores an intermediate result (e.g. the Graph event id right after creating the event) before
   * the next step. Throws LeaseLostError when another worker has taken the job over: stop then.
   */
  saveProgress(result: JsonValue): Promise<void>;
}

/** Does the side effect of one job. What it returns (if anything) is saved as the job's result. */
export type OutboxHandler = (job: OutboxJob, ctx: OutboxContext) => Promise<JsonValue | void>;
export type OutboxHandlers = Readonly<Record<string, OutboxHandler>>;

/** What the runner observed, for logs: ids and error codes only. */
export interface OutboxRunEvent {
  readonly type: 'retry' | 'failed' | 'lease-lost' | 'error';
  readonly jobId?: string;
  readonly kind?: string;
  readonly code: string;
}

export interface OutboxRunOptions {
  /** Jobs claimed (and run concurrently) per run. */
  readonly limit?: number;
  readonly leaseMs?: number;
  /** Called for everything that did not end in done; must not throw. */
  readonly onEvent?: (event: OutboxRunEvent) => void;
  /** Called once for every job that ended, done or not (metrics); must not throw. */
  readonly onJobEnded?: (kind: string, ended: JobEnded) => void;
}

export interface OutboxRunSummary {
  readonly claimed: number;
  readonly done: number;
  readonly retried: number;
  readonly failed: number;
  /** Jobs another worker took over meanwhile. */
  readonly lost: number;
  /** Jobs left running after a storage error; they are claimed again when their lease expires. */
  readonly errors: number;
}

export type JobEnded = 'done' | 'retried' | 'failed' | 'lost' | 'error';
type Outcome = { readonly ended: JobEnded; readonly code?: string };

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

/** A code or class name for the job's last_error; never the message, which may echo personal data. */
export function errorCodeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    if (
      'code' in err &&
      (typeof err.code === 'string' || typeof err.code === 'number') &&
      codePattern.test(String(err.code))
    )
      return String(err.code);
    if ('name' in err && typeof err.name === 'string' && codePattern.test(err.name)) return err.name;
  }
  return 'Error';
}

/** A JobError or DomainError says whether trying again can help; anything else (a network error, a bug) is retried. */
function isRetryable(err: unknown): boolean {
  return err instanceof JobError || err instanceof DomainError ? err.retryable !== false : true;
}

async function runJob(
  outbox: Outbox,
  handlers: OutboxHandlers,
  workerId: string,
  job: OutboxJob,
  leaseMs: number,
): Promise<Outcome> {
  // hasOwn: a kind such as "constructor" must not find Object.prototype's function.
  const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
  if (handler === undefined) {
    await outbox.fail(job.id, workerId, 'UnknownKind', false);
    return { ended: 'failed', code: 'UnknownKind' };
  }
  let result: JsonValue | void;
  try {
    const ctx: OutboxContext = {
      workerId,
      signal: AbortSignal.timeout(leaseMs),
      saveProgress: (r) => outbox.saveResult(job.id, workerId, r),
    };
    result = await handler(job, ctx);
  } catch (err) {
    if (err instanceof LeaseLostError) return { ended: 'lost', code: err.code };
    const code = errorCodeOf(err);
    const after = await outbox.fail(job.id, workerId, code, isRetryable(err));
    return { ended: after.state === 'pending' ? 'retried' : 'failed', code };
  }
  if (result !== undefined) await outbox.saveResult(job.id, workerId, result);
  await outbox.complete(job.id, workerId);
  return { ended: 'done' };
}

const eventType = { retried: 'retry', failed: 'failed', lost: 'lease-lost', error: 'error' } as const;

/** Claims up to `limit` due jobs and runs them concurrently; resolves when all of them have ended. */
export async function runOutboxOnce(
  outbox: Outbox,
  handlers: OutboxHandlers,
  workerId: string,
  opts: OutboxRunOptions = {},
): Promise<OutboxRunSummary> {
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const jobs = await outbox.claim(workerId, leaseMs, opts.limit ?? 1);
  const outcomes = await Promise.all(
    jobs.map(async (job): Promise<Outcome> => {
      const outcome = await runJob(outbox, handlers, workerId, job, leaseMs).catch(
        // Ending the job failed: lost to another worker, or a storage error, after which the job
        // stays running under this worker's lease and is claimed again once the lease expires.
        (err: unknown): Outcome =>
          err instanceof LeaseLostError
            ? { ended: 'lost', code: err.code }
            : { ended: 'error', code: errorCodeOf(err) },
      );
      if (outcome.ended !== 'done')
        opts.onEvent?.({
          type: eventType[outcome.ended],
          jobId: job.id,
          kind: job.kind,
          code: outcome.code ?? 'Error',
        });
      opts.onJobEnded?.(job.kind, outcome.ended);
      return outcome;
    }),
  );
  const count = (ended: Outcome['ended']) => outcomes.filter((o) => o.ended === ended).length;
  return {
    claimed: jobs.length,
    done: count('done'),
    retried: count('retried'),
    failed: count('failed'),
    lost: count('lost'),
    errors: count('error'),
  };
}

export interface OutboxLoopOptions extends OutboxRunOptions {
  readonly intervalMs?: number;
}

export interface OutboxLoop {
  /** Stops polling and resolves when the run in flight (if any) has ended. */
  stop(): Promise<void>;
}

/**
 * Polls the outbox until stopped: the first run starts at once, the next one `intervalMs` after the
 * previous ended, or at once when the previous claimed a full batch (there is likely more waiting).
 */
export function startOutboxLoop(
  outbox: Outbox,
  handlers: OutboxHandlers,
  workerId: string,
  opts: OutboxLoopOptions = {},
): OutboxLoop {
  const intervalMs = opts.intervalMs ?? 500;
  const limit = opts.limit ?? 1;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = (): void => {
    timer = undefined;
    inFlight = (async () => {
      let fullBatch = false;
      try {
        fullBatch = (await runOutboxOnce(outbox, handlers, workerId, { ...opts, limit })).claimed === limit;
      } catch (err) {
        // A claim that failed (database restarting, pool exhausted) is tried again on the next tick.
        opts.onEvent?.({ type: 'error', code: errorCodeOf(err) });
      } finally {
        if (!stopped) timer = setTimeout(tick, fullBatch ? 0 : intervalMs);
      }
    })();
  };

  timer = setTimeout(tick, 0);
  return {
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
