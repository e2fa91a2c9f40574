import { partyAddRule, type CaseParty, type PartyRole } from '../domain/case';
import { notFound } from '../domain/errors';
import { unitMaySee } from '../domain/visibility';
import { requireResponsible, type WriteRule } from '../domain/standing';
import type { PartiesWithTeamsIds, PartyKey, PartyRepository } from '../app/ports';
import type { QueryResult } from './database';
import type { AccessScope } from './access-scope';
import { toParty, type PartyRow } from './rows';

/**
 * Who takes part in a case. Each write runs the rule it is given (by default the domain's rule for it)
 * on the locked case; the history of who joined and left is the use case's to write.
 */
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

  listPartiesWithTeamsIds(caseId: string, limit = 60): Promise<PartiesWithTeamsIds> {
    // Read together with the access check: every party of the case may see who the others are.
    return this.scope.onCase<PartiesWithTeamsIds, QueryResult<PartyRow & { user_mri: string | null }>>(
      caseId,
      'party.list',
      false,
      async (_tx, _access, r) => {
        const ids = [...new Set(r.rows.flatMap((x) => (x.user_mri === null ? [] : [x.user_mri])))].slice(0, limit);
        return { parties: r.rows.map(toParty), teamsUserIds: ids };
      },
      {
        prefetch: (tx) =>
          tx.query<PartyRow & { user_mri: string | null }>(
            `SELECT p.tenant_id, p.object_id, p.display_name, p.party_org_unit_id, p.role, u.user_mri
               FROM case_party p LEFT JOIN teams_user u ON u.tenant_id = p.tenant_id AND u.object_id = p.object_id
              WHERE p.case_id = $1 AND p.removed_at IS NULL ORDER BY p.added_at, p.role`,
            [caseId],
          ),
      },
    );
  }

  addParty(caseId: string, party: CaseParty, rule: WriteRule = partyAddRule(party, this.scope.now())): Promise<void> {
    return this.scope.onCase(caseId, 'party.add', true, async (tx, access) => {
      rule(access);
      await tx.query(
        `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL, display_name = EXCLUDED.display_name, party_org_unit_id = EXCLUDED.party_org_unit_id`,
        [
          caseId,
          access.orgUnitId,
          party.tenantId,
          party.objectId,
          party.displayName,
          party.orgUnitId,
          party.role,
          this.scope.now(),
        ],
      );
    });
  }

  /**
   * Makes the named person(s) of `unitId` (members holding the named-person role there, from the
   * membership cache) parties of the case with that role, if `rule` passes and the visibility rule
   * lets that unit see the case (an anonymous consultation: always). Returns those added or kept.
   */
  addNamedPersons(caseId: string, unitId: string, rule: WriteRule = requireResponsible): Promise<CaseParty[]> {
    return this.scope.onCase(caseId, 'party.add', true, async (tx, access) => {
      rule(access);
      const now = this.scope.now();
      if (!unitMaySee(access, unitId, access.consents, now)) return [];
      const m = await tx.query<{ tenant_id: string; object_id: string; display_name: string }>(
        "SELECT tenant_id, object_id, display_name FROM membership WHERE org_unit_id = $1 AND 'named-person' = ANY(roles) ORDER BY display_name, object_id",
        [unitId],
      );
      const added: CaseParty[] = [];
      for (const row of m.rows) {
        await tx.query(
          `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'named-person', $7)
           ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL, display_name = EXCLUDED.display_name, party_org_unit_id = EXCLUDED.party_org_unit_id`,
          [caseId, access.orgUnitId, row.tenant_id, row.object_id, row.display_name, unitId, now],
        );
        added.push({
          tenantId: row.tenant_id,
          objectId: row.object_id,
          displayName: row.display_name,
          orgUnitId: unitId,
          role: 'named-person',
        });
      }
      return added;
    });
  }

  removeParty(caseId: string, party: PartyKey, rule: WriteRule = requireResponsible): Promise<void> {
    return this.scope.onCase(caseId, 'party.remove', true, async (tx, access) => {
      rule(access);
      const r = await tx.query(
        'UPDATE case_party SET removed_at = $5 WHERE case_id = $1 AND tenant_id = $2 AND object_id = $3 AND role = $4 AND removed_at IS NULL',
        [caseId, party.tenantId, party.objectId, party.role, this.scope.now()],
      );
      if (r.rowCount === 0) throw notFound();
    });
  }

  endRole(caseId: string, role: PartyRole, rule: WriteRule = requireResponsible): Promise<number> {
    return this.scope.onCase(caseId, 'party.remove', true, async (tx, access) => {
      rule(access);
      const r = await tx.query(
        'UPDATE case_party SET removed_at = $3 WHERE case_id = $1 AND role = $2 AND removed_at IS NULL',
        [caseId, role, this.scope.now()],
      );
      return r.rowCount ?? 0;
    });
  }
}
