/**
 * Directory reads with Graph's shapes: a user, a group's transitive user members
 * (`/groups/{id}/transitiveMembers/microsoft.graph.user`) and a user's transitive groups
 * (`/users/{id}/transitiveMemberOf`), paged (`@odata.nextLink` with `$skiptoken`) and trimmed by `$select`.
 */
import type { Directory, StandInGroup, StandInUser } from './directory';
import { page } from './paging';
import { GRAPH_ROOT, json, type GraphRequest, type GraphResponse, type JsonObject } from './protocol';

const USER_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

function userShape(user: StandInUser): JsonObject {
  const [givenName, ...rest] = user.displayName.split(' ');
  return {
    '@odata.type': '#microsoft.graph.user',
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: givenName ?? null,
    surname: rest.join(' ') || null,
    jobTitle: user.jobTitle ?? null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    userPrincipalName: user.userPrincipalName,
  };
}

function groupShape(group: StandInGroup): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.group',
    id: group.id,
    displayName: group.displayName,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
  };
}

/** `$select`: only the named properties (and always `id` and the `@odata.type` of a cast-free collection). */
function select(
  request: GraphRequest,
  item: JsonObject,
  defaults: readonly string[] | null,
  keepType: boolean,
): JsonObject {
  const raw = request.query.get('$select');
  const names = raw
    ? raw
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
    : defaults;
  if (names === null) return item;
  const out: JsonObject = keepType ? { '@odata.type': item['@odata.type'] } : {};
  for (const name of names) if (name in item) out[name] = item[name];
  if (!('id' in out)) out['id'] = item['id'];
  return out;
}

export function getUser(directory: Directory, id: string, request: GraphRequest): GraphResponse {
  const user = select(request, userShape(directory.user(id)), USER_DEFAULT, false);
  return json(200, { '@odata.context': `${GRAPH_ROOT}/$metadata#users/$entity`, ...user });
}

export function getGroup(directory: Directory, id: string, request: GraphRequest): GraphResponse {
  return json(200, {
    '@odata.context': `${GRAPH_ROOT}/$metadata#groups/$entity`,
    ...select(request, groupShape(directory.group(id)), null, false),
  });
}

/** `/groups/{id}/transitiveMembers[/microsoft.graph.user]`: the users in the group and its nested groups. */
export function groupUsers(
  directory: Directory,
  id: string,
  request: GraphRequest,
  pageSize: number,
  cast: boolean,
): GraphResponse {
  const value = directory
    .transitiveUsers(id)
    .map((user) => select(request, userShape(user), cast ? USER_DEFAULT : null, !cast));
  return json(200, {
    '@odata.context': `${GRAPH_ROOT}/$metadata#${cast ? 'users' : 'directoryObjects'}`,
    ...page(request, value, pageSize),
  });
}

/** `/users/{id}/transitiveMemberOf[/microsoft.graph.group]`: the groups the user is in, directly or nested. */
export function userGroups(
  directory: Directory,
  id: string,
  request: GraphRequest,
  pageSize: number,
  cast: boolean,
): GraphResponse {
  const value = directory.transitiveGroupsOf(id).map((group) => select(request, groupShape(group), null, !cast));
  return json(200, {
    '@odata.context': `${GRAPH_ROOT}/$metadata#${cast ? 'groups' : 'directoryObjects'}`,
    ...page(request, value, pageSize),
  });
}
