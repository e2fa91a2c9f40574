/**
 * What outbox workers read and write. A worker acts for no person: its reads and writes of case
 * data are audited as the system actor ('system' / 'outbox:<worker>') in the case's unit chain.
 */
import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../domain/audit';
import type { Clock } from '../domain/ports';
import { appendAudit } from './audit-writer';
import type { Database, Sql } from './database';

export interface MeetingForJob {
  readonly meetingId: string;
  readonly caseId: string;
  readonly orgUnitId: string;
  readonly reference: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly organizerObjectId: string;
  readonly transactionId: string;
  readonly status: string;
  readonly eventId: string | null;
  readonly attendees: readonly { readonly objectId: string; readonly displayName: string; readonly email: string | null }[];
}

export class SystemStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly workerId: string,
  ) {}

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
    const r = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [caseId]);
    return r.rows[0]?.org_unit_id ?? null;
  }

  /** The meeting with its case reference and the invitees' e-mail addresses; null when gone. */
  async meetingForJob(meetingId: string): Promise<MeetingForJob | null> {
    const head = await this.db.query<{ case_id: string }>('SELECT case_id FROM meeting WHERE id = $1', [meetingId]);
    const caseId = head.rows[0]?.case_id;
    const orgUnitId = caseId ? await this.orgOf(caseId) : null;
    if (!caseId || !orgUnitId) return null;
    return this.audited(caseId, orgUnitId, 'meeting.read', async (tx) => {
      const r = await tx.query<{
        case_id: string; reference: string; starts_at: Date; ends_at: Date; organizer_object_id: string; transaction_id: string; status: string; event_id: string | null;
        invitees: { tenantId: string; objectId: string; displayName: string }[];
      }>(
        `SELECT m.case_id, c.reference, m.starts_at, m.ends_at, m.organizer_object_id, m.transaction_id, m.status, m.event_id, m.invitees
           FROM meeting m JOIN child_case c ON c.id = m.case_id WHERE m.id = $1`,
        [meetingId],
      );
      const m = r.rows[0];
      if (!m) return null;
      const emails = await tx.query<{ object_id: string; email: string | null }>('SELECT object_id, email FROM membership WHERE object_id = ANY($1::text[])', [m.invitees.map((i) => i.objectId)]);
      const emailOf = new Map(emails.rows.map((e) => [e.object_id, e.email]));
      return {
        meetingId, caseId, orgUnitId, reference: m.reference, startsAt: m.starts_at, endsAt: m.ends_at, organizerObjectId: m.organizer_object_id,
        transactionId: m.transaction_id, status: m.status, eventId: m.event_id,
        attendees: m.invitees.map((i) => ({ objectId: i.objectId, displayName: i.displayName, email: emailOf.get(i.objectId) ?? null })),
      };
    });
  }

  async markMeetingCreated(m: MeetingForJob, eventId: string, joinUrl: string | null): Promise<void> {
    await this.audited(m.caseId, m.orgUnitId, 'meeting.record', async (tx) => {
      await tx.query("UPDATE meeting SET status = 'created', event_id = $2, join_url = $3 WHERE id = $1", [m.meetingId, eventId, joinUrl]);
    });
  }

  async markMeetingFailed(m: MeetingForJob): Promise<void> {
    await this.audited(m.caseId, m.orgUnitId, 'meeting.record', async (tx) => {
      await tx.query("UPDATE meeting SET status = 'failed' WHERE id = $1 AND status = 'requested'", [m.meetingId]);
    });
  }
}
