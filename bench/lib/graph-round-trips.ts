/**
 * Sequential Microsoft Graph round trips on the critical path of calling a meeting (the outbox job
 * that creates the calendar event) and of publishing the agreed plan (find/create the shared
 * channel, members, app, post), against the Graph stand-in with an injected latency per request.
 *
 * Two independent methods, both reported:
 * - request log: the stand-in logs each request after its injected latency, so a request's round
 *   trip is about [at − L, at]. Requests whose log times lie within L/2 of the previous one
 *   overlapped (ran in parallel); a larger gap starts a new sequential step ("wave"). Requests
 *   inside a $batch are not counted (the $batch is one round trip).
 * - elapsed time: the same scenario on a fresh world with latency 0 and with latency L (after a
 *   warm-up run); (elapsed_L − elapsed_0) / L is the number of sequential round trips.
 *
 * The shared channel's creation is asynchronous in Graph (202 + operation to poll). The stand-in
 * answers `inProgress` to the first poll; the polls are part of the count (in Microsoft Graph their
 * number depends on how long Teams takes). The poll delay is set to 0 here so that it does not
 * count as latency; the app waits 1 s between polls.
 */
import type { World } from '../../src/app/world';
import { createMeetingEvent } from '../../src/app/create-meeting-event';
import { publishPlan } from '../../src/app/publish-plan';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { graphCalendar } from '../../src/graph/calendar-port';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { listOrgUnits } from '../../src/storage/organisations';
import { SystemStore } from '../../src/storage/system-store';
import { rememberTeamsUser } from '../../src/storage/user-preferences';
import { createAdapter } from '../../src/teams/adapter';
import { botChannelPoster } from '../../src/teams/channel-poster';
import { startConnectorStandIn } from '../../test/support/connector-standin';
import { everyCategoryInput, people, units } from '../../test/support/world';
import { standInWithClient } from '../../test/graph/support';
import { startBot } from '../../test/turn/harness';
import pino from 'pino';

const teamId = 'samsyn-dev-team';
const appId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';

export interface PhaseTrips {
  /** Graph requests sent (not counting those inside a $batch). */
  readonly requests: number;
  /** Sequential steps by the request-log method. */
  readonly sequentialByLog: number;
  /** Sequential steps by the elapsed-time method ((t_L − t_0) / L, rounded). */
  readonly sequentialByElapsed: number;
  readonly elapsedMs: number;
  readonly elapsedAtZeroMs: number;
  /** The requests in order, e.g. "GET /teams/{id}/channels" (ids shortened). */
  readonly steps: readonly string[][];
}

interface Scenario {
  callMeeting: { elapsedMs: number; log: LogEntry[] };
  publishPlan: { elapsedMs: number; log: LogEntry[] };
}

interface LogEntry {
  readonly at: number;
  readonly what: string;
}

function shorten(method: string, url: string): string {
  const path = url.replace(/^\/v1\.0/, '').split('?')[0] ?? '';
  return `${method} ${path.replace(/\/[^/]*[0-9][^/]*(?=\/|$)/g, '/{id}')}`;
}

async function runScenario(latencyMs: number): Promise<Scenario> {
  const env = await standInWithClient({
    directoryPath: undefined,
    users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
    sharedChannel: { inProgressPolls: 1, completeAfterMs: 60_000 },
  });
  const connector = await startConnectorStandIn();
  const bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
  try {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Bench Barn',
      childBirth: '20150412-2381',
      guardians: 'Vårdnadshavare',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vårdnadshavare',
      orgUnits: `${units.school},${units.social}`,
      categories: everyCategoryInput,
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    const meetingId = (await bot.db.query<{ id: string }>('SELECT id FROM meeting')).rows[0]?.id ?? '';
    const plan = {
      caseId,
      reason: 'Frånvaro',
      'need.trygghet': 'En trygg vuxen',
      'goal.0': 'Närvaro',
      'goalWords.0': 'Gå till skolan',
      'action.0.what': 'Morgonsamtal',
      'action.0.who': 'Mentor',
      'action.0.unit': units.school,
      'action.0.byWhen': '2026-04-01',
      'action.0.how': 'Närvaro',
      childsWish: 'Bo',
      lead: people.bo.objectId,
      followUp: '2026-05-01',
    };
    await bot.invoke(people.anna, 'plan.agree', { ...plan, version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan, version: 1 });
    await rememberTeamsUser(
      bot.db,
      people.anna.tenantId,
      people.anna.objectId,
      '29:anna',
      connector.url,
      bot.clock.now(),
    );

    const store = new SystemStore(bot.db, bot.clock, 'bench');
    const world: World = { orgUnits: await listOrgUnits(bot.db), wheels: loadWheels(), questions: loadQuestions() };
    const poster = botChannelPoster(createAdapter(null, pino({ level: 'silent' })), '', bot.db, world, 'sv');
    const channels = graphPlanChannels(env.graph, appId, { attempts: 20, delayMs: 0 });
    env.standIn.faults.setLatency(latencyMs);

    const logSince = (n: number): LogEntry[] =>
      env.standIn
        .requests()
        .slice(n)
        .filter((r) => !r.inBatch)
        .map((r) => ({ at: Date.parse(r.at), what: shorten(r.method, r.url) }));

    let mark = env.standIn.requests().length;
    let t0 = performance.now();
    await createMeetingEvent(store, graphCalendar(env.graph), meetingId, {
      saved: null,
      saveProgress: async () => undefined,
    });
    const callMeeting = { elapsedMs: performance.now() - t0, log: logSince(mark) };

    mark = env.standIn.requests().length;
    t0 = performance.now();
    const published = await publishPlan({ store, channels, poster, teamId, now: () => bot.clock.now() }, caseId);
    const publish = { elapsedMs: performance.now() - t0, log: logSince(mark) };
    if (published === null) throw new Error('the plan was not published');
    if (connector.calls.filter((c) => c.method === 'POST').length !== 1)
      throw new Error('the plan card was not posted once');
    return { callMeeting, publishPlan: publish };
  } finally {
    await bot.close();
    await connector.close();
    await env.close();
  }
}

/** Groups log entries into sequential steps: a gap of more than L/2 starts a new step. */
function waves(log: readonly LogEntry[], latencyMs: number): string[][] {
  const sorted = [...log].sort((a, b) => a.at - b.at);
  const out: string[][] = [];
  let last = -Infinity;
  for (const e of sorted) {
    if (e.at - last > latencyMs / 2 || out.length === 0) out.push([]);
    out[out.length - 1]?.push(e.what);
    last = e.at;
  }
  return out;
}

export async function measureGraphRoundTrips(
  latencyMs: number,
): Promise<{ latencyMs: number; callMeeting: PhaseTrips; publishPlan: PhaseTrips }> {
  await runScenario(0); // warm-up: module loading, JIT and the first TLS handshake would count as latency
  const zero = await runScenario(0);
  const slow = await runScenario(latencyMs);
  const phase = (key: keyof Scenario): PhaseTrips => {
    const steps = waves(slow[key].log, latencyMs);
    return {
      requests: slow[key].log.length,
      sequentialByLog: steps.length,
      sequentialByElapsed: Math.round((slow[key].elapsedMs - zero[key].elapsedMs) / latencyMs),
      elapsedMs: Math.round(slow[key].elapsedMs),
      elapsedAtZeroMs: Math.round(zero[key].elapsedMs),
      steps,
    };
  };
  return { latencyMs, callMeeting: phase('callMeeting'), publishPlan: phase('publishPlan') };
}
