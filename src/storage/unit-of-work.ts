/**
 * One transaction per turn (docs/decisions/0002, amended by the benchmark issue): while `run` is
 * active, every statement of the turn — the repositories' calls, their access checks and the
 * handler's own lookups — runs on one transaction, and the turn's audit events are inserted together
 * in one statement sent with the COMMIT (pipelined: no round trip of its own; if it fails, the commit
 * fails). Outside `run` it passes everything straight to the database, so code that talks to services
 * outside the database (Graph) simply does not open a unit.
 *
 * - A call that may write several statements runs under a savepoint (`step(…, true)`, sent with the
 *   call's first statement): when it fails, its own writes are undone and the rest of the turn goes
 *   on, as with a transaction per call.
 * - When the turn ends with a domain error (refusal, conflict, not found) what succeeded is kept and
 *   committed with every audit event, as before. When a statement failed in a way the transaction may
 *   not survive (or the commit fails), everything is rolled back and the audit events are written in a
 *   transaction of their own, the successes recorded as `error` since their effect was undone.
 * - Calls that write run one after another. Reads may be started together (Promise.all): they share
 *   the access check and are sent with it, in one round trip on PostgreSQL's pipelined connection.
 */
import { isReadAction, type AuditEvent, type AuditOutcome } from '../domain/audit';
import { isDomainError } from '../domain/errors';
import { appendAuditBatch, sendAuditBatch } from './audit-writer';
import type { Database, QueryResult, Tx } from './database';

interface OpenUnit {
  tx: Promise<Tx> | null;
  /** Resolves (commit) or rejects (roll back) the transaction's callback. */
  settle: ((commit: boolean) => void) | null;
  finished: Promise<unknown> | null;
  readonly audit: { orgUnitId: string; event: AuditEvent }[];
  /** A statement failed outside a savepoint: the transaction may be aborted. */
  broken: boolean;
  savepoints: number;
  /** Values worth keeping for the length of the transaction (the access checks' case rows). */
  readonly memo: Map<string, unknown>;
  /** The turn saves the case it reads: access checks take the case row's lock at the first read. */
  readonly lockCaseReads: boolean;
}

class RolledBack extends Error {}

export class UnitOfWork implements Database {
  private open: OpenUnit | null = null;

  constructor(private readonly base: Database) {}

  get kind(): Database['kind'] {
    return this.base.kind;
  }

  /** True while `run` is active: repository calls share its transaction. */
  get active(): boolean {
    return this.open !== null;
  }

  /**
   * Runs the turn's work in one transaction (opened at the first statement); nested calls join it.
   * `lockCaseReads`: the turn will save the case it reads, so its first access check locks the case
   * row (held to the commit) and the save reuses that check instead of reading it again with the lock.
   */
  async run<T>(fn: () => Promise<T>, options: { readonly lockCaseReads?: boolean } = {}): Promise<T> {
    if (this.open !== null) return fn();
    const unit: OpenUnit = {
      tx: null,
      settle: null,
      finished: null,
      audit: [],
      broken: false,
      savepoints: 0,
      memo: new Map(),
      lockCaseReads: options.lockCaseReads === true,
    };
    this.open = unit;
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.open = null;
    }
    const keep = !unit.broken && (outcome.ok || isDomainError(outcome.error) || unit.tx === null);
    if (keep) {
      try {
        await this.commit(unit);
      } catch (commitError) {
        await this.auditAfterRollback(unit);
        throw commitError;
      }
    } else {
      await this.rollback(unit);
      await this.auditAfterRollback(unit);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Runs one repository call on the unit's transaction; with `savepoint` its writes are undone when
   * it fails. Only while `active`.
   */
  async step<T>(savepoint: boolean, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const unit = this.current();
    const tx = await this.txOf(unit);
    if (!savepoint) {
      try {
        return await fn(tx);
      } catch (err) {
        if (!isDomainError(err)) unit.broken = true;
        throw err;
      }
    }
    const name = `unit_step_${++unit.savepoints}`;
    tx.send(`SAVEPOINT ${name}`);
    try {
      return await fn(tx);
    } catch (err) {
      await this.guarded(unit, () => tx.query(`ROLLBACK TO SAVEPOINT ${name}`));
      // Locks taken since the savepoint are released with it: what was read under them is not kept.
      unit.memo.clear();
      throw err;
    }
  }

  /**
   * A use case's writes as one: all of them or none. Inside an active unit it is a savepoint around
   * `fn` (a use case that fails at its last step leaves nothing of its earlier steps, even when the
   * caller catches the error and goes on); its attempts stay audited, the undone successes as
   * `error`. Outside a unit it opens one for `fn`.
   */
  async atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open === null) return this.run(() => this.atomically(fn));
    const unit = this.open;
    const tx = await this.txOf(unit);
    const name = `unit_case_${++unit.savepoints}`;
    const mark = unit.audit.length;
    tx.send(`SAVEPOINT ${name}`);
    try {
      return await fn();
    } catch (err) {
      if (!unit.broken) {
        await this.guarded(unit, () => tx.query(`ROLLBACK TO SAVEPOINT ${name}`));
        unit.memo.clear();
        for (let i = mark; i < unit.audit.length; i++) {
          const entry = unit.audit[i];
          if (entry && entry.event.outcome === 'success' && !isReadAction(entry.event.action))
            unit.audit[i] = { ...entry, event: { ...entry.event, outcome: 'error' } };
        }
      }
      throw err;
    }
  }

  /** Queues an audit event; it is appended to the chain with the others at the commit. */
  deferAudit(orgUnitId: string, event: AuditEvent): void {
    this.current().audit.push({ orgUnitId, event });
  }

  /** True while a unit is active whose access checks lock the case row at the first read. */
  get locksCaseReads(): boolean {
    return this.open?.lockCaseReads === true;
  }

  /** A value kept for the rest of the unit's transaction (undefined outside a unit). */
  memo<V>(key: string): V | undefined {
    return this.open?.memo.get(key) as V | undefined;
  }

  remember(key: string, value: unknown): void {
    this.open?.memo.set(key, value);
  }

  forget(): void {
    this.open?.memo.clear();
  }

  async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    if (this.open === null) return this.base.query<T>(text, params);
    const unit = this.open;
    const tx = await this.txOf(unit);
    return this.guarded(unit, () => tx.query<T>(text, params));
  }

  /** Inside a unit a nested transaction is a savepoint of the unit's. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.open === null) return this.base.transaction(fn);
    return this.step(true, fn);
  }

  /** The unit does not own the database; closing it is the caller's business. */
  async close(): Promise<void> {}

  private current(): OpenUnit {
    if (this.open === null) throw new Error('no unit of work is active');
    return this.open;
  }

  private async guarded<R>(unit: OpenUnit, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      unit.broken = true;
      throw err;
    }
  }

  private txOf(unit: OpenUnit): Promise<Tx> {
    if (unit.tx === null) {
      unit.tx = new Promise<Tx>((resolveTx, rejectTx) => {
        const done = new Promise<void>((resolve, reject) => {
          unit.settle = (commit) => (commit ? resolve() : reject(new RolledBack('unit of work rolled back')));
        });
        // When the transaction could not begin nobody waits for `done`; its rejection is expected.
        done.catch(() => undefined);
        unit.finished = this.base.transaction(async (tx) => {
          resolveTx(tx);
          await done;
        });
        // The transaction could not even begin (database unreachable).
        unit.finished.catch((err: unknown) => rejectTx(err));
      });
    }
    return unit.tx;
  }

  private async commit(unit: OpenUnit): Promise<void> {
    if (unit.tx === null && unit.audit.length === 0) return;
    const tx = await this.txOf(unit);
    // The audit rows go out with the COMMIT; if they fail, the commit fails and the turn is rolled back.
    sendAuditBatch(tx, unit.audit);
    unit.settle?.(true);
    await unit.finished;
  }

  private async rollback(unit: OpenUnit): Promise<void> {
    if (unit.tx === null) return;
    await unit.tx.catch(() => undefined);
    unit.settle?.(false);
    await unit.finished?.catch(() => undefined);
  }

  /** After a rollback the turn's attempts are still recorded; what had succeeded was undone. */
  private async auditAfterRollback(unit: OpenUnit): Promise<void> {
    if (unit.audit.length === 0) return;
    // A write that succeeded was undone; a read that succeeded still happened.
    const undone = (e: AuditEvent): AuditOutcome =>
      e.outcome === 'success' && !isReadAction(e.action) ? 'error' : e.outcome;
    const events = unit.audit.map(({ orgUnitId, event }) => ({
      orgUnitId,
      event: { ...event, outcome: undone(event) },
    }));
    await this.base.transaction((tx) => appendAuditBatch(tx, events));
  }
}
