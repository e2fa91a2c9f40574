/**
 * The chokepoint. Every repository method runs through `onCase` (or `unscoped`): in one transaction
 * the case is loaded with the access predicate (the actor must be an active party), the method runs,
 * and its audit row is written. A case the actor may not see answers NotFound, and the attempt is
 * audited as denied in its own transaction. Nothing personal goes into an audit row.
 *
 * Inside a turn's unit of work (unit-of-work.ts) the calls share the turn's transaction instead:
 * the case row with the access check is read once per transaction (again after any write, and with
 * the lock when a write needs it), a writing call runs under a savepoint, and the audit events are
 * appended together at the commit — a denied attempt too, or in a transaction of their own if the
 * turn is rolled back.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor';
import type { AuditAction, AuditEvent, AuditOutcome } from '../domain/audit';
import type { CaseKind, CaseStage, PartyRole } from '../domain/case';
import { isResponsible, type CaseStanding } from '../domain/standing';
import { isDomainError, notFound } from '../domain/errors';
import { isGuid } from '../domain/ids';
import type { Clock } from '../domain/ports';
import { seesFrozenConsultation, viewFor } from '../domain/visibility';
import type { CategoryCatalogue, Disclosure } from '../domain/disclosure';
import { defaultCategoryCatalogue } from '../config/field-categories';
import { appendAudit } from './audit-writer';
import type { Database, Sql } from './database';
import { Outbox } from './outbox';
import { caseColumns, consentsFromJson, consentsJsonColumn, type CaseRow } from './rows';
import { UnitOfWork } from './unit-of-work';

/** A caller's standing in a case, as the access check read it (domain/standing.ts). */
export type CaseAccess = CaseStanding;

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
    /** The information category of every wheel area and form field (domain/disclosure.ts). */
    readonly catalogue: CategoryCatalogue = defaultCategoryCatalogue(),
  ) {
    this.outbox = new Outbox(db, clock);
  }

  /** How the parts of the case read under `access` are filtered before they leave the door. */
  disclosure(access: CaseAccess): Disclosure {
    return { seen: access.view.categories, catalogue: this.catalogue, wheelId: access.wheelId };
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * Runs `fn` on a case the actor is a party of; `lock` takes the case row for a write. A write that
   * is `oneStatement` (atomic by itself, refused only before it writes) and `keepsAccess` (changes no
   * stage, party, consent or case version) needs no savepoint in a unit of work, and the access read
   * for it stays good for the rest of the turn. A read's `prefetch` is sent right behind the access
   * check, before its answer (one round trip on a pipelined connection); what it read is handed to
   * `fn` only when the check lets the actor see the case, and is dropped otherwise.
   */
  async onCase<T, P = undefined>(
    caseId: string,
    action: AuditAction,
    lock: boolean,
    fn: (tx: Sql, access: CaseAccess, prefetched: NoInfer<P>) => Promise<T>,
    /** `alsoAudits`: a second action the same statement did (e.g. the form's draft deleted with a save). */
    write: {
      oneStatement?: boolean;
      keepsAccess?: boolean;
      alsoAudits?: AuditAction;
      prefetch?: (tx: Sql) => Promise<P>;
    } = {},
  ): Promise<T> {
    const auditCaseId = isGuid(caseId) ? caseId : null;
    const body = async (tx: Sql): Promise<T> => {
      if (auditCaseId === null) throw notFound();
      const checked = this.accessFor(tx, auditCaseId, lock);
      const prefetched = write.prefetch?.(tx);
      // Dropped unread when the check refuses; its failure is the statement's, seen by the transaction.
      prefetched?.catch(() => undefined);
      const access = await checked;
      if (access === null) throw notFound();
      const result = await fn(tx, access, (await prefetched) as P);
      await this.audit(tx, action, auditCaseId, 'success');
      if (write.alsoAudits) await this.audit(tx, write.alsoAudits, auditCaseId, 'success');
      return result;
    };
    try {
      // A locking call writes (maybe several statements): a savepoint in a unit of work.
      return await this.inTransaction(lock && write.oneStatement !== true, lock && write.keepsAccess !== true, body);
    } catch (err) {
      await this.auditFailure(action, auditCaseId, outcomeOf(err));
      throw err;
    }
  }

  /**
   * Whether the actor may still see the case, by the same rule as every other door. An open event
   * stream asks this on every event and periodically (an expiry is not an event); nothing of the
   * case is read, and only the refusal that ends the stream is audited.
   */
  async stillSees(caseId: string): Promise<boolean> {
    const access = await this.db.transaction((tx) => readAccess(tx, caseId, this.actor, this.now()));
    if (access === null) await this.auditFailure('case.watch', isGuid(caseId) ? caseId : null, 'denied');
    return access !== null;
  }

  /**
   * Runs `fn` for a person who reads the case's frozen anonymous phase (a consultee the consent does
   * not cover, domain/visibility.ts); anyone else gets NotFound, audited as denied.
   */
  async onFrozenConsultation<T>(caseId: string, action: AuditAction, fn: (tx: Sql) => Promise<T>): Promise<T> {
    const auditCaseId = isGuid(caseId) ? caseId : null;
    try {
      return await this.inTransaction(false, false, async (tx) => {
        if (auditCaseId === null || !(await readsFrozen(tx, auditCaseId, this.actor, this.now()))) throw notFound();
        const result = await fn(tx);
        await this.audit(tx, action, auditCaseId, 'success');
        return result;
      });
    } catch (err) {
      await this.auditFailure(action, auditCaseId, outcomeOf(err));
      throw err;
    }
  }

  /** Runs `fn` for an action that is not about one existing case (create, list). */
  async unscoped<T>(action: AuditAction, fn: (tx: Sql) => Promise<{ result: T; caseId: string | null }>): Promise<T> {
    try {
      return await this.inTransaction(true, true, async (tx) => {
        const { result, caseId } = await fn(tx);
        await this.audit(tx, action, caseId, 'success');
        return result;
      });
    } catch (err) {
      await this.auditFailure(action, null, outcomeOf(err));
      throw err;
    }
  }

  private unit(): UnitOfWork | null {
    return this.db instanceof UnitOfWork && this.db.active ? this.db : null;
  }

  /** Its own transaction, or a step of the unit of work (`writes`: what it read may have changed). */
  private async inTransaction<T>(savepoint: boolean, writes: boolean, body: (tx: Sql) => Promise<T>): Promise<T> {
    const unit = this.unit();
    if (unit === null) return this.db.transaction(body);
    if (writes) unit.forget();
    try {
      return await unit.step(savepoint, body);
    } finally {
      if (writes) unit.forget();
    }
  }

  /**
   * The access check, once per unit of work for reads. The lock is taken by a write, or already by
   * the first read in a unit that will save the case (`lockCaseReads`); a check made under the lock
   * serves the rest of the unit, writes included, until a write that may change it forgets it (or a
   * savepoint it was taken in is rolled back, releasing the lock). The unit keeps the check's promise,
   * so reads started together share one check; its statement is sent before this returns, so a
   * statement sent after it rides with it.
   */
  private accessFor(tx: Sql, caseId: string, lock: boolean): Promise<CaseAccess | null> {
    const unit = this.unit();
    const key = `access:${this.actor.tenantId}:${this.actor.objectId}:${caseId}`;
    if (unit !== null) {
      const locked = unit.memo<Promise<CaseAccess | null>>(`locked:${key}`);
      if (locked !== undefined) return locked;
      if (!lock) {
        const known = unit.memo<Promise<CaseAccess | null>>(key);
        if (known !== undefined) return known;
      }
    }
    const locking = lock || (unit?.locksCaseReads ?? false);
    const checked: Promise<CaseAccess | null> = readAccessAndCase(tx, caseId, this.actor, this.now(), locking).then(
      (read) => {
        // Kept only while the unit still holds this check (nothing has written since it was sent).
        if (unit !== null && read !== null && unit.memo(key) === checked) unit.remember(`caseRow:${caseId}`, read.row);
        return read?.access ?? null;
      },
    );
    if (unit !== null) {
      unit.remember(key, checked);
      if (locking) unit.remember(`locked:${key}`, checked);
    }
    return checked;
  }

  /**
   * The case row the unit of work's access check read with it, while nothing in the unit has written
   * since (a write forgets it): a read of the case in the same turn needs no statement of its own.
   */
  caseRowOfThisTurn(caseId: string): CaseRow | undefined {
    return this.unit()?.memo<CaseRow>(`caseRow:${caseId}`);
  }

  private async audit(tx: Sql, action: AuditAction, caseId: string | null, outcome: AuditOutcome): Promise<void> {
    const event = this.eventOf(action, caseId, outcome);
    const unit = this.unit();
    if (unit !== null) unit.deferAudit(this.actor.orgUnitId, event);
    else await appendAudit(tx, this.actor.orgUnitId, event);
  }

  /** A refused or failed attempt: in its own transaction (its call's was rolled back), or queued in the unit. */
  private async auditFailure(action: AuditAction, caseId: string | null, outcome: AuditOutcome): Promise<void> {
    const event = this.eventOf(action, caseId, outcome);
    const unit = this.unit();
    if (unit !== null) unit.deferAudit(this.actor.orgUnitId, event);
    else await this.db.transaction((tx) => appendAudit(tx, this.actor.orgUnitId, event));
  }

  private eventOf(action: AuditAction, caseId: string | null, outcome: AuditOutcome): AuditEvent {
    return {
      id: randomUUID(),
      at: this.now(),
      actorTenantId: this.actor.tenantId,
      actorObjectId: this.actor.objectId,
      action,
      caseId,
      outcome,
      requestId: this.requestId,
    };
  }
}

/** What the access predicate reads of a case for one person: the case, their roles and unit in it, its consents. */
interface Standing {
  /** The whole case row (read with the check, so a turn's own read of the case needs no statement). */
  readonly row: CaseRow & { kind: CaseKind; stage: CaseStage; wheel_id: string | null };
  readonly myRoles: PartyRole[];
  readonly party: { readonly orgUnitId: string; readonly roles: readonly PartyRole[] };
  readonly consents: ReturnType<typeof consentsFromJson>;
}

/** The case with the access predicate (an active party), in one statement; null when not a party. */
async function readStanding(
  tx: Sql,
  caseId: string,
  person: { readonly tenantId: string; readonly objectId: string; readonly orgUnitId?: string },
  lock: boolean,
): Promise<Standing | null> {
  if (!isGuid(caseId)) return null;
  const c = await tx.query<
    Standing['row'] & {
      roles: PartyRole[] | null;
      party_org_unit_id: string | null;
      wheel_id: string | null;
      consents: Parameters<typeof consentsFromJson>[0];
    }
  >(
    `SELECT ${caseColumns},
            (SELECT u.wheel_id FROM org_unit u WHERE u.id = c.org_unit_id) AS wheel_id,
            (SELECT array_agg(p.role ORDER BY p.role) FROM case_party p
              WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL) AS roles,
            (SELECT min(p.party_org_unit_id) FROM case_party p
              WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL) AS party_org_unit_id,
            ${consentsJsonColumn('c.id')} AS consents
       FROM child_case c
      WHERE c.id = $1
        AND EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND p.tenant_id = $2 AND p.object_id = $3 AND p.removed_at IS NULL)
      ${lock ? 'FOR UPDATE OF c' : ''}`,
    [caseId, person.tenantId, person.objectId],
  );
  const row = c.rows[0];
  if (row === undefined) return null;
  const myRoles = row.roles ?? [];
  return {
    row,
    myRoles,
    party: { orgUnitId: row.party_org_unit_id ?? person.orgUnitId ?? '', roles: myRoles },
    consents: consentsFromJson(row.consents),
  };
}

/**
 * A person's access to a case at `at`: the case with the access predicate (an active party), their
 * roles in it and the case's consents, in one statement, judged by the one visibility rule
 * (`viewFor`). Null when the case does not exist for them — not a party, or a party the rule lets
 * see nothing (e.g. of a unit whose consent was withdrawn or has expired). Jobs that reach a person
 * (reminders, offers) ask the same question through here.
 */
export async function readAccess(
  tx: Sql,
  caseId: string,
  person: { readonly tenantId: string; readonly objectId: string; readonly orgUnitId?: string },
  at: Date,
  lock = false,
): Promise<CaseAccess | null> {
  return (await readAccessAndCase(tx, caseId, person, at, lock))?.access ?? null;
}

/** The access, and the case row it was judged on (kept inside the access scope, never handed out as is). */
async function readAccessAndCase(
  tx: Sql,
  caseId: string,
  person: { readonly tenantId: string; readonly objectId: string; readonly orgUnitId?: string },
  at: Date,
  lock: boolean,
): Promise<{ access: CaseAccess; row: CaseRow } | null> {
  const standing = await readStanding(tx, caseId, person, lock);
  if (standing === null) return null;
  const { row, myRoles, consents } = standing;
  const view = viewFor({ kind: row.kind, orgUnitId: row.org_unit_id }, standing.party, consents, at);
  if (view === null) return null;
  const access: CaseAccess = {
    caseId: row.id,
    orgUnitId: row.org_unit_id,
    kind: row.kind,
    stage: row.stage,
    version: row.version,
    myRoles,
    consents,
    view,
    wheelId: row.wheel_id,
  };
  return { access, row };
}

/** Whether the person reads the case's frozen anonymous phase instead of the case (the same rule, visibility.ts). */
async function readsFrozen(
  tx: Sql,
  caseId: string,
  person: { readonly tenantId: string; readonly objectId: string; readonly orgUnitId?: string },
  at: Date,
): Promise<boolean> {
  const standing = await readStanding(tx, caseId, person, false);
  return (
    standing !== null &&
    seesFrozenConsultation(
      { kind: standing.row.kind, orgUnitId: standing.row.org_unit_id },
      standing.party,
      standing.consents,
      at,
    )
  );
}

export { isResponsible };
