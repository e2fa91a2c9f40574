/**
 * A case's optional GIRFEC lenses through the storage door: which lenses the case uses and each
 * lens's content, one row per case, versioned as a whole (a write names the version it read; a stale
 * one is a Conflict). Reads are filtered by the visibility rule (each lens part's category); a
 * write of one lens's content replaces that lens only, so choosing lenses never touches content.
 */
import { disclosedLenses } from '../domain/disclosure';
import { conflict } from '../domain/errors';
import { noLenses, type CaseLenses, type LensContent } from '../domain/lens';
import type { WriteRule } from '../domain/standing';
import type { LensRepository } from '../app/ports';
import type { AccessScope, CaseAccess } from './access-scope';
import type { Sql } from './database';

interface LensRow {
  chosen: string[];
  content: Record<string, LensContent>;
  version: number;
  updated_by_name: string;
  updated_at: Date;
}

const columns = 'chosen, content, version, updated_by_name, updated_at';

const toLenses = (row: LensRow): CaseLenses => ({
  chosen: row.chosen,
  content: row.content,
  version: row.version,
  updatedAt: new Date(row.updated_at),
  updatedByName: row.updated_by_name,
});

/** The case's lenses as stored (unfiltered: the caller discloses them), inside a door's transaction. */
export async function readLenses(tx: Sql, caseId: string): Promise<CaseLenses> {
  const r = await tx.query<LensRow>(`SELECT ${columns} FROM case_lens WHERE case_id = $1`, [caseId]);
  return r.rows[0] ? toLenses(r.rows[0]) : noLenses;
}

export class PgLensRepository implements LensRepository {
  constructor(private readonly scope: AccessScope) {}

  /** The case's lenses as the actor may see them (nothing chosen, version 0, while none are stored). */
  getLenses(caseId: string): Promise<CaseLenses> {
    return this.scope.onCase(caseId, 'lens.read', false, async (tx, access) =>
      disclosedLenses(this.scope.disclosure(access), await readLenses(tx, caseId)),
    );
  }

  /** Sets which lenses the case uses (their content is kept, shown again when a lens is chosen again). */
  chooseLenses(
    caseId: string,
    chosen: readonly string[],
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<CaseLenses> {
    return this.#write(caseId, expectedVersion, rule, async (tx, access) => {
      const ids = [...chosen];
      return expectedVersion === 0
        ? this.#insert(tx, access, caseId, ids, {})
        : this.#update(tx, caseId, expectedVersion, 'chosen = $3', [ids]);
    });
  }

  /** Replaces one lens's content (the other lenses' content and the choice are kept). */
  saveLensContent(
    caseId: string,
    lensId: string,
    content: LensContent,
    expectedVersion: number,
    rule: WriteRule,
  ): Promise<CaseLenses> {
    return this.#write(caseId, expectedVersion, rule, async (tx, access) => {
      const json = JSON.stringify(content);
      return expectedVersion === 0
        ? this.#insert(tx, access, caseId, [], { [lensId]: content })
        : this.#update(tx, caseId, expectedVersion, 'content = content || jsonb_build_object($3::text, $4::jsonb)', [
            lensId,
            json,
          ]);
    });
  }

  #write(
    caseId: string,
    expectedVersion: number,
    rule: WriteRule,
    body: (tx: Sql, access: CaseAccess) => Promise<CaseLenses>,
  ): Promise<CaseLenses> {
    return this.scope.onCase(
      caseId,
      'lens.write',
      true,
      async (tx, access) => {
        rule(access);
        // What goes back is filtered as a read is (a party choosing lenses may see only some parts).
        return disclosedLenses(this.scope.disclosure(access), await body(tx, access));
      },
      { oneStatement: true, keepsAccess: true },
    );
  }

  async #insert(
    tx: Sql,
    access: CaseAccess,
    caseId: string,
    chosen: string[],
    content: Record<string, LensContent>,
  ): Promise<CaseLenses> {
    const r = await tx.query<LensRow>(
      `INSERT INTO case_lens (case_id, org_unit_id, chosen, content, version, updated_by_name, updated_at)
       VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT (case_id) DO NOTHING RETURNING ${columns}`,
      [caseId, access.orgUnitId, chosen, JSON.stringify(content), this.scope.actor.displayName, this.scope.now()],
    );
    if (r.rows[0] === undefined) throw conflict();
    return toLenses(r.rows[0]);
  }

  async #update(tx: Sql, caseId: string, expectedVersion: number, set: string, values: unknown[]): Promise<CaseLenses> {
    const at = values.length + 3;
    const r = await tx.query<LensRow>(
      `UPDATE case_lens SET ${set}, version = version + 1, updated_by_name = $${at}, updated_at = $${at + 1}
        WHERE case_id = $1 AND version = $2 RETURNING ${columns}`,
      [caseId, expectedVersion, ...values, this.scope.actor.displayName, this.scope.now()],
    );
    if (r.rows[0] === undefined) throw conflict();
    return toLenses(r.rows[0]);
  }
}
