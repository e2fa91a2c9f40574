/**
 * What outbox workers read and write. A worker acts for no person: its reads and writes of case
 * data are audited as the system actor ('system' / 'outbox:<worker>') in the case's unit chain.
 */
import { randomUUID } from 'node:crypto';
import type { Lobby, MeetingForJob, MeetingJobStore } from '../app/create-meeting-event';
import type { CaseCardFacts, CaseCardStore } from '../app/update-case-card';
import type { PlanChannelRow, PlanForPublish, PlanPublishStore } from '../app/publish-plan';
import type { AuditAction } from '../domain/audit';
import type { CaseKind, CaseStage, ConsultationOutcome } from '../domain/case';
import type { Clock } from '../domain/ports';
import { appendAudit } from './audit-writer';
import type { Database, Sql } from './database';
import { listConsentRows, toParty, toPlan, type PartyRow, type PlanRow } from './rows';
import { commonCategories, disclosedPlan, type CategoryCatalogue } from '../domain/disclosure';
import { viewFor } from '../domain/visibility';
import { defaultCategoryCatalogue } from '../config/field-categories';

/** The family's entries with their e-mail addresses set to null (SQL, both engines). */
const blankedFamily = `coalesce((SELECT jsonb_agg(f || '{"email": null}'::jsonb) FROM jsonb_array_elements(family_invitees) AS f), '[]'::jsonb)`;

export class SystemStore implements MeetingJobStore, PlanPublishStore, CaseCardStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly workerId: string,
    private readonly catalogue: CategoryCatalogue = defaultCategoryCatalogue(),
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async audited<T>(caseId: string, orgUnitId: string, action: AuditAction, fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const result = await fn(tx);
      await appendAudit(tx, orgUnitId, {
        id: randomUUID(),
        at: this.clock.now(),
        actorTenantId: 'system',
        actorObjectId: `outbox:${this.workerId}`,
        action,
        caseId,
        outcome: 'success',
        requestId: `outbox-${randomUUID()}`,
      });
      return result;
    });
  }

  private async orgOf(caseId: string): Promise<string | null> {
    const r = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [
      caseId,
    ]);
    return r.rows[0]?.org_unit_id ?? null;
  }

  /** The meeting with its case reference, the invitees' e-mail addresses and the family's (until blanked); null when gone. */
  async meetingForJob(meetingId: string): Promise<MeetingForJob | null> {
    const head = await this.db.query<{ case_id: string }>('SELECT case_id FROM meeting WHERE id = $1', [meetingId]);
    const caseId = head.rows[0]?.case_id;
    const orgUnitId = caseId ? await this.orgOf(caseId) : null;
    if (!caseId || !orgUnitId) return null;
    return this.audited(caseId, orgUnitId, 'meeting.read', async (tx) => {
      const r = await tx.query<{
        case_id: string;
        reference: string;
        kind: 'anonymous' | 'consented';
        starts_at: Date;
        ends_at: Date;
        organizer_object_id: string;
        transaction_id: string;
        status: string;
        event_id: string | null;
        invitees: { tenantId: string; objectId: string; displayName: string }[];
        family_invitees: { email: string | null }[];
      }>(
        `SELECT m.case_id, c.reference, c.kind, m.starts_at, m.ends_at, m.organizer_object_id, m.transaction_id, m.status, m.event_id, m.invitees, m.family_invitees
           FROM meeting m JOIN child_case c ON c.id = m.case_id WHERE m.id = $1`,
        [meetingId],
      );
      const m = r.rows[0];
      if (!m) return null;
      const emails = await tx.query<{ object_id: string; email: string | null }>(
        'SELECT object_id, email FROM membership WHERE object_id = ANY($1::text[])',
        [m.invitees.map((i) => i.objectId)],
      );
      const emailOf = new Map(emails.rows.map((e) => [e.object_id, e.email]));
      return {
        meetingId,
        caseId,
        orgUnitId,
        reference: m.reference,
        caseKind: m.kind,
        startsAt: m.starts_at,
        endsAt: m.ends_at,
        organizerObjectId: m.organizer_object_id,
        transactionId: m.transaction_id,
        status: m.status,
        eventId: m.event_id,
        attendees: m.invitees.map((i) => ({
          objectId: i.objectId,
          displayName: i.displayName,
          email: emailOf.get(i.objectId) ?? null,
        })),
        family: m.family_invitees.flatMap((f) => (f.email ? [{ email: f.email }] : [])),
      };
    });
  }

  /** The event exists: the family's addresses are no longer needed and are blanked (who was invited stays). */
  async markMeetingCreated(
    m: MeetingForJob,
    eventId: string,
    joinUrl: string | null,
    lobby: Lobby = null,
  ): Promise<void> {
    await this.audited(m.caseId, m.orgUnitId, 'meeting.record', async (tx) => {
      await tx.query(
        `UPDATE meeting SET status = 'created', event_id = $2, join_url = $3, lobby = $4, family_invitees = ${blankedFamily} WHERE id = $1`,
        [m.meetingId, eventId, joinUrl, lobby],
      );
    });
  }

  /** The latest agreed plan, the active parties, the consents and the channel row of a case. */
  async planForPublish(caseId: string): Promise<PlanForPublish | null> {
    const orgUnitId = await this.orgOf(caseId);
    if (orgUnitId === null) return null;
    return this.audited(caseId, orgUnitId, 'plan.read', async (tx) => {
      const c = await tx.query<{ reference: string; kind: CaseKind; wheel_id: string | null }>(
        'SELECT reference, kind, (SELECT u.wheel_id FROM org_unit u WHERE u.id = c.org_unit_id) AS wheel_id FROM child_case c WHERE c.id = $1',
        [caseId],
      );
      const plan = await tx.query<PlanRow>(
        'SELECT * FROM plan_version WHERE case_id = $1 AND agreed ORDER BY version DESC LIMIT 1',
        [caseId],
      );
      const parties = await tx.query<PartyRow>(
        'SELECT tenant_id, object_id, display_name, party_org_unit_id, role FROM case_party WHERE case_id = $1 AND removed_at IS NULL ORDER BY added_at',
        [caseId],
      );
      const ch = await tx.query<{
        display_name: string;
        team_id: string | null;
        channel_id: string | null;
        activity_id: string | null;
        service_url: string | null;
        posted_version: number | null;
        member_object_ids: string[];
      }>(
        'SELECT display_name, team_id, channel_id, activity_id, service_url, posted_version, member_object_ids FROM plan_channel WHERE case_id = $1',
        [caseId],
      );
      const meeting = await tx.query<{ join_url: string }>(
        "SELECT join_url FROM meeting WHERE case_id = $1 AND status = 'created' AND join_url IS NOT NULL ORDER BY created_at DESC LIMIT 1",
        [caseId],
      );
      const p = plan.rows[0] ? toPlan(plan.rows[0]) : null;
      const row = ch.rows[0];
      const kind = c.rows[0]?.kind ?? 'consented';
      const consents = await listConsentRows(tx, caseId);
      const members = parties.rows.map(toParty);
      // The one visibility rule, for everyone the post reaches: only what all their agencies may see.
      const at = this.clock.now();
      const seen = commonCategories(
        members.flatMap((m) => {
          const view = viewFor({ kind, orgUnitId }, m, consents, at);
          return view === null ? [] : [view.categories];
        }),
      );
      const disclosure = { seen, catalogue: this.catalogue, wheelId: c.rows[0]?.wheel_id ?? null };
      return {
        caseId,
        orgUnitId,
        kind,
        reference: c.rows[0]?.reference ?? '',
        plan: p
          ? {
              version: p.version,
              content: disclosedPlan(disclosure, p.content),
              authorName: p.authorName,
              partial: seen !== 'all',
            }
          : null,
        parties: members,
        consents,
        channel: row
          ? {
              displayName: row.display_name,
              teamId: row.team_id,
              channelId: row.channel_id,
              activityId: row.activity_id,
              serviceUrl: row.service_url,
              postedVersion: row.posted_version,
              memberObjectIds: row.member_object_ids,
            }
          : null,
        meetingJoinUrl: meeting.rows[0]?.join_url ?? null,
      };
    });
  }

  /** Creates or updates the case's plan channel row (what exists in Teams so far). */
  async saveChannel(
    caseId: string,
    orgUnitId: string,
    fields: Partial<PlanChannelRow> & { displayName: string },
  ): Promise<void> {
    await this.audited(caseId, orgUnitId, 'plan.write', async (tx) => {
      const now = this.clock.now();
      await tx.query(
        `INSERT INTO plan_channel (case_id, org_unit_id, display_name, team_id, channel_id, activity_id, service_url, posted_version, member_object_ids, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $5::text IS NULL THEN 'pending' ELSE 'active' END, $10, $10)
         ON CONFLICT (case_id) DO UPDATE SET
           team_id = coalesce(EXCLUDED.team_id, plan_channel.team_id),
           channel_id = coalesce(EXCLUDED.channel_id, plan_channel.channel_id),
           activity_id = coalesce(EXCLUDED.activity_id, plan_channel.activity_id),
           service_url = coalesce(EXCLUDED.service_url, plan_channel.service_url),
           posted_version = coalesce(EXCLUDED.posted_version, plan_channel.posted_version),
           member_object_ids = CASE WHEN $11 THEN EXCLUDED.member_object_ids ELSE plan_channel.member_object_ids END,
           state = CASE WHEN coalesce(EXCLUDED.channel_id, plan_channel.channel_id) IS NULL THEN 'pending' ELSE 'active' END,
           updated_at = EXCLUDED.updated_at`,
        [
          caseId,
          orgUnitId,
          fields.displayName,
          fields.teamId ?? null,
          fields.channelId ?? null,
          fields.activityId ?? null,
          fields.serviceUrl ?? null,
          fields.postedVersion ?? null,
          [...(fields.memberObjectIds ?? [])],
          now,
          fields.memberObjectIds !== undefined,
        ],
      );
    });
  }

  async memberRemoved(caseId: string, orgUnitId: string): Promise<void> {
    await this.audited(caseId, orgUnitId, 'channel.member.remove', async () => undefined);
  }

  async markChannelClosed(caseId: string, orgUnitId: string): Promise<void> {
    await this.audited(caseId, orgUnitId, 'plan.write', async (tx) => {
      await tx.query("UPDATE plan_channel SET state = 'closed', updated_at = $2 WHERE case_id = $1", [
        caseId,
        this.clock.now(),
      ]);
    });
  }

  /** The meeting's job failed for good: the meeting says so, and the family's addresses are blanked. */
  async markMeetingFailedById(meetingId: string): Promise<void> {
    const head = await this.db.query<{ case_id: string }>('SELECT case_id FROM meeting WHERE id = $1', [meetingId]);
    const caseId = head.rows[0]?.case_id;
    const orgUnitId = caseId ? await this.orgOf(caseId) : null;
    if (!caseId || !orgUnitId) return;
    await this.markMeetingFailed({ meetingId, caseId, orgUnitId });
  }

  async markMeetingFailed(m: Pick<MeetingForJob, 'meetingId' | 'caseId' | 'orgUnitId'>): Promise<void> {
    await this.audited(m.caseId, m.orgUnitId, 'meeting.record', async (tx) => {
      await tx.query(
        `UPDATE meeting SET status = 'failed', family_invitees = ${blankedFamily} WHERE id = $1 AND status = 'requested'`,
        [m.meetingId],
      );
    });
  }
  /** The case's opaque facts for a finished operation's card (reference, kind, stage, parties' ids). */
  async caseCardFor(of: { caseId: string } | { meetingId: string }): Promise<CaseCardFacts | null> {
    const meetingId = 'meetingId' in of ? of.meetingId : null;
    const caseId =
      meetingId === null
        ? (of as { caseId: string }).caseId
        : (await this.db.query<{ case_id: string }>('SELECT case_id FROM meeting WHERE id = $1', [meetingId])).rows[0]
            ?.case_id;
    const orgUnitId = caseId ? await this.orgOf(caseId) : null;
    if (!caseId || !orgUnitId) return null;
    return this.audited(caseId, orgUnitId, 'case.read', async (tx) => {
      const c = await tx.query<{
        reference: string;
        kind: CaseKind;
        stage: CaseStage;
        consultation_outcome: ConsultationOutcome | null;
        group_subject: boolean;
      }>(
        "SELECT reference, kind, stage, consultation_outcome, (details->'group') IS NOT NULL AS group_subject FROM child_case WHERE id = $1",
        [caseId],
      );
      const kase = c.rows[0];
      if (!kase) return null;
      const parties = await tx.query<{ tenant_id: string; object_id: string }>(
        'SELECT DISTINCT tenant_id, object_id FROM case_party WHERE case_id = $1 AND removed_at IS NULL',
        [caseId],
      );
      const m =
        meetingId === null
          ? null
          : (
              await tx.query<{ starts_at: Date; join_url: string | null; status: string }>(
                'SELECT starts_at, join_url, status FROM meeting WHERE id = $1',
                [meetingId],
              )
            ).rows[0];
      return {
        caseId,
        reference: kase.reference,
        kind: kase.kind,
        group: kase.group_subject,
        stage: kase.stage,
        outcome: kase.consultation_outcome,
        parties: parties.rows.map((p) => ({ tenantId: p.tenant_id, objectId: p.object_id })),
        meeting: m ? { startsAt: m.starts_at, joinUrl: m.join_url, status: m.status } : null,
      };
    });
  }
}
