import type { CaseParty } from '../domain/case';
import { consentRequired, forbidden, notFound } from '../domain/errors';
import type { PartyKey, PartyRepository } from '../app/ports';
import { unitMaySee } from '../domain/visibility';
import { isResponsible, type AccessScope } from './access-scope';
import { addCaseEvent, toParty, type PartyRow } from './rows';

export class PgPartyRepository implements PartyRepository {
  constructor(private readonly scope: AccessScope) {}

  /** The participant list with organisations is visible to every party (golden rule). */
  listParties(caseId: string): Promise<CaseParty[]> {
    return this.scope.onCase(caseId, 'party.list', false, async (tx) => {
      const r = await tx.query<PartyRow>(
        'SELECT tenant_id, object_id, display_name, party_org_unit_id, role FROM case_party WHERE case_id = $1 AND removed_at IS NULL ORDER BY added_at, role',
        [caseId],
      );
      return r.rows.map(toParty);
    });
  }

  addParty(caseId: string, party: CaseParty): Promise<void> {
    return this.scope.onCase(caseId, 'party.add', true, async (tx, access) => {
      if (!isResponsible(access)) throw forbidden();
      const now = this.scope.now();
      // A party the visibility rule would let see nothing cannot be added (they could not take part).
      if (!unitMaySee(access, party.orgUnitId, access.consents, now)) throw consentRequired(party.orgUnitId);
      await tx.query(
        `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL, display_name = EXCLUDED.display_name, party_org_unit_id = EXCLUDED.party_org_unit_id`,
        [caseId, access.orgUnitId, party.tenantId, party.objectId, party.displayName, party.orgUnitId, party.role, now],
      );
      await addCaseEvent(tx, { caseId, orgUnitId: access.orgUnitId, at: now, actorName: this.scope.actor.displayName, type: 'party.added', detail: { role: party.role, orgUnitId: party.orgUnitId } });
    });
  }

  removeParty(caseId: string, party: PartyKey): Promise<void> {
    return this.scope.onCase(caseId, 'party.remove', true, async (tx, access) => {
      if (!isResponsible(access)) throw forbidden();
      const now = this.scope.now();
      const r = await tx.query(
        'UPDATE case_party SET removed_at = $5 WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3 AND role = $4 AND removed_at IS NULL',
        [caseId, party.tenantId, party.objectId, party.role, now],
      );
      if (r.rowCount === 0) throw notFound();
      await addCaseEvent(tx, { caseId, orgUnitId: access.orgUnitId, at: now, actorName: this.scope.actor.displayName, type: 'party.removed', detail: { role: party.role } });
    });
  }
}
