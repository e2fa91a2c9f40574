/** Calendar requests: free/busy and the meeting event with a Teams online meeting. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Event, LobbyBypassSettings, OnlineMeeting, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import { GraphStatusError, mapGraphError } from './graph-errors';

export interface MeetingEventRequest {
  readonly organizerId: string;
  /** No child-identifying data: the opaque case reference only. */
  readonly subject: string;
  readonly bodyHtml: string;
  readonly start: Date;
  readonly end: Date;
  readonly attendees: readonly { readonly objectId: string; readonly email?: string; readonly name: string }[];
  /** Invited by e-mail alone (the family): the address only, no name. */
  readonly externalAttendees?: readonly { readonly email: string }[];
  /** Each attendee sees only themselves (Exchange still keeps every address in the invitees' calendars). */
  readonly hideAttendees?: boolean;
  /** Persisted before the call; Graph uses it to avoid creating the event twice on a retry. */
  readonly transactionId: string;
}

export interface CreatedEvent {
  readonly eventId: string;
  readonly joinUrl: string | null;
}

const utc = (d: Date) => ({ dateTime: d.toISOString().replace(/Z$/, ''), timeZone: 'UTC' });

export function eventBody(r: MeetingEventRequest): Event {
  return {
    subject: r.subject,
    body: { contentType: 'html', content: r.bodyHtml },
    start: utc(r.start),
    end: utc(r.end),
    attendees: [
      ...r.attendees.map((a) => ({
        type: 'required' as const,
        emailAddress: { address: a.email ?? a.objectId, name: a.name },
      })),
      ...(r.externalAttendees ?? []).map((a) => ({ type: 'required' as const, emailAddress: { address: a.email } })),
    ],
    hideAttendees: r.hideAttendees === true,
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: false,
    sensitivity: 'private',
    transactionId: r.transactionId,
  };
}

export async function createMeetingEvent(graph: Client, r: MeetingEventRequest): Promise<CreatedEvent> {
  try {
    const created = (await graph.api(`/users/${encodeURIComponent(r.organizerId)}/events`).post(eventBody(r))) as Event;
    if (!created.id) throw new Error('event without id');
    return { eventId: created.id, joinUrl: created.onlineMeeting?.joinUrl ?? null };
  } catch (err) {
    throw mapGraphError(err, 'calendar.createEvent').error;
  }
}

/** Who bypasses the lobby once the family is invited: the organisation's people; everyone else waits to be admitted. */
export const familyLobby = { scope: 'organization', isDialInBypassEnabled: false } as const;

/**
 * The event's Teams meeting found by its join link, then its lobby bypass narrowed to the organisation.
 * App-only, both calls need OnlineMeetings.ReadWrite.All and an application access policy granted to
 * the organiser (docs/permissions.md); without it Graph answers 403 (PermissionMissing).
 */
export async function setLobbyToOrganization(graph: Client, organizerId: string, joinUrl: string): Promise<void> {
  const user = `/users/${encodeURIComponent(organizerId)}/onlineMeetings`;
  try {
    // The link goes into the filter encoded once more (Graph decodes the query once; the link has its own escapes).
    const found = (await graph
      .api(user)
      .filter(`JoinWebUrl eq '${encodeURIComponent(joinUrl).replace(/'/g, "''")}'`)
      .get()) as { value?: OnlineMeeting[] };
    const id = found.value?.[0]?.id;
    if (!id) throw new GraphStatusError('online meeting not found', 404);
    const lobbyBypassSettings: LobbyBypassSettings = familyLobby;
    await graph.api(`${user}/${encodeURIComponent(id)}`).patch({ lobbyBypassSettings });
  } catch (err) {
    throw mapGraphError(err, 'calendar.lobby').error;
  }
}

export interface FreeSlot {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Free slots for everyone on the list within [from, to), in steps of `minutes`, from getSchedule's
 * availability view ('0' = free in every schedule).
 */
export async function freeSlots(
  graph: Client,
  organizerId: string,
  people: readonly string[],
  from: Date,
  to: Date,
  minutes = 60,
): Promise<FreeSlot[]> {
  try {
    const r = (await graph.api(`/users/${encodeURIComponent(organizerId)}/calendar/getSchedule`).post({
      schedules: people,
      startTime: utc(from),
      endTime: utc(to),
      availabilityViewInterval: minutes,
    })) as { value: ScheduleInformation[] };
    const views = r.value.map((s) => s.availabilityView ?? '');
    const slots = Math.floor((to.getTime() - from.getTime()) / (minutes * 60_000));
    const free: FreeSlot[] = [];
    for (let i = 0; i < slots; i++) {
      if (views.every((v) => (v[i] ?? '0') === '0')) {
        free.push({
          start: new Date(from.getTime() + i * minutes * 60_000),
          end: new Date(from.getTime() + (i + 1) * minutes * 60_000),
        });
      }
    }
    return free;
  } catch (err) {
    throw mapGraphError(err, 'calendar.getSchedule').error;
  }
}
