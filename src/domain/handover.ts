/**
 * A hand-over of the lead professional or named person role (e.g. BVC → preschool at a transition).
 * The receiver must accept it; until then the giver remains responsible.
 */
import type { PartyRole } from './case';

export const handoverRoles = ['lead-professional', 'named-person'] as const satisfies readonly PartyRole[];
export type HandoverRole = (typeof handoverRoles)[number];

export type HandoverState = 'offered' | 'accepted' | 'declined';

export interface Person {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
}

export interface Handover {
  readonly id: string;
  readonly caseId: string;
  readonly role: HandoverRole;
  readonly from: Person;
  readonly to: Person & { readonly orgUnitId: string };
  readonly state: HandoverState;
  readonly offeredAt: Date;
  readonly decidedAt: Date | null;
}

export function isHandoverRole(role: string): role is HandoverRole {
  return (handoverRoles as readonly string[]).includes(role);
}

/**
 * The roles a person can hand over: those they hold as a party; the named person's role also falls
 * to the discoverer while nobody holds it (the discoverer then acts as the named person).
 */
export function handoverRolesHeld(
  me: { tenantId: string; objectId: string },
  parties: readonly { tenantId: string; objectId: string; role: PartyRole }[],
): HandoverRole[] {
  const mine = parties.filter((p) => p.tenantId === me.tenantId && p.objectId === me.objectId).map((p) => p.role);
  const namedPersonHeld = parties.some((p) => p.role === 'named-person');
  return handoverRoles.filter(
    (r) => mine.includes(r) || (r === 'named-person' && !namedPersonHeld && mine.includes('discoverer')),
  );
}
