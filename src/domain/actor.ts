/** Who acts: a person signed in through Entra ID, acting for one organisation unit. */

export const authorityTypes = ['forskola-skola', 'elevhalsa', 'socialtjanst', 'bvc', 'bup-region', 'polis'] as const;
export type AuthorityType = (typeof authorityTypes)[number];

/** An organisation unit is configuration. School and social services are separate authorities. */
export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly authorityType: AuthorityType;
  readonly tenantId: string;
  /** Which wellbeing wheel this unit works with (a wheel id from config/wheels). */
  readonly wheelId: string;
  /** The order of the five questions (question ids), e.g. Sörmland's q2,q1,q3,q4,q5. */
  readonly questionOrder?: readonly string[];
  /** Days before a plan's follow-up date the lead professional is reminded (default 7). */
  readonly followUpReminderDays?: number;
  /** The unit's consultation function, by name (its members hold the `consultant` role). */
  readonly consultationFunction?: { readonly sv: string; readonly en: string };
}

/** `consultant`: a member of the unit's consultation function (consulted on anonymous consultations). */
export const actorRoles = ['professional', 'named-person', 'log-reviewer', 'manager', 'admin', 'consultant'] as const;
export type ActorRole = (typeof actorRoles)[number];

export interface Actor {
  readonly tenantId: string;
  /** Entra object id, taken from a validated token only. */
  readonly objectId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly roles: readonly ActorRole[];
}

export function hasRole(actor: Actor, role: ActorRole): boolean {
  return actor.roles.includes(role);
}

/** Professionals, named persons and consultants work with cases; log reviewers, managers and admins do not. */
export function mayWorkWithCases(actor: Actor): boolean {
  return hasRole(actor, 'professional') || hasRole(actor, 'named-person') || hasRole(actor, 'consultant');
}

export function sameActor(a: Pick<Actor, 'tenantId' | 'objectId'>, b: Pick<Actor, 'tenantId' | 'objectId'>): boolean {
  return a.tenantId === b.tenantId && a.objectId === b.objectId;
}
