/**
 * What the personal jobs read to place a partner tenant's professional's card (src/app/partner-notices.ts):
 * the case's plan channel and the meetings they are invited to, audited as the system actor like
 * every outbox read. No child data is read.
 */
import type { Recipient } from '../app/follow-up-ports';
import type { SharedPlaceFacts, SharedPlaceStore } from '../app/partner-notices';
import { isGuid } from '../domain/ids';
import type { Database } from './database';
import type { SystemStore } from './system-store';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class SharedPlaceJobStore implements SharedPlaceStore {
  constructor(
    private readonly db: Database,
    private readonly system: SystemStore,
  ) {}

  async sharedPlaceFacts(caseId: string, to: Recipient): Promise<SharedPlaceFacts | null> {
    if (!isGuid(caseId)) return null;
    const head = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [
      caseId,
    ]);
    const orgUnitId = head.rows[0]?.org_unit_id;
    if (orgUnitId === undefined) return null;
    return this.system.audited(caseId, orgUnitId, 'meeting.read', async (tx) => {
      const channel = await tx.query<{
        team_id: string | null;
        channel_id: string | null;
        service_url: string | null;
        state: string;
        member_object_ids: string[];
      }>('SELECT team_id, channel_id, service_url, state, member_object_ids FROM plan_channel WHERE case_id = $1', [
        caseId,
      ]);
      const meetings = await tx.query<{ join_url: string; invitees: { tenantId: string; objectId: string }[] }>(
        `SELECT join_url, invitees FROM meeting
          WHERE case_id = $1 AND status = 'created' AND join_url IS NOT NULL
          ORDER BY starts_at DESC, created_at DESC`,
        [caseId],
      );
      const name = await tx.query<{ display_name: string }>(
        'SELECT display_name FROM membership WHERE lower(tenant_id) = lower($1) AND lower(object_id) = lower($2)',
        [to.tenantId, to.objectId],
      );
      const c = channel.rows[0];
      return {
        displayName: name.rows[0]?.display_name ?? '',
        channel: c
          ? {
              teamId: c.team_id,
              channelId: c.channel_id,
              serviceUrl: c.service_url,
              active: c.state === 'active',
              memberObjectIds: c.member_object_ids,
            }
          : null,
        meetingJoinUrls: meetings.rows
          .filter((m) => m.invitees.some((i) => same(i.tenantId, to.tenantId) && same(i.objectId, to.objectId)))
          .map((m) => m.join_url),
      };
    });
  }
}
