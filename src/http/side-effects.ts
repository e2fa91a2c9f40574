/**
 * Wires the outbox: the Graph client (production credentials, or the development stand-in), the
 * job handlers, and the loop that runs them on this instance.
 */
import { randomUUID } from 'node:crypto';
import { createMeetingEvent } from '../app/create-meeting-event';
import type { CalendarPort, ChannelPostPort, PlanChannelPort } from '../app/external-ports';
import { closePlanChannel } from '../app/close-plan-channel';
import { publishPlan } from '../app/publish-plan';
import { graphPlanChannels } from '../graph/plan-channel-port';
import { planJobs } from '../storage/plan-repository';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/ports';
import { graphCalendar } from '../graph/calendar-port';
import { appCredential, createGraphClient, developmentCredential } from '../graph/graph-client';
import type { Database } from '../storage/database';
import { meetingJobs } from '../storage/meeting-repository';
import { Outbox } from '../storage/outbox';
import { startOutboxLoop, type OutboxHandlers, type OutboxLoop } from '../storage/outbox-runner';
import { SystemStore } from '../storage/system-store';
import { countOutboxJob } from '../metrics';
import type { RetentionRules } from '../domain/retention';
import { startRetentionLoop, type RetentionLoop } from '../storage/retention-sweep';
import type { PersonalMessagePort } from '../app/follow-up-ports';
import { FollowUpJobStore } from '../storage/follow-up-job-store';
import { followUpOutboxHandlers } from './follow-up-jobs';

export interface SideEffects {
  readonly calendar: CalendarPort | null;
  readonly loop: OutboxLoop;
}

/** Graph's credential: the development token for the stand-in, else the app's own (secret or managed identity). */
export function graphCredentialFor(config: Pick<Config, 'graph' | 'bot'>) {
  return config.graph?.development
    ? developmentCredential
    : appCredential({
        tenantId: config.bot?.tenantId ?? '',
        clientId: config.bot?.appId ?? '',
        ...(config.bot?.appPassword ? { clientSecret: config.bot.appPassword } : {}),
        ...(config.bot?.managedIdentityClientId ? { managedIdentityClientId: config.bot.managedIdentityClientId } : {}),
      });
}

export function graphClientFor(config: Config) {
  if (config.graph === null) return null;
  return createGraphClient({ baseUrl: config.graph.baseUrl, credential: graphCredentialFor(config) });
}

export interface HandlerDeps {
  readonly store: SystemStore;
  readonly calendar: CalendarPort | null;
  readonly channels: PlanChannelPort | null;
  readonly poster: ChannelPostPort;
  readonly config: Pick<Config, 'planTeamId' | 'planChannelOnClose'>;
  readonly clock: Clock;
  /** Follow-up reminders and hand-over offers: the bot's personal messages (absent: those jobs wait). */
  readonly followUps?: { readonly store: FollowUpJobStore; readonly notifier: PersonalMessagePort };
}

/** The outbox job handlers over the given ports (the crash tests wrap the ports). */
export function outboxHandlers(d: HandlerDeps): OutboxHandlers {
  const { store, calendar, channels, poster, config, clock } = d;
  return {
    ...(d.followUps ? followUpOutboxHandlers(d.followUps.store, d.followUps.notifier) : {}),
    [meetingJobs.createEvent]: async (job, ctx) => {
      if (calendar === null) throw Object.assign(new Error('graph not configured'), { code: 'GraphNotConfigured', retryable: false });
      const saved = (job.result ?? null) as { eventId?: string; joinUrl?: string | null } | null;
      const created = await createMeetingEvent(store, calendar, String(job.payload.meetingId), { saved, saveProgress: (r) => ctx.saveProgress(r) });
      return created ?? null;
    },
    [planJobs.publish]: async (job) => {
      if (channels === null) throw Object.assign(new Error('graph not configured'), { code: 'GraphNotConfigured', retryable: false });
      // Without PLAN_TEAM_ID the plan goes to the meeting chat (the fallback).
      return (await publishPlan({ store, channels, poster, teamId: config.planTeamId ?? '', now: () => clock.now() }, String(job.payload.caseId))) ?? null;
    },
    [planJobs.closeChannel]: async (job) => {
      if (channels === null || !config.planTeamId) return null;
      return (await closePlanChannel({ store, channels, teamId: config.planTeamId, onClose: config.planChannelOnClose }, String(job.payload.caseId))) ?? null;
    },
  };
}

export function startSideEffects(config: Config, db: Database, clock: Clock, logger: Logger, poster: ChannelPostPort, intervalMs = 500, notifier?: PersonalMessagePort): SideEffects {
  const graph = graphClientFor(config);
  const calendar = graph ? graphCalendar(graph) : null;
  const channels = graph ? graphPlanChannels(graph, config.teamsAppId) : null;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const store = new SystemStore(db, clock, workerId);
  const followUps = notifier ? { store: new FollowUpJobStore(db, store), notifier } : undefined;
  const handlers = outboxHandlers({ store, calendar, channels, poster, config, clock, ...(followUps ? { followUps } : {}) });
  const outbox = new Outbox(db, clock);
  const loop = startOutboxLoop(outbox, handlers, workerId, {
    intervalMs,
    onEvent: (e) => logger.warn({ outbox: e }, 'outbox job did not complete'),
    onJobEnded: countOutboxJob,
  });
  return { calendar, loop };
}

/**
 * Retention (gallring): a sweep on every instance (hourly unless told otherwise). Each deletion
 * locks its case row and checks the rule again, so two instances never delete or audit a case twice.
 */
export function startRetention(db: Database, rules: RetentionRules, clock: Clock, logger: Logger, intervalMs = 3_600_000): RetentionLoop {
  return startRetentionLoop(db, rules, clock, `${process.pid}-${randomUUID().slice(0, 8)}`, {
    intervalMs,
    onEvent: (e) => (e.type === 'error' ? logger.warn({ retention: e }, 'retention sweep failed') : logger.info({ retention: e }, 'retention sweep deleted cases')),
  });
}
