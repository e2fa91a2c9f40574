import { randomUUID } from 'node:crypto';
import type { Actor, ActorRole, OrgUnit } from '../domain/actor';
import { unitsOf, type DirectoryMember, type UnitRoles } from '../domain/directory';
import type { OrgConfig } from '../config/org-config';
import { appendAuditBatch } from './audit-writer';
import type { Database, Sql } from './database';
import { applyUnitChoices } from './unit-choice';

/** Makes the organisation unit table match the configuration (idempotent). Who acts for a unit comes from the directory sync. */
export async function syncOrgConfig(db: Database, config: OrgConfig): Promise<void> {
  await db.transaction(async (tx) => {
    for (const u of config.orgUnits) {
      await tx.query(
        `INSERT INTO org_unit (id, name, authority_type, tenant_id, wheel_id, question_order, follow_up_reminder_days, consultation_function, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, authority_type = EXCLUDED.authority_type, tenant_id = EXCLUDED.tenant_id,
           wheel_id = EXCLUDED.wheel_id, question_order = EXCLUDED.question_order, follow_up_reminder_days = EXCLUDED.follow_up_reminder_days,
           consultation_function = EXCLUDED.consultation_function, updated_at = now()`,
        [
          u.id,
          u.name,
          u.authorityType,
          u.tenantId,
          u.wheelId,
          u.questionOrder ? JSON.stringify(u.questionOrder) : null,
          u.followUpReminderDays ?? 7,
          u.consultationFunction ? JSON.stringify(u.consultationFunction) : null,
        ],
      );
    }
  });
}

export interface MembershipChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

interface MembershipRow {
  object_id: string;
  display_name: string;
  org_unit_id: string;
  roles: ActorRole[];
  email: string | null;
  units: UnitRoles[];
}

const sameMember = (row: MembershipRow, m: DirectoryMember) =>
  row.display_name === m.displayName &&
  row.org_unit_id === m.orgUnitId &&
  row.email === m.email &&
  row.roles.length === m.roles.length &&
  row.roles.every((r, i) => r === m.roles[i]) &&
  JSON.stringify(row.units) === JSON.stringify(unitsOf(m));

/**
 * Replaces a tenant's membership cache with what the directory says, in one transaction (the
 * membership table is the app's resolved cache of Entra ID). A person who left every configured
 * group loses access now, audited as 'directory.removed' in the unit they acted for; a newcomer is
 * audited as 'directory.added' (not on the first fill of an empty cache). The tenant's rows are locked first, so two instances syncing at
 * once apply (and audit) each change once. Tests seed the cache through this function too.
 */
export async function replaceMembership(
  db: Database,
  tenantId: string,
  members: readonly DirectoryMember[],
  at: Date = new Date(),
): Promise<MembershipChange> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT id FROM org_unit WHERE tenant_id = $1 ORDER BY id FOR UPDATE', [tenantId]);
    const current = await tx.query<MembershipRow>(
      'SELECT object_id, display_name, org_unit_id, roles, email, units FROM membership WHERE tenant_id = $1',
      [tenantId],
    );
    const before = new Map(current.rows.map((r) => [r.object_id.toLowerCase(), r]));
    const chosen = await applyUnitChoices(
      tx,
      tenantId,
      members.filter((m) => m.tenantId === tenantId),
    );
    const after = new Map(chosen.map((m) => [m.objectId.toLowerCase(), m]));
    const removed = current.rows.filter((r) => !after.has(r.object_id.toLowerCase()));
    const added = [...after.values()].filter((m) => !before.has(m.objectId.toLowerCase()));
    const changed = [...after.values()].filter((m) => {
      const row = before.get(m.objectId.toLowerCase());
      return row !== undefined && !sameMember(row, m);
    });
    if (removed.length > 0)
      await tx.query('DELETE FROM membership WHERE tenant_id = $1 AND object_id = ANY($2::text[])', [
        tenantId,
        removed.map((r) => r.object_id),
      ]);
    for (const m of [...added, ...changed]) await upsert(tx, m);
    const requestId = `directory-sync-${randomUUID()}`;
    const event = (objectId: string, action: 'directory.added' | 'directory.removed') =>
      ({
        id: randomUUID(),
        at,
        actorTenantId: tenantId,
        actorObjectId: objectId,
        action,
        caseId: null,
        outcome: 'success',
        requestId,
      }) as const;
    await appendAuditBatch(tx, [
      ...removed.map((r) => ({ orgUnitId: r.org_unit_id, event: event(r.object_id, 'directory.removed') })),
      // The first fill of an empty cache is not a stream of arrivals; later arrivals are audited.
      ...(before.size === 0
        ? []
        : added.map((m) => ({ orgUnitId: m.orgUnitId, event: event(m.objectId, 'directory.added') }))),
    ]);
    return {
      added: added.map((m) => m.objectId),
      removed: removed.map((r) => r.object_id),
      changed: changed.map((m) => m.objectId),
    };
  });
}

/** Adds or updates one person in the cache (an on-demand look-up of someone the last sync did not know), audited when new. */
export async function upsertMember(
  db: Database,
  member: DirectoryMember,
  at: Date = new Date(),
): Promise<DirectoryMember> {
  return db.transaction(async (tx) => {
    const known = await tx.query('SELECT 1 FROM membership WHERE tenant_id = $1 AND object_id = $2', [
      member.tenantId,
      member.objectId,
    ]);
    const [acting = member] = await applyUnitChoices(tx, member.tenantId, [member]);
    await upsert(tx, acting);
    if (known.rows.length === 0) {
      await appendAuditBatch(tx, [
        {
          orgUnitId: acting.orgUnitId,
          event: {
            id: randomUUID(),
            at,
            actorTenantId: member.tenantId,
            actorObjectId: member.objectId,
            action: 'directory.added',
            caseId: null,
            outcome: 'success',
            requestId: `directory-lookup-${randomUUID()}`,
          },
        },
      ]);
    }
    return acting;
  });
}

async function upsert(tx: Sql, m: DirectoryMember): Promise<void> {
  await tx.query(
    `INSERT INTO membership (tenant_id, object_id, display_name, org_unit_id, roles, email, units, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (tenant_id, object_id) DO UPDATE SET display_name = EXCLUDED.display_name, org_unit_id = EXCLUDED.org_unit_id, roles = EXCLUDED.roles,
       email = EXCLUDED.email, units = EXCLUDED.units, updated_at = now()`,
    [m.tenantId, m.objectId, m.displayName, m.orgUnitId, [...m.roles], m.email, JSON.stringify(unitsOf(m))],
  );
}

/** The actor for a validated identity, or null when the person is not a member of any unit. */
export async function findActor(db: Sql, tenantId: string, objectId: string): Promise<Actor | null> {
  const r = await db.query<{ display_name: string; org_unit_id: string; roles: ActorRole[] }>(
    'SELECT display_name, org_unit_id, roles FROM membership WHERE tenant_id = $1 AND object_id = $2',
    [tenantId, objectId],
  );
  const m = r.rows[0];
  return m ? { tenantId, objectId, displayName: m.display_name, orgUnitId: m.org_unit_id, roles: m.roles } : null;
}

/** Local development's personas: the member with this object id in whichever tenant (the tab's persona picker). */
export async function findPersona(db: Sql, objectId: string): Promise<Actor | null> {
  const r = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM membership WHERE object_id = $1', [objectId]);
  const tenantId = r.rows[0]?.tenant_id;
  return tenantId ? findActor(db, tenantId, objectId) : null;
}

/** The member (or null) and their own language choice (or null), in one statement: every turn starts with it. */
export async function findActorAndLocale(
  db: Sql,
  tenantId: string,
  objectId: string,
): Promise<{ actor: Actor | null; locale: 'sv' | 'en' | null }> {
  const r = await db.query<{
    display_name: string | null;
    org_unit_id: string | null;
    roles: ActorRole[] | null;
    locale: 'sv' | 'en' | null;
  }>(
    `SELECT m.display_name, m.org_unit_id, m.roles, p.locale
       FROM (SELECT $1::text AS tenant_id, $2::text AS object_id) k
       LEFT JOIN membership m ON m.tenant_id = k.tenant_id AND m.object_id = k.object_id
       LEFT JOIN user_preference p ON p.tenant_id = k.tenant_id AND p.object_id = k.object_id`,
    [tenantId, objectId],
  );
  const m = r.rows[0];
  const actor =
    m?.display_name != null && m.org_unit_id !== null
      ? { tenantId, objectId, displayName: m.display_name, orgUnitId: m.org_unit_id, roles: m.roles ?? [] }
      : null;
  return { actor, locale: m?.locale ?? null };
}

type ActorAndLocale = Awaited<ReturnType<typeof findActorAndLocale>>;

/** Members recently found, per database, by `tenantId/objectId` (performance.now() at the look-up). */
const knownPeople = new WeakMap<object, Map<string, { readonly at: number; readonly who: ActorAndLocale }>>();

/** How long a member found stays known to this process (issue 22: the card action's look-up costs no round trip). */
export const peopleKeptMs = 10_000;

/**
 * `findActorAndLocale`, kept for `keptMs` (real time): a person's card actions in a row look them up
 * once. Only members are kept, so someone just added is found at once. This process forgets them when
 * it changes who they are (the directory sync, their unit or language choice); a change made by
 * another instance is seen within `keptMs`. What a person may see of a case is not kept here: every
 * access check reads the case's parties.
 */
export async function findKnownActorAndLocale(
  db: Database,
  tenantId: string,
  objectId: string,
  keptMs = peopleKeptMs,
): Promise<ActorAndLocale> {
  const kept = knownPeople.get(db) ?? new Map<string, { at: number; who: ActorAndLocale }>();
  knownPeople.set(db, kept);
  const key = `${tenantId}/${objectId}`;
  const hit = kept.get(key);
  if (hit !== undefined && performance.now() - hit.at < keptMs) return hit.who;
  const who = await findActorAndLocale(db, tenantId, objectId);
  if (who.actor === null || keptMs <= 0) kept.delete(key);
  else {
    if (kept.size > 50_000) kept.clear();
    kept.set(key, { at: performance.now(), who });
  }
  return who;
}

/** This process forgets what it kept of the people of `db` (all, or one person). */
export function forgetPeople(db: Database, person?: { readonly tenantId: string; readonly objectId: string }): void {
  if (person === undefined) knownPeople.delete(db);
  else knownPeople.get(db)?.delete(`${person.tenantId}/${person.objectId}`);
}

export async function listOrgUnits(db: Sql): Promise<OrgUnit[]> {
  const r = await db.query<{
    id: string;
    name: string;
    authority_type: OrgUnit['authorityType'];
    tenant_id: string;
    wheel_id: string;
    question_order: string[] | null;
    follow_up_reminder_days: number | null;
    consultation_function: { sv: string; en: string } | null;
  }>(
    'SELECT id, name, authority_type, tenant_id, wheel_id, question_order, follow_up_reminder_days, consultation_function FROM org_unit ORDER BY name',
  );
  return r.rows.map((u) => ({
    id: u.id,
    name: u.name,
    authorityType: u.authority_type,
    tenantId: u.tenant_id,
    wheelId: u.wheel_id,
    ...(u.question_order ? { questionOrder: u.question_order } : {}),
    ...(u.follow_up_reminder_days !== null ? { followUpReminderDays: u.follow_up_reminder_days } : {}),
    ...(u.consultation_function !== null ? { consultationFunction: u.consultation_function } : {}),
  }));
}

export interface MemberSummary {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly email: string | null;
  /** Holds the named-person role in the unit they act for (the Barnteam suggestions preselect them). */
  readonly namedPerson: boolean;
}

/** The professionals who can be invited (the static choice list where the people picker is unavailable). */
export async function listMembers(db: Sql): Promise<MemberSummary[]> {
  const r = await db.query<{
    tenant_id: string;
    object_id: string;
    display_name: string;
    org_unit_id: string;
    email: string | null;
    named_person: boolean;
  }>(
    "SELECT tenant_id, object_id, display_name, org_unit_id, email, 'named-person' = ANY(roles) AS named_person FROM membership WHERE roles && ARRAY['professional','named-person','consultant']::text[] ORDER BY display_name",
  );
  return r.rows.map((m) => ({
    tenantId: m.tenant_id,
    objectId: m.object_id,
    displayName: m.display_name,
    orgUnitId: m.org_unit_id,
    email: m.email,
    namedPerson: m.named_person === true,
  }));
}

/** Every member with their roles (local development's persona picker). */
export async function listAllMembers(db: Sql): Promise<(MemberSummary & { readonly roles: readonly string[] })[]> {
  const r = await db.query<{
    tenant_id: string;
    object_id: string;
    display_name: string;
    org_unit_id: string;
    email: string | null;
    roles: string[];
  }>('SELECT tenant_id, object_id, display_name, org_unit_id, email, roles FROM membership ORDER BY display_name');
  return r.rows.map((m) => ({
    tenantId: m.tenant_id,
    objectId: m.object_id,
    displayName: m.display_name,
    orgUnitId: m.org_unit_id,
    email: m.email,
    namedPerson: m.roles.includes('named-person'),
    roles: m.roles,
  }));
}

/** The membership cache as the directory sync's store; what this process keeps of it is forgotten after each change. */
export function membershipStore(db: Database, now: () => Date = () => new Date()) {
  return {
    replace: (tenantId: string, members: readonly DirectoryMember[]) =>
      replaceMembership(db, tenantId, members, now()).finally(() => forgetPeople(db)),
    upsert: (member: DirectoryMember) => upsertMember(db, member, now()).finally(() => forgetPeople(db)),
  };
}
