/**
 * A real outbox worker in its own process, for the crash tests (test/faults/crash.test.ts).
 *
 * Environment: DATABASE_URL, GRAPH_BASE_URL, PLAN_TEAM_ID, TEAMS_APP_ID (read by loadConfig, as the
 * app does), NODE_EXTRA_CA_CERTS (the Graph stand-in's CA, so Node's fetch trusts it), and:
 * - CRASH_AT: one of `crashPoints`. The worker runs the real job handlers with real ports, wrapped
 *   so that right after the real call at that point returns the process SIGKILLs itself (nothing
 *   after it runs: no saveProgress, no commit, no finally). Without CRASH_AT the worker is wired by
 *   src/http/side-effects.ts itself (startSideEffects), exactly as the app does.
 * - LEASE_MS: the lease of the crashing worker (short, so the test need not wait five minutes).
 *
 * The worker runs until no job is running or due (see waitUntilIdle), then exits 0; it exits 3 when
 * that does not happen within DEADLINE_MS (default 25 s).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { CalendarPort, ChannelPostPort, PlanChannelPort } from '../../src/app/external-ports';
import type { World } from '../../src/app/world';
import { loadConfig } from '../../src/config/config';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { createLogger } from '../../src/config/logger';
import { systemClock } from '../../src/domain/ports';
import { graphCalendar } from '../../src/graph/calendar-port';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { graphClientFor, startSideEffects } from '../../src/http/side-effects';
import { jobHandlers } from '../../src/jobs/catalog';
import type { Database } from '../../src/storage/database';
import { openDatabase } from '../../src/storage/open-database';
import { listOrgUnits } from '../../src/storage/organisations';
import { Outbox } from '../../src/storage/outbox';
import { startOutboxLoop, type OutboxLoop } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { createAdapter } from '../../src/teams/adapter';
import { botChannelPoster } from '../../src/teams/channel-poster';
import { crashPoints, type CrashPoint } from './crash-points';

const crashAt = process.env.CRASH_AT ? (process.env.CRASH_AT as CrashPoint) : null;
if (crashAt !== null && !crashPoints.includes(crashAt)) {
  console.error(`[worker-child] unknown CRASH_AT ${crashAt}`);
  process.exit(2);
}
const leaseMs = Number(process.env.LEASE_MS ?? 5 * 60_000);
const deadlineMs = Number(process.env.DEADLINE_MS ?? 25_000);
const idleHorizonMs = 5_000;

/** Dies at once when `point` is the crash point: SIGKILL, so nothing after this line runs. */
function maybeCrash(point: CrashPoint): void {
  if (point !== crashAt) return;
  // stderr to a pipe is synchronous on Linux: the line is out before the signal.
  process.stderr.write(`[worker-child] SIGKILL at ${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}

function crashingCalendar(real: CalendarPort): CalendarPort {
  return {
    ...real,
    async createMeetingEvent(request) {
      const created = await real.createMeetingEvent(request);
      maybeCrash('after-event-created');
      return created;
    },
  };
}

function crashingChannels(real: PlanChannelPort): PlanChannelPort {
  return {
    ...real,
    async createShared(teamId, displayName, description, ownerObjectId) {
      const created = await real.createShared(teamId, displayName, description, ownerObjectId);
      maybeCrash('after-channel-created');
      return created;
    },
  };
}

function crashingPoster(real: ChannelPostPort): ChannelPostPort {
  return {
    ...real,
    async post(tenantId, ref, view) {
      const posted = await real.post(tenantId, ref, view);
      maybeCrash('after-post');
      return posted;
    },
  };
}

/**
 * The Graph client, dying when the shared channel's creation was accepted (POST answered 202 with
 * the operation's location) but before its first poll: the only way to reach the operation's URL
 * is the answer to the POST, so the POST has returned.
 */
function crashingGraph(real: Client): Client {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'api') {
        return (path: string) => {
          if (/\/teams\/[^/]+\/operations\//.test(path)) maybeCrash('after-channel-requested');
          return target.api(path);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/**
 * Waits until no job is running and none is pending that falls due within `idleHorizonMs` (a short
 * backoff is waited for; a job scheduled for later, e.g. a consent's expiry, is not).
 */
async function waitUntilIdle(db: Database): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const r = await db.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM outbox_job WHERE state = 'running' OR (state = 'pending' AND run_after <= $1)",
      [new Date(systemClock.now().getTime() + idleHorizonMs)],
    );
    if (r.rows[0]?.n === '0') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  if (config.databaseUrl === undefined) throw new Error('DATABASE_URL is required');
  const logger = createLogger('warn', process.stderr);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let loop: OutboxLoop | undefined;
  try {
    // As src/http/app.ts wires them (the org config is already in the database).
    const world: World = { orgUnits: await listOrgUnits(db), wheels: loadWheels(), questions: loadQuestions() };
    const adapter = createAdapter(config.bot, logger);
    const poster = botChannelPoster(adapter, config.bot?.appId ?? '', db, world, config.defaultLocale);

    if (crashAt === null) {
      loop = startSideEffects(config, db, systemClock, logger, poster, 50).loop;
    } else {
      // The app's own handlers (src/http/side-effects.ts) over the same real ports, wrapped at the crash points.
      const graph = graphClientFor(config);
      if (graph === null) throw new Error('GRAPH_BASE_URL is required');
      const calendar = crashingCalendar(graphCalendar(graph));
      const channels = crashingChannels(graphPlanChannels(crashingGraph(graph), config.teamsAppId));
      const crashPoster = crashingPoster(poster);
      const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
      const store = new SystemStore(db, systemClock, workerId);
      const handlers = jobHandlers({ store, calendar, channels, poster: crashPoster, config, clock: systemClock });
      loop = startOutboxLoop(new Outbox(db, systemClock), handlers, workerId, {
        intervalMs: 50,
        leaseMs,
        onEvent: (e) => logger.warn({ outbox: e }, 'outbox job did not complete'),
      });
    }
    const idle = await waitUntilIdle(db);
    if (!idle) console.error('[worker-child] jobs still pending or running at the deadline');
    return idle ? 0 : 3;
  } finally {
    await loop?.stop();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[worker-child] failed:', err);
    process.exit(1);
  },
);
