/**
 * Calendar routes: create/list/get events in a user's default calendar, with Teams online
 * meetings and `transactionId` de-duplication (getSchedule over these events is in schedule.ts).
 */
import crypto from 'node:crypto';
import type { Directory, StandInUser } from './directory';
import {
  GRAPH_ROOT,
  GraphError,
  badRequest,
  enumValue,
  isObject,
  json,
  matchesFilter,
  notFound,
  optionalString,
  parseEqualityFilter,
  preference,
  requireBody,
  type GraphRequest,
  type GraphResponse,
  type JsonObject,
} from './protocol';
import { initialLobby } from './online-meetings';
import { getSchedule } from './schedule';
import { fromInstant, toInstant } from './timezones';

const SENSITIVITY = ['normal', 'personal', 'private', 'confidential'] as const;
const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] as const;
const PROVIDERS = ['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'] as const;
const IMPORTANCE = ['low', 'normal', 'high'] as const;

export interface StoredEvent {
  id: string;
  organizer: StandInUser;
  created: number;
  startMs: number;
  endMs: number;
  startZone: string;
  endZone: string;
  changeKey: string;
  transactionId?: string;
  /** Validated request properties as Graph would return them. */
  props: JsonObject;
  /** The online meeting's lobby bypass once changed (online-meetings.ts). */
  lobbyBypassSettings?: JsonObject;
}

export interface CalendarOptions {
  tenantId: string;
  /** getSchedule answers 400 when endTime - startTime is this many days or more. */
  scheduleMaxDays: number;
}

const opaqueId = (prefix: string, bytes: number): string =>
  prefix + crypto.randomBytes(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

export class CalendarStore {
  private events: StoredEvent[] = [];

  /** For the admin view (`GET /_standin/state`): every event with its organiser and join link. */
  snapshot(): JsonObject[] {
    return this.events.map((e) => ({
      id: e.id,
      organizer: e.organizer.displayName,
      start: new Date(e.startMs).toISOString(),
      end: new Date(e.endMs).toISOString(),
      subject: e.props['subject'] ?? null,
      attendees: e.props['attendees'] ?? [],
      hideAttendees: e.props['hideAttendees'] ?? false,
      body: e.props['body'] ?? null,
      onlineMeeting: e.props['onlineMeeting'] ?? null,
      lobbyBypassSettings: e.props['onlineMeeting'] ? (e.lobbyBypassSettings ?? initialLobby) : null,
      transactionId: e.transactionId ?? null,
    }));
  }
  dedup: boolean;

  constructor(
    private readonly options: CalendarOptions,
    dedup: boolean,
  ) {
    this.dedup = dedup;
  }

  clear(): void {
    this.events = [];
  }

  /** The events a user organises (their Teams meetings: online-meetings.ts). */
  eventsOf(user: StandInUser): StoredEvent[] {
    return this.events.filter((e) => e.organizer.id === user.id);
  }

  createEvent(user: StandInUser, request: GraphRequest): GraphResponse {
    const body = requireBody(request);
    const subject = optionalString(body, 'subject');
    // Stricter than Graph (which accepts an event without a subject): our callers always set one.
    if (!subject)
      throw badRequest("The event must have a 'subject' (development stand-in rule).", 'ErrorInvalidRequest');
    if (body['start'] === undefined) throw badRequest("The event must have a 'start'.", 'ErrorInvalidRequest');
    if (body['end'] === undefined) throw badRequest("The event must have an 'end'.", 'ErrorInvalidRequest');
    const startMs = toInstant(body['start'], 'start');
    const endMs = toInstant(body['end'], 'end');
    if (endMs < startMs)
      throw badRequest('The end date occurs before the start date.', 'ErrorCalendarEndDateIsEarlierThanStartDate');
    const transactionId = optionalString(body, 'transactionId');
    const existing =
      transactionId !== undefined && this.dedup
        ? this.events.find((event) => event.organizer.id === user.id && event.transactionId === transactionId)
        : undefined;
    if (existing) return json(201, this.render(existing, request, true));

    const event: StoredEvent = {
      id: opaqueId('AAMkAGStandIn', 45),
      organizer: user,
      created: Date.now(),
      startMs,
      endMs,
      startZone: String((body['start'] as JsonObject)['timeZone']),
      endZone: String((body['end'] as JsonObject)['timeZone']),
      changeKey: opaqueId('', 12),
      ...(transactionId !== undefined ? { transactionId } : {}),
      props: this.validatedProperties(body, subject, user),
    };
    this.events.push(event);
    return json(201, this.render(event, request, true));
  }

  listEvents(user: StandInUser, request: GraphRequest): GraphResponse {
    const filter = parseEqualityFilter(request.query.get('$filter'), ['transactionId', 'subject', 'iCalUId']);
    const top = Math.min(Number(request.query.get('$top') ?? 10) || 10, 1000);
    const skip = Math.max(Number(request.query.get('$skip') ?? 0) || 0, 0);
    const matching = this.events
      .filter((event) => event.organizer.id === user.id)
      .map((event) => this.render(event, request, false))
      .filter((event) => matchesFilter(event, filter));
    const page = matching.slice(skip, skip + top);
    const next = new URLSearchParams(request.query);
    next.set('$skip', String(skip + top));
    return json(200, {
      '@odata.context': `${GRAPH_ROOT}/$metadata#users('${user.id}')/events`,
      value: page,
      ...(skip + top < matching.length
        ? {
            '@odata.nextLink': `${request.baseUrl}/${request.segments.map(encodeURIComponent).join('/')}?${next.toString()}`,
          }
        : {}),
    });
  }

  getEvent(user: StandInUser, eventId: string, request: GraphRequest): GraphResponse {
    const event = this.events.find((candidate) => candidate.organizer.id === user.id && candidate.id === eventId);
    if (!event) throw notFound('The specified object was not found in the store.', 'ErrorItemNotFound');
    return json(200, this.render(event, request, true));
  }

  getSchedule(request: GraphRequest, directory: Directory): GraphResponse {
    return getSchedule(request, directory, this.events, this.options.scheduleMaxDays);
  }

  private validatedProperties(body: JsonObject, subject: string, user: StandInUser): JsonObject {
    const attendees = body['attendees'] ?? [];
    if (!Array.isArray(attendees)) throw badRequest("'attendees' must be a collection.", 'ErrorInvalidRequest');
    const normalisedAttendees = attendees.map((attendee) => {
      const email = isObject(attendee) ? attendee['emailAddress'] : undefined;
      if (!isObject(email) || typeof email['address'] !== 'string' || email['address'] === '') {
        throw badRequest('Every attendee needs emailAddress.address.', 'ErrorInvalidRecipients');
      }
      return {
        type: enumValue(attendee as JsonObject, 'type', ['required', 'optional', 'resource'], 'required'),
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: {
          name: typeof email['name'] === 'string' ? email['name'] : email['address'],
          address: email['address'],
        },
      };
    });
    const isOnlineMeeting = body['isOnlineMeeting'] === true;
    const provider = enumValue(
      body,
      'onlineMeetingProvider',
      PROVIDERS,
      isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    );
    // The stand-in calendar allows only teamsForBusiness (allowedOnlineMeetingProviders).
    const online = isOnlineMeeting && provider === 'teamsForBusiness';
    const threadId = `19:meeting_${Buffer.from(crypto.randomUUID()).toString('base64')}@thread.v2`;
    const context = encodeURIComponent(JSON.stringify({ Tid: this.options.tenantId, Oid: user.id }));
    const content =
      isObject(body['body']) && typeof body['body']['content'] === 'string' ? body['body']['content'] : '';
    const contentType = isObject(body['body'])
      ? enumValue(body['body'], 'contentType', ['text', 'html'], 'text')
      : 'text';
    const location =
      isObject(body['location']) && typeof body['location']['displayName'] === 'string'
        ? body['location']['displayName']
        : '';
    return {
      subject,
      bodyPreview: content
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 255),
      importance: enumValue(body, 'importance', IMPORTANCE, 'normal'),
      sensitivity: enumValue(body, 'sensitivity', SENSITIVITY, 'normal'),
      showAs: enumValue(body, 'showAs', SHOW_AS, 'busy'),
      isOnlineMeeting: online,
      onlineMeetingProvider: online ? 'teamsForBusiness' : 'unknown',
      allowNewTimeProposals: body['allowNewTimeProposals'] !== false,
      hideAttendees: body['hideAttendees'] === true,
      body: { contentType, content },
      location: { displayName: location, locationType: 'default', uniqueIdType: 'unknown' },
      attendees: normalisedAttendees,
      organizer: { emailAddress: { name: user.displayName, address: user.mail } },
      onlineMeeting: online
        ? {
            joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(threadId)}/0?context=${context}`,
            conferenceId: String(crypto.randomInt(100_000_000, 999_999_999)),
            tollNumber: null,
          }
        : null,
    };
  }

  private render(event: StoredEvent, request: GraphRequest, withContext: boolean): JsonObject {
    const zone = preference(request, 'outlook.timezone');
    const stamp = new Date(event.created).toISOString();
    return {
      ...(withContext
        ? { '@odata.context': `${GRAPH_ROOT}/$metadata#users('${event.organizer.id}')/events/$entity` }
        : {}),
      '@odata.etag': `W/"${event.changeKey}"`,
      id: event.id,
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
      changeKey: event.changeKey,
      categories: [],
      ...(event.transactionId !== undefined ? { transactionId: event.transactionId } : {}),
      originalStartTimeZone: event.startZone,
      originalEndTimeZone: event.endZone,
      iCalUId: `040000008200E00074C5B7101A82E008${crypto.createHash('sha256').update(event.id).digest('hex').slice(0, 40).toUpperCase()}`,
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      hasAttachments: false,
      isAllDay: false,
      isCancelled: false,
      isOrganizer: true,
      responseRequested: true,
      isDraft: false,
      seriesMasterId: null,
      type: 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      recurrence: null,
      locations: [],
      ...event.props,
      start: fromInstant(event.startMs, zone),
      end: fromInstant(event.endMs, zone),
    };
  }
}

/** Resolves `/users/{id}` for the calendar routes: Graph's 404 for an unknown mailbox. */
export function calendarUser(directory: Directory, id: string): StandInUser {
  const user = directory.find(id);
  if (!user) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`);
  return user;
}
