/**
 * `POST /users/{id}/calendar/getSchedule`: free/busy for SMTP addresses over the stored events.
 * Organizers see their events with the event's showAs; invitees see them as tentative (they
 * have not answered). Subject and location appear only for normal/personal sensitivity.
 */
import type { StoredEvent } from './calendar';
import type { Directory, StandInUser } from './directory';
import {
  GRAPH_ROOT,
  badRequest,
  isObject,
  json,
  preference,
  requireBody,
  type GraphRequest,
  type GraphResponse,
  type JsonObject,
} from './protocol';
import { fromInstant, toInstant } from './timezones';

const AVAILABILITY_DIGIT: Record<string, string> = {
  free: '0',
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
  unknown: '0',
};
const AVAILABILITY_RANK: Record<string, number> = {
  free: 0,
  unknown: 0,
  workingElsewhere: 1,
  tentative: 2,
  busy: 3,
  oof: 4,
};

export function getSchedule(
  request: GraphRequest,
  directory: Directory,
  events: readonly StoredEvent[],
  maxDays: number,
): GraphResponse {
  const body = requireBody(request);
  const schedules = body['schedules'];
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((entry) => typeof entry === 'string')) {
    throw badRequest("'schedules' must be a non-empty collection of SMTP addresses.", 'ErrorInvalidRequest');
  }
  if (schedules.length > 100) {
    throw badRequest(
      `There are too many target users in the EmailAddress array. The allowed size = 100; the actual size = ${schedules.length}.`,
      'ErrorMailboxDataArrayTooBig',
    );
  }
  const startMs = toInstant(body['startTime'], 'startTime');
  const endMs = toInstant(body['endTime'], 'endTime');
  if (endMs <= startMs)
    throw badRequest(
      'The time duration specified for FreeBusyViewOptions.TimeWindow is invalid.',
      'ErrorInvalidTimeInterval',
    );
  const days = (endMs - startMs) / 86_400_000;
  if (days >= maxDays) {
    throw badRequest(
      `The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = ${maxDays} days (exclusive); the actual limit = ${Math.ceil(days)} days.`,
      'ErrorTimeIntervalTooBig',
    );
  }
  const interval = body['availabilityViewInterval'] ?? 30;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw badRequest(
      "'availabilityViewInterval' must be a whole number of minutes from 5 to 1440.",
      'ErrorInvalidParameter',
    );
  }
  const zone = preference(request, 'outlook.timezone');
  const value = (schedules as string[]).map((address) => {
    const user = directory.open ? directory.find(address) : directory.findByAddress(address);
    if (!user) {
      return {
        scheduleId: address,
        availabilityView: '',
        scheduleItems: [],
        error: {
          message: `The specified mailbox '${address}' was not found.`,
          responseCode: 'ErrorMailRecipientNotFound',
        },
      };
    }
    return scheduleFor(events, address, user, startMs, endMs, interval, zone);
  });
  return json(200, {
    '@odata.context': `${GRAPH_ROOT}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
    value,
  });
}

function scheduleFor(
  events: readonly StoredEvent[],
  address: string,
  user: StandInUser,
  startMs: number,
  endMs: number,
  interval: number,
  zone: string | undefined,
): JsonObject {
  const items = events
    .filter(
      (event) =>
        event.startMs < endMs && event.endMs > startMs && (event.organizer.id === user.id || isAttendee(event, user)),
    )
    .sort((a, b) => a.startMs - b.startMs)
    .map((event) => {
      const showAs = String(event.props['showAs']);
      const status = event.organizer.id === user.id || showAs !== 'busy' ? showAs : 'tentative'; // not yet accepted
      const sensitivity = String(event.props['sensitivity']);
      const visible = sensitivity === 'normal' || sensitivity === 'personal';
      return {
        startMs: event.startMs,
        endMs: event.endMs,
        status,
        item: {
          isPrivate: sensitivity === 'private',
          status,
          ...(visible
            ? {
                subject: event.props['subject'],
                location: (event.props['location'] as JsonObject)['displayName'] ?? '',
              }
            : {}),
          isMeeting: Array.isArray(event.props['attendees']) && event.props['attendees'].length > 0,
          isRecurring: false,
          isException: false,
          isReminderSet: true,
          start: fromInstant(event.startMs, zone),
          end: fromInstant(event.endMs, zone),
        },
      };
    });
  const slots = Math.ceil((endMs - startMs) / (interval * 60_000));
  let availabilityView = '';
  for (let slot = 0; slot < slots; slot += 1) {
    const slotStart = startMs + slot * interval * 60_000;
    const slotEnd = slotStart + interval * 60_000;
    const worst = items
      .filter((entry) => entry.startMs < slotEnd && entry.endMs > slotStart)
      .reduce(
        (current, entry) =>
          (AVAILABILITY_RANK[entry.status] ?? 0) > (AVAILABILITY_RANK[current] ?? 0) ? entry.status : current,
        'free',
      );
    availabilityView += AVAILABILITY_DIGIT[worst] ?? '0';
  }
  return {
    scheduleId: address,
    availabilityView,
    scheduleItems: items.map((entry) => entry.item),
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: 'W. Europe Standard Time' },
    },
  };
}

function isAttendee(event: StoredEvent, user: StandInUser): boolean {
  const attendees = event.props['attendees'];
  const addresses = [user.mail.toLowerCase(), user.userPrincipalName.toLowerCase()];
  return (
    Array.isArray(attendees) &&
    attendees.some((attendee) => {
      const address =
        isObject(attendee) && isObject(attendee['emailAddress']) ? attendee['emailAddress']['address'] : undefined;
      return typeof address === 'string' && addresses.includes(address.toLowerCase());
    })
  );
}
