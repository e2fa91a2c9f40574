/**
 * The stand-in's user directory: the development personas from config/organisations.json (read
 * from the path the caller passes) plus any users given in options. With no users at all the
 * directory is "open": any id or UPN is accepted and becomes a user on first use.
 */
import fs from 'node:fs';
import { isObject } from './protocol';

export interface StandInUser {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
  tenantId: string;
}

export const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-00000000a001';
export const DEFAULT_MAIL_DOMAIN = 'samsyn-dev.example';

function mailbox(displayName: string, domain: string): string {
  const local = displayName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
  return `${local || 'user'}@${domain}`;
}

/**
 * Personas from an organisations.json file: `members[]` with objectId, displayName, tenantId and
 * optionally email/mail/userPrincipalName (otherwise an address is made up from the display name).
 */
export function loadOrganisationUsers(path: string, mailDomain = DEFAULT_MAIL_DOMAIN): StandInUser[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(path, 'utf8'));
  const members = isObject(parsed) && Array.isArray(parsed['members']) ? parsed['members'] : [];
  return members.filter(isObject).flatMap((member) => {
    const id = member['objectId'];
    const displayName = member['displayName'];
    if (typeof id !== 'string' || typeof displayName !== 'string') return [];
    const given = [member['email'], member['mail'], member['userPrincipalName']].find((value): value is string => typeof value === 'string' && value.includes('@'));
    const mail = given ?? mailbox(displayName, mailDomain);
    const userPrincipalName = typeof member['userPrincipalName'] === 'string' ? member['userPrincipalName'] : mail;
    const tenantId = typeof member['tenantId'] === 'string' ? member['tenantId'] : DEFAULT_TENANT_ID;
    return [{ id, displayName, mail, userPrincipalName, tenantId }];
  });
}

export class Directory {
  private users = new Map<string, StandInUser>();
  readonly open: boolean;

  constructor(private readonly seed: StandInUser[], readonly tenantId: string, private readonly mailDomain: string) {
    this.open = seed.length === 0;
    this.reset();
  }

  /** Back to the seeded users (forgets users an open directory made up). */
  reset(): void {
    this.users = new Map(this.seed.map((user) => [user.id.toLowerCase(), user]));
  }

  list(): StandInUser[] {
    return [...this.users.values()];
  }

  /** By object id, mail or UPN (case-insensitive); in an open directory unknown ids become users. */
  find(idOrUpn: string): StandInUser | undefined {
    const key = idOrUpn.toLowerCase();
    const known = this.users.get(key) ?? this.list().find((user) => user.mail.toLowerCase() === key || user.userPrincipalName.toLowerCase() === key);
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
}
