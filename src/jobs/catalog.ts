/**
 * Every outbox job kind, one line each: its payload schema and retry policy (src/app/jobs.ts, where
 * use cases queue them) and the handler that runs it. A payload that does not match its schema fails
 * the job for good (BadPayload): trying again cannot help. Handlers are thin: they call a use case.
 */
import type { JsonValue, OutboxJob } from '../storage/outbox-job';
import type { OutboxContext, OutboxHandler, OutboxHandlers } from '../storage/outbox-runner';
import type { CalendarPort, CardRef, CaseCardPort, ChannelPostPort, PlanChannelPort } from '../app/external-ports';
import { updateCaseCard, type FinishedOperation } from '../app/update-case-card';
import type { PersonalAppInstallPort, PersonalMessagePort } from '../app/follow-up-ports';
import type { Config } from '../config/config';
import type { Clock } from '../domain/ports';
import { DomainError, JobError } from '../domain/errors';
import { jobKinds, type JobKind, type JobPayloads } from '../app/jobs';
import { closePlanChannel } from '../app/close-plan-channel';
import { createMeetingEvent, type MeetingJobContext } from '../app/create-meeting-event';
import { publishPlan } from '../app/publish-plan';
import { sendFollowUpReminder } from '../app/send-follow-up-reminder';
import { sendHandoverOffer } from '../app/send-handover-offer';
import { sendWorryNotice } from '../app/send-worry-notice';
import { sendOutcomeNotice, sendOutcomeReminder } from '../app/send-outcome-reminder';
import { sendAdviceNotice } from '../app/send-advice-notice';
import { sendConsultationOffer, updateTakenOffers } from '../app/send-consultation-offer';
import type { SystemStore } from '../storage/system-store';
import type { FollowUpJobStore } from '../storage/follow-up-job-store';

/** What the handlers run against (the crash tests wrap the ports). */
export interface JobDeps {
  readonly store: SystemStore;
  readonly calendar: CalendarPort | null;
  readonly channels: PlanChannelPort | null;
  readonly poster: ChannelPostPort;
  readonly config: Pick<Config, 'planTeamId' | 'planChannelOnClose'>;
  readonly clock: Clock;
  /** The bot's update of the card a person acted on, when the job's operation finished (absent: no update). */
  readonly cards?: CaseCardPort;
  /** A card update that failed (its error's name): the job stays done. */
  readonly cardUpdateFailed?: (kind: JobKind, code: string) => void;
  /** Follow-up reminders and hand-over offers: the bot's personal messages (absent: those jobs wait). */
  readonly followUps?: {
    readonly store: FollowUpJobStore;
    readonly notifier: PersonalMessagePort;
    readonly installer?: PersonalAppInstallPort;
  };
}

type Run<K extends JobKind> = (
  payload: JobPayloads[K],
  job: OutboxJob,
  ctx: OutboxContext,
) => Promise<JsonValue | void>;
type Catalog = { readonly [K in JobKind]: (deps: JobDeps) => Run<K> | undefined };

/** After the side effect succeeded: the card says so (a failure is reported, never thrown into the job). */
async function cardDone(d: JobDeps, kind: JobKind, card: CardRef | undefined, op: FinishedOperation): Promise<void> {
  if (!card || !d.cards) return;
  await updateCaseCard(
    { store: d.store, cards: d.cards, failed: (code) => d.cardUpdateFailed?.(kind, code) },
    card,
    op,
  );
}

/** Whether the outbox will try this job again after `err` (as the runner decides: retryable and attempts left). */
function willRetry(err: unknown, job: OutboxJob): boolean {
  const retryable = err instanceof JobError || err instanceof DomainError ? err.retryable !== false : true;
  return retryable && job.attempts < job.maxAttempts;
}

const graphNotConfigured = () => new JobError('GraphNotConfigured', false, 'Microsoft Graph is not configured');

const catalog: Catalog = {
  'meeting.createEvent':
    (d) =>
    async ({ meetingId, card }, job, ctx) => {
      if (d.calendar === null) throw graphNotConfigured();
      const saved = (job.result ?? null) as MeetingJobContext['saved'];
      try {
        const created = await createMeetingEvent(d.store, d.calendar, meetingId, {
          saved,
          saveProgress: (r) => ctx.saveProgress(r),
        });
        if (created !== null) await cardDone(d, 'meeting.createEvent', card, { kind: 'meeting.created', meetingId });
        return created;
      } catch (err) {
        // Failing for good: the meeting says so and the family's addresses are blanked (no longer needed).
        if (!willRetry(err, job)) await d.store.markMeetingFailedById(meetingId);
        throw err;
      }
    },
  // Without PLAN_TEAM_ID the plan goes to the meeting chat (the fallback).
  'plan.publish':
    (d) =>
    async ({ caseId, card }) => {
      if (d.channels === null) throw graphNotConfigured();
      const posted = await publishPlan(
        {
          store: d.store,
          channels: d.channels,
          poster: d.poster,
          teamId: d.config.planTeamId ?? '',
          now: () => d.clock.now(),
        },
        caseId,
      );
      if (posted !== null)
        await cardDone(d, 'plan.publish', card, { kind: 'plan.posted', caseId, version: posted.version });
      return posted ?? null;
    },
  'plan.closeChannel':
    (d) =>
    async ({ caseId }) => {
      if (d.channels === null || !d.config.planTeamId) return null;
      return (
        (await closePlanChannel(
          { store: d.store, channels: d.channels, teamId: d.config.planTeamId, onClose: d.config.planChannelOnClose },
          caseId,
        )) ?? null
      );
    },
  'followUp.remind': ({ followUps }) =>
    followUps && (async (p) => sendFollowUpReminder(followUps.store, followUps.notifier, p)),
  'handover.offer': ({ followUps }) =>
    followUps && (async ({ handoverId }) => sendHandoverOffer(followUps.store, followUps.notifier, handoverId)),
  'worry.notify': ({ followUps }) =>
    followUps &&
    (async ({ caseId, tenantId, objectId }) =>
      sendWorryNotice(followUps.store, followUps.notifier, caseId, { tenantId, objectId }, followUps.installer)),
  'consultation.outcomeReminder': ({ followUps }) =>
    followUps && (async ({ caseId }) => sendOutcomeReminder(followUps.store, caseId)),
  'consultation.adviceGiven': ({ followUps }) =>
    followUps &&
    (async ({ caseId, tenantId, objectId, authorTenantId, authorObjectId }) =>
      sendAdviceNotice(
        followUps.store,
        followUps.notifier,
        caseId,
        { tenantId, objectId },
        { tenantId: authorTenantId, objectId: authorObjectId },
      )),
  'consultation.outcomeDue': ({ followUps }) =>
    followUps &&
    (async ({ caseId, tenantId, objectId }) =>
      sendOutcomeNotice(followUps.store, followUps.notifier, caseId, { tenantId, objectId })),
  'consultation.offer': ({ followUps }) =>
    followUps &&
    (async ({ requestId, tenantId, objectId }) =>
      sendConsultationOffer(
        followUps.store,
        followUps.notifier,
        requestId,
        { tenantId, objectId },
        followUps.installer,
      )),
  'consultation.taken': ({ followUps }) =>
    followUps && (async ({ requestId }) => updateTakenOffers(followUps.store, followUps.notifier, requestId)),
  'consultee.notify': ({ followUps }) =>
    followUps &&
    (async ({ caseId, tenantId, objectId }) =>
      sendWorryNotice(
        followUps.store,
        followUps.notifier,
        caseId,
        { tenantId, objectId },
        followUps.installer,
        'consultee.invited',
      )),
};

function withPayload<K extends JobKind>(kind: K, run: Run<K>): OutboxHandler {
  return async (job, ctx) => {
    const parsed = jobKinds[kind].payload.safeParse(job.payload);
    if (!parsed.success) throw new JobError('BadPayload', false, `the ${kind} job's payload does not match its schema`);
    return run(parsed.data as JobPayloads[K], job, ctx);
  };
}

/** The outbox handlers over the given ports; a kind whose port is absent is left out (its jobs wait). */
export function jobHandlers(deps: JobDeps, only?: readonly JobKind[]): OutboxHandlers {
  const handlers: Record<string, OutboxHandler> = {};
  for (const kind of Object.keys(catalog) as JobKind[]) {
    if (only && !only.includes(kind)) continue;
    const run = (catalog[kind] as (d: JobDeps) => Run<typeof kind> | undefined)(deps);
    if (run) handlers[kind] = withPayload(kind, run);
  }
  return handlers;
}
