/**
 * Outbox job: create the calendar event with a Teams meeting for a recorded meeting. Idempotent:
 * the transactionId was persisted with the meeting before the job ran; a retry first looks for the
 * event with that transactionId, and Graph itself de-duplicates creates that carry it.
 */
import { meetingSubject } from '../domain/meeting';
import type { CalendarPort } from './external-ports';

/** What the job needs to know about a recorded meeting (professionals only; no child data). */
export interface MeetingForJob {
  readonly meetingId: string;
  readonly caseId: string;
  readonly orgUnitId: string;
  readonly reference: string;
  /** An anonymous consultation's meeting is a consultation meeting (its subject says so). */
  readonly caseKind: 'anonymous' | 'consented';
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly organizerObjectId: string;
  readonly transactionId: string;
  readonly status: string;
  readonly eventId: string | null;
  readonly attendees: readonly {
    readonly objectId: string;
    readonly displayName: string;
    readonly email: string | null;
  }[];
}

export interface MeetingJobStore {
  meetingForJob(meetingId: string): Promise<MeetingForJob | null>;
  markMeetingCreated(meeting: MeetingForJob, eventId: string, joinUrl: string | null): Promise<void>;
}

export interface MeetingJobContext {
  /** Stores what was created so far, before the next step (survives a crash). */
  saveProgress(result: { eventId: string; joinUrl: string | null }): Promise<void>;
  readonly saved: { eventId?: string; joinUrl?: string | null } | null;
}

export async function createMeetingEvent(
  store: MeetingJobStore,
  calendar: CalendarPort,
  meetingId: string,
  ctx: MeetingJobContext,
): Promise<{ eventId: string; joinUrl: string | null } | null> {
  const meeting = await store.meetingForJob(meetingId);
  if (meeting === null) return null;
  if (meeting.status === 'created' && meeting.eventId) return { eventId: meeting.eventId, joinUrl: null };
  let created: { eventId: string; joinUrl: string | null } | null = ctx.saved?.eventId
    ? { eventId: ctx.saved.eventId, joinUrl: ctx.saved.joinUrl ?? null }
    : await calendar.findEventByTransactionId(meeting.organizerObjectId, meeting.transactionId);
  if (created === null) {
    created = await calendar.createMeetingEvent({
      organizerId: meeting.organizerObjectId,
      subject: meetingSubject(meeting.reference, 'sv', meeting.caseKind),
      bodyHtml: `<p>${meetingSubject(meeting.reference, 'sv', meeting.caseKind)}</p><p>${meetingSubject(meeting.reference, 'en', meeting.caseKind)}</p><p>Underlaget finns i Samsyn. / The material is in Samsyn.</p>`,
      start: meeting.startsAt,
      end: meeting.endsAt,
      attendees: meeting.attendees.map((a) => ({ objectId: a.objectId, email: a.email, name: a.displayName })),
      transactionId: meeting.transactionId,
    });
    await ctx.saveProgress(created);
  }
  await store.markMeetingCreated(meeting, created.eventId, created.joinUrl);
  return created;
}
