/**
 * The stand-in's tenants (decision 0008): the host's directory and partner tenants' own directories.
 * Real Graph answers in the tenant that issued the token; the stand-in reads the tenant from the
 * development token (`developmentCredentialFor(tenantId)`), any other token being the host's.
 */
import { developmentTokenPrefix } from '../../src/graph/graph-client';
import { Directory, loadDirectorySeed } from './directory';

export interface PartnerDirectoryOption {
  tenantId: string;
  directoryPath: string;
}

export interface StandInTenants {
  /** The tenant a request's token names (lower case), and its directory: null for the host, undefined for a tenant not served. */
  of(authorization: string | undefined): { tenantId: string; directory: Directory | null | undefined };
  /** A partner tenant's directory (undefined: not served). */
  partner(tenantId: string): Directory | undefined;
  reset(): void;
}

export function standInTenants(
  hostTenantId: string,
  partners: readonly PartnerDirectoryOption[],
  mailDomain: string,
): StandInTenants {
  const directories = new Map(
    partners.map(({ tenantId, directoryPath }) => {
      const seed = loadDirectorySeed(directoryPath, mailDomain);
      const people = seed.users.map((u) => ({ ...u, tenantId }));
      return [tenantId.toLowerCase(), new Directory(people, tenantId, mailDomain, seed.groups)] as const;
    }),
  );
  const host = hostTenantId.toLowerCase();
  return {
    of(authorization) {
      const token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1] ?? '';
      const tenantId = token.startsWith(developmentTokenPrefix)
        ? token.slice(developmentTokenPrefix.length).toLowerCase()
        : host;
      return { tenantId, directory: tenantId === host ? null : directories.get(tenantId) };
    },
    partner: (tenantId) => directories.get(tenantId.toLowerCase()),
    reset() {
      for (const directory of directories.values()) directory.reset();
    },
  };
}
