/**
 * The directory from Entra ID through Microsoft Graph (application permissions User.Read.All and
 * GroupMember.Read.All): a group's transitive user members and a user's transitive groups, every page
 * followed through the SDK's PageIterator, each asking only for the properties Samsyn keeps ($select).
 */
import type { Client, PageCollection } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import type { DirectoryPort, TenantDirectories } from '../app/directory-port';
import type { DirectoryUser } from '../domain/directory';
import { allPages } from './paging';

export const userProperties = ['id', 'displayName', 'mail', 'userPrincipalName', 'jobTitle'] as const;

function toDirectoryUser(u: User): DirectoryUser | null {
  if (!u.id) return null;
  return {
    id: u.id,
    displayName: u.displayName ?? u.userPrincipalName ?? u.id,
    mail: u.mail ?? null,
    userPrincipalName: u.userPrincipalName ?? null,
    jobTitle: u.jobTitle ?? null,
  };
}

const isNotFound = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { statusCode?: unknown }).statusCode === 404;

export function graphDirectory(graph: Client): DirectoryPort {
  return {
    async groupUsers(groupId) {
      const first = (await graph
        .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
        .select([...userProperties])
        .top(999)
        .get()) as PageCollection;
      return (await allPages<User>(graph, first)).flatMap((u) => toDirectoryUser(u) ?? []);
    },
    async userGroupIds(userId) {
      try {
        const first = (await graph
          .api(`/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.group`)
          .select(['id'])
          .top(999)
          .get()) as PageCollection;
        return (await allPages<{ id?: string }>(graph, first)).flatMap((g) => (g.id ? [g.id] : []));
      } catch (err) {
        if (isNotFound(err)) return [];
        throw err;
      }
    },
    async user(userId) {
      try {
        return toDirectoryUser(
          (await graph
            .api(`/users/${encodeURIComponent(userId)}`)
            .select([...userProperties])
            .get()) as User,
        );
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
  };
}

/**
 * One directory per tenant (decision 0008): the host's Graph client for the host tenant and, for each
 * listed partner tenant, a client whose token that tenant issues (made on first use, then kept). A
 * tenant that is neither has no directory: asking for it is a configuration error.
 */
export function graphDirectories(
  hostTenantId: string,
  partnerTenantIds: readonly string[],
  clientFor: (partnerTenantId?: string) => Client,
): TenantDirectories {
  const host = graphDirectory(clientFor());
  const partners = new Map<string, DirectoryPort>();
  return (tenantId) => {
    const id = tenantId.toLowerCase();
    if (id === hostTenantId.toLowerCase()) return host;
    if (!partnerTenantIds.some((p) => p.toLowerCase() === id))
      throw new Error(`tenant ${tenantId} is neither the host tenant nor a listed partner tenant`);
    let directory = partners.get(id);
    if (directory === undefined) {
      directory = graphDirectory(clientFor(id));
      partners.set(id, directory);
    }
    return directory;
  };
}
