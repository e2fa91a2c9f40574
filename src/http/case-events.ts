/**
 * The tab's live updates: `GET /api/tab/cases/:caseId/events` (server-sent events). "changed" is sent
 * whenever the case, an assessment or the plan changes, from any instance on the same database; the
 * client then refetches through the audited routes. The stream carries no case content, but even the
 * fact that a case changes is the case's: access is checked when the stream opens (an audited read),
 * again before every event, and at least every 30 s without one (an expiry is not an event). When
 * access ends the stream says "gone" and closes.
 */
import type { Request, Response } from 'restify';
import type { CaseWatcher } from './case-watch';
import type { RouteContext, RouteInput } from './route-kit';

export const maxAccessRecheckMs = 30_000;

export interface CaseEventsOptions {
  readonly watcher: CaseWatcher;
  /** How often an idle event stream sends a comment (keeps proxies from closing it). */
  readonly heartbeatMs?: number;
  /** How often an open event stream re-checks access without an event (an expiry is not one); at most 30 s. */
  readonly accessRecheckMs?: number;
}

/** The stream route's handler: an error before the first byte (not found, no access) is answered as any route's. */
export function caseEvents(deps: CaseEventsOptions) {
  return async (
    { repos }: RouteContext,
    { params }: RouteInput<{ caseId: string }, undefined, undefined>,
    req: Request,
    res: Response,
  ): Promise<void> => {
    const caseId = params.caseId;
    await repos.cases.getCase(caseId);
    const since = await deps.watcher.stampNow(caseId);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\nevent: ready\ndata: {}\n\n');

    let ended = false;
    // Checks run one at a time, in order: an event is written only after its own check passed.
    let checks: Promise<void> = Promise.resolve();
    const whileVisible = (then: () => void) => {
      checks = checks.then(async () => {
        if (ended) return;
        // The database not answering ends the stream too: no event goes out unchecked; the client reconnects.
        const visible = await repos.cases.stillVisible(caseId).catch(() => false);
        if (ended) return;
        if (!visible) return end('event: gone\ndata: {}\n\n');
        then();
      });
    };
    const unwatch = deps.watcher.watch(caseId, since, (stamp) => {
      if (stamp === null) return end('event: gone\ndata: {}\n\n');
      whileVisible(() => res.write('event: changed\ndata: {}\n\n'));
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
    const recheck = setInterval(
      () => whileVisible(() => undefined),
      Math.min(deps.accessRecheckMs ?? maxAccessRecheckMs, maxAccessRecheckMs),
    );
    const stop = () => {
      ended = true;
      clearInterval(heartbeat);
      clearInterval(recheck);
      unwatch();
      untrack();
    };
    function end(last: string): void {
      if (ended) return;
      stop();
      res.write(last);
      res.end();
    }
    const untrack = deps.watcher.track(() => end(': shutting down\n\n'));
    // 'close' on the response fires when the client goes, also if it went during the awaits above.
    res.once('close', stop);
    if (res.destroyed || req.destroyed) stop();
  };
}
