/**
 * Outbox job: create the calendar event with a Teams meeting for a recorded meeting. Idempotent:
 * the transactionId was persisted with the meeting before the job ran; a retry first looks for the
 * event with that transactionId, and Graph itself de-duplicates creates that carry it.
 * With the family invited (external attendees by e-mail), the event hides its attendee list and the
 * online meeting's lobby is narrowed to the organisation; once the event exists, the family's
 * addresses are blanked on the meeting (markMeetingCreated).
 */
import { isDomainError } from '../domain/errors';
import { invitationBodyHtml, meetingSubject } from '../domain/meeting';
import type { CalendarPort } from './external-ports';

/** What the job needs to know about a recorded meeting (professionals' ids and the family's addresses; no child data). */
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
  /** The family invited by e-mail (addresses still held: the event does not exist yet). */
  readonly family: readonly { readonly email: string }[];
}

export type Lobby = 'organization' | 'not-set' | null;

export interface MeetingJobStore {
  meetingForJob(meetingId: string): Promise<MeetingForJob | null>;
  /** Marks the meeting created and blanks the family's addresses (they are no longer needed). */
  markMeetingCreated(meeting: MeetingForJob, eventId: string, joinUrl: string | null, lobby?: Lobby): Promise<void>;
}

/** What the job created so far (saved as the job's progress: ids and the lobby only, never an address). */
export type MeetingJobProgress = {
  readonly eventId: string;
  readonly joinUrl: string | null;
  readonly lobby?: Lobby;
};

export interface MeetingJobContext {
  /** Stores what was created so far, before the next step (survives a crash). */
  saveProgress(result: MeetingJobProgress): Promise<void>;
  readonly saved: { eventId?: string; joinUrl?: string | null; lobby?: Lobby } | null;
}

export async function createMeetingEvent(
  store: MeetingJobStore,
  calendar: CalendarPort,
  meetingId: string,
  ctx: MeetingJobContext,
): Promise<MeetingJobProgress | null> {
  const meeting = await store.meetingForJob(meetingId);
  if (meeting === null) return null;
  if (meeting.status === 'created' && meeting.eventId) return { eventId: meeting.eventId, joinUrl: null };
  const withFamily = meeting.family.length > 0;
  let created: MeetingJobProgress | null = ctx.saved?.eventId
    ? {
        eventId: ctx.saved.eventId,
        joinUrl: ctx.saved.joinUrl ?? null,
        ...(ctx.saved.lobby ? { lobby: ctx.saved.lobby } : {}),
      }
    : await calendar.findEventByTransactionId(meeting.organizerObjectId, meeting.transactionId);
  if (created === null) {
    created = await calendar.createMeetingEvent({
      organizerId: meeting.organizerObjectId,
      subject: meetingSubject(meeting.reference, 'sv', meeting.caseKind),
      bodyHtml: invitationBodyHtml(meeting.reference, meeting.caseKind, withFamily),
      start: meeting.startsAt,
      end: meeting.endsAt,
      attendees: meeting.attendees.map((a) => ({ objectId: a.objectId, email: a.email, name: a.displayName })),
      ...(withFamily ? { externalAttendees: meeting.family, hideAttendees: true } : {}),
      transactionId: meeting.transactionId,
    });
    await ctx.saveProgress(created);
  }
  if (withFamily && !created.lobby) {
    created = { ...created, lobby: await narrowLobby(calendar, meeting.organizerObjectId, created.joinUrl) };
    await ctx.saveProgress(created);
  }
  await store.markMeetingCreated(meeting, created.eventId, created.joinUrl, created.lobby ?? null);
  return created;
}

/**
 * The lobby for the family: 'organization' when narrowed; 'not-set' when Graph refuses for good
 * (no application access policy, no join link) — the event exists and the invitations are out, so
 * the meeting is kept and the card says the lobby follows the tenant's policy. A passing failure
 * (throttling, outage) is thrown: the job tries again, the event already saved.
 */
async function narrowLobby(calendar: CalendarPort, organizerId: string, joinUrl: string | null): Promise<Lobby> {
  if (joinUrl === null) return 'not-set';
  try {
    await calendar.setLobbyToOrganization(organizerId, joinUrl);
    return 'organization';
  } catch (err) {
    if (isDomainError(err) && err.retryable === false) return 'not-set';
    throw err;
  }
}
