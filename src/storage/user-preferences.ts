import type { Sql } from './database';

/** Per-user settings that are not case data (no audit needed): language choice, Teams user id. */
export async function getLocaleChoice(db: Sql, tenantId: string, objectId: string): Promise<'sv' | 'en' | null> {
  const r = await db.query<{ locale: 'sv' | 'en' | null }>(
    'SELECT locale FROM user_preference WHERE tenant_id = $1 AND object_id = $2',
    [tenantId, objectId],
  );
  return r.rows[0]?.locale ?? null;
}

export async function setLocaleChoice(
  db: Sql,
  tenantId: string,
  objectId: string,
  locale: 'sv' | 'en',
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO user_preference (tenant_id, object_id, locale, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, object_id) DO UPDATE SET locale = EXCLUDED.locale, updated_at = EXCLUDED.updated_at`,
    [tenantId, objectId, locale, at],
  );
}

/**
 * Remembers how to reach a person in Teams (and, from their own 1:1 messages, that chat). One
 * statement; it writes only when something changed.
 */
export async function rememberTeamsUser(
  db: Sql,
  tenantId: string,
  objectId: string,
  userMri: string,
  serviceUrl: string | undefined,
  at: Date,
  personalConversationId: string | null = null,
): Promise<void> {
  await db.query(
    `INSERT INTO teams_user (tenant_id, object_id, user_mri, service_url, updated_at, personal_conversation_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, object_id) DO UPDATE SET user_mri = EXCLUDED.user_mri, service_url = EXCLUDED.service_url, updated_at = EXCLUDED.updated_at,
       personal_conversation_id = coalesce(EXCLUDED.personal_conversation_id, teams_user.personal_conversation_id)
     WHERE teams_user.user_mri IS DISTINCT FROM EXCLUDED.user_mri OR teams_user.service_url IS DISTINCT FROM EXCLUDED.service_url
        OR (EXCLUDED.personal_conversation_id IS NOT NULL AND teams_user.personal_conversation_id IS DISTINCT FROM EXCLUDED.personal_conversation_id)`,
    [tenantId, objectId, userMri, serviceUrl ?? null, at, personalConversationId],
  );
}

/** The Bot Connector URL last seen for a tenant (proactive posts go there). */
export async function serviceUrlFor(db: Sql, tenantId: string): Promise<string | null> {
  const r = await db.query<{ service_url: string }>(
    'SELECT service_url FROM teams_user WHERE tenant_id = $1 AND service_url IS NOT NULL ORDER BY updated_at DESC LIMIT 1',
    [tenantId],
  );
  return r.rows[0]?.service_url ?? null;
}

/** Teams user ids of the given people, as far as we have seen them (at most `limit`). */
export async function teamsUserIds(
  db: Sql,
  people: readonly { tenantId: string; objectId: string }[],
  limit = 60,
): Promise<string[]> {
  if (people.length === 0) return [];
  const r = await db.query<{ user_mri: string }>(
    'SELECT user_mri FROM teams_user WHERE (tenant_id, object_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) LIMIT $3',
    [people.map((p) => p.tenantId), people.map((p) => p.objectId), limit],
  );
  return r.rows.map((x) => x.user_mri);
}

/** The Entra object id of a Teams user id (`29:…`) we have seen in a turn, in the tenant; null if never seen. */
export async function objectIdOfTeamsUser(db: Sql, tenantId: string, userMri: string): Promise<string | null> {
  const r = await db.query<{ object_id: string }>(
    'SELECT object_id FROM teams_user WHERE tenant_id = $1 AND user_mri = $2 ORDER BY updated_at DESC LIMIT 1',
    [tenantId, userMri],
  );
  return r.rows[0]?.object_id ?? null;
}
