/**
 * The directory sync: the membership cache follows the Entra groups each unit names. Run at start
 * and then every DIRECTORY_SYNC_SECONDS (default 300) on every instance, so a person removed from
 * their groups loses access within that interval. A group that cannot be read leaves the tenant's
 * cache as it was (a Graph outage must not lock everyone out); the next run tries again. Each tenant
 * — the host's and every partner's (decision 0008) — is read from its own directory and replaced on its
 * own, so one partner's outage or withdrawn consent leaves the other tenants' sync untouched.
 */
import type { Actor } from '../domain/actor';
import {
  groupIdsOf,
  resolveMembership,
  type DirectoryMember,
  type DirectoryUnit,
  type DirectoryUser,
} from '../domain/directory';
import type { TenantDirectories } from './directory-port';

export interface MembershipStore {
  replace(
    tenantId: string,
    members: readonly DirectoryMember[],
  ): Promise<{ added: readonly string[]; removed: readonly string[] }>;
  /** Caches the member; returns them acting for the unit they chose, if they chose one their groups give. */
  upsert(member: DirectoryMember): Promise<DirectoryMember>;
}

export interface SyncResult {
  readonly tenantId: string;
  readonly members: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Some tenants could not be read (their caches are kept); `synced` holds the tenants that were replaced. */
export class DirectorySyncFailed extends Error {
  constructor(
    readonly synced: readonly SyncResult[],
    readonly failed: readonly { readonly tenantId: string; readonly error: unknown }[],
  ) {
    super(`directory sync failed for tenant(s) ${failed.map((f) => f.tenantId).join(', ')}`);
    this.name = 'DirectorySyncFailed';
  }
}

/**
 * Reads every configured group of every tenant from that tenant's directory and replaces each tenant's
 * membership cache. Throws DirectorySyncFailed after the others are done when a tenant could not be read.
 */
export async function syncDirectory(
  directories: TenantDirectories,
  units: readonly DirectoryUnit[],
  store: MembershipStore,
): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  const failed: { tenantId: string; error: unknown }[] = [];
  for (const tenantId of [...new Set(units.map((u) => u.tenantId))]) {
    try {
      const directory = directories(tenantId);
      const membersOf = new Map<string, DirectoryUser[]>();
      for (const groupId of groupIdsOf(units, tenantId)) membersOf.set(groupId, await directory.groupUsers(groupId));
      const members = resolveMembership(units, tenantId, membersOf);
      const change = await store.replace(tenantId, members);
      results.push({ tenantId, members: members.length, added: change.added, removed: change.removed });
    } catch (error) {
      failed.push({ tenantId, error });
    }
  }
  if (failed.length > 0) throw new DirectorySyncFailed(results, failed);
  return results;
}

/**
 * Someone the cache does not know (added to a group since the last sync): their groups are looked
 * up at once, and when one of them is configured they are cached and act right away. Null: not in Samsyn.
 */
export async function lookUpMember(
  directories: TenantDirectories,
  units: readonly DirectoryUnit[],
  store: MembershipStore,
  tenantId: string,
  objectId: string,
): Promise<Actor | null> {
  const configured = new Set(groupIdsOf(units, tenantId));
  if (configured.size === 0) return null;
  // Asked of the person's own tenant only: a partner's object id means nothing in the host's directory.
  const directory = directories(tenantId);
  const groups = (await directory.userGroupIds(objectId))
    .map((id) => id.toLowerCase())
    .filter((id) => configured.has(id));
  if (groups.length === 0) return null;
  const user = await directory.user(objectId);
  if (user === null) return null;
  const member = resolveMembership(units, tenantId, new Map(groups.map((id) => [id, [user]])))[0];
  if (member === undefined) return null;
  const acting = await store.upsert(member);
  return {
    tenantId,
    objectId: acting.objectId,
    displayName: acting.displayName,
    orgUnitId: acting.orgUnitId,
    roles: acting.roles,
  };
}
