/**
 * The stand-in's user directory: users and security groups with Graph's shapes. Seeded from a
 * directory file (tools/graph-standin/seed/directory.json: the development personas and the groups
 * config/organisations.json names per unit), from an organisations-style file of `members[]`
 * (people only, older fixtures), and from users given in options. With no users at all the
 * directory is "open": any id or UPN is accepted and becomes a user on first use. Group members
 * may be users or other groups (transitive membership follows nested groups).
 */
import fs from 'node:fs';
import { developmentDirectoryFile } from '../../src/config/development-directory';
import { badRequest, isObject, notFound } from './protocol';

export interface StandInUser {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
  tenantId: string;
  jobTitle?: string | null;
}

export interface StandInGroup {
  id: string;
  displayName: string;
  /** Ids of member users or nested groups, in the order they were added. */
  members: string[];
}

export const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-00000000a001';
export const DEFAULT_MAIL_DOMAIN = 'samsyn-dev.example';

/** The development directory: personas and the groups the development configuration names. */
export const DEVELOPMENT_DIRECTORY = developmentDirectoryFile;

function mailbox(displayName: string, domain: string): string {
  const local = displayName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local || 'user'}@${domain}`;
}

/**
 * Personas from an organisations-style file: `members[]` with objectId, displayName, tenantId and
 * optionally email/mail/userPrincipalName (otherwise an address is made up from the display name).
 */
export function loadOrganisationUsers(file: string, mailDomain = DEFAULT_MAIL_DOMAIN): StandInUser[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const members = isObject(parsed) && Array.isArray(parsed['members']) ? parsed['members'] : [];
  return members.filter(isObject).flatMap((member) => {
    const id = member['objectId'];
    const displayName = member['displayName'];
    if (typeof id !== 'string' || typeof displayName !== 'string') return [];
    const given = [member['email'], member['mail'], member['userPrincipalName']].find(
      (value): value is string => typeof value === 'string' && value.includes('@'),
    );
    const mail = given ?? mailbox(displayName, mailDomain);
    const userPrincipalName = typeof member['userPrincipalName'] === 'string' ? member['userPrincipalName'] : mail;
    const tenantId = typeof member['tenantId'] === 'string' ? member['tenantId'] : DEFAULT_TENANT_ID;
    return [{ id, displayName, mail, userPrincipalName, tenantId }];
  });
}

export interface DirectorySeed {
  tenantId: string;
  users: StandInUser[];
  groups: StandInGroup[];
}

/** A directory file: `{ tenantId, users: [{ id, displayName, mail?, userPrincipalName?, jobTitle? }], groups: [{ id, displayName, members: [id] }] }`. */
export function loadDirectorySeed(
  file: string = DEVELOPMENT_DIRECTORY,
  mailDomain = DEFAULT_MAIL_DOMAIN,
): DirectorySeed {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isObject(parsed)) throw new Error(`${file}: not a directory file`);
  const tenantId = typeof parsed['tenantId'] === 'string' ? parsed['tenantId'] : DEFAULT_TENANT_ID;
  const users = (Array.isArray(parsed['users']) ? parsed['users'] : []).filter(isObject).flatMap((u): StandInUser[] => {
    const id = u['id'];
    const displayName = u['displayName'];
    if (typeof id !== 'string' || typeof displayName !== 'string') return [];
    const mail = typeof u['mail'] === 'string' ? u['mail'] : mailbox(displayName, mailDomain);
    const upn = typeof u['userPrincipalName'] === 'string' ? u['userPrincipalName'] : mail;
    return [
      {
        id,
        displayName,
        mail,
        userPrincipalName: upn,
        tenantId: typeof u['tenantId'] === 'string' ? u['tenantId'] : tenantId,
        jobTitle: typeof u['jobTitle'] === 'string' ? u['jobTitle'] : null,
      },
    ];
  });
  const groups = (Array.isArray(parsed['groups']) ? parsed['groups'] : [])
    .filter(isObject)
    .flatMap((g): StandInGroup[] => {
      const id = g['id'];
      if (typeof id !== 'string') return [];
      const members = Array.isArray(g['members']) ? g['members'].filter((m): m is string => typeof m === 'string') : [];
      return [{ id, displayName: typeof g['displayName'] === 'string' ? g['displayName'] : id, members }];
    });
  return { tenantId, users, groups };
}

export class Directory {
  private users = new Map<string, StandInUser>();
  private groups = new Map<string, StandInGroup>();
  readonly open: boolean;

  constructor(
    private readonly seed: StandInUser[],
    readonly tenantId: string,
    private readonly mailDomain: string,
    private readonly seedGroups: StandInGroup[] = [],
  ) {
    this.open = seed.length === 0;
    this.reset();
  }

  /** Back to the seeded users and groups (forgets users an open directory made up, and run-time edits). */
  reset(): void {
    this.users = new Map(this.seed.map((user) => [user.id.toLowerCase(), { ...user }]));
    this.groups = new Map(
      this.seedGroups.map((group) => [group.id.toLowerCase(), { ...group, members: [...group.members] }]),
    );
  }

  list(): StandInUser[] {
    return [...this.users.values()];
  }

  listGroups(): StandInGroup[] {
    return [...this.groups.values()].map((group) => ({ ...group, members: [...group.members] }));
  }

  /** By object id, mail or UPN (case-insensitive); in an open directory unknown ids become users. */
  find(idOrUpn: string): StandInUser | undefined {
    const key = idOrUpn.toLowerCase();
    const known =
      this.users.get(key) ??
      this.list().find((user) => user.mail.toLowerCase() === key || user.userPrincipalName.toLowerCase() === key);
    if (known || !this.open) return known;
    const mail = idOrUpn.includes('@') ? idOrUpn : `${idOrUpn}@${this.mailDomain}`;
    const created = { id: idOrUpn, displayName: idOrUpn, mail, userPrincipalName: mail, tenantId: this.tenantId };
    this.users.set(key, created);
    return created;
  }

  /** By mail or UPN only, never creating one (getSchedule takes SMTP addresses). */
  findByAddress(address: string): StandInUser | undefined {
    const key = address.toLowerCase();
    return this.list().find((user) => user.mail.toLowerCase() === key || user.userPrincipalName.toLowerCase() === key);
  }

  /** A known user (never made up, even in an open directory) or 404 as Graph answers. */
  user(idOrUpn: string): StandInUser {
    const key = idOrUpn.toLowerCase();
    const user = this.users.get(key) ?? this.list().find((u) => u.userPrincipalName.toLowerCase() === key);
    if (!user)
      throw notFound(
        `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
        'Request_ResourceNotFound',
      );
    return user;
  }

  group(id: string): StandInGroup {
    const group = this.groups.get(id.toLowerCase());
    if (!group)
      throw notFound(
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        'Request_ResourceNotFound',
      );
    return group;
  }

  /** Users in the group or any group nested in it, each once, in membership order. */
  transitiveUsers(groupId: string): StandInUser[] {
    const seen = new Set<string>();
    const found = new Map<string, StandInUser>();
    const walk = (group: StandInGroup) => {
      if (seen.has(group.id.toLowerCase())) return;
      seen.add(group.id.toLowerCase());
      for (const memberId of group.members) {
        const user = this.users.get(memberId.toLowerCase());
        if (user) found.set(user.id.toLowerCase(), user);
        const nested = this.groups.get(memberId.toLowerCase());
        if (nested) walk(nested);
      }
    };
    walk(this.group(groupId));
    return [...found.values()];
  }

  /** The groups the user is in, directly or through nested groups. */
  transitiveGroupsOf(userId: string): StandInGroup[] {
    const user = this.user(userId);
    return this.listGroups().filter((group) => this.transitiveUsers(group.id).some((u) => u.id === user.id));
  }

  addUser(input: {
    id: string;
    displayName: string;
    mail?: string;
    userPrincipalName?: string;
    jobTitle?: string;
  }): StandInUser {
    if (!input.id || !input.displayName) throw badRequest('"id" and "displayName" are required');
    const mail = input.mail ?? mailbox(input.displayName, this.mailDomain);
    const user: StandInUser = {
      id: input.id,
      displayName: input.displayName,
      mail,
      userPrincipalName: input.userPrincipalName ?? mail,
      tenantId: this.tenantId,
      jobTitle: input.jobTitle ?? null,
    };
    this.users.set(input.id.toLowerCase(), user);
    return user;
  }

  addGroup(input: { id: string; displayName?: string; members?: string[] }): StandInGroup {
    const group: StandInGroup = {
      id: input.id,
      displayName: input.displayName ?? input.id,
      members: [...(input.members ?? [])],
    };
    this.groups.set(input.id.toLowerCase(), group);
    return group;
  }

  /** Adds a user (or group) to a group; adding a member twice changes nothing. */
  addMember(groupId: string, memberId: string): void {
    const group = this.group(groupId);
    if (!this.users.has(memberId.toLowerCase()) && !this.groups.has(memberId.toLowerCase()))
      throw notFound(`No user or group '${memberId}'.`, 'Request_ResourceNotFound');
    if (!group.members.some((m) => m.toLowerCase() === memberId.toLowerCase())) group.members.push(memberId);
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.group(groupId);
    const before = group.members.length;
    group.members = group.members.filter((m) => m.toLowerCase() !== memberId.toLowerCase());
    if (group.members.length === before)
      throw notFound(`'${memberId}' is not a member of group '${groupId}'.`, 'Request_ResourceNotFound');
  }
}
