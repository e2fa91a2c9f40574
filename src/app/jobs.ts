/**
 * The side effects a use case can queue (outbox jobs): each kind's payload schema and retry policy.
 * A job is queued in the use case's transaction and run later by a worker; src/jobs/catalog.ts lists
 * every kind with the handler that runs it. Payloads hold opaque ids only, never personal data.
 */
import { z } from 'zod';
import { reminderKinds } from '../domain/follow-up';

const opaqueId = z.string().min(1).max(100);

/**
 * The card the person acted on, to update when the job is done (src/app/external-ports.ts CardRef):
 * the connector's opaque conversation and activity ids and its service URL.
 */
export const cardRefSchema = z.strictObject({
  conversationId: z.string().min(1).max(500),
  activityId: z.string().min(1).max(500),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(500),
  personal: z.boolean(),
});

/**
 * Per kind: the payload schema, attempts before a job fails for good, and whether jobs of the kind run
 * one at a time per case (they act on one external object of the case: its channel and post).
 */
export const jobKinds = {
  'meeting.createEvent': {
    payload: z.strictObject({ meetingId: opaqueId, card: cardRefSchema.optional() }),
    maxAttempts: 10,
  },
  'plan.publish': {
    payload: z.strictObject({
      caseId: opaqueId,
      version: z.number().int().min(0).optional(),
      card: cardRefSchema.optional(),
    }),
    maxAttempts: 10,
    oneAtATimePerCase: true,
  },
  'plan.closeChannel': { payload: z.strictObject({ caseId: opaqueId }), maxAttempts: 10, oneAtATimePerCase: true },
  'followUp.remind': {
    payload: z.strictObject({
      caseId: opaqueId,
      version: z.number().int().min(0),
      dueDate: z.iso.date(),
      when: z.enum(reminderKinds),
    }),
    maxAttempts: 10,
  },
  'handover.offer': { payload: z.strictObject({ caseId: opaqueId, handoverId: opaqueId }), maxAttempts: 10 },
  /** The worry sent to one named person of the child's unit (their tenant and object id: opaque). */
  'worry.notify': {
    payload: z.strictObject({ caseId: opaqueId, tenantId: opaqueId, objectId: opaqueId }),
    maxAttempts: 20,
  },
  /** A reminder to the named person(s) of a consultation that has no outcome yet (due N days after it was raised). */
  'consultation.outcomeReminder': { payload: z.strictObject({ caseId: opaqueId }), maxAttempts: 20 },
  /** That reminder to one person (their tenant and object id: opaque); its own key, so a retry never repeats another's. */
  'consultation.outcomeDue': {
    payload: z.strictObject({ caseId: opaqueId, tenantId: opaqueId, objectId: opaqueId }),
    maxAttempts: 20,
  },
  /** A consultation asked of a unit's consultation function: the card to one member (opaque ids). */
  'consultation.offer': {
    payload: z.strictObject({ caseId: opaqueId, requestId: opaqueId, tenantId: opaqueId, objectId: opaqueId }),
    maxAttempts: 20,
  },
  /** The consultation was taken: the other members' cards say by whom. */
  'consultation.taken': { payload: z.strictObject({ caseId: opaqueId, requestId: opaqueId }), maxAttempts: 10 },
  /** A consultee answered: the card to one of the consultation's responsible parties (opaque ids; `author`: the consultee). */
  'consultation.adviceGiven': {
    payload: z.strictObject({
      caseId: opaqueId,
      tenantId: opaqueId,
      objectId: opaqueId,
      authorTenantId: opaqueId,
      authorObjectId: opaqueId,
    }),
    maxAttempts: 20,
  },
  /** The invitation to one consultee of an anonymous consultation (their tenant and object id: opaque). */
  'consultee.notify': {
    payload: z.strictObject({ caseId: opaqueId, tenantId: opaqueId, objectId: opaqueId }),
    maxAttempts: 20,
  },
} as const;

export type JobKind = keyof typeof jobKinds;
interface JobKindDefinition {
  readonly payload: z.ZodType;
  readonly maxAttempts: number;
  readonly oneAtATimePerCase?: boolean;
}
const definitions: Readonly<Record<JobKind, JobKindDefinition>> = jobKinds;
export { definitions as jobKindDefinitions };
export type JobPayloads = { readonly [K in JobKind]: Readonly<z.infer<(typeof jobKinds)[K]['payload']>> };

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(jobKinds, kind);
}

/**
 * A job a use case queues; `key` makes a second queueing of the same side effect a no-op. With
 * `coalesce`, nothing is queued while a job of the same kind for the case waits unclaimed: it has not
 * read the case yet, so it will see this change too.
 */
export type JobRequest = {
  [K in JobKind]: {
    readonly kind: K;
    readonly key: string;
    readonly payload: JobPayloads[K];
    readonly runAfter?: Date;
    readonly coalesce?: boolean;
  };
}[JobKind];
