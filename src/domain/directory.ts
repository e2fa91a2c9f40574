/**
 * Who acts for which unit, from Entra ID: each unit names, per role, the security groups whose
 * (transitive) members hold that role for it. Pure: the groups' members come from a port.
 */
import { actorRoles, type ActorRole } from './actor';

/** The groups of one unit, by the role their members get (any of them makes the member act for the unit). */
export type UnitGroups = Partial<Record<ActorRole, readonly string[]>>;

export interface DirectoryUnit {
  readonly id: string;
  readonly tenantId: string;
  readonly groups: UnitGroups;
}

/** A user as the directory (Graph) gives it. */
export interface DirectoryUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly userPrincipalName: string | null;
  readonly jobTitle: string | null;
}

/** One unit a person's groups let them act for, with the roles they hold there. */
export interface UnitRoles {
  readonly orgUnitId: string;
  readonly roles: readonly ActorRole[];
}

/** One row of the membership cache: the person, the unit they act for and their roles there. */
export interface DirectoryMember {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly orgUnitId: string;
  readonly roles: readonly ActorRole[];
  /** Every unit their groups give, in configuration order (absent: only `orgUnitId`). */
  readonly units?: readonly UnitRoles[];
}

/** The units a member may act for (at least the one they act for now). */
export function unitsOf(member: Pick<DirectoryMember, 'orgUnitId' | 'roles' | 'units'>): readonly UnitRoles[] {
  return member.units && member.units.length > 0
    ? member.units
    : [{ orgUnitId: member.orgUnitId, roles: member.roles }];
}

/**
 * The member acting for the unit they chose, when their groups still give it; otherwise unchanged
 * (the first unit in configuration order). A choice is never a way into a unit one's groups do not give.
 */
export function actingFor(member: DirectoryMember, chosenUnitId: string | null | undefined): DirectoryMember {
  const chosen = chosenUnitId ? unitsOf(member).find((u) => u.orgUnitId === chosenUnitId) : undefined;
  return chosen ? { ...member, orgUnitId: chosen.orgUnitId, roles: chosen.roles } : member;
}

/** Every group id a tenant's units name (each once). */
export function groupIdsOf(units: readonly DirectoryUnit[], tenantId: string): string[] {
  return [
    ...new Set(
      units
        .filter((u) => u.tenantId === tenantId)
        .flatMap((u) => actorRoles.flatMap((role) => u.groups[role] ?? []))
        .map((id) => id.toLowerCase()),
    ),
  ];
}

/**
 * The membership of a tenant from its groups' members. A person in groups of several units acts
 * for the first of them in configuration order until they choose another (`actingFor`), with the
 * roles of that unit's groups they are in; `units` lists them all. Someone in no configured group is not in Samsyn.
 */
export function resolveMembership(
  units: readonly DirectoryUnit[],
  tenantId: string,
  membersOf: ReadonlyMap<string, readonly DirectoryUser[]>,
): DirectoryMember[] {
  const byUser = new Map<string, DirectoryMember>();
  for (const unit of units.filter((u) => u.tenantId === tenantId)) {
    const roles = new Map<string, { user: DirectoryUser; roles: Set<ActorRole> }>();
    for (const role of actorRoles) {
      for (const groupId of unit.groups[role] ?? []) {
        for (const user of membersOf.get(groupId.toLowerCase()) ?? []) {
          const key = user.id.toLowerCase();
          const entry = roles.get(key) ?? { user, roles: new Set<ActorRole>() };
          entry.roles.add(role);
          roles.set(key, entry);
        }
      }
    }
    for (const [key, { user, roles: held }] of roles) {
      const here: UnitRoles = { orgUnitId: unit.id, roles: actorRoles.filter((r) => held.has(r)) };
      const known = byUser.get(key);
      if (known) {
        byUser.set(key, { ...known, units: [...unitsOf(known), here] });
        continue;
      }
      byUser.set(key, {
        tenantId,
        objectId: user.id,
        displayName: user.displayName,
        email: user.mail ?? user.userPrincipalName,
        orgUnitId: here.orgUnitId,
        roles: here.roles,
        units: [here],
      });
    }
  }
  return [...byUser.values()];
}
