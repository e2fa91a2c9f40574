/** The bot's 1:1 chat with a person: learnt from their own messages, used for proactive notices. Not case data. */
import type { Sql } from './database';

export interface PersonalChat {
  readonly userMri: string;
  readonly serviceUrl: string | null;
  /** Null until the person has written to the bot in its personal scope. */
  readonly conversationId: string | null;
}

export async function rememberPersonalConversation(
  db: Sql,
  tenantId: string,
  objectId: string,
  conversationId: string,
): Promise<void> {
  await db.query(
    'UPDATE teams_user SET personal_conversation_id = $3 WHERE tenant_id = $1 AND object_id = $2 AND personal_conversation_id IS DISTINCT FROM $3',
    [tenantId, objectId, conversationId],
  );
}

export async function personalChatOf(db: Sql, tenantId: string, objectId: string): Promise<PersonalChat | null> {
  const r = await db.query<{ user_mri: string; service_url: string | null; personal_conversation_id: string | null }>(
    'SELECT user_mri, service_url, personal_conversation_id FROM teams_user WHERE tenant_id = $1 AND object_id = $2',
    [tenantId, objectId],
  );
  const row = r.rows[0];
  return row
    ? { userMri: row.user_mri, serviceUrl: row.service_url, conversationId: row.personal_conversation_id }
    : null;
}
