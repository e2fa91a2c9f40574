import { randomUUID } from 'node:crypto';
import { conflict, consentRequired, forbidden, invalid, notFound } from '../domain/errors';
import { handoverRolesHeld, type Handover, type HandoverRole } from '../domain/handover';
import { isGuid } from '../domain/ids';
import { unitMaySee } from '../domain/visibility';
import type { HandoverRepository } from '../app/follow-up-ports';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';
import { toParty, type PartyRow } from './rows';

interface HandoverRow {
  id: string;
  case_id: string;
  role: HandoverRole;
  from_tenant_id: string;
  from_object_id: string;
  from_name: string;
  to_tenant_id: string;
  to_object_id: string;
  to_name: string;
  to_org_unit_id: string;
  receiver_added: boolean;
  state: Handover['state'];
  offered_at: Date;
  decided_at: Date | null;
}

function toHandover(r: HandoverRow): Handover {
  return {
    id: r.id,
    caseId: r.case_id,
    role: r.role,
    from: { tenantId: r.from_tenant_id, objectId: r.from_object_id, displayName: r.from_name },
    to: { tenantId: r.to_tenant_id, objectId: r.to_object_id, displayName: r.to_name, orgUnitId: r.to_org_unit_id },
    state: r.state,
    offeredAt: r.offered_at,
    decidedAt: r.decided_at,
  };
}

async function activeParties(tx: Sql, caseId: string) {
  const r = await tx.query<PartyRow>(
    'SELECT tenant_id, object_id, display_name, party_org_unit_id, role FROM case_party WHERE case_id = $1 AND removed_at IS NULL',
    [caseId],
  );
  return r.rows.map(toParty);
}

/** Makes a person hold a role on the case (again), in the caller's transaction. */
async function grantRole(
  tx: Sql,
  caseId: string,
  orgUnitId: string,
  p: { tenantId: string; objectId: string; displayName: string; orgUnitId: string },
  role: string,
  at: Date,
): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL, added_at = EXCLUDED.added_at WHERE case_party.removed_at IS NOT NULL`,
    [caseId, orgUnitId, p.tenantId, p.objectId, p.displayName, p.orgUnitId, role, at],
  );
  return r.rowCount === 1;
}

async function endRole(
  tx: Sql,
  caseId: string,
  p: { tenantId: string; objectId: string },
  role: string,
  at: Date,
): Promise<void> {
  await tx.query(
    'UPDATE case_party SET removed_at = $5 WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3 AND role = $4 AND removed_at IS NULL',
    [caseId, p.tenantId, p.objectId, role, at],
  );
}

export class PgHandoverRepository implements HandoverRepository {
  constructor(private readonly scope: AccessScope) {}

  offerHandover(caseId: string, role: HandoverRole, to: { tenantId: string; objectId: string }): Promise<Handover> {
    const me = this.scope.actor;
    return this.scope.onCase(caseId, 'handover.offer', true, async (tx, access) => {
      if (access.stage === 'closed') throw invalid('stage', 'closed');
      if (!handoverRolesHeld(me, await activeParties(tx, caseId)).includes(role)) throw forbidden();
      if (to.tenantId === me.tenantId && to.objectId === me.objectId) throw invalid('receiver');
      const m = await tx.query<{ display_name: string; org_unit_id: string; roles: string[] }>(
        'SELECT display_name, org_unit_id, roles FROM membership WHERE tenant_id = $1 AND object_id = $2',
        [to.tenantId, to.objectId],
      );
      const member = m.rows[0];
      if (member === undefined || !member.roles.some((r) => r === 'professional' || r === 'named-person'))
        throw invalid('receiver');
      const now = this.scope.now();
      if (!unitMaySee(access, member.org_unit_id, access.consents, now)) throw consentRequired(member.org_unit_id);
      const open = await tx.query('SELECT 1 FROM role_handover WHERE case_id = $1 AND role = $2 AND state = $3', [
        caseId,
        role,
        'offered',
      ]);
      if (open.rows.length > 0) throw conflict();
      const receiver = {
        tenantId: to.tenantId,
        objectId: to.objectId,
        displayName: member.display_name,
        orgUnitId: member.org_unit_id,
      };
      const active = await tx.query(
        'SELECT 1 FROM case_party WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3 AND removed_at IS NULL',
        [caseId, to.tenantId, to.objectId],
      );
      // The receiver must see the case to answer: they become a participant (and stop being one if they decline).
      const added =
        active.rows.length === 0 && (await grantRole(tx, caseId, access.orgUnitId, receiver, 'participant', now));
      const id = randomUUID();
      const r = await tx.query<HandoverRow>(
        `INSERT INTO role_handover (id, case_id, org_unit_id, role, from_tenant_id, from_object_id, from_name, to_tenant_id, to_object_id, to_name, to_org_unit_id, receiver_added, state, offered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'offered', $13) RETURNING *`,
        [
          id,
          caseId,
          access.orgUnitId,
          role,
          me.tenantId,
          me.objectId,
          me.displayName,
          to.tenantId,
          to.objectId,
          member.display_name,
          member.org_unit_id,
          added,
          now,
        ],
      );
      const row = r.rows[0];
      if (row === undefined) throw new Error('hand-over vanished inside its transaction');
      return toHandover(row);
    });
  }

  decideHandover(caseId: string, handoverId: string, accept: boolean): Promise<Handover> {
    const me = this.scope.actor;
    return this.scope.onCase(caseId, 'handover.decide', true, async (tx, access) => {
      if (!isGuid(handoverId)) throw notFound();
      const r = await tx.query<HandoverRow>('SELECT * FROM role_handover WHERE id = $1 AND case_id = $2 FOR UPDATE', [
        handoverId,
        caseId,
      ]);
      const h = r.rows[0];
      if (h === undefined) throw notFound();
      if (h.to_tenant_id !== me.tenantId || h.to_object_id !== me.objectId) throw forbidden();
      if (h.state !== 'offered') throw conflict();
      const now = this.scope.now();
      const from = { tenantId: h.from_tenant_id, objectId: h.from_object_id, displayName: h.from_name };
      if (accept) {
        if (access.stage === 'closed') throw invalid('stage', 'closed');
        // The giver must still hold the role (it may have moved or ended since the offer).
        const parties = await activeParties(tx, caseId);
        const giverUnit = parties.find((p) => p.tenantId === from.tenantId && p.objectId === from.objectId)?.orgUnitId;
        if (giverUnit === undefined || !handoverRolesHeld(from, parties).includes(h.role)) throw conflict();
        await endRole(tx, caseId, from, h.role, now);
        // The giver keeps seeing the case they worked on, as a participant.
        await grantRole(tx, caseId, access.orgUnitId, { ...from, orgUnitId: giverUnit }, 'participant', now);
        await grantRole(
          tx,
          caseId,
          access.orgUnitId,
          { tenantId: me.tenantId, objectId: me.objectId, displayName: h.to_name, orgUnitId: h.to_org_unit_id },
          h.role,
          now,
        );
      } else if (h.receiver_added) {
        await endRole(tx, caseId, me, 'participant', now);
      }
      const updated = await tx.query<HandoverRow>(
        'UPDATE role_handover SET state = $2, decided_at = $3 WHERE id = $1 RETURNING *',
        [handoverId, accept ? 'accepted' : 'declined', now],
      );
      const row = updated.rows[0];
      if (row === undefined) throw new Error('hand-over vanished inside its transaction');
      return toHandover(row);
    });
  }

  listHandovers(caseId: string): Promise<Handover[]> {
    return this.scope.onCase(caseId, 'handover.read', false, async (tx) => {
      const r = await tx.query<HandoverRow>('SELECT * FROM role_handover WHERE case_id = $1 ORDER BY offered_at, id', [
        caseId,
      ]);
      return r.rows.map(toHandover);
    });
  }
}
