/**
 * The Graph v1.0 routes the stand-in implements, and path parsing shared by the HTTP front
 * and $batch. Anything else answers 501 so nobody mistakes a gap in the stand-in for Graph.
 */
import type { AppCatalog } from './app-catalog';
import { calendarUser, type CalendarStore } from './calendar';
import type { TeamsStore } from './channels';
import type { Directory } from './directory';
import type { OnlineMeetings } from './online-meetings';
import { getGroup, getUser, groupUsers, userGroups } from './directory-routes';
import { GraphError, badRequest, type GraphRequest, type GraphResponse } from './protocol';

export interface StandInState {
  directory: Directory;
  calendar: CalendarStore;
  onlineMeetings: OnlineMeetings;
  teams: TeamsStore;
  catalog: AppCatalog;
  /** Items per page of the paged directory collections. */
  pageSize: number;
}

type Handler = (state: StandInState, params: string[], request: GraphRequest) => GraphResponse;

interface Route {
  pattern: string[];
  methods: Record<string, Handler>;
}

const p = (params: string[], index: number): string => params[index] ?? '';

const ROUTES: Route[] = [
  { pattern: ['users', '*'], methods: { GET: (s, a, r) => getUser(s.directory, p(a, 0), r) } },
  {
    pattern: ['users', '*', 'transitiveMemberOf'],
    methods: { GET: (s, a, r) => userGroups(s.directory, p(a, 0), r, s.pageSize, false) },
  },
  {
    pattern: ['users', '*', 'transitiveMemberOf', 'microsoft.graph.group'],
    methods: { GET: (s, a, r) => userGroups(s.directory, p(a, 0), r, s.pageSize, true) },
  },
  { pattern: ['groups', '*'], methods: { GET: (s, a, r) => getGroup(s.directory, p(a, 0), r) } },
  {
    pattern: ['groups', '*', 'transitiveMembers'],
    methods: { GET: (s, a, r) => groupUsers(s.directory, p(a, 0), r, s.pageSize, false) },
  },
  {
    pattern: ['groups', '*', 'transitiveMembers', 'microsoft.graph.user'],
    methods: { GET: (s, a, r) => groupUsers(s.directory, p(a, 0), r, s.pageSize, true) },
  },
  {
    pattern: ['users', '*', 'events'],
    methods: {
      GET: (s, a, r) => s.calendar.listEvents(calendarUser(s.directory, p(a, 0)), r),
      POST: (s, a, r) => s.calendar.createEvent(calendarUser(s.directory, p(a, 0)), r),
    },
  },
  {
    pattern: ['users', '*', 'events', '*'],
    methods: {
      GET: (s, a, r) => s.calendar.getEvent(calendarUser(s.directory, p(a, 0)), p(a, 1), r),
    },
  },
  {
    pattern: ['users', '*', 'onlineMeetings'],
    methods: { GET: (s, a, r) => s.onlineMeetings.list(calendarUser(s.directory, p(a, 0)), r) },
  },
  {
    pattern: ['users', '*', 'onlineMeetings', '*'],
    methods: { PATCH: (s, a, r) => s.onlineMeetings.update(calendarUser(s.directory, p(a, 0)), p(a, 1), r) },
  },
  {
    pattern: ['users', '*', 'calendar', 'getSchedule'],
    methods: {
      POST: (s, a, r) => (calendarUser(s.directory, p(a, 0)), s.calendar.getSchedule(r, s.directory)),
    },
  },
  {
    pattern: ['teams', '*', 'channels'],
    methods: {
      GET: (s, a, r) => s.teams.listChannels(p(a, 0), r),
      POST: (s, a, r) => s.teams.createChannel(p(a, 0), r),
    },
  },
  {
    pattern: ['teams', '*', 'channels', '*'],
    methods: {
      GET: (s, a) => s.teams.getChannel(p(a, 0), p(a, 1)),
      PATCH: (s, a, r) => s.teams.patchChannel(p(a, 0), p(a, 1), r),
      DELETE: (s, a) => s.teams.deleteChannel(p(a, 0), p(a, 1)),
    },
  },
  {
    pattern: ['teams', '*', 'channels', '*', 'members'],
    methods: {
      GET: (s, a, r) => s.teams.listMembers(p(a, 0), p(a, 1), r),
      POST: (s, a, r) => s.teams.addMember(p(a, 0), p(a, 1), r),
    },
  },
  {
    pattern: ['teams', '*', 'channels', '*', 'members', '*'],
    methods: {
      GET: (s, a) => s.teams.getMember(p(a, 0), p(a, 1), p(a, 2)),
      DELETE: (s, a) => s.teams.removeMember(p(a, 0), p(a, 1), p(a, 2)),
    },
  },
  {
    pattern: ['teams', '*', 'channels', '*', 'enabledApps', '$ref'],
    methods: {
      POST: (s, a, r) =>
        s.teams.enableApp(p(a, 0), p(a, 1), r, (reference) => s.catalog.resolve(reference, '@odata.id').id),
    },
  },
  {
    pattern: ['teams', '*', 'channels', '*', 'archive'],
    methods: {
      POST: (s, a) => s.teams.archiveChannel(p(a, 0), p(a, 1)),
    },
  },
  {
    pattern: ['chats', '*', 'installedApps'],
    methods: {
      // Installing an app in a (meeting) chat: 201, recorded with its consentedPermissionSet; again → 409.
      POST: (s, a, r) => s.catalog.installInChat(p(a, 0), r),
    },
  },
  {
    pattern: ['users', '*', 'teamwork', 'installedApps'],
    methods: {
      // Installing the app in a user's personal scope: 201; again → 409.
      POST: (s, a, r) => s.catalog.installForUser(p(a, 0), r),
    },
  },
  {
    pattern: ['appCatalogs', 'teamsApps'],
    methods: {
      GET: (s, _a, r) => s.catalog.list(r),
    },
  },
  {
    pattern: ['appCatalogs', 'teamsApps', '*'],
    methods: {
      GET: (s, a) => s.catalog.get(p(a, 0)),
    },
  },
  {
    pattern: ['teams', '*', 'operations', '*'],
    methods: {
      GET: (s, a, r) => s.teams.getOperation(p(a, 0), p(a, 1), r),
    },
  },
];

/**
 * Decoded segments of a path below /v1.0. OData key syntax is unfolded:
 * `/teams('x')/channels('y')` gives the same segments as `/teams/x/channels/y`.
 */
export function pathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .flatMap((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw badRequest(`The path segment '${segment}' is not valid percent-encoding.`);
      }
      const key = /^([^(]+)\('(.*)'\)$/.exec(decoded);
      return key ? [key[1] ?? '', (key[2] ?? '').replace(/''/g, "'")] : [decoded];
    });
}

export function route(state: StandInState, request: GraphRequest): GraphResponse {
  for (const candidate of ROUTES) {
    if (candidate.pattern.length !== request.segments.length) continue;
    const params: string[] = [];
    const matches = candidate.pattern.every((part, index) => {
      const segment = request.segments[index] ?? '';
      if (part === '*') return params.push(segment) > 0;
      return part.toLowerCase() === segment.toLowerCase();
    });
    if (!matches) continue;
    const handler = candidate.methods[request.method];
    if (!handler)
      throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    return handler(state, params, request);
  }
  throw new GraphError(
    501,
    'NotImplementedByStandIn',
    `The Graph development stand-in does not implement ${request.method} /v1.0${request.path}.`,
  );
}
