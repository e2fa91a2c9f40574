/** What the reminder and hand-over jobs read, audited as the system actor like every outbox read. */
import type { ReminderContext, ReminderStore } from '../app/send-follow-up-reminder';
import type { HandoverForOffer, HandoverOfferStore } from '../app/send-handover-offer';
import type { WorryForNotice, WorryNoticeStore } from '../app/send-worry-notice';
import type { ConsultationOffer } from '../app/send-consultation-offer';
import type { AdviceForNotice } from '../app/send-advice-notice';
import type { Recipient } from '../app/follow-up-ports';
import type { CaseStage, PartyRole } from '../domain/case';
import type { HandoverRole, HandoverState } from '../domain/handover';
import { isGuid } from '../domain/ids';
import type { PlanContent } from '../domain/plan';
import { readAccess } from './access-scope';
import type { Database, Sql } from './database';
import { Outbox } from './outbox';
import type { SystemStore } from './system-store';

export class FollowUpJobStore implements ReminderStore, HandoverOfferStore, WorryNoticeStore {
  constructor(
    private readonly db: Database,
    private readonly system: SystemStore,
  ) {}

  async reminderContext(caseId: string): Promise<ReminderContext | null> {
    if (!isGuid(caseId)) return null;
    const head = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [
      caseId,
    ]);
    const orgUnitId = head.rows[0]?.org_unit_id;
    if (orgUnitId === undefined) return null;
    return this.system.audited(caseId, orgUnitId, 'plan.read', async (tx) => {
      const c = await tx.query<{ reference: string; stage: CaseStage }>(
        'SELECT reference, stage FROM child_case WHERE id = $1',
        [caseId],
      );
      const plan = await tx.query<{ version: number; content: PlanContent }>(
        'SELECT version, content FROM plan_version WHERE case_id = $1 AND agreed ORDER BY version DESC LIMIT 1',
        [caseId],
      );
      const lead = await tx.query<{ tenant_id: string; object_id: string }>(
        "SELECT tenant_id, object_id FROM case_party WHERE case_id = $1 AND role = 'lead-professional' AND removed_at IS NULL ORDER BY added_at DESC LIMIT 1",
        [caseId],
      );
      const p = plan.rows[0];
      // The lead professional holds the role as a party (after a hand-over); else the one the plan names, while still a party.
      const named = p?.content.leadProfessional;
      const stillParty = named
        ? await tx.query(
            'SELECT 1 FROM case_party WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3 AND removed_at IS NULL',
            [caseId, named.tenantId, named.objectId],
          )
        : null;
      const l =
        lead.rows[0] ??
        (named && stillParty && stillParty.rows.length > 0
          ? { tenant_id: named.tenantId, object_id: named.objectId }
          : undefined);
      // A reminder goes only to someone the visibility rule still lets see the case.
      const reachable =
        l !== undefined &&
        (await readAccess(tx, caseId, { tenantId: l.tenant_id, objectId: l.object_id }, this.system.now())) !== null;
      return {
        orgUnitId,
        reference: c.rows[0]?.reference ?? '',
        stage: c.rows[0]?.stage ?? 'closed',
        agreed: p ? { version: p.version, followUpDate: p.content.followUpDate } : null,
        lead: l && reachable ? { tenantId: l.tenant_id, objectId: l.object_id } : null,
      };
    });
  }

  async handoverForOffer(handoverId: string): Promise<HandoverForOffer | null> {
    if (!isGuid(handoverId)) return null;
    const head = await this.db.query<{ case_id: string; org_unit_id: string }>(
      'SELECT case_id, org_unit_id FROM role_handover WHERE id = $1',
      [handoverId],
    );
    const h = head.rows[0];
    if (h === undefined) return null;
    return this.system.audited(h.case_id, h.org_unit_id, 'handover.read', async (tx) => {
      const r = await tx.query<{
        reference: string;
        role: HandoverRole;
        from_name: string;
        to_tenant_id: string;
        to_object_id: string;
        state: HandoverState;
      }>(
        'SELECT c.reference, h.role, h.from_name, h.to_tenant_id, h.to_object_id, h.state FROM role_handover h JOIN child_case c ON c.id = h.case_id WHERE h.id = $1',
        [handoverId],
      );
      const row = r.rows[0];
      // An offer goes only to someone the visibility rule still lets see the case.
      if (
        row &&
        (await readAccess(
          tx,
          h.case_id,
          { tenantId: row.to_tenant_id, objectId: row.to_object_id },
          this.system.now(),
        )) === null
      )
        return null;
      return row
        ? {
            caseId: h.case_id,
            reference: row.reference,
            role: row.role,
            fromName: row.from_name,
            to: { tenantId: row.to_tenant_id, objectId: row.to_object_id },
            state: row.state,
          }
        : null;
    });
  }

  async worryForNotice(caseId: string, to: Recipient): Promise<WorryForNotice | null> {
    return this.noticeForParty(caseId, to, 'named-person');
  }

  /** A consultation asked of a unit's function, as its members' cards show it (the names in `locale`). */
  async consultationOffer(requestId: string, locale: 'sv' | 'en'): Promise<ConsultationOffer | null> {
    if (!isGuid(requestId)) return null;
    const head = await this.db.query<{ case_id: string; org_unit_id: string }>(
      'SELECT case_id, org_unit_id FROM consultation_request WHERE id = $1',
      [requestId],
    );
    const h = head.rows[0];
    if (h === undefined) return null;
    return this.system.audited(h.case_id, h.org_unit_id, 'party.list', async (tx) => {
      const r = await tx.query<{
        reference: string;
        asking: string;
        fn: { sv: string; en: string } | null;
        taken_by_name: string | null;
        taken_by_object_id: string | null;
      }>(
        `SELECT c.reference, a.name AS asking, t.consultation_function AS fn, r.taken_by_name, r.taken_by_object_id
           FROM consultation_request r JOIN child_case c ON c.id = r.case_id
           JOIN org_unit a ON a.id = r.org_unit_id JOIN org_unit t ON t.id = r.target_unit_id WHERE r.id = $1`,
        [requestId],
      );
      const row = r.rows[0];
      if (row === undefined) return null;
      return {
        caseId: h.case_id,
        reference: row.reference,
        askingUnit: row.asking,
        functionName: row.fn?.[locale] ?? '',
        takenBy: row.taken_by_name,
        takenByObjectId: row.taken_by_object_id,
      };
    });
  }

  async consultationOffersSent(requestId: string): Promise<readonly { to: Recipient; activityId: string }[]> {
    const r = await this.db.query<{ tenant_id: string; object_id: string; activity_id: string | null }>(
      `SELECT payload->>'tenantId' AS tenant_id, payload->>'objectId' AS object_id, result->>'activityId' AS activity_id
         FROM outbox_job WHERE kind = 'consultation.offer' AND payload->>'requestId' = $1 AND state = 'done'`,
      [requestId],
    );
    return r.rows.flatMap((x) =>
      x.activity_id ? [{ to: { tenantId: x.tenant_id, objectId: x.object_id }, activityId: x.activity_id }] : [],
    );
  }

  /** A consultation still open without an outcome: its reference and its named persons (else whoever raised it). */
  /** Whom a consultation without an outcome reminds: its named person(s), or without one whoever raised it. */
  private async outcomeRecipients(tx: Sql, caseId: string): Promise<{ reference: string; to: Recipient[] } | null> {
    const c = await tx.query<{ reference: string }>(
      "SELECT reference FROM child_case WHERE id = $1 AND kind = 'anonymous' AND stage <> 'closed' AND consultation_outcome IS NULL",
      [caseId],
    );
    const reference = c.rows[0]?.reference;
    if (reference === undefined) return null;
    const p = await tx.query<{ tenant_id: string; object_id: string; role: string }>(
      `SELECT tenant_id, object_id, role FROM case_party
        WHERE case_id = $1 AND role IN ('named-person', 'discoverer') AND removed_at IS NULL ORDER BY object_id`,
      [caseId],
    );
    const named = p.rows.filter((r) => r.role === 'named-person');
    const to = named.length > 0 ? named : p.rows.filter((r) => r.role === 'discoverer');
    return { reference, to: to.map((r) => ({ tenantId: r.tenant_id, objectId: r.object_id })) };
  }

  private async caseUnit(caseId: string): Promise<string | undefined> {
    if (!isGuid(caseId)) return undefined;
    const head = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [
      caseId,
    ]);
    return head.rows[0]?.org_unit_id;
  }

  /** One `consultation.outcomeDue` job per person to remind, keyed by the person, in the read's transaction. */
  async queueOutcomeNotices(caseId: string): Promise<{ queued: number }> {
    const orgUnitId = await this.caseUnit(caseId);
    if (orgUnitId === undefined) return { queued: 0 };
    const outbox = new Outbox(this.db, { now: () => this.system.now() });
    return this.system.audited(caseId, orgUnitId, 'party.list', async (tx) => {
      const open = await this.outcomeRecipients(tx, caseId);
      for (const to of open?.to ?? [])
        await outbox.enqueue(tx, {
          kind: 'consultation.outcomeDue',
          orgUnitId,
          caseId,
          idempotencyKey: `consultation.outcomeDue:${caseId}:${to.tenantId}:${to.objectId}`,
          payload: { caseId, tenantId: to.tenantId, objectId: to.objectId },
        });
      return { queued: open?.to.length ?? 0 };
    });
  }

  async outcomeDueFor(caseId: string, to: Recipient): Promise<{ reference: string } | null> {
    const orgUnitId = await this.caseUnit(caseId);
    if (orgUnitId === undefined) return null;
    return this.system.audited(caseId, orgUnitId, 'party.list', async (tx) => {
      const open = await this.outcomeRecipients(tx, caseId);
      const still = open?.to.some((r) => r.tenantId === to.tenantId && r.objectId === to.objectId) === true;
      return open !== null && still ? { reference: open.reference } : null;
    });
  }

  async adviceForNotice(caseId: string, to: Recipient, author: Recipient): Promise<AdviceForNotice | null> {
    const orgUnitId = await this.caseUnit(caseId);
    if (orgUnitId === undefined) return null;
    return this.system.audited(caseId, orgUnitId, 'party.list', async (tx) => {
      const r = await tx.query<{ reference: string; from_name: string; unit_name: string }>(
        `SELECT c.reference, p.display_name AS from_name, u.name AS unit_name
           FROM child_case c JOIN case_party p ON p.case_id = c.id JOIN org_unit u ON u.id = p.party_org_unit_id
          WHERE c.id = $1 AND c.kind = 'anonymous' AND c.stage <> 'closed'
            AND p.tenant_id = $2 AND p.object_id = $3 AND p.role = 'consultee' AND p.removed_at IS NULL`,
        [caseId, author.tenantId, author.objectId],
      );
      const row = r.rows[0];
      if (row === undefined) return null;
      const responsible = await tx.query(
        `SELECT 1 FROM case_party WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3
            AND role IN ('discoverer', 'named-person', 'lead-professional') AND removed_at IS NULL`,
        [caseId, to.tenantId, to.objectId],
      );
      if (responsible.rows.length === 0) return null;
      return { reference: row.reference, fromName: row.from_name, unitName: row.unit_name };
    });
  }

  /** The consultation a consultee was invited to, while they still are one and may see it. */
  async consulteeForNotice(caseId: string, to: Recipient): Promise<WorryForNotice | null> {
    return this.noticeForParty(caseId, to, 'consultee');
  }

  private async noticeForParty(caseId: string, to: Recipient, role: PartyRole): Promise<WorryForNotice | null> {
    if (!isGuid(caseId)) return null;
    const head = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM child_case WHERE id = $1', [
      caseId,
    ]);
    const orgUnitId = head.rows[0]?.org_unit_id;
    if (orgUnitId === undefined) return null;
    return this.system.audited(caseId, orgUnitId, 'party.list', async (tx) => {
      const r = await tx.query<{ reference: string; stage: CaseStage; unit_name: string; group_subject: boolean }>(
        `SELECT c.reference, c.stage, u.name AS unit_name, (c.details->'group') IS NOT NULL AS group_subject FROM case_party p JOIN child_case c ON c.id = p.case_id JOIN org_unit u ON u.id = p.party_org_unit_id
          WHERE p.case_id = $1 AND p.tenant_id = $2 AND p.object_id = $3 AND p.role = $4 AND p.removed_at IS NULL`,
        [caseId, to.tenantId, to.objectId, role],
      );
      const row = r.rows[0];
      // Only to someone who still holds the role, on an open case the visibility rule lets them see.
      if (row === undefined || row.stage === 'closed') return null;
      if ((await readAccess(tx, caseId, to, this.system.now())) === null) return null;
      return { reference: row.reference, unitName: row.unit_name, group: row.group_subject };
    });
  }
}
