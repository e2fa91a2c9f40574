/**
 * The unit a person acts for when their Entra groups give several: remembered in user_preference,
 * applied by every directory sync and look-up, changeable at any time. The choice is audited like
 * the directory's other access decisions ('directory.unitChosen', in the unit now acted for).
 */
import { randomUUID } from 'node:crypto';
import type { ActorRole } from '../domain/actor';
import { actingFor, unitsOf, type DirectoryMember, type UnitRoles } from '../domain/directory';
import { appendAuditBatch } from './audit-writer';
import type { Database, Sql } from './database';

/** The members acting for the units they chose (one statement for the whole tenant). */
export async function applyUnitChoices(
  tx: Sql,
  tenantId: string,
  members: readonly DirectoryMember[],
): Promise<DirectoryMember[]> {
  if (!members.some((m) => (m.units?.length ?? 0) > 1)) return [...members];
  const r = await tx.query<{ object_id: string; org_unit_id: string }>(
    'SELECT object_id, org_unit_id FROM user_preference WHERE tenant_id = $1 AND org_unit_id IS NOT NULL',
    [tenantId],
  );
  const chosen = new Map(r.rows.map((x) => [x.object_id.toLowerCase(), x.org_unit_id]));
  return members.map((m) => actingFor(m, chosen.get(m.objectId.toLowerCase())));
}

/** The units a member may act for (from the last sync) and the one they act for now; null when not in Samsyn. */
export async function unitsOfMember(
  db: Sql,
  tenantId: string,
  objectId: string,
): Promise<{ current: string; units: readonly UnitRoles[] } | null> {
  const r = await db.query<{ org_unit_id: string; roles: ActorRole[]; units: UnitRoles[] }>(
    'SELECT org_unit_id, roles, units FROM membership WHERE tenant_id = $1 AND object_id = $2',
    [tenantId, objectId],
  );
  const m = r.rows[0];
  if (!m) return null;
  return { current: m.org_unit_id, units: unitsOf({ orgUnitId: m.org_unit_id, roles: m.roles, units: m.units }) };
}

export type UnitChoiceResult =
  { ok: true; orgUnitId: string } | { ok: false; reason: 'not-a-member' | 'not-your-unit' };

/**
 * Acts for `orgUnitId` from now on (and across syncs), if the person's groups give that unit.
 * One transaction: the preference, the membership row and the audit entry.
 */
export async function chooseUnit(
  db: Database,
  tenantId: string,
  objectId: string,
  orgUnitId: string,
  at: Date,
): Promise<UnitChoiceResult> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ org_unit_id: string; units: UnitRoles[] }>(
      'SELECT org_unit_id, units FROM membership WHERE tenant_id = $1 AND object_id = $2 FOR UPDATE',
      [tenantId, objectId],
    );
    const row = r.rows[0];
    if (!row) return { ok: false, reason: 'not-a-member' };
    const target = row.units.find((u) => u.orgUnitId === orgUnitId);
    if (!target) return { ok: false, reason: 'not-your-unit' };
    await tx.query(
      `INSERT INTO user_preference (tenant_id, object_id, org_unit_id, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, object_id) DO UPDATE SET org_unit_id = EXCLUDED.org_unit_id, updated_at = EXCLUDED.updated_at`,
      [tenantId, objectId, orgUnitId, at],
    );
    if (row.org_unit_id === orgUnitId) return { ok: true, orgUnitId };
    await tx.query(
      'UPDATE membership SET org_unit_id = $3, roles = $4, updated_at = $5 WHERE tenant_id = $1 AND object_id = $2',
      [tenantId, objectId, orgUnitId, [...target.roles], at],
    );
    await appendAuditBatch(tx, [
      {
        orgUnitId,
        event: {
          id: randomUUID(),
          at,
          actorTenantId: tenantId,
          actorObjectId: objectId,
          action: 'directory.unitChosen',
          caseId: null,
          outcome: 'success',
          requestId: `unit-choice-${randomUUID()}`,
        },
      },
    ]);
    return { ok: true, orgUnitId };
  });
}
