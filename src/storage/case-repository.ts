import { randomUUID } from 'node:crypto';
import { mayWorkWithCases } from '../domain/actor';
import { assertAnonymous, detailsFields } from '../domain/anonymous-content';
import { checkGroupDescription, normaliseGroupActions } from '../domain/group';
import {
  formatCaseReference,
  type CaseStage,
  type ChildCase,
  type ChildIdentity,
  type ConsultationOutcome,
} from '../domain/case';
import { consentProblems, type Consent } from '../domain/consent';
import type { Decide, WriteRule } from '../domain/standing';
import { conflict, forbidden, invalid } from '../domain/errors';
import { viewFor } from '../domain/visibility';
import { disclosedDetails, disclosedStageReason } from '../domain/disclosure';
import type { CaseRepository, CaseSummary, NewCase, NewConsent } from '../app/ports';
import { isResponsible, type AccessScope } from './access-scope';
import type { Sql } from './database';
import { insertConsentRow } from './consent-repository';
import { takeConsultationSnapshot } from './frozen-consultation-repository';
import { caseColumns, consentsFromJson, consentsJsonColumn, toChildCase, type CaseRow, type CaseRowView } from './rows';

async function nextReference(tx: Sql, orgUnitId: string, year: number): Promise<string> {
  const r = await tx.query<{ last_seq: number }>(
    `INSERT INTO case_reference_counter (org_unit_id, year, last_seq) VALUES ($1, $2, 1)
     ON CONFLICT (org_unit_id, year) DO UPDATE SET last_seq = case_reference_counter.last_seq + 1
     RETURNING last_seq`,
    [orgUnitId, year],
  );
  return formatCaseReference(year, r.rows[0]?.last_seq ?? 0);
}

async function readCase(tx: Sql, caseId: string, view: CaseRowView, read?: CaseRow): Promise<ChildCase> {
  const row =
    read ?? (await tx.query<CaseRow>(`SELECT ${caseColumns} FROM child_case c WHERE c.id = $1`, [caseId])).rows[0];
  if (row === undefined) throw new Error('case vanished inside its transaction');
  return toChildCase(row, view);
}

function identityParams(child: ChildIdentity): unknown[] {
  return [child.name, child.birthDate ?? null, child.personnummer ?? null, JSON.stringify(child.guardians)];
}

function checkIdentity(child: ChildIdentity): void {
  if (child.name.trim() === '') throw invalid('childName');
  if (child.birthDate === undefined && child.personnummer === undefined) throw invalid('childBirthDate');
}

/** A consent given with a case (or when it becomes consented) obeys the same rules as any other. */
function validConsent(input: NewConsent): NewConsent {
  const [problem] = consentProblems(input);
  if (problem !== undefined) throw invalid(problem);
  return input;
}

export class PgCaseRepository implements CaseRepository {
  constructor(private readonly scope: AccessScope) {}

  createCase(input: NewCase): Promise<ChildCase & { readonly consent?: Consent }> {
    const { actor } = this.scope;
    return this.scope.unscoped('case.create', async (tx) => {
      if (!mayWorkWithCases(actor)) throw forbidden();
      if (input.kind === 'anonymous') {
        if ('child' in input) throw invalid('child');
        assertAnonymous(detailsFields(input.details));
      } else {
        checkIdentity(input.child);
      }
      // A group is described from lists only, and is never a consented case's subject.
      if (input.details.group !== undefined) {
        if (input.kind !== 'anonymous') throw invalid('kind', 'group');
        checkGroupDescription(input.details.group);
        normaliseGroupActions(input.details.groupActions ?? []);
      } else if (input.details.groupActions !== undefined) throw invalid('groupActions');
      const now = this.scope.now();
      const id = randomUUID();
      const reference = await nextReference(tx, actor.orgUnitId, now.getUTCFullYear());
      const identity = input.kind === 'consented' ? identityParams(input.child) : [null, null, null, null];
      await tx.query(
        `INSERT INTO child_case (id, org_unit_id, reference, kind, stage, details, child_name, child_birth_date, child_personnummer, guardians, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'consultation', $5, $6, $7, $8, $9, $10, $10)`,
        [id, actor.orgUnitId, reference, input.kind, JSON.stringify(input.details), ...identity, now],
      );
      await tx.query(
        `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
         VALUES ($1, $2, $3, $4, $5, $2, 'discoverer', $6)`,
        [id, actor.orgUnitId, actor.tenantId, actor.objectId, actor.displayName, now],
      );
      const consent =
        input.kind === 'consented'
          ? await insertConsentRow(
              tx,
              this.scope,
              { caseId: id, orgUnitId: actor.orgUnitId },
              validConsent(input.consent),
            )
          : undefined;
      const kase = await readCase(tx, id, { identity: input.kind === 'consented', consultation: true });
      return { result: consent ? { ...kase, consent } : kase, caseId: id };
    });
  }

  /** The cases the actor is a party of and the visibility rule lets them see (the others do not exist for them). */
  listMyCases(): Promise<CaseSummary[]> {
    const { actor } = this.scope;
    return this.scope.unscoped('case.list', async (tx) => {
      const r = await tx.query<{
        id: string;
        org_unit_id: string;
        reference: string;
        kind: ChildCase['kind'];
        group_subject: boolean;
        stage: ChildCase['stage'];
        roles: CaseSummary['myRoles'];
        party_org_unit_id: string;
        updated_at: Date;
        consents: Parameters<typeof consentsFromJson>[0];
      }>(
        `SELECT c.id, c.org_unit_id, c.reference, c.kind, (c.details->'group') IS NOT NULL AS group_subject, c.stage, c.updated_at, array_agg(p.role ORDER BY p.role) AS roles,
                min(p.party_org_unit_id) AS party_org_unit_id,
                CASE WHEN c.kind = 'consented' THEN ${consentsJsonColumn('c.id')} ELSE '[]'::json END AS consents
           FROM child_case c JOIN case_party p ON p.case_id = c.id
          WHERE p.tenant_id = $1 AND p.object_id = $2 AND p.removed_at IS NULL
          GROUP BY c.id ORDER BY c.updated_at DESC`,
        [actor.tenantId, actor.objectId],
      );
      const now = this.scope.now();
      const result = r.rows
        .filter(
          (row) =>
            viewFor(
              { kind: row.kind, orgUnitId: row.org_unit_id },
              { orgUnitId: row.party_org_unit_id, roles: row.roles },
              consentsFromJson(row.consents),
              now,
            ) !== null,
        )
        .map((row) => ({
          id: row.id,
          reference: row.reference,
          kind: row.kind,
          group: row.group_subject,
          stage: row.stage,
          myRoles: row.roles,
          updatedAt: row.updated_at,
        }));
      return { result, caseId: null };
    });
  }

  getCase(caseId: string): Promise<ChildCase> {
    // The turn's access check read the case row with it (when nothing has written since): no statement.
    return this.scope.onCase(caseId, 'case.read', false, (tx, access) =>
      this.#readAs(tx, caseId, access, this.scope.caseRowOfThisTurn(caseId)),
    );
  }

  /**
   * The case as `access` may see it: identity and consultation text by its view, fields by its
   * categories. `read`: the row as already read in this transaction, when nothing has changed it since.
   */
  async #readAs(
    tx: Sql,
    caseId: string,
    access: Parameters<AccessScope['disclosure']>[0],
    read?: CaseRow,
  ): Promise<ChildCase> {
    const kase = await readCase(tx, caseId, access.view, read);
    const disclosure = this.scope.disclosure(access);
    return {
      ...kase,
      details: disclosedDetails(disclosure, kase.details),
      closeReason: disclosedStageReason(disclosure, kase.closeReason),
    };
  }

  /** Moves the case to the stage `decide` names (judged on the locked case); the version goes up. */
  changeStage(
    caseId: string,
    decide: Decide<CaseStage>,
    reason: string | null,
  ): Promise<{ kase: ChildCase; from: CaseStage }> {
    return this.scope.onCase(caseId, 'case.stage', true, async (tx, access) => {
      const to = decide(access);
      await tx.query(
        `UPDATE child_case SET stage = $2, close_reason = CASE WHEN $2 = 'closed' THEN $3 ELSE close_reason END, version = version + 1, updated_at = $4 WHERE id = $1`,
        [caseId, to, reason, this.scope.now()],
      );
      return { kase: await this.#readAs(tx, caseId, access), from: access.stage };
    });
  }

  recordOutcome(caseId: string, outcome: ConsultationOutcome, rule: WriteRule): Promise<ChildCase> {
    return this.scope.onCase(caseId, 'case.outcome', true, async (tx, access) => {
      rule(access);
      await tx.query(
        'UPDATE child_case SET consultation_outcome = $2, consultation_outcome_at = $3, version = version + 1, updated_at = $3 WHERE id = $1',
        [caseId, outcome, this.scope.now()],
      );
      return readCase(tx, caseId, access.view);
    });
  }

  /** Replaces a group consultation's actions if `rule` passes on the locked case (the version goes up). */
  saveGroupActions(caseId: string, actions: readonly string[], rule: WriteRule): Promise<ChildCase> {
    return this.scope.onCase(caseId, 'case.groupActions', true, async (tx, access) => {
      rule(access);
      const current = await readCase(tx, caseId, access.view);
      if (current.details.group === undefined) throw invalid('kind');
      const kept = normaliseGroupActions(actions);
      assertAnonymous(detailsFields({ ...current.details, groupActions: kept }));
      await tx.query(
        `UPDATE child_case SET details = jsonb_set(details, '{groupActions}', $2::jsonb), version = version + 1, updated_at = $3 WHERE id = $1`,
        [caseId, JSON.stringify(kept), this.scope.now()],
      );
      return this.#readAs(tx, caseId, access);
    });
  }

  convertToConsented(
    caseId: string,
    input: { child: ChildIdentity; consent: NewConsent },
    expectedVersion: number,
  ): Promise<ChildCase & { readonly consent: Consent }> {
    return this.scope.onCase(caseId, 'case.convert', true, async (tx, access) => {
      if (!isResponsible(access)) throw forbidden();
      if (access.kind !== 'anonymous') throw invalid('kind');
      if (access.version !== expectedVersion) throw conflict();
      // A group consultation never gets a child's identity (domain/group.ts).
      if ((await readCase(tx, caseId, access.view)).details.group !== undefined) throw invalid('kind', 'group');
      checkIdentity(input.child);
      // The anonymous phase as it is now, for consultees the consent will not cover (before identity enters).
      await takeConsultationSnapshot(tx, caseId, this.scope.now());
      await tx.query(
        `UPDATE child_case SET kind = 'consented', child_name = $2, child_birth_date = $3, child_personnummer = $4, guardians = $5, version = version + 1, updated_at = $6 WHERE id = $1`,
        [caseId, ...identityParams(input.child), this.scope.now()],
      );
      const consent = await insertConsentRow(
        tx,
        this.scope,
        { caseId, orgUnitId: access.orgUnitId },
        validConsent(input.consent),
      );
      return { ...(await readCase(tx, caseId, { identity: true, consultation: true })), consent };
    });
  }

  stillVisible(caseId: string): Promise<boolean> {
    return this.scope.stillSees(caseId);
  }
}
