/**
 * The chokepoint. Every repository method runs through `onCase` (or `unscoped`): in one transaction
 * the case is loaded with the access predicate (the actor must be an active party), the method runs,
 * and its audit row is written. A case the actor may not see answers NotFound, and the attempt is
 * audited as denied in its own transaction. Nothing personal goes into an audit row.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor';
import type { AuditAction, AuditOutcome } from '../domain/audit';
import type { CaseKind, CaseStage, PartyRole } from '../domain/case';
import type { Consent } from '../domain/consent';
import { isDomainError, notFound } from '../domain/errors';
import { isGuid } from '../domain/ids';
import type { Clock } from '../domain/ports';
import { viewFor, type CaseView } from '../domain/visibility';
import { appendAudit } from './audit-writer';
import type { Database, Sql } from './database';
import { Outbox } from './outbox';
import { listConsentRows } from './rows';

export interface CaseAccess {
  readonly caseId: string;
  readonly orgUnitId: string;
  readonly kind: CaseKind;
  readonly stage: CaseStage;
  readonly version: number;
  readonly myRoles: readonly PartyRole[];
  readonly consents: readonly Consent[];
  readonly view: CaseView;
}


export function outcomeOf(err: unknown): AuditOutcome {
  if (!isDomainError(err)) return 'error';
  switch (err.code) {
    case 'NotFound':
    case 'Forbidden':
    case 'ConsentRequired':
      return 'denied';
    case 'Conflict':
      return 'conflict';
    case 'Invalid':
    case 'IdentifyingData':
      return 'invalid';
    case 'Unavailable':
    case 'PermissionMissing':
      return 'error';
  }
}

export class AccessScope {
  /** Side effects (Graph, Teams) are queued here inside the method's own transaction. */
  readonly outbox: Outbox;

  constructor(
    private readonly db: Database,
    readonly actor: Actor,
    readonly requestId: string,
    readonly clock: Clock,
  ) {
    this.outbox = new Outbox(db, clock);
  }

  now(): Date {
    return this.clock.now();
  }

  /** Runs `fn` on a case the actor is a party of; `lock` takes the case row for a write. */
  async onCase<T>(caseId: string, action: AuditAction, lock: boolean, fn: (tx: Sql, access: CaseAccess) => Promise<T>): Promise<T> {
    const auditCaseId = isGuid(caseId) ? caseId : null;
    try {
      return await this.db.transaction(async (tx) => {
        const access = auditCaseId === null ? null : await this.loadAccess(tx, auditCaseId, lock);
        if (access === null) throw notFound();
        const result = await fn(tx, access);
        await this.audit(tx, action, auditCaseId, 'success');
        return result;
      });
    } catch (err) {
      await this.db.transaction((tx) => this.audit(tx, action, auditCaseId, outcomeOf(err)));
      throw err;
    }
  }

  /** Runs `fn` for an action that is not about one existing case (create, list). */
  async unscoped<T>(action: AuditAction, fn: (tx: Sql) => Promise<{ result: T; caseId: string | null }>): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        const { result, caseId } = await fn(tx);
        await this.audit(tx, action, caseId, 'success');
        return result;
      });
    } catch (err) {
      await this.db.transaction((tx) => this.audit(tx, action, null, outcomeOf(err)));
      throw err;
    }
  }

  private async audit(tx: Sql, action: AuditAction, caseId: string | null, outcome: AuditOutcome): Promise<void> {
    await appendAudit(tx, this.actor.orgUnitId, {
      id: randomUUID(),
      at: this.now(),
      actorTenantId: this.actor.tenantId,
      actorObjectId: this.actor.objectId,
      action,
      caseId,
      outcome,
      requestId: this.requestId,
    });
  }

  private async loadAccess(tx: Sql, caseId: string, lock: boolean): Promise<CaseAccess | null> {
    // The case with the access predicate, and the caller's roles in it, in one statement.
    const c = await tx.query<{ id: string; org_unit_id: string; kind: CaseKind; stage: CaseStage; version: number; roles: PartyRole[] | null; party_org_unit_id: string | null }>(
      `SELECT c.id, c.org_unit_id, c.kind, c.stage, c.version,
              (SELECT array_agg(p.role ORDER BY p.role) FROM case_party p
                WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL) AS roles,
              (SELECT min(p.party_org_unit_id) FROM case_party p
                WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL) AS party_org_unit_id
         FROM child_case c
        WHERE c.id = $1
          AND EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL)
        ${lock ? 'FOR UPDATE OF c' : ''}`,
      [caseId, this.actor.tenantId, this.actor.objectId],
    );
    const row = c.rows[0];
    if (row === undefined) return null;
    const consents = await listConsentRows(tx, caseId);
    const partyOrg = row.party_org_unit_id ?? this.actor.orgUnitId;
    return {
      caseId: row.id,
      orgUnitId: row.org_unit_id,
      kind: row.kind,
      stage: row.stage,
      version: row.version,
      myRoles: row.roles ?? [],
      consents,
      view: viewFor({ kind: row.kind, orgUnitId: row.org_unit_id }, { orgUnitId: partyOrg }, consents, this.now()),
    };
  }
}

/** Roles that carry responsibility for the case: they may change it, add parties and record consent. */
export function isResponsible(access: CaseAccess): boolean {
  return access.myRoles.some((r) => r === 'discoverer' || r === 'named-person' || r === 'lead-professional');
}
