/**
 * The Teams meetings behind the calendar's online events: find one by its join link
 * (`GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '…'`) and change its lobby bypass
 * (`PATCH /users/{id}/onlineMeetings/{meetingId}` with `lobbyBypassSettings`). App-only, Graph
 * answers 403 unless an application access policy grants the app the organiser: the stand-in
 * does the same when `applicationAccessPolicy` is off. A new meeting's lobby starts as the most
 * open tenant policy would leave it (everyone bypasses), so a test sees what Samsyn narrows.
 */
import crypto from 'node:crypto';
import type { StoredEvent } from './calendar';
import type { StandInUser } from './directory';
import {
  GRAPH_ROOT,
  GraphError,
  badRequest,
  isObject,
  json,
  notFound,
  parseEqualityFilter,
  requireBody,
  type GraphRequest,
  type GraphResponse,
  type JsonObject,
} from './protocol';

const SCOPES = [
  'organizer',
  'organization',
  'organizationAndFederated',
  'everyone',
  'invited',
  'organizationExcludingGuests',
];

export const initialLobby: JsonObject = { scope: 'everyone', isDialInBypassEnabled: false };

export class OnlineMeetings {
  /** Whether the tenant admin granted the app an application access policy (Graph's 403 without). */
  applicationAccessPolicy = true;

  constructor(private readonly eventsOf: (user: StandInUser) => StoredEvent[]) {}

  private static idOf(event: StoredEvent): string {
    return `MSo${crypto.createHash('sha256').update(event.id).digest('base64url').slice(0, 40)}`;
  }

  private static joinUrlOf(event: StoredEvent): string | null {
    const online = event.props['onlineMeeting'];
    return isObject(online) && typeof online['joinUrl'] === 'string' ? online['joinUrl'] : null;
  }

  private requirePolicy(user: StandInUser): void {
    if (!this.applicationAccessPolicy)
      throw new GraphError(
        403,
        'Forbidden',
        `No application access policy grants this app access to online meetings of user '${user.id}' (development stand-in).`,
      );
  }

  private render(user: StandInUser, event: StoredEvent, joinUrl: string): JsonObject {
    return {
      id: OnlineMeetings.idOf(event),
      joinWebUrl: joinUrl,
      subject: event.props['subject'] ?? null,
      startDateTime: new Date(event.startMs).toISOString(),
      endDateTime: new Date(event.endMs).toISOString(),
      participants: { organizer: { identity: { user: { id: user.id, displayName: user.displayName } } } },
      lobbyBypassSettings: event.lobbyBypassSettings ?? initialLobby,
    };
  }

  list(user: StandInUser, request: GraphRequest): GraphResponse {
    this.requirePolicy(user);
    const filter = parseEqualityFilter(request.query.get('$filter'), ['JoinWebUrl']);
    const url = filter.get('JoinWebUrl');
    if (url === undefined) throw badRequest("Filter by JoinWebUrl eq '…' (the only query app-only access allows).");
    const found = this.eventsOf(user).filter((e) => OnlineMeetings.joinUrlOf(e) === url);
    return json(200, {
      '@odata.context': `${GRAPH_ROOT}/$metadata#users('${user.id}')/onlineMeetings`,
      value: found.map((e) => this.render(user, e, url)),
    });
  }

  update(user: StandInUser, meetingId: string, request: GraphRequest): GraphResponse {
    this.requirePolicy(user);
    const event = this.eventsOf(user).find((e) => OnlineMeetings.idOf(e) === meetingId);
    const joinUrl = event ? OnlineMeetings.joinUrlOf(event) : null;
    if (!event || joinUrl === null) throw notFound('The online meeting was not found.', 'NotFound');
    const body = requireBody(request);
    const lobby = body['lobbyBypassSettings'];
    if (lobby !== undefined) {
      if (!isObject(lobby)) throw badRequest("'lobbyBypassSettings' must be an object.");
      const scope = lobby['scope'] ?? 'organization';
      if (typeof scope !== 'string' || !SCOPES.includes(scope))
        throw badRequest(`Unknown lobby bypass scope '${String(scope)}'.`);
      event.lobbyBypassSettings = { scope, isDialInBypassEnabled: lobby['isDialInBypassEnabled'] === true };
    }
    return json(200, this.render(user, event, joinUrl));
  }
}
