/**
 * The development personas (the stand-in's development directory, tools/graph-standin/seed/directory.json,
 * resolved through config/organisations.json's groups) as actors: tests that run the real app use them.
 */
import { loadOrgConfig } from '../../src/config/org-config';
import type { Actor } from '../../src/domain/actor';
import type { DirectoryMember } from '../../src/domain/directory';
import { developmentMembers } from '../../tools/graph-standin/in-process';

let cached: DirectoryMember[] | undefined;

/** Every development persona as the directory sync caches them. */
export function personas(): DirectoryMember[] {
  cached ??= developmentMembers(loadOrgConfig().orgUnits);
  return cached;
}

export function persona(name: string): Actor & { readonly email: string | null } {
  const m = personas().find((x) => x.displayName === name);
  if (!m) throw new Error(`no development persona ${name}`);
  return {
    tenantId: m.tenantId,
    objectId: m.objectId,
    displayName: m.displayName,
    orgUnitId: m.orgUnitId,
    roles: m.roles,
    email: m.email,
  };
}
