/**
 * The side effects a use case can queue (outbox jobs), with their payloads. A job is queued in the
 * use case's transaction and run later by a worker (src/jobs/catalog.ts defines how each kind runs,
 * with its payload schema and retry policy). Payloads hold opaque ids only.
 */
import type { ReminderKind } from '../domain/follow-up';

export interface JobPayloads {
  'meeting.createEvent': { readonly meetingId: string };
  'plan.publish': { readonly caseId: string; readonly version?: number };
  'plan.closeChannel': { readonly caseId: string };
  'followUp.remind': { readonly caseId: string; readonly version: number; readonly dueDate: string; readonly when: ReminderKind };
  'handover.offer': { readonly caseId: string; readonly handoverId: string };
}

export type JobKind = keyof JobPayloads;

/** A job a use case queues; `key` makes a second queueing of the same side effect a no-op. */
export type JobRequest = {
  [K in JobKind]: { readonly kind: K; readonly key: string; readonly payload: JobPayloads[K]; readonly runAfter?: Date };
}[JobKind];
