/** The bot's 1:1 chat with a person: learnt from their own messages, used for proactive notices. Not case data. */
import type { JobKind } from '../app/jobs';
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

/** The personal notices that name their recipient in the payload (tenant and object id). */
const noticesToAPerson: readonly JobKind[] = ['worry.notify', 'consultee.notify', 'consultation.offer'];

/**
 * The notices waiting for this person because the bot could not reach them yet (never talked to it) —
 * a routed worry, a consultation request — become due now: their personal chat has just become known
 * (they opened it, or Teams did after the app was installed for them), so the card arrives within
 * seconds instead of after the retry backoff. Returns how many jobs were made due.
 */
export async function hurryNoticesFor(db: Sql, tenantId: string, objectId: string, now: Date): Promise<number> {
  const r = await db.query(
    `UPDATE outbox_job SET run_after = $3, updated_at = $3
      WHERE state = 'pending' AND kind = ANY($4::text[]) AND last_error = 'RecipientUnreachable' AND run_after > $3
        AND payload->>'tenantId' = $1 AND payload->>'objectId' = $2`,
    [tenantId, objectId, now, noticesToAPerson],
  );
  return r.rowCount;
}
