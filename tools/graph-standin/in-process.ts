/**
 * The stand-in's directory as the app's DirectoryPort without HTTP: tests can hand the app a running
 * stand-in's directory, and take the personas as the sync would cache them. Tests only.
 */
import type { DirectoryPort } from '../../src/app/directory-port';
import {
  groupIdsOf,
  resolveMembership,
  type DirectoryMember,
  type DirectoryUnit,
  type DirectoryUser,
} from '../../src/domain/directory';
import {
  DEFAULT_MAIL_DOMAIN,
  DEVELOPMENT_DIRECTORY,
  Directory,
  loadDirectorySeed,
  type StandInUser,
} from './directory';
import { GraphError } from './protocol';

const shape = (u: StandInUser): DirectoryUser => ({
  id: u.id,
  displayName: u.displayName,
  mail: u.mail,
  userPrincipalName: u.userPrincipalName,
  jobTitle: u.jobTitle ?? null,
});

export function inProcessDirectory(directory: Directory): DirectoryPort {
  const orNull = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) return null;
      throw err;
    }
  };
  return {
    groupUsers: async (groupId) => directory.transitiveUsers(groupId).map(shape),
    userGroupIds: async (userId) => orNull(() => directory.transitiveGroupsOf(userId).map((g) => g.id)) ?? [],
    user: async (userId) => orNull(() => shape(directory.user(userId))),
  };
}

/** The development directory (tools/graph-standin/seed/directory.json) as a fresh in-memory stand-in directory. */
export function developmentStandInDirectory(file: string = DEVELOPMENT_DIRECTORY): {
  port: DirectoryPort;
  directory: Directory;
} {
  const seed = loadDirectorySeed(file);
  const directory = new Directory(seed.users, seed.tenantId, DEFAULT_MAIL_DOMAIN, seed.groups);
  return { port: inProcessDirectory(directory), directory };
}

/** The development personas as the sync would cache them for these units (tests and the bench act as them). */
export function developmentMembers(
  units: readonly DirectoryUnit[],
  file: string = DEVELOPMENT_DIRECTORY,
): DirectoryMember[] {
  const { directory } = developmentStandInDirectory(file);
  const tenants = [...new Set(units.map((u) => u.tenantId))];
  return tenants.flatMap((tenantId) =>
    resolveMembership(
      units,
      tenantId,
      new Map(groupIdsOf(units, tenantId).map((id) => [id, directory.transitiveUsers(id).map(shape)])),
    ),
  );
}
