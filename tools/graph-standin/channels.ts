/**
 * Team channel routes: create (201 for standard/private, 202 + teamsAsyncOperation for shared),
 * list/get/patch/delete, the async operation itself, channel members and enabledApps/$ref.
 */
import crypto from 'node:crypto';
import type { Directory, StandInUser } from './directory';
import {
  GRAPH_ROOT,
  badRequest,
  empty,
  enumValue,
  isObject,
  json,
  matchesFilter,
  notFound,
  optionalString,
  parseEqualityFilter,
  preference,
  requireBody,
  userIdFromBind,
  type GraphRequest,
  type GraphResponse,
  type JsonObject,
} from './protocol';
import { DEFAULT_PAGE_SIZE, page } from './paging';

const MEMBER_TYPE = '#microsoft.graph.aadUserConversationMember';
const MEMBERSHIP_TYPES = ['standard', 'private', 'shared'] as const;
type MembershipType = (typeof MEMBERSHIP_TYPES)[number];

interface Member {
  id: string;
  user: StandInUser;
  roles: string[];
}

interface Channel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: MembershipType;
  created: number;
  members: Member[];
  enabledApps: Set<string>;
  general: boolean;
  archived: boolean;
}

interface Operation {
  id: string;
  created: number;
  polls: number;
  channel: Channel;
  done: boolean;
  finished?: number;
}
interface Team {
  id: string;
  channels: Channel[];
  operations: Map<string, Operation>;
}

/** When a shared channel's createChannel operation succeeds: after N polls answered inProgress, or after T ms. */
export interface SharedChannelTiming {
  inProgressPolls: number;
  completeAfterMs?: number;
  /**
   * Development: ids handed to new channels in turn (then random ones), so a plan channel can be a
   * channel the Agents Playground shows (its configured team channel).
   */
  handOutChannelIds?: readonly string[];
}

const newChannelId = (): string => `19:${crypto.randomBytes(16).toString('hex')}@thread.tacv2`;

export class TeamsStore {
  private teams = new Map<string, Team>();

  constructor(
    private readonly directory: Directory,
    private readonly tenantId: string,
    private readonly timing: SharedChannelTiming,
    /** Items per page of the channel and member lists (paged with `@odata.nextLink`). */
    private readonly pageSize: number = DEFAULT_PAGE_SIZE,
    /** A user of another tenant, for external members of shared channels (B2B direct connect); null: unknown there. */
    private readonly externalUser: (tenantId: string, userId: string) => StandInUser | null = () => null,
  ) {}

  addTeam(teamId: string): void {
    const general: Channel = {
      id: newChannelId(),
      displayName: 'General',
      description: null,
      membershipType: 'standard',
      created: Date.now(),
      members: [],
      enabledApps: new Set(),
      general: true,
      archived: false,
    };
    this.teams.set(teamId.toLowerCase(), { id: teamId, channels: [general], operations: new Map() });
  }

  clear(): void {
    this.teams = new Map();
  }

  createChannel(teamId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const body = requireBody(request);
    const displayName = optionalString(body, 'displayName')?.trim() ?? '';
    if (displayName === '') throw badRequest('Channel name cannot be empty.');
    if (displayName.length > 50)
      throw badRequest(`Channel name cannot be longer than 50 characters (was ${displayName.length}).`);
    const membershipType = enumValue(body, 'membershipType', MEMBERSHIP_TYPES, 'standard');
    const reserved = [
      ...team.channels,
      ...[...team.operations.values()].filter((op) => !op.done).map((op) => op.channel),
    ];
    if (reserved.some((channel) => channel.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw badRequest('Channel name already existed, please use other name.');
    }
    const used = new Set(
      [...this.teams.values()]
        .flatMap((t) => [...t.channels, ...[...t.operations.values()].map((op) => op.channel)])
        .map((c) => c.id),
    );
    const channelId = (this.timing.handOutChannelIds ?? []).find((id) => !used.has(id)) ?? newChannelId();
    const members =
      membershipType === 'standard' ? [] : this.initialMembers(body['members'], membershipType, team.id, channelId);
    const channel: Channel = {
      id: channelId,
      displayName,
      description: optionalString(body, 'description') ?? null,
      membershipType,
      created: Date.now(),
      members,
      enabledApps: new Set(),
      general: false,
      archived: false,
    };
    if (membershipType !== 'shared') {
      team.channels.push(channel);
      return json(201, this.renderChannel(team, channel, true));
    }
    const operation: Operation = { id: crypto.randomUUID(), created: Date.now(), polls: 0, channel, done: false };
    team.operations.set(operation.id, operation);
    const location = `/teams/${team.id}/operations/${operation.id}`;
    return empty(202, { 'content-location': location, location });
  }

  listChannels(teamId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const filter = parseEqualityFilter(request.query.get('$filter'), ['displayName', 'membershipType', 'id']);
    const value = team.channels
      .map((channel) => this.renderChannel(team, channel, false))
      .filter((channel) => matchesFilter(channel, filter));
    return json(200, {
      '@odata.context': `${GRAPH_ROOT}/$metadata#teams('${team.id}')/channels`,
      '@odata.count': value.length,
      ...page(request, value, this.pageSize),
    });
  }

  getChannel(teamId: string, channelId: string): GraphResponse {
    const team = this.team(teamId);
    return json(200, this.renderChannel(team, this.channel(team, channelId), true));
  }

  patchChannel(teamId: string, channelId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    const body = requireBody(request);
    if (body['membershipType'] !== undefined && body['membershipType'] !== channel.membershipType)
      throw badRequest('The membershipType of a channel cannot be changed.');
    const displayName = optionalString(body, 'displayName')?.trim();
    if (displayName !== undefined && displayName !== channel.displayName) {
      if (channel.general) throw badRequest('The General channel cannot be renamed.');
      if (displayName === '' || displayName.length > 50) throw badRequest('Channel name must be 1 to 50 characters.');
      if (
        team.channels.some(
          (other) => other !== channel && other.displayName.toLowerCase() === displayName.toLowerCase(),
        )
      ) {
        throw badRequest('Channel name already existed, please use other name.');
      }
      channel.displayName = displayName;
    }
    if (body['description'] !== undefined) channel.description = optionalString(body, 'description') ?? null;
    return empty(204);
  }

  deleteChannel(teamId: string, channelId: string): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    if (channel.general) throw badRequest('The General channel cannot be deleted.');
    team.channels = team.channels.filter((other) => other !== channel);
    return empty(204);
  }

  getOperation(teamId: string, operationId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const operation = team.operations.get(operationId);
    if (!operation) throw notFound(`Operation '${operationId}' was not found in team '${team.id}'.`);
    operation.polls += 1;
    if (operation.polls > this.timing.inProgressPolls) this.complete(team, operation);
    // createChannel is an evolvable enum member: Graph returns it only when the caller opts in.
    const optIn = (preference(request, 'include-unknown-enum-members') ?? null) !== null;
    const succeeded = operation.done;
    return json(200, {
      '@odata.context': `${GRAPH_ROOT}/$metadata#teams('${team.id}')/operations/$entity`,
      id: operation.id,
      operationType: optIn ? 'createChannel' : 'unknownFutureValue',
      createdDateTime: new Date(operation.created).toISOString(),
      status: succeeded ? 'succeeded' : 'inProgress',
      lastActionDateTime: new Date(operation.finished ?? operation.created).toISOString(),
      attemptsCount: 1,
      targetResourceId: succeeded ? operation.channel.id : null,
      targetResourceLocation: succeeded
        ? `${request.baseUrl}/teams('${team.id}')/channels('${operation.channel.id}')`
        : null,
      error: null,
    });
  }

  addMember(teamId: string, channelId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    if (channel.membershipType === 'standard')
      throw badRequest('Members can be added only to private and shared channels.');
    const candidate = this.member(requireBody(request), team.id, channel.id);
    const existing = channel.members.find((member) => member.user.id === candidate.user.id);
    if (existing)
      existing.roles = candidate.roles; // Graph answers a repeated add with the membership, not an error
    else channel.members.push(candidate);
    return json(201, this.renderMember(team, channel, existing ?? candidate, true));
  }

  listMembers(teamId: string, channelId: string, request: GraphRequest): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    const value = channel.members.map((member) => this.renderMember(team, channel, member, false));
    return json(200, {
      '@odata.context': `${GRAPH_ROOT}/$metadata#teams('${team.id}')/channels('${channel.id}')/members`,
      '@odata.count': value.length,
      ...page(request, value, this.pageSize),
    });
  }

  getMember(teamId: string, channelId: string, membershipId: string): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    return json(200, this.renderMember(team, channel, this.membership(channel, membershipId), true));
  }

  removeMember(teamId: string, channelId: string, membershipId: string): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    const member = this.membership(channel, membershipId);
    channel.members = channel.members.filter((other) => other !== member);
    return empty(204);
  }

  /** `catalogApp` resolves the `@odata.id` reference to a catalogue app id (400 malformed, 404 unknown). */
  enableApp(
    teamId: string,
    channelId: string,
    request: GraphRequest,
    catalogApp: (reference: unknown) => string,
  ): GraphResponse {
    const team = this.team(teamId);
    const channel = this.channel(team, channelId);
    const appId = catalogApp(requireBody(request)['@odata.id']);
    if (channel.membershipType !== 'shared')
      throw badRequest('Apps can be added with enabledApps only to shared channels (v1.0).');
    channel.enabledApps.add(appId);
    return empty(204);
  }

  /** channel: archive — asynchronous in Graph (202); here it takes effect at once. */
  archiveChannel(teamId: string, channelId: string): GraphResponse {
    const channel = this.channel(this.team(teamId), channelId);
    if (channel.general) throw badRequest('The General channel cannot be archived.');
    channel.archived = true;
    return empty(202);
  }

  /** For the admin view. */
  snapshot(): JsonObject[] {
    return [...this.teams.values()].map((team) => ({
      id: team.id,
      channels: team.channels.map((channel) => ({
        ...this.renderChannel(team, channel, false),
        members: channel.members.map((member) => ({
          userId: member.user.id,
          displayName: member.user.displayName,
          roles: member.roles,
        })),
        enabledApps: [...channel.enabledApps],
      })),
      pendingOperations: [...team.operations.values()]
        .filter((op) => !op.done)
        .map((op) => ({ id: op.id, displayName: op.channel.displayName, polls: op.polls })),
    }));
  }

  // ---- internals ---------------------------------------------------------------------------------

  private team(teamId: string): Team {
    const team = this.teams.get(teamId.toLowerCase());
    if (!team) throw notFound(`No team found with Group Id ${teamId}`);
    this.settle(team);
    return team;
  }

  private settle(team: Team): void {
    const { completeAfterMs } = this.timing;
    if (completeAfterMs === undefined) return;
    for (const operation of team.operations.values()) {
      if (!operation.done && Date.now() - operation.created >= completeAfterMs) this.complete(team, operation);
    }
  }

  private complete(team: Team, operation: Operation): void {
    if (operation.done) return;
    operation.done = true;
    operation.finished = Date.now();
    operation.channel.created = operation.finished;
    team.channels.push(operation.channel);
  }

  private channel(team: Team, channelId: string): Channel {
    const channel = team.channels.find((candidate) => candidate.id.toLowerCase() === channelId.toLowerCase());
    if (!channel) throw notFound(`Channel '${channelId}' was not found in team '${team.id}'.`);
    return channel;
  }

  private membership(channel: Channel, membershipId: string): Member {
    const member = channel.members.find((candidate) => candidate.id === membershipId);
    if (!member) throw notFound(`Membership '${membershipId}' was not found in channel '${channel.id}'.`);
    return member;
  }

  private member(body: JsonObject, teamId: string, channelId: string): Member {
    const type = body['@odata.type'];
    if (type === undefined) throw badRequest("'odata.type' must be specified in the request body for each member.");
    if (typeof type !== 'string' || type.toLowerCase() !== MEMBER_TYPE.toLowerCase())
      throw badRequest(`Member '@odata.type' must be '${MEMBER_TYPE}'.`);
    const userId = userIdFromBind(body['user@odata.bind']);
    if (!userId) throw badRequest("'user@odata.bind' must reference https://graph.microsoft.com/v1.0/users('{id}').");
    const roles = body['roles'] ?? [];
    if (
      !Array.isArray(roles) ||
      roles.some((role) => typeof role !== 'string' || !['owner', 'guest'].includes(role.toLowerCase()))
    ) {
      throw badRequest("'roles' must be [] or ['owner'].");
    }
    // Without `tenantId` (or with the team's own) the user is looked up in this tenant; with another
    // tenant's id, in that tenant: an external member of a shared channel (B2B direct connect).
    const tenant = body['tenantId'];
    if (tenant !== undefined && typeof tenant !== 'string') throw badRequest("'tenantId' must be a string.");
    const external = tenant !== undefined && tenant.toLowerCase() !== this.tenantId.toLowerCase();
    const user = external ? this.externalUser(tenant, userId) : this.directory.find(userId);
    if (!user) throw notFound(`User '${userId}' was not found${external ? ` in tenant '${tenant}'` : ''}.`);
    const id = Buffer.from(`0#${teamId}##${channelId}##${user.id}`).toString('base64');
    return { id, user, roles: (roles as string[]).map((role) => role.toLowerCase()) };
  }

  private initialMembers(value: unknown, membershipType: MembershipType, teamId: string, channelId: string): Member[] {
    if (value !== undefined && !Array.isArray(value)) throw badRequest("'members' must be a collection.");
    const members = (value ?? []).map((entry: unknown) => {
      if (!isObject(entry)) throw badRequest("'odata.type' must be specified in the request body for each member.");
      return this.member(entry, teamId, channelId);
    });
    const owners = members.filter((member: Member) => member.roles.includes('owner'));
    if (members.length === 0)
      throw badRequest(
        `Cannot create ${membershipType} channel, no members specified when calling from an Application.`,
      );
    if (owners.length === 0) throw badRequest(`A ${membershipType} channel needs one member with roles ['owner'].`);
    if (membershipType === 'shared' && owners.length > 1)
      throw badRequest('A shared channel can be created with only one owner; add further owners afterwards.');
    if (membershipType === 'private' && members.length > 200)
      throw badRequest('A private channel can be created with at most 200 members.');
    if (new Set(members.map((member: Member) => member.user.id)).size !== members.length)
      throw badRequest('The same user is listed more than once in members.');
    return members;
  }

  private renderChannel(team: Team, channel: Channel, withContext: boolean): JsonObject {
    return {
      ...(withContext ? { '@odata.context': `${GRAPH_ROOT}/$metadata#teams('${team.id}')/channels/$entity` } : {}),
      id: channel.id,
      createdDateTime: new Date(channel.created).toISOString(),
      displayName: channel.displayName,
      description: channel.description,
      isFavoriteByDefault: null,
      email: '',
      tenantId: this.tenantId,
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(channel.id)}/${encodeURIComponent(channel.displayName)}?groupId=${team.id}&tenantId=${this.tenantId}`,
      membershipType: channel.membershipType,
      isArchived: channel.archived,
    };
  }

  private renderMember(team: Team, channel: Channel, member: Member, withContext: boolean): JsonObject {
    return {
      ...(withContext
        ? { '@odata.context': `${GRAPH_ROOT}/$metadata#teams('${team.id}')/channels('${channel.id}')/members/$entity` }
        : {}),
      '@odata.type': MEMBER_TYPE,
      id: member.id,
      roles: member.roles,
      displayName: member.user.displayName,
      visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
      userId: member.user.id,
      email: member.user.mail,
      tenantId: member.user.tenantId,
    };
  }
}
