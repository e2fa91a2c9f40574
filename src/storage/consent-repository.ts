import { randomUUID } from 'node:crypto';
import { consentRecordRule, type Consent } from '../domain/consent';
import { notFound } from '../domain/errors';
import { requireResponsible, type WriteRule } from '../domain/standing';
import type { ConsentRepository, NewConsent } from '../app/ports';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';
import { listConsentRows, toConsent } from './rows';

/** Inserts a consent row in the caller's transaction (the use case writes its history and queues its jobs). */
export async function insertConsentRow(
  tx: Sql,
  scope: AccessScope,
  kase: { caseId: string; orgUnitId: string },
  input: NewConsent,
): Promise<Consent> {
  const id = randomUUID();
  const now = scope.now();
  await tx.query(
    `INSERT INTO consent (id, case_id, org_unit_id, given_by, org_unit_ids, info_categories, purpose, valid_from, valid_to, recorded_by, recorded_at, sheet_version, obtained_how)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      id,
      kase.caseId,
      kase.orgUnitId,
      JSON.stringify(input.givenBy),
      [...input.orgUnitIds],
      [...input.informationCategories],
      input.purpose,
      input.validFrom,
      input.validTo,
      scope.actor.objectId,
      now,
      input.sheetVersion ?? null,
      input.obtainedHow ?? null,
    ],
  );
  return {
    ...input,
    id,
    caseId: kase.caseId,
    withdrawnAt: null,
    recordedAt: now,
    sheetVersion: input.sheetVersion ?? null,
    obtainedHow: input.obtainedHow ?? null,
  };
}

export class PgConsentRepository implements ConsentRepository {
  constructor(private readonly scope: AccessScope) {}

  recordConsent(caseId: string, input: NewConsent, rule: WriteRule = consentRecordRule(input)): Promise<Consent> {
    return this.scope.onCase(caseId, 'consent.record', true, async (tx, access) => {
      rule(access);
      return insertConsentRow(tx, this.scope, access, input);
    });
  }

  withdrawConsent(caseId: string, consentId: string, rule: WriteRule = requireResponsible): Promise<Consent> {
    return this.scope.onCase(caseId, 'consent.withdraw', true, async (tx, access) => {
      rule(access);
      const r = await tx.query<Parameters<typeof toConsent>[0]>(
        'UPDATE consent SET withdrawn_at = $3 WHERE id = $1 AND case_id = $2 AND withdrawn_at IS NULL RETURNING *',
        [consentId, caseId, this.scope.now()],
      );
      const row = r.rows[0];
      if (row === undefined) throw notFound();
      return toConsent(row);
    });
  }

  listConsents(caseId: string): Promise<Consent[]> {
    return this.scope.onCase(caseId, 'consent.list', false, (tx) => listConsentRows(tx, caseId));
  }
}
