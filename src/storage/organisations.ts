import type { Actor, ActorRole, OrgUnit } from '../domain/actor';
import type { OrgConfig } from '../config/org-config';
import type { Database, Sql } from './database';

/** Makes the organisation and membership tables match the configuration (idempotent). */
export async function syncOrgConfig(db: Database, config: OrgConfig): Promise<void> {
  await db.transaction(async (tx) => {
    for (const u of config.orgUnits) {
      await tx.query(
        `INSERT INTO org_unit (id, name, authority_type, tenant_id, wheel_id, question_order, follow_up_reminder_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, authority_type = EXCLUDED.authority_type, tenant_id = EXCLUDED.tenant_id,
           wheel_id = EXCLUDED.wheel_id, question_order = EXCLUDED.question_order, follow_up_reminder_days = EXCLUDED.follow_up_reminder_days, updated_at = now()`,
        [u.id, u.name, u.authorityType, u.tenantId, u.wheelId, u.questionOrder ? JSON.stringify(u.questionOrder) : null, u.followUpReminderDays ?? 7],
      );
    }
    await tx.query('DELETE FROM membership');
    for (const m of config.members) {
      await tx.query('INSERT INTO membership (tenant_id, object_id, display_name, org_unit_id, roles, email) VALUES ($1, $2, $3, $4, $5, $6)', [
        m.tenantId,
        m.objectId,
        m.displayName,
        m.orgUnitId,
        [...m.roles],
        m.email ?? null,
      ]);
    }
  });
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
export async function findActorAndLocale(db: Sql, tenantId: string, objectId: string): Promise<{ actor: Actor | null; locale: 'sv' | 'en' | null }> {
  const r = await db.query<{ display_name: string | null; org_unit_id: string | null; roles: ActorRole[] | null; locale: 'sv' | 'en' | null }>(
    `SELECT m.display_name, m.org_unit_id, m.roles, p.locale
       FROM (SELECT $1::text AS tenant_id, $2::text AS object_id) k
       LEFT JOIN membership m ON m.tenant_id = k.tenant_id AND m.object_id = k.object_id
       LEFT JOIN user_preference p ON p.tenant_id = k.tenant_id AND p.object_id = k.object_id`,
    [tenantId, objectId],
  );
  const m = r.rows[0];
  const actor = m?.display_name != null && m.org_unit_id !== null ? { tenantId, objectId, displayName: m.display_name, orgUnitId: m.org_unit_id, roles: m.roles ?? [] } : null;
  return { actor, locale: m?.locale ?? null };
}

export async function listOrgUnits(db: Sql): Promise<OrgUnit[]> {
  const r = await db.query<{ id: string; name: string; authority_type: OrgUnit['authorityType']; tenant_id: string; wheel_id: string; question_order: string[] | null; follow_up_reminder_days: number | null }>(
    'SELECT id, name, authority_type, tenant_id, wheel_id, question_order, follow_up_reminder_days FROM org_unit ORDER BY name',
  );
  return r.rows.map((u) => ({
    id: u.id,
    name: u.name,
    authorityType: u.authority_type,
    tenantId: u.tenant_id,
    wheelId: u.wheel_id,
    ...(u.question_order ? { questionOrder: u.question_order } : {}),
    ...(u.follow_up_reminder_days !== null ? { followUpReminderDays: u.follow_up_reminder_days } : {}),
  }));
}

export interface MemberSummary {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly email: string | null;
}

/** The professionals who can be invited (the static choice list where the people picker is unavailable). */
export async function listMembers(db: Sql): Promise<MemberSummary[]> {
  const r = await db.query<{ tenant_id: string; object_id: string; display_name: string; org_unit_id: string; email: string | null }>(
    "SELECT tenant_id, object_id, display_name, org_unit_id, email FROM membership WHERE roles && ARRAY['professional','named-person']::text[] ORDER BY display_name",
  );
  return r.rows.map((m) => ({ tenantId: m.tenant_id, objectId: m.object_id, displayName: m.display_name, orgUnitId: m.org_unit_id, email: m.email }));
}

/** Every member with their roles (local development's persona picker). */
export async function listAllMembers(db: Sql): Promise<(MemberSummary & { readonly roles: readonly string[] })[]> {
  const r = await db.query<{ tenant_id: string; object_id: string; display_name: string; org_unit_id: string; email: string | null; roles: string[] }>(
    'SELECT tenant_id, object_id, display_name, org_unit_id, email, roles FROM membership ORDER BY display_name',
  );
  return r.rows.map((m) => ({ tenantId: m.tenant_id, objectId: m.object_id, displayName: m.display_name, orgUnitId: m.org_unit_id, email: m.email, roles: m.roles }));
}
