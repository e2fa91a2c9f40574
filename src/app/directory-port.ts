/** The directory (Entra ID through Microsoft Graph, or the development directory): who is in which group. */
import type { DirectoryUser } from '../domain/directory';

export interface DirectoryPort {
  /** The users in the group and in groups nested in it (every page). Throws when the group cannot be read. */
  groupUsers(groupId: string): Promise<DirectoryUser[]>;
  /** Ids of the groups the user is in, directly or nested (every page); empty for an unknown user. */
  userGroupIds(userId: string): Promise<string[]>;
  /** The user, or null when the directory does not know them. */
  user(userId: string): Promise<DirectoryUser | null>;
}

/**
 * Each tenant's directory (decision 0008): a partner's groups are read in the partner's own tenant,
 * with a token that tenant issued. The host and every partner tenant get their own port.
 */
export type TenantDirectories = (tenantId: string) => DirectoryPort;
